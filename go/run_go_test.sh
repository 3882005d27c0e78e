#!/usr/bin/env bash
# Runs `go vet` and `go test` on the Go binding (this directory) against a built libtrainjob_c.
#   run_go_test.sh <path of libtrainjob_c.so> <repository root> <work dir for the Go caches>
# Offline: no module proxy, no network (the module has no dependencies).
set -euo pipefail

if [[ $# -ne 3 ]]; then
  echo "usage: $0 LIBTRAINJOB_C REPO WORK_DIR" >&2
  exit 2
fi
lib=$1
repo=$(cd "$2" && pwd)
work=$3

GO=${GO:-go}
if ! command -v "$GO" >/dev/null 2>&1; then
  echo "run_go_test: $GO not found (install golang-go: scripts/install-deps.sh)" >&2
  exit 1
fi
if [[ ! -f "$lib" ]]; then
  echo "run_go_test: $lib: no such library" >&2
  exit 1
fi
libdir=$(cd "$(dirname "$lib")" && pwd)
mkdir -p "$work"
work=$(cd "$work" && pwd)

# shellcheck source=scripts/go_offline_env.sh
source "$repo/scripts/go_offline_env.sh"
go_offline_env "$work"
export CGO_ENABLED=1
export CGO_CFLAGS="-I$repo/include"
export CGO_LDFLAGS="-L$libdir -Wl,-rpath,$libdir"
export TRAINJOB_REPO="$repo"
# The Go toolchain's own C compiler choice; ctest may run with CC unset.
export CC="${CC:-cc}"

# A sanitized library (TRAINJOB_SANITIZE) needs the sanitizer runtime: linked into the test
# binary and preloaded when it runs (never into the go tool itself).
exec_flags=()
if [[ -n "${TRAINJOB_SANITIZER_RUNTIME:-}" ]]; then
  CGO_LDFLAGS="$CGO_LDFLAGS $TRAINJOB_SANITIZER_RUNTIME"
  exec_flags=(-exec "env LD_PRELOAD=$TRAINJOB_SANITIZER_RUNTIME ASAN_OPTIONS=detect_leaks=0")
fi

cd "$repo/go"
"$GO" version
"$GO" vet ./...
"$GO" test -count=1 "${exec_flags[@]}" ./...
