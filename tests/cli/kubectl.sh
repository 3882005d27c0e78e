#!/usr/bin/env bash
# CLI tests against kubectl itself (no cluster needed): the v1 List and one object as
# `kubectl get/label -o json` print them, `-o name`, and the tool as the kubectl plugin
# `kubectl trainjob` (installed with cmake --install when TRAINJOB_BUILD_DIR is given).
# kubectl must be on PATH: without it every test fails, unless TRAINJOB_TEST_NO_KUBECTL=1
# makes them reported skips.
#
#   bash tests/cli/kubectl.sh <path to trainjob-conditions> <repository root>
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"

KUBECTL=$(command -v kubectl || true)
# need_kubectl: true when kubectl can be used; else the test fails (or skips, if allowed).
need_kubectl() {
  [[ -n "$KUBECTL" ]] && return 0
  if [[ "${TRAINJOB_TEST_NO_KUBECTL:-0}" == 1 ]]; then
    T_SKIP="kubectl not found (TRAINJOB_TEST_NO_KUBECTL=1)"
  else
    T_ERRS+=("kubectl on PATH (set TRAINJOB_TEST_NO_KUBECTL=1 to skip)")
  fi
  return 1
}
# kc ARGS...: kubectl with no cluster configured; its stdout in $WORK/kubectl.out; fails when it did.
kc() { KUBECONFIG=/dev/null timeout 120 "$KUBECTL" "$@" >"$WORK/kubectl.out" 2>"$WORK/kubectl.err"; }

mkdir -p "$WORK/two"
cp "$STATE/complete.json" "$STATE/failed.json" "$WORK/two/"
echo '{"apiVersion": "v1", "kind": "List", "items": []}' >"$WORK/empty-list.json"

begin "an empty List: the bytes kubectl get -o json prints"
if need_kubectl; then
  # No server: kubectl get lists nothing (its errors on stderr) and prints the empty List.
  KUBECONFIG=/dev/null timeout 120 "$KUBECTL" get -f "$WORK/two" -o json >"$WORK/kubectl.out" 2>/dev/null
  need "kubectl printed a List" grep -q '"kind": "List"' "$WORK/kubectl.out"
  run validate -o json "$WORK/empty-list.json"
  need "exit code 0" rc_is 0
  need "the same bytes as kubectl" same_as "$WORK/kubectl.out"
fi
end

begin "one object: the bytes kubectl label --local -o json prints (4 spaces, keys sorted)"
if need_kubectl; then
  need "kubectl label ran" kc label --local -f "$STATE/complete.json" -o json checked=yes
  cp "$WORK/kubectl.out" "$WORK/labelled.json"
  run validate -o json "$WORK/labelled.json"
  need "exit code 0" rc_is 0
  need "the same bytes as kubectl" same_as "$WORK/labelled.json"
fi
end

begin "several objects: a List of the objects, each laid out as kubectl lays it out"
if need_kubectl; then
  skip_without_py
  need "kubectl label ran" kc label --local -f "$WORK/two" -o json checked=yes
  # kubectl label prints the objects one after another; read them, run ours on the same.
  python3 - "$WORK/kubectl.out" "$WORK/labelled-list.json" <<'PY'
import json, sys
t, dec, i, objs = open(sys.argv[1]).read(), json.JSONDecoder(), 0, []
while i < len(t.rstrip()):
    v, i = dec.raw_decode(t, i)
    objs.append(v)
    while i < len(t) and t[i].isspace():
        i += 1
json.dump({"apiVersion": "v1", "kind": "List", "items": objs}, open(sys.argv[2], "w"))
PY
  cp "$WORK/kubectl.out" "$WORK/kubectl-objects"
  run validate -o json "$WORK/labelled-list.json"
  need "exit code 0" rc_is 0
  need "a List: apiVersion v1, items, kind List, metadata.resourceVersion \"\"" \
    py "list(d) == ['apiVersion', 'items', 'kind', 'metadata'] and d['metadata'] == {'resourceVersion': ''} and len(d['items']) == 2"
  need "each item as kubectl printed it, 8 spaces in" python3 - "$OUT" "$WORK/kubectl-objects" <<'PY'
import sys
ours, theirs = open(sys.argv[1]).read(), open(sys.argv[2]).read()
items = theirs.replace("}\n{", "}\x00{").rstrip("\n").split("\x00")
inner = ",\n".join("\n".join("        " + l for l in it.splitlines()) for it in items)
sys.exit(0 if inner.strip() in ours and ours.startswith('{\n    "apiVersion": "v1",\n    "items": [\n') else 1)
PY
fi
end

begin "-o name: the names kubectl label --local -o name prints, every kind"
if need_kubectl; then
  need "kubectl label ran" kc label --local -f "$UPSTREAM" -o name checked=yes
  run validate -o name -f "$UPSTREAM"
  need "exit code 0" rc_is 0
  need "the same names" test "$(sort "$OUT")" = "$(sort "$WORK/kubectl.out")"
  need "four kinds" test "$(cut -d/ -f1 "$OUT" | sort -u | wc -l)" -eq 4
fi
end

finish
