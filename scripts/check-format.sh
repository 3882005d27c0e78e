#!/usr/bin/env bash
# Checks that every C and C++ source git tracks is formatted as .clang-format says
# (clang-format from Debian; tests/catch.hpp, a shim of Catch2's, is left as it is).
# Prints the files that differ and exits 1; `--fix` formats them in place instead.
#
#   bash scripts/check-format.sh          # check (CI)
#   bash scripts/check-format.sh --fix    # format the tree
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

clang_format="${CLANG_FORMAT:-clang-format}"
mapfile -t files < <(git ls-files '*.hpp' '*.cpp' '*.h' '*.c' | grep -v '^tests/catch\.hpp$')

if [[ "${1:-}" == "--fix" ]]; then
  "$clang_format" -i --style=file "${files[@]}"
  exit 0
fi

bad=()
for f in "${files[@]}"; do
  if ! "$clang_format" --style=file --dry-run -Werror "$f" >/dev/null 2>&1; then bad+=("$f"); fi
done
if [[ ${#bad[@]} -ne 0 ]]; then
  echo "check-format: ${#bad[@]} of ${#files[@]} files differ from .clang-format ($("$clang_format" --version)):" >&2
  printf '  %s\n' "${bad[@]}" >&2
  echo "check-format: run 'bash scripts/check-format.sh --fix'" >&2
  exit 1
fi
echo "check-format: ${#files[@]} files formatted as .clang-format says"
