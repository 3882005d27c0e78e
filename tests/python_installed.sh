#!/usr/bin/env bash
# ctest python_installed: python/test_trainjob.py against the installed Python package, not the
# source tree's: `cmake --install` of this build into a fresh prefix, which is then moved (the
# package must find libtrainjob_c relative to itself, through the _paths.py the install wrote),
# PYTHONPATH its dist-packages, and no TRAINJOB_C_LIBRARY or LD_LIBRARY_PATH.
#   python_installed.sh CMAKE BUILD_DIR WORK_DIR PYTHON
set -euo pipefail
if [[ $# -ne 4 ]]; then
  echo "usage: $0 CMAKE BUILD_DIR WORK_DIR PYTHON" >&2
  exit 2
fi
cmake=$1 build=$2 work=$3 python=$4
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

rm -rf "$work"
mkdir -p "$work/tests"
"$cmake" --install "$build" --prefix "$work/installed" >"$work/install.log"
mv "$work/installed" "$work/moved"
shopt -s nullglob
init=("$work"/moved/lib/python3*/*-packages/trainjob/__init__.py)
if [[ ${#init[@]} -ne 1 ]]; then
  echo "python_installed: no trainjob package installed under $work/moved/lib/python3*/" >&2
  exit 1
fi
site="$(dirname "$(dirname "${init[0]}")")"
cp "$repo/python/test_trainjob.py" "$work/tests/"
cd "$work/tests"
exec env -u TRAINJOB_C_LIBRARY -u LD_LIBRARY_PATH PYTHONPATH="$site" TRAINJOB_REPO="$repo" \
  TRAINJOB_INSTALLED_PREFIX="$work/moved" "$python" -m unittest -v test_trainjob
