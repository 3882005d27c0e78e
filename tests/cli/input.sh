#!/usr/bin/env bash
# CLI tests of how trainjob-conditions reads objects, whatever the verb: kubectl's -f/--filename
# (repeatable, '-', a directory's *.json, *.yaml and *.yml in name order, -R for its
# subdirectories) beside FILE operands, several files, and typed Lists (TrainJobList).
#
#   bash tests/cli/input.sh <path to trainjob-conditions> <repository root>
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"

# A directory: b.json and a.json (TrainJobs, read as a then b), notes.txt (not read), and
# sub/c.json, which is not JSON: read only with -R.
D="$WORK/dir"
mkdir -p "$D/sub" "$WORK/empty"
cp "$STATE/failed.json" "$D/b.json"
cp "$STATE/complete.json" "$D/a.json"
echo "not an object" >"$D/notes.txt"
echo "{not json" >"$D/sub/c.json"

begin "validate -f FILE -f FILE: both read, as FILE operands are"
run validate --print -f "$STATE/complete.json" -f "$STATE/failed.json"
need "exit code 0" rc_is 0
cp "$OUT" "$WORK/by-f"
run validate --print "$STATE/complete.json" --filename="$STATE/failed.json"
need "operand and --filename=: exit code 0" rc_is 0
need "the same output" same_as "$WORK/by-f"
need "a List of two objects, in order" py "[x['metadata']['name'] for x in d['items']] == ['multi-node-example', 'multi-step-example']"
end

begin "state -f DIR: its *.json in name order, not its subdirectory nor other files"
run state --format text -f "$D"
need "exit code 0" rc_is 0
need "nothing on stderr" err_empty
need "a.json's TrainJob, then b.json's" test "$(cut -d' ' -f1 "$OUT" | tr '\n' ' ')" = "default/multi-node-example default/multi-step-example "
run state --format text "$D"
need "a directory operand: exit 0 too" rc_is 0
end

begin "state -R -f DIR: the subdirectory too (its bad file named)"
run state -R -f "$D"
expect_bad_input "$D/sub/c.json"
run state --recursive "$D"
expect_bad_input "$D/sub/c.json"
end

begin "validate -f of a directory without object files: exit 2, named"
run validate -f "$WORK/empty"
expect_bad_input "$WORK/empty" "no *.json"
end

begin "-f -: standard input; '-' twice: exit 2"
run_in "$STATE/complete.json" state --format text -f -
need "exit code 0" rc_is 0
need "the Complete line" out_has "default/multi-node-example Complete Complete"
run_in "$STATE/complete.json" validate -f - -
expect_bad_input "'-' given twice"
end

begin "lint -f A -f B: findings of both files, each named"
run lint --format json -f "$DATA/bad-condition.json" -f "$STATE/complete.json" -f "$DATA/bad-condition.json"
need "exit code 1 (findings)" rc_is 1
need "findings name the first file" py "any(f['file'] == '$DATA/bad-condition.json' for f in d)"
need "twice as many as one file gives" py "len(d) % 2 == 0 and len(d) >= 2"
run lint --previous "$STATE/complete.json" -f "$STATE/complete.json" -f "$STATE/failed.json"
expect_bad_input "--previous needs one FILE"
end

begin "reconcile -f: the TrainJob, as --trainjob gives it; both: exit 2"
run reconcile -f "$EXAMPLES/trainjob.json" --jobset "$EXAMPLES/jobset.json" --now 2025-06-12T10:00:00Z
need "exit code 0" rc_is 0
cp "$OUT" "$WORK/by-f"
run reconcile --trainjob "$EXAMPLES/trainjob.json" --jobset "$EXAMPLES/jobset.json" --now 2025-06-12T10:00:00Z
need "the same output" same_as "$WORK/by-f"
run reconcile -f "$EXAMPLES/trainjob.json" --trainjob "$EXAMPLES/trainjob.json" --no-jobset
expect_bad_input "--trainjob or -f"
end

begin "replay -f A B: both scenarios"
run replay --format json -f "$SCENARIOS/deadline-exceeded.json" "$SCENARIOS/apply-error.json"
need "exit code 0" rc_is 0
need "two step 0 lines" test "$(grep -c '"step":0}' "$OUT")" -eq 2
end

if [[ $HAVE_PY -eq 1 ]]; then
  python3 - "$WORK" "$STATE" "$UPSTREAM" <<'PY'
import json, sys
work, state, upstream = sys.argv[1:]
tj = [json.load(open(state + "/" + f)) for f in ("complete.json", "failed.json")]
js = json.load(open(upstream + "/jobset__JobSet__js.json"))
# What `kubectl get trainjobs,jobsets -A -o json` prints: a List of both kinds.
json.dump({"apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": ""}, "items": [tj[0], js, tj[1], js]},
          open(work + "/mixed.json", "w"))
json.dump({"apiVersion": "trainer.kubeflow.org/v1alpha1", "kind": "TrainJobList", "metadata": {}, "items": tj},
          open(work + "/typed.json", "w"))
PY
fi

begin "state of kubectl's List of TrainJobs and JobSets: the TrainJobs, 'skipped 2' on stderr"
skip_without_py
run state --format text "$WORK/mixed.json"
need "exit code 0" rc_is 0
need "two lines, Complete then Failed" test "$(cut -d' ' -f3 "$OUT" | tr '\n' ' ')" = "Complete Failed "
need "stderr says how many were skipped" test "$(cat "$ERR")" = "trainjob-conditions: state: skipped 2 objects that are not a TrainJob"
end

begin "lint and validate of a TrainJobList: its items"
skip_without_py
run state --format text "$WORK/typed.json"
need "state: two lines" test "$(wc -l <"$OUT")" -eq 2
run validate --print "$WORK/typed.json"
need "validate: exit code 0" rc_is 0
need "validate: both items" py "len(d['items']) == 2"
end

begin "lint of a List with a JobSet: exit 2 (only state skips other kinds)"
skip_without_py
run lint "$WORK/mixed.json"
expect_bad_input "items[1].kind" "TrainJob"
end

begin "as kubectl reads files: a byte order mark is skipped, two JSON documents in a file are two"
printf '\xef\xbb\xbf' >"$WORK/bom.json"
cat "$STATE/complete.json" >>"$WORK/bom.json"
run validate "$WORK/bom.json"
need "a BOM before a TrainJob: valid (kubectl strips it too)" rc_is 0
cat "$SCENARIOS/apply-error.json" "$SCENARIOS/apply-error.json" >"$WORK/two.json"
run replay -o json "$SCENARIOS/apply-error.json"
cp "$OUT" "$WORK/one.out"
run replay -o json "$WORK/two.json"
need "two scenarios back to back: exit 0" rc_is 0
need "both replayed: twice the lines of one" test "$(wc -l <"$OUT")" -eq $((2 * $(wc -l <"$WORK/one.out")))
: >"$WORK/empty.yaml"
run validate "$WORK/empty.yaml"
expect_bad_input "no objects: the file is empty"
end

finish
