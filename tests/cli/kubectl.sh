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

# ---------------------------------------------------------------------------------------------
# The plugin: cmake --install into a temporary prefix, its bin on PATH, kubectl runs it.

BUILD=${TRAINJOB_BUILD_DIR:-$(dirname "$TOOL")}
PREFIX="$WORK/prefix"
begin "cmake --install: kubectl-trainjob beside the tool, bash and zsh completion"
if [[ -f "$BUILD/CMakeCache.txt" ]]; then
  need "cmake --install ran" cmake --install "$BUILD" --prefix "$PREFIX" >"$WORK/install.log" 2>&1
  need "bin/kubectl-trainjob runs" test -x "$PREFIX/bin/kubectl-trainjob"
  need "bash completion" test -s "$PREFIX/share/bash-completion/completions/trainjob-conditions"
  need "zsh completion" test -s "$PREFIX/share/zsh/vendor-completions/_trainjob-conditions"
  "$TOOL" completion bash >"$WORK/completion.bash"
  need "the bash completion is the tool's" cmp -s "$WORK/completion.bash" "$PREFIX/share/bash-completion/completions/trainjob-conditions"
else
  T_ERRS+=("a build directory with CMakeCache.txt (TRAINJOB_BUILD_DIR, or the tool's directory): $BUILD")
fi
end

# kt ARGS...: kubectl with the installed prefix first on PATH (its output as run's).
kt() {
  PATH="$PREFIX/bin:$PATH" KUBECONFIG=/dev/null timeout 120 "$KUBECTL" "$@" </dev/null >"$OUT" 2>"$ERR"
  RC=$?
}

begin "kubectl trainjob state -f FILE: the tool's output"
if need_kubectl; then
  run state -f "$STATE/complete.json"
  cp "$OUT" "$WORK/direct"
  kt trainjob state -f "$STATE/complete.json"
  need "exit code 0" rc_is 0
  need "the same table as the tool prints" same_as "$WORK/direct"
  need "a State of Complete" out_has "Complete"
fi
end

begin "kubectl trainjob: its usage and its messages say 'kubectl trainjob'"
if need_kubectl; then
  kt trainjob --help
  need "--help: exit code 0" rc_is 0
  need "usage: kubectl trainjob" out_line_starts 1 "usage: kubectl trainjob <command>"
  kt trainjob state --help
  need "state --help: usage: kubectl trainjob state" out_line_starts 1 "usage: kubectl trainjob state [flags]"
  kt trainjob stat
  need "a misspelt verb: exit 2" rc_is 2
  need "See 'kubectl trainjob --help'." err_has "See 'kubectl trainjob --help'."
fi
end

begin "kubectl plugin list: finds kubectl-trainjob"
if need_kubectl; then
  kt plugin list
  need "lists the installed plugin" grep -qF "$PREFIX/bin/kubectl-trainjob" "$OUT" "$ERR"
fi
end

begin "YAML manifests: read as kubectl reads them, -o yaml printed as kubectl prints it (bytes)"
if need_kubectl; then
  # Every fixture as YAML (tests/yaml/corpus/fixture-*); those kubectl turns into something
  # that is not one of our objects (a CRD; `- y` in a command, a boolean for kubectl) are
  # refused by us with exit 2 and not compared.
  compared=0
  for f in "$ROOT"/tests/yaml/corpus/fixture-*.yaml; do
    kc label --local -f "$f" -o json trainjob-test=x || continue
    cp "$WORK/kubectl.out" "$WORK/k.json"
    kc label --local -f "$f" -o yaml trainjob-test=x
    cp "$WORK/kubectl.out" "$WORK/k.yaml"
    run validate -o yaml "$WORK/k.json"
    [[ $RC -eq 2 ]] && continue
    need "$(basename "$f"): -o yaml, the bytes of kubectl -o yaml" same_as "$WORK/k.yaml"
    run validate -o json "$WORK/k.yaml"
    need "$(basename "$f"): kubectl's YAML read back, the bytes of kubectl -o json" same_as "$WORK/k.json"
    compared=$((compared + 1))
  done
  echo "    compared $compared YAML fixtures with kubectl"
  need "at least 30 fixtures compared" test "$compared" -ge 30
fi
end

begin "state reads what kubectl get trainjobs,jobsets -A -o yaml prints: a YAML List, JobSets skipped"
cat >"$WORK/cluster.yaml" <<'YAML'
apiVersion: v1
items:
- apiVersion: trainer.kubeflow.org/v1alpha1
  kind: TrainJob
  metadata:
    name: llm
    namespace: team-a
  spec:
    runtimeRef:
      name: torch-distributed
  status:
    conditions:
    - lastTransitionTime: "2025-01-01T01:00:00Z"
      message: TrainJob is completed
      reason: JobSetCompleted
      status: "True"
      type: Complete
- apiVersion: jobset.x-k8s.io/v1alpha2
  kind: JobSet
  metadata:
    name: llm
    namespace: team-a
  spec: {}
kind: List
metadata:
  resourceVersion: ""
YAML
run_in "$WORK/cluster.yaml" state -f -
need "exit code 0" rc_is 0
need "the header" out_line_starts 1 "NAMESPACE"
need "the TrainJob" out_line_starts 2 "team-a"
need "one item skipped, said on stderr" err_has "skipped 1 object that is not a TrainJob"
end

finish
