# Schema-invalid input (issue 17), shared by the reconcile, replay, state and batch tests: those
# verbs refuse a TrainJob or JobSet that breaks its schema (exit 2, one line per violation,
# FILE: PATH: MESSAGE; batch: an error line), unless --no-validate. Sourced after lib.sh;
# `schema_files` writes the inputs under $WORK.
#
# The objects are written on one line each, so that batch lines are made without python3.
SCHEMA_NOW=2025-06-12T09:30:00Z
SC_COMPLETE='{"type": "Complete", "status": "True", "lastTransitionTime": "2025-06-12T09:20:00Z", "reason": "AllJobsCompleted", "message": "jobset completed successfully"}'
SC_NODE='{"name": "node", "ready": 0, "succeeded": 1, "failed": 0, "active": 0, "suspended": 0}'
# schema_tj FILE CONDITIONS JOBS_STATUS: a finished TrainJob with that status (a pass leaves it alone).
schema_tj() {
  printf '%s\n' "{\"apiVersion\": \"trainer.kubeflow.org/v1alpha1\", \"kind\": \"TrainJob\", \"metadata\": {\"name\": \"schema\", \"namespace\": \"default\", \"creationTimestamp\": \"2025-06-12T09:00:00Z\"}, \"spec\": {\"runtimeRef\": {\"name\": \"torch-distributed\"}}, \"status\": {\"conditions\": [$2], \"jobsStatus\": [$3]}}" >"$1"
}
# schema_js FILE REPLICATED_JOBS_STATUS: a JobSet without conditions.
schema_js() {
  printf '%s\n' "{\"apiVersion\": \"jobset.x-k8s.io/v1alpha2\", \"kind\": \"JobSet\", \"metadata\": {\"name\": \"schema\", \"namespace\": \"default\", \"creationTimestamp\": \"2025-06-12T09:00:01Z\"}, \"spec\": {\"replicatedJobs\": [{\"name\": \"node\", \"replicas\": 1}]}, \"status\": {\"replicatedJobsStatus\": [$2]}}" >"$1"
}
# schema_scenario FILE TRAINJOB_FILE TOP_JOBSET STEP1_JOBSET: two steps; a JobSet is JSON text,
# "-" leaves the key out.
schema_scenario() {
  local top="" step=""
  [[ $3 != "-" ]] && top=", \"jobset\": $3"
  [[ $4 != "-" ]] && step=", \"jobset\": $4"
  printf '%s\n' "{\"name\": \"schema\", \"trainjob\": $(cat "$2")$top, \"steps\": [{\"now\": \"$SCHEMA_NOW\"}, {\"now\": \"2025-06-12T09:30:30Z\"$step}]}" >"$1"
}
# schema_line TRAINJOB_FILE JOBSET_FILE|null: one batch line.
schema_line() {
  local js=null
  [[ $2 != null ]] && js=$(cat "$2")
  printf '%s\n' "{\"trainjob\": $(cat "$1"), \"jobset\": $js, \"now\": \"$SCHEMA_NOW\"}"
}

nine="$SC_COMPLETE"
eight="$SC_COMPLETE"
for i in 1 2 3 4 5 6 7 8; do
  c=${SC_COMPLETE/\"Complete\"/\"Custom$i\"}
  nine+=", ${c/\"True\"/\"False\"}"
  [[ $i -le 7 ]] && eight+=", ${c/\"True\"/\"False\"}"
done

# name|conditions|jobsStatus|path of the one violation|what the message says
# (the TrainJob of each is $WORK/schema-<name>.json)
schema_cases=(
  "duplicate-type|$SC_COMPLETE, $SC_COMPLETE|$SC_NODE|status.conditions[1].type|duplicate condition type"
  "negative-observed-generation|${SC_COMPLETE/\}/, \"observedGeneration\": -1\}}|$SC_NODE|status.conditions[0].observedGeneration|must be >= 0, got -1"
  "nine-conditions|$nine|$SC_NODE|status.conditions|must have at most 8 items, has 9"
  "negative-count|$SC_COMPLETE|${SC_NODE/\"failed\": 0/\"failed\": -1}|status.jobsStatus[0].failed|must be >= 0, got -1"
  "empty-type|$SC_COMPLETE, ${SC_COMPLETE/\"Complete\"/\"\"}|$SC_NODE|status.conditions[1].type|must not be empty"
)

# The finished TrainJob is left alone: its status as read, no change (as before validation).
SCHEMA_KEPT="d['changed'] is False and d['errors'] == [] and d['status'] == json.load(open('%s'))['status']"

# schema_files: the valid TrainJob (schema-ok.json) and JobSet (schema-js-ok.json), a JobSet with
# a negative count (schema-js-negative.json), a TrainJob with 8 conditions (schema-eight.json)
# and each case's TrainJob, under $WORK.
schema_files() {
  local c name conds jobs path what
  schema_tj "$WORK/schema-ok.json" "$SC_COMPLETE" "$SC_NODE"
  schema_js "$WORK/schema-js-ok.json" "$SC_NODE"
  schema_js "$WORK/schema-js-negative.json" "${SC_NODE/\"failed\": 0/\"failed\": -2}"
  schema_tj "$WORK/schema-eight.json" "$eight" "$SC_NODE"
  for c in "${schema_cases[@]}"; do
    IFS='|' read -r name conds jobs path what <<<"$c"
    schema_tj "$WORK/schema-$name.json" "$conds" "$jobs"
  done
}
