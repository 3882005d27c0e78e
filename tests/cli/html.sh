#!/usr/bin/env bash
# CLI tests of `-o html` (compare, audit) in a browser: headless Chromium (Debian's `chromium`)
# loads each page of the README's worked examples, and a page built from hostile names, and
# must exit 0, log no console message (the pages carry no script; a Content-Security-Policy
# violation or a parse error would be logged), and build the DOM the page describes; a
# screenshot must come out. Chromium must be on PATH: without it every test fails, unless
# TRAINJOB_TEST_NO_CHROMIUM=1 outside CI (CI=true), where they are skipped.
#
#   bash tests/cli/html.sh <path to trainjob-conditions> <repository root>
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
need_chromium() {
  [[ -n "$CHROMIUM" ]] && return 0
  if [[ "${TRAINJOB_TEST_NO_CHROMIUM:-0}" == 1 && "${CI:-}" != true ]]; then
    T_SKIP="chromium not found (TRAINJOB_TEST_NO_CHROMIUM=1)"
  else
    T_ERRS+=("chromium on PATH (scripts/install-deps.sh; TRAINJOB_TEST_NO_CHROMIUM=1 skips outside CI)")
  fi
  return 1
}
# browse PAGE ARGS...: Chromium on file://PAGE with ARGS (--dump-dom, --screenshot=...); its
# stdout in $WORK/dom, its log in $WORK/log; fails when it did. Root needs --no-sandbox.
browse() {
  local page=$1
  shift
  timeout 120 "$CHROMIUM" --headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage \
    --no-first-run --disable-extensions --user-data-dir="$WORK/profile" --enable-logging=stderr --v=0 \
    "$@" "file://$page" >"$WORK/dom" 2>"$WORK/log"
}
# The page's console said nothing: Chromium logs console messages (and CSP refusals) as CONSOLE lines.
no_console_message() { ! grep -qE 'CONSOLE|Uncaught|Refused to' "$WORK/log"; }
dom_has() { grep -qF -- "$1" "$WORK/dom"; }
dom_lacks() { ! grep -qF -- "$1" "$WORK/dom"; }
html_ok() { python3 "$ROOT/tests/cli/html_check.py" "$@" >"$WORK/check" 2>&1; }

SCENARIO="$EXAMPLES/scenarios/05-jobset-ttl-after-failed-v2.2.json"

begin "compare -o html of the README's upgrade in Chromium: loads clean, A above B, step 3 marked"
run compare --from v2.1 --to latest -o html "$SCENARIO"
need "exit code 1, as the table" rc_is 1
cp "$OUT" "$WORK/compare.html"
need "a well-formed page with the mark" html_ok "$WORK/compare.html" --class first-difference --count mark=1
if need_chromium; then
  need "chromium --dump-dom exits 0" browse "$WORK/compare.html" --dump-dom
  need "no console message" no_console_message
  need "the mark on step 3" dom_has 'id="mark-3"'
  need "both sides' labels, v2.1 first" python3 -c '
import sys; d = open(sys.argv[1]).read(); a = d.find(">v2.1</text>"); b = d.find(">latest</text>")
sys.exit(0 if 0 <= a < b else 1)' "$WORK/dom"
  need "a Failed band" dom_has 'class="s-True"'
  need "the scenario named" dom_has "05-jobset-ttl-after-failed-v2.2.json"
  need "a screenshot" browse "$WORK/compare.html" --screenshot="$WORK/shot.png" --window-size=1200,900
  need "a PNG" test "$(head -c 8 "$WORK/shot.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a
fi
end

begin "compare --explore 1 -o html (v1.9 to v2.0) in Chromium: the difference at step 0"
run compare --from v1.9 --to v2.0 --explore 1 -o html
need "exit code 1" rc_is 1
cp "$OUT" "$WORK/explore.html"
need "well-formed" html_ok "$WORK/explore.html" --class first-difference --text "Created"
if need_chromium; then
  need "loads" browse "$WORK/explore.html" --dump-dom
  need "no console message" no_console_message
  need "the mark on step 0" dom_has 'id="mark-0"'
  need "1 difference, 0 violations" dom_has "1 difference, 0 violations"
fi
end

begin "audit -o html of the README's cluster in Chromium: findings per namespace, conditions as bands"
run audit --profile v2.1 --now 2025-06-12T10:00:00Z -f "$EXAMPLES/audit.yaml" -o html
need "exit code 1, as the table" rc_is 1
cp "$OUT" "$WORK/audit.html"
need "well-formed, 2 namespaces, bands for the 2 jobs with findings, the clean one folded" html_ok \
  "$WORK/audit.html" --count namespace=2 --count trainjob=2 --count clean=1 --text "1 without findings"
if need_chromium; then
  need "loads" browse "$WORK/audit.html" --dump-dom
  need "no console message" no_console_message
  need "the failed job's error" dom_has '<span class="sev sev-error">error</span>'
  need "the namespaces" dom_has "namespace research"
  need "a band per condition" dom_has "Failed=True(FailedJobs) since 2025-06-11T10:07:11Z"
  need "the clean job by name, no band" dom_has "bert-pretrain <span class=\"none\">(Complete)</span>"
  need "no band for the clean job" dom_lacks "conditions of bert-pretrain"
fi
end

begin "a page of hostile names in Chromium: text, never markup"
mkdir -p "$WORK/evil"
EVIL="$WORK/evil/<b>&\"x'.json"
python3 - "$SCENARIO" "$EVIL" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s["name"] = "</h2><script>alert(1)</script><img src=x onerror=alert(2)> & \"'"
json.dump(s, open(sys.argv[2], "w"))
PY
run compare --from v2.1 --to latest -o html "$EVIL"
need "exit code 1" rc_is 1
cp "$OUT" "$WORK/evil.html"
need "well-formed, the names as text" html_ok "$WORK/evil.html" --text "<b>&\"x'.json" \
  --text "</h2><script>alert(1)</script><img src=x onerror=alert(2)> & \"'"
if need_chromium; then
  need "loads" browse "$WORK/evil.html" --dump-dom
  need "no console message" no_console_message
  need "no script element" dom_lacks "<script"
  need "no img element" dom_lacks "<img"
  need "no b element" dom_lacks "<b>"
  need "the name escaped" dom_has "&lt;/h2&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
fi
end

finish
