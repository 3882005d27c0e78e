#!/usr/bin/env bash
# CLI tests of `trainjob-conditions replay`: the expected lines of tests/scenarios, the table,
# bad scenarios, bounded memory, --policy, --migrate, --profile v1.9, schema-invalid input
# (schema.sh) and a standard output that cannot be written.
#
#   bash tests/cli/replay.sh <path to trainjob-conditions> <repository root>
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"
source "$(dirname "${BASH_SOURCE[0]}")/schema.sh"

begin "replay (json): the lines of the expected file"
run replay --format json --profile latest "$SCENARIOS/deadline-exceeded.json"
need "exit code 0" rc_is 0
need "nothing on stderr" err_empty
need "stdout equals deadline-exceeded.latest.expected.jsonl" same_as "$SCENARIOS/deadline-exceeded.latest.expected.jsonl"
need "one JSON object per step with step and now" py "L is not None and len(L) == 5 and [x['step'] for x in L] == [0, 1, 2, 3, 4] and L[3]['now'] == '2025-06-03T14:10:01Z'"
end

begin "replay --format json --profile=v2.0: the lines of the v2.0 expected file"
run replay --format json --profile=v2.0 "$SCENARIOS/jobset-completed-and-failed.json"
need "exit code 0" rc_is 0
need "stdout equals jobset-completed-and-failed.v2.0.expected.jsonl" same_as "$SCENARIOS/jobset-completed-and-failed.v2.0.expected.jsonl"
end

begin "replay without --profile uses the scenario's profile (v2.2)"
run replay --format json "$EXAMPLES/scenarios/05-jobset-ttl-after-failed-v2.2.json"
cp "$OUT" "$WORK/replay-default.jsonl"
run replay --format json --profile v2.2 "$EXAMPLES/scenarios/05-jobset-ttl-after-failed-v2.2.json"
need "exit code 0" rc_is 0
need "same output as --profile v2.2" same_as "$WORK/replay-default.jsonl"
need "the JobSet-derived Failed is gone after the JobSet was deleted" py "L is not None and 'conditions' not in L[3]['status'] and L[3]['applyObjects'] is True and L[3]['changed'] is True"
end

begin "replay --format table: a header and one row per step"
run replay --format table --profile latest "$SCENARIOS/deadline-exceeded.json"
need "exit code 0" rc_is 0
need "nothing on stderr" err_empty
need "header STEP NOW WHAT HAPPENED CONDITIONS STATE ACTIONS" \
  test "$(head -n 1 "$OUT" | tr -s ' ')" = "STEP NOW WHAT HAPPENED CONDITIONS STATE ACTIONS"
need "6 lines (header + 5 steps)" test "$(wc -l <"$OUT")" -eq 6
need "step 3 shows Failed=True(DeadlineExceeded) and the JobSet deletion" \
  grep -qE '^3 +2025-06-03T14:10:01Z +JobSet deleted +Failed=True\(DeadlineExceeded\) +Failed +apply, delete JobSet, write status$' "$OUT"
need "step 2 shows the 1 s requeue" grep -qE '^2 +2025-06-03T14:10:00Z .*requeue 1s$' "$OUT"
end

begin "replay --format=table --profile v2.0: the v2.0 timeline"
run replay --format=table --profile v2.0 "$SCENARIOS/jobset-completed-and-failed.json"
need "exit code 0" rc_is 0
need "step 2 shows only Complete" grep -qE '^2 +.*JobSet Completed,Failed +Complete=True\(AllJobsCompleted\) +Complete +apply, write status$' "$OUT"
end

begin "replay of a scenario going back in time: exit 2, steps[2].now named"
run replay --format json "$DATA/back-in-time.json"
expect_bad_input "$DATA/back-in-time.json" "steps[2].now" "back in time"
end

begin "replay of a scenario with an unknown step key: exit 2, steps[0].nwo named"
run replay --format json "$DATA/typo.json"
expect_bad_input "$DATA/typo.json" "steps[0].nwo"
end

begin "replay of a patch that breaks the TrainJob: exit 2, steps[1].patch named"
run replay --format json "$DATA/bad-patch.json"
expect_bad_input "$DATA/bad-patch.json" "steps[1].patch"
end

begin "replay --format xml: exit 2"
run replay --format xml "$SCENARIOS/deadline-exceeded.json"
expect_bad_input '"xml"'
end

begin "replay of two scenarios: each in turn, as each alone"
run replay --format json "$SCENARIOS/deadline-exceeded.json" "$SCENARIOS/apply-error.json"
need "exit code 0" rc_is 0
cp "$OUT" "$WORK/two"
run replay --format json "$SCENARIOS/deadline-exceeded.json"
cp "$OUT" "$WORK/both"
run replay --format json "$SCENARIOS/apply-error.json"
cat "$OUT" >>"$WORK/both"
need "the first's lines, then the second's" cmp -s "$WORK/two" "$WORK/both"
end

begin "replay - reads the scenario from standard input"
run_in "$SCENARIOS/apply-error.json" replay --format json --profile latest -
need "exit code 0" rc_is 0
need "stdout equals apply-error.latest.expected.jsonl" same_as "$SCENARIOS/apply-error.latest.expected.jsonl"
end

# Replay's memory does not grow with the steps or with a patch's depth (issue 17): 2,000 steps over
# a TrainJob with a 1 MiB annotation (a TrainJob kept per step took 2 GB), and a 1 MB patch of 990
# nested 1,000-byte keys (its summary took 1.1 GB), each replayed under `ulimit -v 1000000` (KB).
# Skipped where that limit cannot be set or the tool cannot run under it (a sanitized build).
# big_scenario STEPS [TEXT]: the 1 MiB TrainJob and STEPS steps a second apart, then TEXT.
big_scenario() {
  local steps=$1 extra=${2:-} i sep=""
  printf '{"trainjob": {"apiVersion": "trainer.kubeflow.org/v1alpha1", "kind": "TrainJob",\n'
  printf ' "metadata": {"name": "big", "namespace": "default", "creationTimestamp": "2025-06-12T09:00:00Z",\n'
  printf '  "annotations": {"example.com/blob": "'
  head -c 1048576 /dev/zero | tr '\0' x
  printf '"}}, "spec": {"runtimeRef": {"name": "torch-distributed"}}},\n "jobset": null, "steps": ['
  for ((i = 1; i <= steps; i++)); do
    printf '%s{"now": "2025-06-12T%02d:%02d:%02dZ"}' "$sep" $((9 + i / 3600)) $((i / 60 % 60)) $((i % 60))
    sep=", "
  done
  printf '%s]}\n' "$extra"
}
# deep_patch_scenario: one step whose patch nests 990 objects under "zz", keys k0yyy... of 1,000 bytes.
deep_patch_scenario() {
  local i key pad
  pad=$(head -c 1000 /dev/zero | tr '\0' y)
  printf '{"trainjob": {"apiVersion": "trainer.kubeflow.org/v1alpha1", "kind": "TrainJob",\n'
  printf ' "metadata": {"name": "deep", "namespace": "default", "creationTimestamp": "2025-06-12T09:00:00Z"},\n'
  printf ' "spec": {"runtimeRef": {"name": "torch-distributed"}}},\n'
  printf ' "steps": [{"now": "2025-06-12T09:00:01Z", "patch": {"zz": '
  for ((i = 0; i < 990; i++)); do
    key="k$i$pad"
    printf '{"%s": ' "${key:0:1000}"
  done
  printf '1'
  for ((i = 0; i < 990; i++)); do printf '}'; done
  printf '}}, {"now": "2025-06-12T09:00:02Z"}]}\n'
}
big_scenario 2000 >"$WORK/big-scenario.json"
big_scenario 2000 ', {"now": "2025-06-12T10:00:00Z", "patch": {"spec": {"suspend": "yes"}}}' \
  >"$WORK/big-scenario-bad-patch.json"
deep_patch_scenario >"$WORK/deep-patch.json"
# run_limited ARGS...: run, with the address space limited to 1,000,000 KB.
run_limited() {
  (ulimit -v 1000000 && exec "$TOOL" "$@") </dev/null >"$OUT" 2>"$ERR"
  RC=$?
}
LIMIT_OK=0
(ulimit -v 1000000 && exec "$TOOL" --version) >/dev/null 2>&1 && LIMIT_OK=1
limit_skip() { [[ $LIMIT_OK -eq 1 ]] || T_SKIP="the tool does not run under ulimit -v 1000000"; }

begin "replay of 2,000 steps over a TrainJob with a 1 MiB annotation, under ulimit -v 1000000: a line per step"
limit_skip
if [[ $LIMIT_OK -eq 1 ]]; then
  need "the scenario is over 1 MiB" test "$(wc -c <"$WORK/big-scenario.json")" -gt 1048576
  run_limited replay --format json "$WORK/big-scenario.json"
  need "exit code 0" rc_is 0
  need "nothing on stderr" err_empty
  need "2,000 lines" test "$(wc -l <"$OUT")" -eq 2000
  need "the last line is step 1999" bash -c "tail -n 1 '$OUT' | grep -q '\"now\":\"2025-06-12T09:33:20Z\".*\"step\":1999}$'"
fi
end

begin "replay --format table of the same, under ulimit -v 1000000: a header and 2,000 rows"
limit_skip
if [[ $LIMIT_OK -eq 1 ]]; then
  run_limited replay --format table "$WORK/big-scenario.json"
  need "exit code 0" rc_is 0
  need "nothing on stderr" err_empty
  need "2,001 lines" test "$(wc -l <"$OUT")" -eq 2001
  need "the last row is step 1999" grep -qE '^1999 +2025-06-12T09:33:20Z +- +- +- +apply$' "$OUT"
fi
end

begin "replay of the same with a bad patch at step 2000: exit 2 and nothing printed, though 2,000 steps come first"
limit_skip
if [[ $LIMIT_OK -eq 1 ]]; then
  run_limited replay --format json "$WORK/big-scenario-bad-patch.json"
  expect_bad_input "steps[2000].patch"
fi
end

begin "replay of a 1 MB patch 990 keys deep, under ulimit -v 1000000: exit 0, a bounded summary"
limit_skip
if [[ $LIMIT_OK -eq 1 ]]; then
  run_limited replay --format json "$WORK/deep-patch.json"
  need "exit code 0" rc_is 0
  need "2 lines" test "$(wc -l <"$OUT")" -eq 2
  run_limited replay --format table "$WORK/deep-patch.json"
  need "table: exit code 0" rc_is 0
  need "table: 3 lines" test "$(wc -l <"$OUT")" -eq 3
  need "table: no line over 2,000 bytes" test "$(awk 'length($0) > 2000' "$OUT" | wc -l)" -eq 0
  need "table: step 0's path cut after 512 bytes with ..." grep -qE '^0 +2025-06-12T09:00:01Z +zz\.k0y{507}\.\.\. ' "$OUT"
fi
end

# ---------------------------------------------------------------------------------------------
# --policy, --migrate, --profile v1.9

begin "replay --policy Started: the Started condition in every step"
run replay --format json --profile latest --policy Started "$SCENARIOS/deadline-exceeded.json"
need "exit code 0" rc_is 0
need "nothing on stderr" err_empty
need "one line per step, each with a Started condition" py "L is not None and len(L) == 5 and all(any(c['type'] == 'Started' for c in x['status'].get('conditions', [])) for x in L)"
run replay --format json --profile latest "$SCENARIOS/deadline-exceeded.json"
need "without --policy: the expected file, byte for byte" same_as "$SCENARIOS/deadline-exceeded.latest.expected.jsonl"
end

begin "replay --format table --policy Progressing: the timeline shows Progressing"
run replay --format table --profile latest --policy Progressing "$SCENARIOS/deadline-exceeded.json"
need "exit code 0" rc_is 0
need "Progressing=False(DeadlineExceeded) once the deadline passed" grep -qE '^3 .*Progressing=False\(DeadlineExceeded\)' "$OUT"
end

begin "replay --policy Bogus: exit 2, the registry's message"
run replay --format json --policy Bogus "$SCENARIOS/deadline-exceeded.json"
expect_bad_input "--policy" "unknown condition policy Bogus"
end

begin "replay --policy with a v1.9 profile: exit 2"
run replay --format json --profile v1.9 --policy Started "$SCENARIOS/deadline-exceeded.json"
expect_bad_input "--policy" "v1.9"
end

# data/legacy-scenario.json: a TrainJob with the legacy Created condition, two steps.
begin "replay --migrate: Created removed in the first step, a change"
run replay --format json --migrate "$DATA/legacy-scenario.json"
need "exit code 0" rc_is 0
need "no Created, changed in step 0 only" py "L is not None and all('conditions' not in x['status'] for x in L) and L[0]['changed'] is True and L[1]['changed'] is False"
run replay --format json "$DATA/legacy-scenario.json"
need "without --migrate: Created kept" py "L is not None and [c['type'] for c in L[1]['status']['conditions']] == ['Created']"
end

begin "replay --profile v1.9: the legacy controller's Created"
run replay --format json --profile v1.9 "$DATA/legacy-scenario.json"
need "exit code 0" rc_is 0
need "Created=True(JobsCreationSucceeded) kept" py "L is not None and [(c['type'], c['reason']) for c in L[0]['status']['conditions']] == [('Created', 'JobsCreationSucceeded')]"
end

# ---------------------------------------------------------------------------------------------
# Schema-invalid input (schema.sh): refused, exit 2, unless --no-validate.

schema_files
for c in "${schema_cases[@]}"; do
  IFS='|' read -r name conds jobs path what <<<"$c"
  f="$WORK/schema-$name.json"

  schema_scenario "$WORK/schema-scenario-$name.json" "$f" null -
  begin "replay of a scenario whose TrainJob has $name: exit 2, trainjob.$path named"
  run replay --format json "$WORK/schema-scenario-$name.json"
  expect_bad_input "trainjob-conditions: $WORK/schema-scenario-$name.json: trainjob.$path: $what"
  end

  begin "replay --no-validate of a scenario whose TrainJob has $name: exit 0, every step"
  run replay --format json --no-validate "$WORK/schema-scenario-$name.json"
  need "exit code 0" rc_is 0
  need "nothing on stderr" err_empty
  need "two steps, the finished job left alone" \
    py "L is not None and len(L) == 2 and all(x['changed'] is False and x['status'] == json.load(open('$f'))['status'] for x in L)"
  end
done

begin "valid input with 8 conditions (the CRD's maximum): replay accepts it"
schema_scenario "$WORK/schema-scenario-ok.json" "$WORK/schema-eight.json" "$(cat "$WORK/schema-js-ok.json")" \
  "$(cat "$WORK/schema-js-ok.json")"
run replay --format json "$WORK/schema-scenario-ok.json"
need "replay: exit code 0" rc_is 0
need "replay: nothing on stderr" err_empty
need "replay: two steps" test "$(wc -l <"$OUT")" -eq 2
end

begin "replay of a scenario whose JobSets have a negative count: exit 2, jobset and steps[1].jobset named"
schema_scenario "$WORK/schema-scenario-js.json" "$WORK/schema-ok.json" "$(cat "$WORK/schema-js-negative.json")" -
run replay --format json "$WORK/schema-scenario-js.json"
expect_bad_input "trainjob-conditions: $WORK/schema-scenario-js.json: jobset.status.replicatedJobsStatus[0].failed: must be >= 0"
schema_scenario "$WORK/schema-scenario-step-js.json" "$WORK/schema-ok.json" "$(cat "$WORK/schema-js-ok.json")" \
  "$(cat "$WORK/schema-js-negative.json")"
run replay --format table "$WORK/schema-scenario-step-js.json"
expect_bad_input "trainjob-conditions: $WORK/schema-scenario-step-js.json: steps[1].jobset.status.replicatedJobsStatus[0].failed: must be >= 0"
run replay --format json --no-validate "$WORK/schema-scenario-step-js.json"
need "with --no-validate: exit code 0" rc_is 0
need "with --no-validate: nothing on stderr" err_empty
need "with --no-validate: two steps" test "$(wc -l <"$OUT")" -eq 2
end

# ---------------------------------------------------------------------------------------------
# Standard output that cannot be written: exit 1 with one message (see expect_write_error).

begin "replay > /dev/full (json and table): exit 1, 'writing standard output'"
skip_without_dev_full
if [[ -w /dev/full ]]; then
  run_full replay --format json --profile latest "$SCENARIOS/deadline-exceeded.json"
  expect_write_error " (json)"
  run_full replay --format table --profile latest "$SCENARIOS/deadline-exceeded.json"
  expect_write_error " (table)"
fi
end

finish
