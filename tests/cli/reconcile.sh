#!/usr/bin/env bash
# CLI tests of `trainjob-conditions reconcile`: one controller pass per profile, its output keys,
# --apply-error, --build-error, --policy, --runtime, --migrate, usage and input errors, schema-
# invalid input (schema.sh) and a standard output that cannot be written.
#
#   bash tests/cli/reconcile.sh <path to trainjob-conditions> <repository root>
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"
source "$(dirname "${BASH_SOURCE[0]}")/schema.sh"

# The reconcile verb's output has exactly these eight keys.
KEYS="sorted(d) == sorted(['status', 'changed', 'applyObjects', 'deleteJobSet', 'requeueAfterSeconds', 'skipped', 'errors', 'events'])"

begin "reconcile --jobset: JobSet Completed -> Complete copied with the JobSet's time"
run reconcile --trainjob "$EXAMPLES/trainjob.json" --jobset "$EXAMPLES/jobset.json" --now 2025-06-11T08:45:12Z
need "exit code 0" rc_is 0
need "nothing on stderr" err_empty
need "one line of output" test "$(wc -l <"$OUT")" -eq 1
need "exactly the keys status, changed, applyObjects, deleteJobSet, requeueAfterSeconds, skipped, errors, events" py "$KEYS"
need "changed, objects applied, nothing else" py "d['changed'] is True and d['applyObjects'] is True and d['deleteJobSet'] is False and d['requeueAfterSeconds'] is None and d['skipped'] is False and d['errors'] == [] and d['events'] == []"
need "conditions: Suspended=False(Resumed), then Complete copied from the JobSet" py "d['status']['conditions'] == [
  {'type': 'Suspended', 'status': 'False', 'lastTransitionTime': '2025-06-11T08:01:35Z', 'reason': 'Resumed', 'message': 'TrainJob is resumed'},
  {'type': 'Complete', 'status': 'True', 'lastTransitionTime': '2025-06-11T08:45:10Z', 'reason': 'AllJobsCompleted', 'message': 'jobset completed successfully'}]"
need "jobsStatus rebuilt from the JobSet" py "[(j['name'], j['succeeded']) for j in d['status']['jobsStatus']] == [('dataset-initializer', 1), ('model-initializer', 1), ('node', 1)]"
end

begin "reconcile --profile v2.0: no jobsStatus written"
run reconcile --trainjob "$EXAMPLES/trainjob.json" --jobset "$EXAMPLES/jobset.json" --now 2025-06-11T08:45:12Z --profile v2.0
need "exit code 0" rc_is 0
need "jobsStatus as it was (node still active)" py "[(j['name'], j['active']) for j in d['status']['jobsStatus']] == [('dataset-initializer', 0), ('model-initializer', 0), ('node', 1)]"
need "Complete added" py "[c['type'] for c in d['status']['conditions']] == ['Suspended', 'Complete']"
end

begin "reconcile --no-jobset on a running job: error 'jobset not found', no write"
run reconcile --trainjob "$EXAMPLES/trainjob.json" --no-jobset --now 2025-06-11T08:45:12Z
need "exit code 0" rc_is 0
need "the eight keys" py "$KEYS"
need "errors == ['jobset not found'], unchanged" py "d['errors'] == ['jobset not found'] and d['changed'] is False and d['applyObjects'] is True"
end

begin "reconcile --no-jobset on a finished job (latest): status kept, no error, no apply"
run reconcile --trainjob "$DATA/tj-complete.json" --no-jobset --now 2025-06-12T09:30:00Z
need "exit code 0" rc_is 0
need "no error, no change, no apply" py "d['errors'] == [] and d['changed'] is False and d['applyObjects'] is False and d['status'] == json.load(open('$DATA/tj-complete.json'))['status']"
end

begin "reconcile --no-jobset on a finished job (--profile v2.1): objects applied, error"
run reconcile --trainjob "$DATA/tj-complete.json" --no-jobset --now 2025-06-12T09:30:00Z --profile v2.1
need "exit code 0" rc_is 0
need "applyObjects and 'jobset not found'" py "d['applyObjects'] is True and d['errors'] == ['jobset not found']"
end

begin "reconcile --no-jobset on a finished job (--profile=v2.0): nothing at all"
run reconcile --trainjob "$DATA/tj-complete.json" --no-jobset --now=2025-06-12T09:30:00Z --profile=v2.0
need "exit code 0" rc_is 0
need "no action, no error" py "d['applyObjects'] is False and d['errors'] == [] and d['changed'] is False"
end

begin "reconcile JobSet Completed and Failed: latest copies both, Complete first"
run reconcile --trainjob "$DATA/tj-running.json" --jobset "$DATA/js-both.json" --now 2025-06-12T09:15:00Z
need "exit code 0" rc_is 0
need "Complete then Failed, with the JobSet's reasons and times" py "[(c['type'], c['reason'], c['lastTransitionTime']) for c in d['status']['conditions']] == [('Complete', 'AllJobsCompleted', '2025-06-12T09:14:58Z'), ('Failed', 'FailedJobs', '2025-06-12T09:14:59Z')]"
need "finished: no deadline requeue" py "d['requeueAfterSeconds'] is None and d['deleteJobSet'] is False"
end

begin "reconcile JobSet Completed and Failed --profile v2.0: only Complete"
run reconcile --trainjob "$DATA/tj-running.json" --jobset "$DATA/js-both.json" --now 2025-06-12T09:15:00Z --profile v2.0
need "exit code 0" rc_is 0
need "only Complete" py "[c['type'] for c in d['status']['conditions']] == ['Complete'] and 'jobsStatus' not in d['status']"
end

begin "reconcile with activeDeadlineSeconds: requeueAfterSeconds is the time left"
run reconcile --trainjob "$DATA/tj-running.json" --no-jobset --now 2025-06-12T09:10:00Z
need "exit code 0" rc_is 0
need "requeueAfterSeconds == 3000" py "d['requeueAfterSeconds'] == 3000 and d['deleteJobSet'] is False"
end

begin "reconcile past activeDeadlineSeconds: Failed(DeadlineExceeded), deleteJobSet"
run reconcile --trainjob "$DATA/tj-running.json" --no-jobset --now 2025-06-12T10:00:01Z
need "exit code 0" rc_is 0
need "Failed=True(DeadlineExceeded) stamped now, deleteJobSet" py "d['deleteJobSet'] is True and d['changed'] is True and d['status']['conditions'] == [{'type': 'Failed', 'status': 'True', 'lastTransitionTime': '2025-06-12T10:00:01Z', 'reason': 'DeadlineExceeded', 'message': 'TrainJob exceeded its active deadline'}]"
end

begin "reconcile past activeDeadlineSeconds --profile v2.1: no deadline"
run reconcile --trainjob "$DATA/tj-running.json" --no-jobset --now 2025-06-12T10:00:01Z --profile v2.1
need "exit code 0" rc_is 0
need "no Failed, no delete, no requeue" py "d['deleteJobSet'] is False and d['requeueAfterSeconds'] is None and d['status'] == {}"
end

begin "reconcile --apply-error: Warning event TrainJobResourcesCreationFailed, the error reported"
run reconcile --trainjob "$EXAMPLES/trainjob.json" --no-jobset --now 2025-06-11T08:45:12Z \
  --apply-error 'admission webhook "jobset-validating-webhook.jobset.x-k8s.io" denied the request'
need "exit code 0" rc_is 0
need "the eight keys" py "$KEYS"
need "one Warning event with the error, action Reconciling (latest: events.k8s.io)" py "d['events'] == [{'type': 'Warning', 'reason': 'TrainJobResourcesCreationFailed', 'message': 'TrainJob resources reconciliation failed: admission webhook \"jobset-validating-webhook.jobset.x-k8s.io\" denied the request', 'action': 'Reconciling'}]"
need "errors: the apply error, then 'jobset not found'" py "d['errors'] == ['admission webhook \"jobset-validating-webhook.jobset.x-k8s.io\" denied the request', 'jobset not found']"
end

begin "reconcile --apply-error on a finished job (latest): nothing applied, no event"
run reconcile --trainjob "$DATA/tj-complete.json" --no-jobset --now 2025-06-12T09:30:00Z --apply-error boom
need "exit code 0" rc_is 0
need "no event, no error" py "d['events'] == [] and d['errors'] == [] and d['applyObjects'] is False"
end

begin "reconcile --trainjob - reads standard input"
run_in "$EXAMPLES/trainjob.json" reconcile --trainjob - --jobset "$EXAMPLES/jobset.json" --now 2025-06-11T08:45:12Z
need "exit code 0" rc_is 0
need "Complete added" py "[c['type'] for c in d['status']['conditions']] == ['Suspended', 'Complete']"
end

begin "reconcile without --now uses the current time"
run reconcile --trainjob "$EXAMPLES/trainjob.json" --jobset "$EXAMPLES/jobset.json"
need "exit code 0" rc_is 0
need "the eight keys" py "$KEYS"
end

# Usage and input errors: exit 2, nothing on stdout, one message.
begin "reconcile without --trainjob: exit 2"
run reconcile --no-jobset
expect_bad_input "--trainjob FILE is required"
end

begin "reconcile with both --jobset and --no-jobset: exit 2"
run reconcile --trainjob "$EXAMPLES/trainjob.json" --jobset "$EXAMPLES/jobset.json" --no-jobset
expect_bad_input "not both"
end

begin "reconcile with neither --jobset nor --no-jobset: exit 2"
run reconcile --trainjob "$EXAMPLES/trainjob.json"
expect_bad_input "--jobset" "--no-jobset"
end

begin "reconcile --profile v9: exit 2, profile named"
run reconcile --trainjob "$EXAMPLES/trainjob.json" --no-jobset --profile v9
expect_bad_input '"v9"'
end

begin "reconcile --now with a bad time: exit 2, the time named"
run reconcile --trainjob "$EXAMPLES/trainjob.json" --no-jobset --now 2025-13-01T00:00:00Z
expect_bad_input "--now" "2025-13-01T00:00:00Z"
end

begin "reconcile --now with a lowercase t: exit 2"
run reconcile --trainjob "$EXAMPLES/trainjob.json" --no-jobset --now 2025-06-11t08:45:12Z
expect_bad_input "--now"
end

begin "reconcile --now without a value: exit 2"
run reconcile --trainjob "$EXAMPLES/trainjob.json" --no-jobset --now
expect_bad_input "--now"
end

begin "reconcile with an unknown option: exit 2, option named"
run reconcile --trainjob "$EXAMPLES/trainjob.json" --no-jobset --frobnicate
expect_bad_input "--frobnicate"
end

begin "reconcile --trainjob with a JobSet file: exit 2, file and kind named"
run reconcile --trainjob "$EXAMPLES/jobset.json" --no-jobset
expect_bad_input "$EXAMPLES/jobset.json" "kind" "JobSet"
end

begin "reconcile --jobset with a TrainJob file: exit 2, file and kind named"
run reconcile --trainjob "$EXAMPLES/trainjob.json" --jobset "$EXAMPLES/trainjob.json"
expect_bad_input "$EXAMPLES/trainjob.json" "kind"
end

begin "reconcile --trainjob with a bad condition status: exit 2, JSON path named"
run reconcile --trainjob "$DATA/bad-status.json" --no-jobset --now 2025-06-12T10:00:02Z
expect_bad_input "$DATA/bad-status.json" "status.conditions[0].status"
end

begin "reconcile --trainjob with a missing file: exit 2, file named"
run reconcile --trainjob "$WORK/missing.json" --no-jobset
expect_bad_input "$WORK/missing.json"
end

begin "reconcile --trainjob - --jobset -: exit 2"
run reconcile --trainjob - --jobset -
expect_bad_input "standard input"
end

# ---------------------------------------------------------------------------------------------
# --policy, --build-error, --runtime, --migrate, --profile v1.9

begin "reconcile --policy Initialized --policy ComponentsCreated: both added before the controller's own conditions"
run reconcile --trainjob "$EXAMPLES/trainjob.json" --jobset "$EXAMPLES/jobset.json" --now 2025-06-11T08:45:12Z \
  --policy Initialized --policy=ComponentsCreated
need "exit code 0" rc_is 0
need "nothing on stderr" err_empty
need "the eight keys" py "$KEYS"
need "Initialized=True(ObjectsBuilt), ComponentsCreated=True(ComponentsCreated), then Suspended, Complete" \
  py "[(c['type'], c['status'], c['reason']) for c in d['status']['conditions']] == [('Initialized', 'True', 'ObjectsBuilt'), ('ComponentsCreated', 'True', 'ComponentsCreated'), ('Suspended', 'False', 'Resumed'), ('Complete', 'True', 'AllJobsCompleted')]"
need "new policy conditions stamped now" py "d['status']['conditions'][0]['lastTransitionTime'] == '2025-06-11T08:45:12Z'"
need "the State column as without policies" py "d['status']['conditions'][-1]['type'] == 'Complete'"
end

begin "reconcile --policy Bogus: exit 2, the registry's message"
run reconcile --trainjob "$EXAMPLES/trainjob.json" --no-jobset --policy Bogus
expect_bad_input "--policy" "unknown condition policy Bogus" "shipped: Initialized"
end

begin "reconcile --policy Complete: exit 2 (no shipped policy owns a built-in type)"
run reconcile --trainjob "$EXAMPLES/trainjob.json" --no-jobset --policy Complete
expect_bad_input "--policy" "Complete"
end

begin "reconcile with six --policy: exit 2, the CRD's 8 named"
run reconcile --trainjob "$EXAMPLES/trainjob.json" --no-jobset --policy Initialized --policy ComponentsCreated \
  --policy Accepted --policy Progressing --policy Started --policy Running
expect_bad_input "--policy" "the TrainJob CRD allows 8"
end

begin "reconcile --policy Running --policy Running: exit 2"
run reconcile --trainjob "$EXAMPLES/trainjob.json" --no-jobset --policy Running --policy Running
expect_bad_input "--policy" "two policies own the condition type Running"
end

begin "reconcile --policy with --profile v1.9: exit 2"
run reconcile --trainjob "$STATE/legacy-created-v1.9.json" --no-jobset --profile v1.9 --policy Initialized
expect_bad_input "--policy" "v1.9"
end

begin "reconcile --build-error: the Warning event (latest), Initialized=False(BuildFailed) with the policy"
run reconcile --trainjob "$STATE/pending.json" --no-jobset --now 2025-06-12T15:00:01Z \
  --build-error 'runtime torch-distributed: invalid mlPolicy' --policy Initialized --policy ComponentsCreated
need "exit code 0" rc_is 0
need "the build error reported like an apply error" py "d['events'] == [{'type': 'Warning', 'reason': 'TrainJobResourcesCreationFailed', 'message': 'TrainJob resources reconciliation failed: runtime torch-distributed: invalid mlPolicy', 'action': 'Reconciling'}] and d['errors'][0] == 'runtime torch-distributed: invalid mlPolicy'"
need "Initialized=False(BuildFailed) with the error, no ComponentsCreated" py "[(c['type'], c['status'], c['reason']) for c in d['status']['conditions']] == [('Initialized', 'False', 'BuildFailed')] and d['status']['conditions'][0]['message'].endswith('runtime torch-distributed: invalid mlPolicy')"
end

begin "reconcile --apply-error with % verbs: verbatim in v2.0/v2.1, Go's Sprintf from v2.2"
for p in v2.0 v2.1; do
  run reconcile --trainjob "$EXAMPLES/trainjob.json" --no-jobset --now 2025-06-11T08:45:12Z --profile "$p" \
    --apply-error 'quota 100% used: %d pods'
  need "$p: verbatim, no action" py "d['events'] == [{'type': 'Warning', 'reason': 'TrainJobResourcesCreationFailed', 'message': 'TrainJob resources reconciliation failed: quota 100% used: %d pods'}]"
done
for p in v2.2 v2.3 latest; do
  run reconcile --trainjob "$EXAMPLES/trainjob.json" --no-jobset --now 2025-06-11T08:45:12Z --profile "$p" \
    --apply-error 'quota 100% used: %d pods'
  need "$p: formatted, action Reconciling" py "d['events'] == [{'type': 'Warning', 'reason': 'TrainJobResourcesCreationFailed', 'message': 'TrainJob resources reconciliation failed: quota 100%!u(MISSING)sed: %!d(MISSING) pods', 'action': 'Reconciling'}]"
  need "$p: the error itself is not formatted" py "d['errors'][0] == 'quota 100% used: %d pods'"
done
end

begin "reconcile --build-error --profile v1.9: Created=False(JobsBuildFailed)"
run reconcile --trainjob "$STATE/legacy-created-v1.9.json" --no-jobset --now 2025-01-20T08:00:05Z --profile v1.9 \
  --build-error 'failed to build JobSet'
need "exit code 0" rc_is 0
need "errors: the build error, then 'jobset not found'" py "d['errors'] == ['failed to build JobSet', 'jobset not found']"
need "Created=False(JobsBuildFailed) still written (the read error is joined with the pass's result)" py "d['changed'] is True and [(c['type'], c['status'], c['reason']) for c in d['status']['conditions']] == [('Created', 'False', 'JobsBuildFailed')]"
end

begin "reconcile --profile v1.9 with a completed JobSet: Created=True(JobsCreationSucceeded), then Complete"
# data/js-legacy.json: the completed JobSet of the legacy job.
run reconcile --trainjob "$STATE/legacy-created-v1.9.json" --jobset "$DATA/js-legacy.json" --now 2025-01-20T08:09:31Z --profile v1.9
need "exit code 0" rc_is 0
need "Created kept, Complete copied, no jobsStatus" py "[(c['type'], c['status'], c['reason']) for c in d['status']['conditions']] == [('Created', 'True', 'JobsCreationSucceeded'), ('Complete', 'True', 'AllJobsCompleted')] and 'jobsStatus' not in d['status'] and d['changed'] is True"
run reconcile --trainjob "$STATE/legacy-created-v1.9.json" --jobset "$DATA/js-legacy.json" --now 2025-01-20T08:09:31Z
need "latest: Created left as it is" py "[c['type'] for c in d['status']['conditions']] == ['Created', 'Complete']"
end

begin "reconcile --migrate: a leftover Created removed, reported as a change"
run reconcile --trainjob "$STATE/legacy-created-v1.9.json" --jobset "$DATA/js-legacy.json" --now 2025-01-20T08:09:31Z --migrate
need "exit code 0" rc_is 0
need "only Complete, changed" py "[c['type'] for c in d['status']['conditions']] == ['Complete'] and d['changed'] is True"
run reconcile --trainjob "$STATE/complete.json" --no-jobset --now 2025-06-12T09:30:00Z --migrate
need "nothing to migrate: unchanged" py "d['changed'] is False"
end

# data/runtime-steps.json: a runtime whose replicated jobs have names of its own: only its step
# labels say which is which. data/js-steps.json: its JobSet, prep done and workers running.
begin "reconcile --runtime: the policies read the runtime's step labels"
run reconcile --trainjob "$STATE/failed.json" --jobset "$DATA/js-steps.json" --now 2025-06-12T11:05:00Z --profile v2.1 \
  --policy DatasetInitialized --policy Trained --runtime "$DATA/runtime-steps.json"
need "exit code 0" rc_is 0
need "DatasetInitialized=True(Succeeded), Trained=False(Running)" py "[(c['type'], c['status'], c['reason']) for c in d['status']['conditions'] if c['type'] in ('DatasetInitialized', 'Trained')] == [('DatasetInitialized', 'True', 'Succeeded'), ('Trained', 'False', 'Running')]"
run reconcile --trainjob "$STATE/failed.json" --jobset "$DATA/js-steps.json" --now 2025-06-12T11:05:00Z --profile v2.1 \
  --policy DatasetInitialized --policy Trained
need "without --runtime: no such steps, no step conditions" py "[c['type'] for c in d['status'].get('conditions', []) if c['type'] in ('DatasetInitialized', 'Trained')] == []"
end

begin "reconcile --runtime with a ClusterTrainingRuntime: accepted"
run reconcile --trainjob "$STATE/pending.json" --no-jobset --now 2025-06-12T15:00:01Z --policy Trained \
  --runtime "$UPSTREAM/trainer-master__ClusterTrainingRuntime__torch-distributed.json"
need "exit code 0" rc_is 0
need "the eight keys" py "$KEYS"
end

begin "reconcile --runtime with a JobSet file: exit 2, file and kind named"
run reconcile --trainjob "$STATE/pending.json" --no-jobset --runtime "$UPSTREAM/jobset__JobSet__js.json"
expect_bad_input "jobset__JobSet__js.json" "kind" "ClusterTrainingRuntime"
end

begin "reconcile --runtime - with --trainjob -: exit 2"
run reconcile --trainjob - --no-jobset --runtime -
expect_bad_input "standard input"
end

begin "reconcile --profile v9: the message lists v1.9"
run reconcile --trainjob "$EXAMPLES/trainjob.json" --no-jobset --profile v9
expect_bad_input '"v9"' "v1.9"
end

# ---------------------------------------------------------------------------------------------
# Schema-invalid input (schema.sh): refused, exit 2, unless --no-validate.

schema_files
for c in "${schema_cases[@]}"; do
  IFS='|' read -r name conds jobs path what <<<"$c"
  f="$WORK/schema-$name.json"

  begin "reconcile of a TrainJob with $name: exit 2, $path named"
  run reconcile --trainjob "$f" --no-jobset --now "$SCHEMA_NOW"
  expect_bad_input "trainjob-conditions: $f: $path: $what"
  end

  begin "reconcile --no-validate of a TrainJob with $name: exit 0, reconciled as it is"
  run reconcile --no-validate --trainjob "$f" --no-jobset --now "$SCHEMA_NOW"
  need "exit code 0" rc_is 0
  need "nothing on stderr" err_empty
  need "the eight keys" py "$KEYS"
  need "the finished job left alone" py "$(printf "$SCHEMA_KEPT" "$f")"
  end
done

begin "valid input with 8 conditions (the CRD's maximum): reconcile accepts it"
run reconcile --trainjob "$WORK/schema-eight.json" --no-jobset --now "$SCHEMA_NOW"
need "reconcile: exit code 0" rc_is 0
need "reconcile: nothing on stderr" err_empty
need "reconcile: the finished job left alone" py "$(printf "$SCHEMA_KEPT" "$WORK/schema-eight.json")"
run reconcile --trainjob "$WORK/schema-ok.json" --jobset "$WORK/schema-js-ok.json" --now "$SCHEMA_NOW"
need "reconcile with a valid JobSet: exit code 0" rc_is 0
need "reconcile with a valid JobSet: nothing on stderr" err_empty
end

begin "reconcile --jobset with a negative count: exit 2, the JobSet file and its path named"
run reconcile --trainjob "$WORK/schema-ok.json" --jobset "$WORK/schema-js-negative.json" --now "$SCHEMA_NOW"
expect_bad_input "trainjob-conditions: $WORK/schema-js-negative.json: status.replicatedJobsStatus[0].failed: must be >= 0, got -2"
run reconcile --no-validate --trainjob "$WORK/schema-ok.json" --jobset "$WORK/schema-js-negative.json" --now "$SCHEMA_NOW"
need "with --no-validate: exit code 0" rc_is 0
need "with --no-validate: nothing on stderr" err_empty
need "with --no-validate: one reconcile output" py "d is not None and 'status' in d and 'changed' in d"
end

begin "reconcile of an invalid TrainJob and an invalid JobSet: exit 2, one line per violation, both files"
run reconcile --trainjob "$WORK/schema-duplicate-type.json" --jobset "$WORK/schema-js-negative.json" --now "$SCHEMA_NOW"
need "exit code 2" rc_is 2
need "nothing on stdout" out_empty
need "two lines, each a message of the tool" every_err_line_is_ours
need "exactly two lines" test "$(wc -l <"$ERR")" -eq 2
need "the TrainJob's violation" err_has "trainjob-conditions: $WORK/schema-duplicate-type.json: status.conditions[1].type: duplicate"
need "the JobSet's violation" err_has "trainjob-conditions: $WORK/schema-js-negative.json: status.replicatedJobsStatus[0].failed: "
end

begin "reconcile --trainjob - of an invalid TrainJob: <stdin> named"
run_in "$WORK/schema-negative-count.json" reconcile --trainjob - --no-jobset --now "$SCHEMA_NOW"
expect_bad_input "trainjob-conditions: <stdin>: status.jobsStatus[0].failed: must be >= 0, got -1"
end

begin "reconcile --no-validate still refuses what does not decode: exit 2"
run reconcile --no-validate --trainjob "$DATA/bad-status.json" --no-jobset --now "$SCHEMA_NOW"
expect_bad_input "$DATA/bad-status.json" "status.conditions[0].status"
end

# ---------------------------------------------------------------------------------------------
# Standard output that cannot be written: exit 1 with one message (see expect_write_error).

begin "reconcile > /dev/full: exit 1, 'writing standard output' (the write fails at the final flush)"
skip_without_dev_full
if [[ -w /dev/full ]]; then
  run_full reconcile --trainjob "$EXAMPLES/trainjob.json" --jobset "$EXAMPLES/jobset.json" --now 2025-06-11T08:45:12Z
  expect_write_error
fi
end

finish
