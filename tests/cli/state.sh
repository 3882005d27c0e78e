#!/usr/bin/env bash
# CLI tests of `trainjob-conditions state`: the State column, the state, the exact kstatus,
# the health judgment and the Python SDK's status of the TrainJobs of tests/data/state, Lists, bad input, schema-invalid input (schema.sh) and a
# standard output that cannot be written.
#
#   bash tests/cli/state.sh <path to trainjob-conditions> <repository root>
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"
source "$(dirname "${BASH_SOURCE[0]}")/schema.sh"

begin "state (json) of a resumed running job: State column Suspended, state Running (kubeflow/trainer 3666)"
run state --format json "$STATE/resumed-running.json"
need "exit code 0" rc_is 0
need "nothing on stderr" err_empty
need "one line of output" test "$(wc -l <"$OUT")" -eq 1
need "the summary" py "d == {'stateColumn': 'Suspended', 'state': 'Running', 'kstatus': {'status': 'Current', 'message': 'Resource is current'}, 'health': {'status': 'InProgress', 'message': 'TrainJob is running'}, 'sdkStatus': 'Created'}"
end

# file, then kstatus (exact, cli-utils), health, sdkStatus, as --format json gives them.
summary_cases=(
  "resumed-running.json|Current|Resource is current|InProgress|TrainJob is running|Created"
  "suspended.json|Current|Resource is current|Current|TrainJob is suspended|Created"
  "complete.json|Current|Resource is current|Current|TrainJob completed (AllJobsCompleted): jobset completed successfully|Complete"
  "failed.json|Current|Resource is current|Failed|TrainJob failed (FailedJobs): jobset failed due to one or more job failures (first failed job: multi-step-example-node-0)|Failed"
  "both-terminal.json|Current|Resource is current|Failed|TrainJob failed (FailedJobs): jobset failed due to one or more job failures (first failed job: lammps-flux-node-1)|Failed"
  "deleted.json|Terminating|Resource scheduled for deletion|Terminating|TrainJob scheduled for deletion|Created"
  "pending.json|Current|Resource is current|InProgress|TrainJob is waiting for its JobSet|Created"
)
for c in "${summary_cases[@]}"; do
  IFS='|' read -r f ks km hs hm sdk <<<"$c"
  begin "state --format json $f: kstatus $ks, health $hs, sdkStatus $sdk"
  skip_without_py
  run state --format json "$STATE/$f"
  need "exit code 0" rc_is 0
  need "kstatus" py "d['kstatus'] == {'status': '$ks', 'message': '$km'}"
  need "health" py "d['health'] == {'status': '$hs', 'message': '$hm'}"
  need "sdkStatus" py "d['sdkStatus'] == '$sdk'"
  end
done

begin "state -o wide: a Stalled condition makes KSTATUS Failed with its message"
skip_without_py
if [[ $HAVE_PY -eq 1 ]]; then
  python3 - "$STATE/resumed-running.json" "$WORK/stalled.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["status"]["conditions"].insert(0, {"type": "Stalled", "status": "True", "reason": "Failed",
                                     "message": "jobset failed", "lastTransitionTime": "2025-06-12T10:20:00Z"})
json.dump(d, open(sys.argv[2], "w"))
PY
  run state -o wide "$WORK/stalled.json"
  need "exit code 0" rc_is 0
  need "KSTATUS and HEALTH Failed, with the message" py "text.splitlines()[1].split() == ['team-a', 'kueue-example', 'Running', 'Failed', 'Failed', 'Created', 'Suspended', 'jobset', 'failed', 'jobset', 'failed']"
fi
end

# kstatus reads status.observedGeneration with Go's NestedInt64: a YAML 1.5 is a float64, an
# error cli-utils' poller reports as Unknown; the health judgment ignores it.
begin "state of YAML with status.observedGeneration 1.5: kstatus Unknown with Go's error text"
printf '%s\n' 'apiVersion: trainer.kubeflow.org/v1alpha1' 'kind: TrainJob' \
  'metadata: {name: j, namespace: ns, generation: 1}' 'spec: {runtimeRef: {name: torch-distributed}}' \
  'status: {observedGeneration: 1.5}' >"$WORK/observed-fraction.yaml"
run state --format json "$WORK/observed-fraction.yaml"
need "exit code 0" rc_is 0
need "kstatus Unknown, Go's words" py "d['kstatus'] == {'status': 'Unknown', 'message': 'looking up status.observedGeneration from resource: .status.observedGeneration accessor error: 1.5 is of the type float64, expected int64'}"
need "health: waiting for its JobSet" py "d['health'] == {'status': 'InProgress', 'message': 'TrainJob is waiting for its JobSet'}"
end

# file, then the expected text line (NAMESPACE/NAME STATE-COLUMN STATE KSTATUS: MESSAGE, KSTATUS
# exact: cli-utils calls every TrainJob the controller writes Current).
state_cases=(
  "resumed-running.json|team-a/kueue-example Suspended Running Current: Resource is current"
  "suspended.json|team-a/kueue-example Suspended Suspended Current: Resource is current"
  "complete.json|default/multi-node-example Complete Complete Current: Resource is current"
  "failed.json|default/multi-step-example Failed Failed Current: Resource is current"
  "deadline.json|ml-platform/runtime-patches-example Failed Failed Current: Resource is current"
  "both-terminal.json|hpc/lammps-flux Failed Failed Current: Resource is current"
  "deleted.json|default/volcano-example - Running Terminating: Resource scheduled for deletion"
  "pending.json|default/multi-node-example - Created Current: Resource is current"
  "legacy-created-v1.9.json|default/pytorch-simple Created Created Current: Resource is current"
)
for c in "${state_cases[@]}"; do
  f=${c%%|*}
  want=${c#*|}
  begin "state --format text $f: '$want'"
  run state --format text "$STATE/$f"
  need "exit code 0" rc_is 0
  need "nothing on stderr" err_empty
  need "exactly that line" test "$(cat "$OUT")" = "$want"
  end
done

if [[ $HAVE_PY -eq 1 ]]; then
  python3 - "$WORK" "$STATE" "$UPSTREAM" <<'PY'
import glob, json, sys
work, state, upstream = sys.argv[1:]
files = sorted(glob.glob(state + "/*.json"))
items = [json.load(open(f)) for f in files]
json.dump({"apiVersion": "v1", "kind": "List", "metadata": {}, "items": items}, open(work + "/state-list.json", "w"))
json.dump(files, open(work + "/state-list-files.json", "w"))
js = json.load(open(upstream + "/jobset__JobSet__js.json"))
json.dump({"apiVersion": "v1", "kind": "List", "items": [items[0], js]}, open(work + "/state-list-jobset.json", "w"))
PY
  begin "state of a List: a JSON array, one summary per item in order"
  run state --format json "$WORK/state-list.json"
  need "exit code 0" rc_is 0
  need "an array as long as the List" py "isinstance(d, list) and len(d) == len(json.load(open('$WORK/state-list-files.json')))"
  need "each item has exactly stateColumn, state, kstatus, health and sdkStatus" py "all(sorted(x) == sorted(['stateColumn', 'state', 'kstatus', 'health', 'sdkStatus']) for x in d)"
  need "each item as 'state FILE' prints it" py "d == [json.loads(__import__('subprocess').run(['$TOOL', 'state', '--format', 'json', f], capture_output=True, text=True).stdout) for f in json.load(open('$WORK/state-list-files.json'))]"
  end

  begin "state --format text of a List: one line per TrainJob"
  run state --format=text "$WORK/state-list.json"
  need "exit code 0" rc_is 0
  need "one line per item" py "len(text.splitlines()) == len(json.load(open('$WORK/state-list-files.json')))"
  end

  # As `kubectl get trainjobs,jobsets -A -o json` prints: the JobSets are skipped, and counted.
  begin "state of a List holding a JobSet: the TrainJob's state, the JobSet skipped (stderr says so)"
  run state --format json "$WORK/state-list-jobset.json"
  need "exit code 0" rc_is 0
  need "one summary, the TrainJob's" py "isinstance(d, list) and len(d) == 1"
  need "stderr: skipped 1" test "$(cat "$ERR")" = "trainjob-conditions: state: skipped 1 object that is not a TrainJob"
  end
fi

begin "state - reads standard input"
run_in "$STATE/complete.json" state --format text -
need "exit code 0" rc_is 0
need "the Complete line" out_has "default/multi-node-example Complete Complete Current"
end

begin "state of a JobSet: exit 2, kind named"
run state --format json "$UPSTREAM/jobset__JobSet__js.json"
expect_bad_input "jobset__JobSet__js.json" "kind" "TrainJob"
end

begin "state of a bad condition status: exit 2, JSON path named"
run state --format json "$DATA/bad-status.json"
expect_bad_input "$DATA/bad-status.json" "status.conditions[0].status"
end

begin "state --format xml: exit 2"
run state --format xml "$STATE/complete.json"
expect_bad_input '"xml"'
end

begin "state without FILE: exit 2"
run state --format json
expect_bad_input "no FILE"
end

begin "state with two FILEs: an array, one summary per file in order"
run state --format json "$STATE/complete.json" "$STATE/failed.json"
need "exit code 0" rc_is 0
need "two summaries, Complete then Failed" py "[x['state'] for x in d] == ['Complete', 'Failed']"
end

# ---------------------------------------------------------------------------------------------
# Schema-invalid input (schema.sh): refused, exit 2, unless --no-validate.

schema_files
for c in "${schema_cases[@]}"; do
  IFS='|' read -r name conds jobs path what <<<"$c"
  f="$WORK/schema-$name.json"

  begin "state of a TrainJob with $name: exit 2, $path named"
  run state --format text "$f"
  expect_bad_input "trainjob-conditions: $f: $path: $what"
  end

  begin "state --no-validate of a TrainJob with $name: exit 0, its state"
  run state --format json --no-validate "$f"
  need "exit code 0" rc_is 0
  need "nothing on stderr" err_empty
  need "one line" test "$(wc -l <"$OUT")" -eq 1
  need "state Complete, kstatus and health Current" py "d['state'] == 'Complete' and d['kstatus']['status'] == 'Current' and d['health']['status'] == 'Current'"
  end
done

begin "valid input with 8 conditions (the CRD's maximum): state accepts it"
run state --format text "$WORK/schema-eight.json"
need "state: exit code 0" rc_is 0
need "state: nothing on stderr" err_empty
end

begin "state of a List with an invalid item: exit 2, items[1] named"
printf '%s\n' "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [$(cat "$WORK/schema-ok.json"), $(cat "$WORK/schema-duplicate-type.json")]}" \
  >"$WORK/schema-list.json"
run state --format json "$WORK/schema-list.json"
expect_bad_input "trainjob-conditions: $WORK/schema-list.json: items[1].status.conditions[1].type: duplicate condition type"
run state --format text --no-validate "$WORK/schema-list.json"
need "with --no-validate: exit code 0" rc_is 0
need "with --no-validate: one line per item" test "$(wc -l <"$OUT")" -eq 2
end

# ---------------------------------------------------------------------------------------------
# Standard output that cannot be written: exit 1 with one message (see expect_write_error).

begin "state > /dev/full (json and text): exit 1, 'writing standard output'"
skip_without_dev_full
if [[ -w /dev/full ]]; then
  run_full state --format json "$EXAMPLES/trainjob.json"
  expect_write_error " (json)"
  run_full state --format text "$EXAMPLES/trainjob.json"
  expect_write_error " (text)"
fi
end

finish
