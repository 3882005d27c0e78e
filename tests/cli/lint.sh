#!/usr/bin/env bash
# CLI tests of `trainjob-conditions lint`: clean objects, each rule with its path, --previous,
# --format json, --policy sets, bad input and a standard output that cannot be written.
#
#   bash tests/cli/lint.sh <path to trainjob-conditions> <repository root>
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"

for f in complete.json failed.json deadline.json suspended.json pending.json deleted.json; do
  begin "lint $f: clean, exit 0, silent"
  run lint --format text "$STATE/$f"
  need "exit code 0" rc_is 0
  need "nothing on stdout" out_empty
  need "nothing on stderr" err_empty
  end
done

begin "lint of every upstream TrainJob: clean"
for f in "$UPSTREAM"/trainer-master__TrainJob__*.json; do
  run lint --format text "$f"
  need "$(basename "$f"): exit code 0" rc_is 0
  need "$(basename "$f"): nothing on stdout" out_empty
done
end

begin "lint of a resumed running job: exit 1, misleading-state-column at status.conditions[0]"
run lint --format text "$STATE/resumed-running.json"
need "exit code 1" rc_is 1
need "nothing on stderr" err_empty
need "one finding" test "$(wc -l <"$OUT")" -eq 1
need "FILE: path: [rule] severity: message" \
  grep -qF "$STATE/resumed-running.json: status.conditions[0]: [misleading-state-column] warning: \`kubectl get trainjob\` shows State \"Suspended\" from a condition that is False; the job is Running (kubeflow/trainer 3666)" "$OUT"
end

begin "lint of conventions.json: exit 1, each broken convention named with its path"
run lint --format text "$LINT/conventions.json"
need "exit code 1" rc_is 1
for want in "status.conditions[0].type: [negative-polarity-type] warning" \
  "status.conditions[0].reason: [reason-not-camelcase] warning" \
  "status.conditions[1].type: [type-not-camelcase] warning" \
  "status.conditions[1].reason: [reason-not-camelcase] warning" \
  "status.conditions[1].message: [empty-message-on-false] warning" \
  "status.conditions[1].lastTransitionTime: [transition-before-creation] warning" \
  "status.conditions[2].type: [negative-polarity-type] warning" \
  "status.conditions[2].reason: [reason-not-camelcase] warning" \
  "status.conditions[2].observedGeneration: [observed-generation-ahead] error" \
  "status.conditions[2]: [misleading-state-column] warning"; do
  need "$want" out_has "$LINT/conventions.json: $want: "
done
need "exactly 10 findings" test "$(wc -l <"$OUT")" -eq 10
end

begin "lint of a schema violation: exit 1, [schema] with the path"
run lint --format text "$DATA/bad-condition.json"
need "exit code 1" rc_is 1
need "schema finding at status.conditions[0].reason" out_has "$DATA/bad-condition.json: status.conditions[0].reason: [schema] error: "
end

begin "lint of both terminal, too many types, legacy Created: exit 1, each rule"
run lint --format text "$STATE/both-terminal.json"
need "complete-and-failed" out_has "status.conditions[1]: [complete-and-failed] error: "
run lint --format text "$LINT/too-many-types.json"
need "too-many-condition-types" out_has "status.conditions: [too-many-condition-types] error: "
run lint --format text "$STATE/legacy-created-v1.9.json"
need "legacy-created" out_has "status.conditions[0].type: [legacy-created] warning: "
need "exit code 1" rc_is 1
end

begin "lint --previous: a terminal condition removed (kubeflow/trainer 3737): exit 1"
run lint --format text --previous "$LINT/terminal-removed.previous.json" "$LINT/terminal-removed.current.json"
need "exit code 1" rc_is 1
need "terminal-condition-removed at status.conditions" \
  out_has "$LINT/terminal-removed.current.json: status.conditions: [terminal-condition-removed] error: Failed was True since 2025-06-12T11:07:12Z"
end

begin "lint --previous of the same finished job: exit 0"
run lint --format text --previous "$STATE/complete.json" "$STATE/complete.json"
need "exit code 0" rc_is 0
need "nothing on stdout" out_empty
end

begin "lint --format json: an array of {file, path, rule, severity, message}"
run lint --format json --previous "$LINT/terminal-removed.previous.json" "$LINT/terminal-removed.current.json"
need "exit code 1" rc_is 1
need "the one finding" py "d == [{'file': '$LINT/terminal-removed.current.json', 'path': 'status.conditions', 'rule': 'terminal-condition-removed', 'severity': 'error', 'message': d[0]['message']}]"
run lint --format=json "$STATE/complete.json"
need "clean: exit code 0" rc_is 0
need "clean: []" py "d == []"
end

begin "lint --policy of a valid set: exit 0, silent"
run lint --format text --policy Initialized --policy ComponentsCreated --policy Started
need "exit code 0" rc_is 0
need "nothing on stdout" out_empty
need "nothing on stderr" err_empty
end

begin "lint --policy of a refused set: exit 1, every problem named"
run lint --format text --policy Running --policy Complete --policy Bogus --policy Running
need "exit code 1" rc_is 1
need "policy-owns-builtin" out_has "--policy: policies[1]: [policy-owns-builtin] error: "
need "unknown-policy" out_has "--policy: policies[2]: [unknown-policy] error: "
need "duplicate-policy-type" out_has "--policy: policies[3]: [duplicate-policy-type] error: "
need "in the order of the names" test "$(cut -d' ' -f2 "$OUT" | tr '\n' ' ')" = "policies[1]: policies[2]: policies[3]: "
end

begin "lint --policy of six policies: too-many-condition-types"
run lint --format text --policy Initialized --policy ComponentsCreated --policy Accepted --policy Progressing --policy Started --policy Running
need "exit code 1" rc_is 1
need "too-many-condition-types" out_has "--policy: policies: [too-many-condition-types] error: "
end

begin "lint FILE --policy: both reported, file null for the set in JSON"
run lint --format json --policy Running --policy Running "$STATE/resumed-running.json"
need "exit code 1" rc_is 1
need "the TrainJob's finding and the set's" py "[(x['file'], x['rule']) for x in d] == [('$STATE/resumed-running.json', 'misleading-state-column'), (None, 'duplicate-policy-type')]"
end

begin "lint - reads standard input"
run_in "$STATE/resumed-running.json" lint --format text -
need "exit code 1" rc_is 1
need "<stdin> named" out_has "<stdin>: status.conditions[0]: [misleading-state-column]"
end

begin "lint without FILE or --policy: exit 2"
run lint --format text
expect_bad_input "lint" "--policy"
end

begin "lint --previous without FILE: exit 2"
run lint --format text --previous "$STATE/complete.json" --policy Running
expect_bad_input "--previous"
end

begin "lint --previous of another TrainJob: exit 2, both named"
run lint --format text --previous "$STATE/complete.json" "$STATE/failed.json"
expect_bad_input "$STATE/complete.json" "multi-node-example" "multi-step-example"
end

begin "lint of a JobSet: exit 2"
run lint --format text "$UPSTREAM/jobset__JobSet__js.json"
expect_bad_input "kind" "TrainJob"
end

begin "lint of a decode error: exit 2, JSON path named"
run lint --format text "$DATA/bad-status.json"
expect_bad_input "$DATA/bad-status.json" "status.conditions[0].status"
end

begin "lint --format yaml: exit 2"
run lint --format yaml "$STATE/complete.json"
expect_bad_input '"yaml"'
end

# Standard output that cannot be written: exit 1 with one message (see expect_write_error).
begin "lint > /dev/full with a finding (text and json): exit 1, 'writing standard output'"
skip_without_dev_full
if [[ -w /dev/full ]]; then
  run lint --format text "$EXAMPLES/trainjob.json"
  need "the example has a finding to print" test -s "$OUT"
  run_full lint --format text "$EXAMPLES/trainjob.json"
  expect_write_error " (text)"
  run_full lint --format json "$EXAMPLES/trainjob.json"
  expect_write_error " (json)"
fi
end

finish
