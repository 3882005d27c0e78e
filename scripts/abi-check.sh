#!/usr/bin/env bash
# Compares the ABI of a built libtrainjob_c with the committed baseline abi/libtrainjob_c.abi
# (libabigail's abidw and abidiff, Debian's abigail-tools: scripts/install-deps.sh --packaging).
#
#   bash scripts/abi-check.sh LIB [DEBUG_DIR]            # check
#   bash scripts/abi-check.sh --update LIB [DEBUG_DIR]   # rewrite the baseline
#
# LIB needs full debug information (types, not only the line tables of the CI presets' -g1),
# in itself or, stripped, under DEBUG_DIR (the dbgsym package's usr/lib/debug): scripts/package.sh
# passes its Release package build's. Only the interface of include/trainjob/trainjob_c.h is
# described (the library's C++ internals are not its ABI) and no path of the build machine, so
# any checkout and any optimisation level of the same compiler gives the same description.
#
# Exit status: 0 when unchanged or only added to (how to record an addition is printed), 1 on
# any other change (a removal, a changed signature or type) while the SONAME stayed, 2 on usage
# or tool errors.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
baseline="$repo/abi/libtrainjob_c.abi"

update=0
if [[ "${1:-}" == "--update" ]]; then
  update=1
  shift
fi
if [[ $# -lt 1 || $# -gt 2 ]]; then
  echo "usage: $0 [--update] LIB [DEBUG_DIR]" >&2
  exit 2
fi
lib="$1"
debug_dir="${2:-}"
for tool in abidw abidiff; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "abi-check: $tool not found (bash scripts/install-deps.sh --packaging)" >&2
    exit 2
  fi
done

dump() {
  local args=(--no-corpus-path --no-comp-dir-path --no-show-locs --no-elf-needed --drop-undefined-syms
    --exported-interfaces-only --type-id-style hash --header-file "$repo/include/trainjob/trainjob_c.h"
    --drop-private-types)
  if [[ -n "$debug_dir" ]]; then
    args+=(--debug-info-dir "$debug_dir")
  fi
  # The translation unit's name is the only path left: keep it relative to the repository.
  abidw "${args[@]}" "$lib" | sed -E "s#(<abi-instr [^>]*path=')[^']*/(src/[^']*)'#\\1\\2'#"
}

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
dump >"$work/current.abi"
if ! grep -q "<elf-symbol name='trainjob_" "$work/current.abi" || ! grep -q "<function-decl name='trainjob_" "$work/current.abi"; then
  echo "abi-check: no trainjob_ functions described in $lib: no debug information? (it needs -g)" >&2
  exit 2
fi

if [[ $update -eq 1 ]]; then
  mkdir -p "$(dirname "$baseline")"
  cp "$work/current.abi" "$baseline"
  echo "abi-check: wrote $baseline"
  exit 0
fi
if [[ ! -f "$baseline" ]]; then
  echo "abi-check: no baseline $baseline (bash scripts/abi-check.sh --update LIB)" >&2
  exit 2
fi

soname_of() { sed -n -E "1s/.* soname='([^']*)'.*/\\1/p" "$1"; }
old_soname="$(soname_of "$baseline")"
new_soname="$(soname_of "$work/current.abi")"

rc=0
abidiff --no-show-locs "$baseline" "$work/current.abi" >"$work/diff.txt" 2>&1 || rc=$?
# abidiff's status is a bit mask: 1 error, 2 usage, 4 ABI change, 8 incompatible change.
if ((rc & 3)); then
  cat "$work/diff.txt" >&2
  echo "abi-check: abidiff failed ($rc)" >&2
  exit 2
fi
if ((rc == 0)); then
  echo "abi-check: $new_soname: the ABI of abi/libtrainjob_c.abi, unchanged"
  exit 0
fi
cat "$work/diff.txt"
update_hint="record it: bash scripts/abi-check.sh --update $lib${debug_dir:+ $debug_dir} and commit abi/libtrainjob_c.abi"
# abidiff sets bit 8 only for removals; a changed parameter or type is bit 4 alone. So only a
# change that removes and changes nothing (additions) counts as compatible.
if ((rc & 8)) || grep -qE '(^|[^0-9])[1-9][0-9]* (Removed|Changed)' "$work/diff.txt"; then
  if [[ "$new_soname" != "$old_soname" ]]; then
    echo "abi-check: incompatible change with a new SONAME ($old_soname -> $new_soname): allowed; $update_hint"
    exit 0
  fi
  echo "abi-check: a change to $new_soname that is not an addition: keep the ABI, or raise TRAINJOB_C_ABI_VERSION" >&2
  echo "abi-check: in include/trainjob/trainjob_c.h (a new SONAME, a new Debian package name) and then $update_hint" >&2
  exit 1
fi
echo "abi-check: compatible change (an addition) to $new_soname; $update_hint"
