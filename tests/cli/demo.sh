#!/usr/bin/env bash
# CLI tests of `trainjob-conditions demo`: a timeline for every example scenario, from the
# repository root or --dir, and a standard output that cannot be written.
#
#   bash tests/cli/demo.sh <path to trainjob-conditions> <repository root>
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"

mapfile -t example_files < <(find "$EXAMPLES/scenarios" -maxdepth 1 -name '*.json' | sort)

begin "demo from the repository root: exit 0, a timeline for every example scenario"
(cd "$ROOT" && "$TOOL" demo </dev/null >"$OUT" 2>"$ERR")
RC=$?
need "exit code 0" rc_is 0
need "nothing on stderr" err_empty
need "at least 5 example scenarios" test "${#example_files[@]}" -ge 5
cp "$OUT" "$WORK/demo.txt"
# Each example: a "== <name> (profile P)" line per profile (v2.0 and latest when it names none),
# followed by its description and a table header, in file-name order.
need "one timeline per example and profile, in order" \
  py "[t[0] for t in timelines(text)] == ['== %s (profile %s)' % (e['name'], p) for e, p in examples('$EXAMPLES/scenarios')]"
need "each timeline: the description, a table header and one row per step" \
  py "all(t[1] == '   ' + e['description'] and t[2][0].split() == ['STEP', 'NOW', 'WHAT', 'HAPPENED', 'CONDITIONS', 'STATE', 'ACTIONS'] and [r.split()[0] for r in t[2][1:]] == [str(i) for i in range(len(e['steps']))] for t, (e, p) in zip(timelines(text), examples('$EXAMPLES/scenarios')))"
end

begin "demo --dir examples/scenarios from elsewhere: the same output"
(cd "$WORK" && "$TOOL" demo --dir "$EXAMPLES/scenarios" </dev/null >"$OUT" 2>"$ERR")
RC=$?
need "exit code 0" rc_is 0
need "same output as from the repository root" same_as "$WORK/demo.txt"
end

begin "demo --dir of a directory without scenarios: exit 2"
mkdir -p "$WORK/empty"
run demo --dir "$WORK/empty"
expect_bad_input "$WORK/empty"
end

# Standard output that cannot be written: exit 1 with one message (see expect_write_error).
begin "demo > /dev/full: exit 1, 'writing standard output'"
skip_without_dev_full
if [[ -w /dev/full ]]; then
  run_full demo --dir "$EXAMPLES/scenarios"
  expect_write_error " (demo)"
fi
end

finish
