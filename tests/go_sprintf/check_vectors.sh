#!/usr/bin/env bash
# Regenerates the Go fmt.Sprintf vectors with the installed Go and compares them byte for byte
# with the committed table (ctest: go_sprintf_vectors_current).
#   check_vectors.sh <committed .jsonl> <work dir for the output and the Go caches>
# Offline: no module proxy, no network (the program uses the standard library only).
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 COMMITTED_JSONL WORK_DIR" >&2
  exit 2
fi
committed=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)
repo_root=$(cd "$here/../.." && pwd)

GO=${GO:-go}
if ! command -v "$GO" >/dev/null 2>&1; then
  echo "go_sprintf: $GO not found (install golang-go: scripts/install-deps.sh)" >&2
  exit 1
fi
mkdir -p "$work"
work=$(cd "$work" && pwd)

# shellcheck source=scripts/go_offline_env.sh
source "$repo_root/scripts/go_offline_env.sh"
go_offline_env "$work"

"$GO" version
out="$work/go_sprintf_vectors.jsonl"
(cd "$here" && "$GO" run . >"$out")
if ! cmp "$committed" "$out"; then
  echo "go_sprintf: $committed is not what $here/main.go prints with this Go ($out);" >&2
  echo "  regenerate: cd tests/go_sprintf && go run . > ../data/go_sprintf_vectors.jsonl" >&2
  diff <(head -c 100000 "$committed") <(head -c 100000 "$out") | head -20 >&2 || true
  exit 1
fi
echo "go_sprintf: $(wc -l <"$out") vectors match $committed"
