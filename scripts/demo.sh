#!/usr/bin/env bash
# Builds the trainjob-conditions tool (preset `demo`: Release, tool only) and runs the demo.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/install-deps.sh
cmake --preset demo
cmake --build --preset demo -j "${JOBS:-2}"

echo "=== demo ==="
# ---- the demo command (one line; change it here) ----
build/demo/trainjob-conditions demo
