#!/usr/bin/env bash
# Refreshes docs/compare-html.png, the README's picture of `compare -o html`: the README's
# upgrade example (v2.1 to latest on examples/scenarios/05-jobset-ttl-after-failed-v2.2.json)
# rendered by headless Chromium (Debian's `chromium`, scripts/install-deps.sh).
#
#   bash scripts/screenshot.sh [path to trainjob-conditions]   (default: build/dev/trainjob-conditions)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tool=${1:-$root/build/dev/trainjob-conditions}
chromium=$(command -v chromium || command -v chromium-browser || true)
if [[ -z "$chromium" ]]; then
  echo "screenshot: chromium not found (scripts/install-deps.sh installs it)" >&2
  exit 1
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/trainjob-shot.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$root"
# Exit 1: the example has a difference.
"$tool" compare --from v2.1 --to latest -o html examples/scenarios/05-jobset-ttl-after-failed-v2.2.json \
  >"$work/compare.html" || [[ $? -eq 1 ]]
# --no-sandbox: Chromium refuses to run as root without it (containers, CI).
timeout 120 "$chromium" --headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run \
  --hide-scrollbars --user-data-dir="$work/profile" --window-size=1200,860 \
  --screenshot="$work/shot.png" "file://$work/compare.html" 2>/dev/null
cp "$work/shot.png" docs/compare-html.png
echo "screenshot: docs/compare-html.png ($(wc -c <docs/compare-html.png) bytes)"
