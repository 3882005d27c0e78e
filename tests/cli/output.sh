#!/usr/bin/env bash
# CLI tests of -o/--output, whatever the verb: tables (kubectl's layout), wide, name, json and
# yaml, beside the older --format; round trips of validate's output. kubectl.sh compares the
# shapes with kubectl's own output.
#
#   bash tests/cli/output.sh <path to trainjob-conditions> <repository root>
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"

# columns_at_3: every row's cells start where the header's do; cells are 3 spaces apart.
columns_at_3() {
  python3 - "$OUT" <<'PY'
import re, sys
lines = open(sys.argv[1]).read().splitlines()
starts = [m.start() for m in re.finditer(r"(?:(?<=   )|^)\S", lines[0])]
ok = lines[0] == lines[0].upper()
for l in lines[1:]:
    ok = ok and all(s == 0 or (l[s - 3:s] == "   " and l[s] != " ") for s in starts)
sys.exit(0 if ok and len(starts) >= 2 else 1)
PY
}

begin "state (default -o table): NAMESPACE NAME STATE KSTATUS, aligned 3 spaces apart"
skip_without_py
run state "$STATE/complete.json" "$STATE/deleted.json" "$STATE/resumed-running.json"
need "exit code 0" rc_is 0
need "the header" test "$(head -n 1 "$OUT")" = "NAMESPACE   NAME                 STATE      KSTATUS"
need "a row per TrainJob" test "$(wc -l <"$OUT")" -eq 4
need "the columns aligned" columns_at_3
need "the values" test "$(sed -n 2p "$OUT")" = "default     multi-node-example   Complete   Current"
end

begin "state -o wide: also health, the SDK's status, the State column (<none> when empty), the messages"
skip_without_py
run state -o wide "$STATE/complete.json" "$STATE/deleted.json"
need "exit code 0" rc_is 0
need "the header" out_line_starts 1 "NAMESPACE   NAME                 STATE      KSTATUS       HEALTH        SDK STATUS   STATE COLUMN   KSTATUS MESSAGE                   HEALTH MESSAGE"
need "the deleted job's empty column" out_has "Terminating   Created      <none>         Resource scheduled for deletion   TrainJob scheduled for deletion"
need "aligned" columns_at_3
end

begin "state -o name: trainjob.trainer.kubeflow.org/NAME per TrainJob"
run state -o name "$STATE/complete.json" "$STATE/failed.json"
need "exit code 0" rc_is 0
need "two names" test "$(cat "$OUT")" = $'trainjob.trainer.kubeflow.org/multi-node-example\ntrainjob.trainer.kubeflow.org/multi-step-example'
end

begin "state -o json: the summaries, indented (--format json: compact, as before)"
run state -o json "$STATE/complete.json"
need "exit code 0" rc_is 0
need "indented by 4" out_line_starts 2 '    "health": {'
cp "$OUT" "$WORK/o-json"
run state --format json "$STATE/complete.json"
need "--format json: one line" test "$(wc -l <"$OUT")" -eq 1
need "the same value" json_equal "$OUT" "$WORK/o-json"
end

begin "validate -o name: each kind as kubectl names it"
run validate -o name "$UPSTREAM/jobset__JobSet__js.json" "$STATE/complete.json"
need "exit code 0" rc_is 0
need "jobset.jobset.x-k8s.io/js" out_line_is 1 <(echo "jobset.jobset.x-k8s.io/js")
need "trainjob.trainer.kubeflow.org/..." out_line_is 2 <(echo "trainjob.trainer.kubeflow.org/multi-node-example")
run validate -o name -f "$UPSTREAM"
need "a runtime" out_has "trainingruntime.trainer.kubeflow.org/"
need "a cluster runtime" out_has "clustertrainingruntime.trainer.kubeflow.org/"
end

begin "validate -o json of several objects: one v1 List, which reads back the same (round trip)"
skip_without_py
run validate -o json -f "$UPSTREAM"
need "exit code 0" rc_is 0
need "a List with resourceVersion \"\"" py "d['kind'] == 'List' and d['apiVersion'] == 'v1' and d['metadata'] == {'resourceVersion': ''}"
need "kubectl's layout: keys sorted, 4 spaces" py "text == json.dumps(d, indent=4, ensure_ascii=False) + '\n'"
cp "$OUT" "$WORK/list.json"
run validate -o json "$WORK/list.json"
need "read back: the same bytes" same_as "$WORK/list.json"
run validate -o json "$STATE/complete.json"
need "one object: the object, not a List" py "d['kind'] == 'TrainJob'"
end

begin "lint (default -o table) and --format text (as before)"
run lint "$DATA/bad-condition.json"
need "exit code 1" rc_is 1
need "the header" out_line_starts 1 "FILE"
need "the columns" out_has "   PATH   "
run lint --format text "$DATA/bad-condition.json"
need "--format text: FILE: PATH: [RULE] SEVERITY: MESSAGE" out_line_starts 1 "$DATA/bad-condition.json: status.conditions[0].reason: [schema] error: "
end

begin "replay (default -o table): the timeline; -o json: the JSON lines of --format json"
run replay "$SCENARIOS/apply-error.json"
need "exit code 0" rc_is 0
need "the timeline's header" out_line_starts 1 "STEP"
run replay -o json "$SCENARIOS/apply-error.json"
cp "$OUT" "$WORK/o-json"
run replay --format json "$SCENARIOS/apply-error.json"
need "the same lines" same_as "$WORK/o-json"
end

begin "-o yaml: one object, several as a v1 List; what it prints reads back the same (round trip)"
run validate -o json -f "$UPSTREAM"
cp "$OUT" "$WORK/many.json"
run validate -o yaml -f "$UPSTREAM"
need "exit code 0" rc_is 0
need "a List" out_line_is 1 <(echo "apiVersion: v1")
need "items not indented, as kubectl prints them" out_line_is 2 <(echo "items:")
cp "$OUT" "$WORK/many.yaml"
run validate -o json "$WORK/many.yaml"
need "read back as YAML: the objects of the JSON List" same_as "$WORK/many.json"
run validate -o yaml "$WORK/many.yaml"
need "and printed again: the same YAML" same_as "$WORK/many.yaml"
run validate -o json "$STATE/complete.json"
cp "$OUT" "$WORK/one.json"
run validate -o yaml "$STATE/complete.json"
need "one object: the object, not a List" out_has "kind: TrainJob"
cp "$OUT" "$WORK/one.yaml"
run validate -o json "$WORK/one.yaml"
need "read back: the same object" same_as "$WORK/one.json"
for v in "state" "lint --policy Initialized" "replay"; do
  # shellcheck disable=SC2086
  run $v -o yaml "$SCENARIOS/apply-error.json"
  [[ $v == state || $v == "lint --policy Initialized" ]] && run $v -o yaml "$STATE/complete.json"
  need "$v -o yaml: exit code 0 or 1" rc_in 0 1
  need "$v -o yaml: something printed" out_nonempty
done
end

begin "-o errors: an unknown form (did you mean), -o with --format, a form the verb lacks"
run state -o wde "$STATE/complete.json"
expect_bad_input 'state: -o takes table, wide, json, yaml, name, got "wde" (did you mean wide?)'
run state -o json --format json "$STATE/complete.json"
expect_bad_input "give -o or --format, not both"
run reconcile -o table --trainjob "$EXAMPLES/trainjob.json" --no-jobset
expect_bad_input 'reconcile: -o takes json, yaml, got "table"'
end

finish
