#!/usr/bin/env bash
# CLI tests of `trainjob-conditions compare`: scenarios and --explore, table and JSON, --check,
# the witnesses (each replayed by `replay`), exit codes 0, 1 and 2.
#
#   bash tests/cli/compare.sh <path to trainjob-conditions> <repository root>
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"

begin "compare of a scenario, the same side twice: exit 0, no difference"
run compare --from v2.2 --to v2.2 "$EXAMPLES/scenarios/02-jobset-failed.json"
need "exit code 0" rc_is 0
need "nothing on stderr" err_empty
need "says no difference" out_has "no difference (4 steps)"
end

begin "compare --from v2.0 --to v2.1 on a JobSet both Completed and Failed: exit 1, the step marked"
run compare --from v2.0 --to v2.1 "$EXAMPLES/scenarios/06-completed-and-failed.json"
need "exit code 1" rc_is 1
need "nothing on stderr" err_empty
need "the first difference is named" out_has "FIRST DIFFERENCE: step "
need "an ASPECT table with both sides" grep -qE '^ASPECT +v2\.0 +v2\.1$' "$OUT"
need "both timelines side by side" grep -qE '^STEP +NOW +WHAT HAPPENED +v2\.0 CONDITIONS +v2\.0 STATE +v2\.0 ACTIONS +v2\.1 CONDITIONS' "$OUT"
need "one step marked *" test "$(grep -cE '^\*[0-9]+ ' "$OUT")" -eq 1
end

begin "compare -o json: the difference, both timelines, a witness that replay reproduces"
run compare --from v2.0 --to v2.1 -o json "$EXAMPLES/scenarios/06-completed-and-failed.json"
need "exit code 1" rc_is 1
need "from, to and one scenario" py "d['from'] == {'profile': 'v2.0', 'policies': []} and d['to']['profile'] == 'v2.1' and len(d['scenarios']) == 1"
need "the difference's step, aspects, views and witness" \
  py "[(x['aspects'] != [] and len(x['witness']['steps']) == x['step'] + 1 and s['from'][x['step']] != s['to'][x['step']]) for s in d['scenarios'] for x in [s['difference']]] == [True]"
python3 -c 'import json,sys; json.dump(json.load(open(sys.argv[1]))["scenarios"][0]["difference"]["witness"], open(sys.argv[2], "w"))' "$OUT" "$WORK/witness.json" 2>/dev/null
cp "$OUT" "$WORK/compare.json"
run replay -o json --profile v2.1 "$WORK/witness.json"
need "the witness replays under the to side" rc_is 0
need "its last step is the to side's conditions" \
  py "[c['type'] + '=' + c['status'] + '(' + c['reason'] + ')' for c in L[-1]['status'].get('conditions', [])] == json.load(open('$WORK/compare.json'))['scenarios'][0]['difference']['to']['conditions']"
end

begin "compare --explore 1, v1.9 to v2.0: one difference, Created, in every history"
run compare --from v1.9 --to v2.0 --explore 1
need "exit code 1" rc_is 1
need "the count of histories" out_has "EXPLORED: depth 1, 15 events, 16 histories (1 run)"
need "Created is what differs" grep -qE '^conditions +Created=True\(JobsCreationSucceeded\) +-$' "$OUT"
need "the summary line" out_has "1 difference, 0 violations"
end

begin "compare --explore 2 -o json: each witness replays to the difference reported"
run compare --from v2.1 --to latest --explore 2 -o json
need "exit code 1" rc_is 1
need "histories and runs" py "d['histories'] == 241 and 0 < d['runs'] < 241 and d['depth'] == 2 and len(d['events']) == 15"
need "differences, each with its witness" py "d['differences'] and all(len(x['witness']['steps']) == len(x['events']) + 1 for x in d['differences'])"
cp "$OUT" "$WORK/explore.json"
ok=1
n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["differences"]))' "$WORK/explore.json" 2>/dev/null || echo 0)
for ((i = 0; i < n; i++)); do
  python3 -c 'import json,sys; json.dump(json.load(open(sys.argv[1]))["differences"][int(sys.argv[2])]["witness"], open(sys.argv[3], "w"))' \
    "$WORK/explore.json" "$i" "$WORK/w$i.json"
  "$TOOL" compare --from v2.1 --to latest -o json "$WORK/w$i.json" >"$WORK/c$i.json" 2>/dev/null
  python3 - "$WORK/explore.json" "$i" "$WORK/c$i.json" <<'PY' || ok=0
import json, sys
x = json.load(open(sys.argv[1]))["differences"][int(sys.argv[2])]
c = json.load(open(sys.argv[3]))["scenarios"][0]["difference"]
assert c is not None and c["step"] == x["step"] and c["key"] == x["key"], (x["key"], c)
PY
done
need "every witness, compared as a scenario, shows its difference at its step ($n witnesses)" test "$ok" -eq 1 -a "$n" -gt 0
end

begin "compare --explore 3 --check all, the same side: violations of v2.1, each with its witness"
run compare --from v2.1 --to v2.1 --explore 3 --check all
need "exit code 1" rc_is 1
need "terminal-sticky is violated (kubeflow/trainer 3737)" grep -qE '^VIOLATION [0-9]+ of [0-9]+: v2\.1 terminal-sticky at step 2: ' "$OUT"
need "exclusive-terminal is violated" out_has "v2.1 exclusive-terminal at step 1"
need "the same side twice: no difference, each violation once" out_has "0 differences, 4 violations"
end

begin "compare --explore 3 --check all --witness-dir: each witness a file that replay runs to its violation"
run compare --from v2.1 --to v2.1 --explore 3 --check all --witness-dir "$WORK/witnesses"
need "exit code 1" rc_is 1
need "four violation files, named in the output" \
  test "$(grep -c "^WITNESS FILE: $WORK/witnesses/violation-[1-4].json$" "$OUT")" -eq 4
need "and nothing else written" test "$(ls "$WORK/witnesses" | tr '\n' ' ')" = "violation-1.json violation-2.json violation-3.json violation-4.json "
cp "$OUT" "$WORK/explore3.txt"
ok=1
for i in 1 2 3 4; do
  # "VIOLATION 2 of 4: v2.1 exclusive-terminal at step 1: ..." -> exclusive-terminal 1
  inv="" step=""
  read -r inv step < <(sed -n -E "s/^VIOLATION $i of 4: v2\.1 ([a-z-]+) at step ([0-9]+): .*/\1 \2/p" "$WORK/explore3.txt") || true
  "$TOOL" compare --from v2.1 --to v2.1 --check "${inv:-none}" "$WORK/witnesses/violation-$i.json" >"$WORK/v$i.txt" 2>&1 || true
  grep -qE "^v2\.1 +${inv:-none} +${step:-x} " "$WORK/v$i.txt" || ok=0
done
need "each violation-N.json, compared as a scenario, shows violation N at its step" test "$ok" -eq 1
end

begin "compare --explore 2 -o json --witness-dir: witnessFile beside each inline witness, the same scenario"
run compare --from v2.1 --to latest --explore 2 -o json --witness-dir "$WORK/w2"
need "exit code 1" rc_is 1
need "each difference names its file, which holds its witness" \
  py "d['differences'] and all(json.load(open(x['witnessFile'])) == x['witness'] for x in d['differences'])"
run compare --from v2.1 --to latest "$EXAMPLES/scenarios/01-suspend-resume-complete.json" --witness-dir "$WORK/w3"
need "--witness-dir without --explore is bad usage" rc_is 2
need "it says so" err_has "--witness-dir goes with --explore"
end

begin "compare --explore 3 --check terminal-sticky: latest keeps Failed, exit 0"
run compare --from latest --to latest --explore 3 --check terminal-sticky
need "exit code 0" rc_is 0
need "nothing found" out_has "0 differences, 0 violations"
end

begin "compare --check on scenarios: the violations table"
run compare --from v2.1 --to latest --check terminal-sticky "$EXAMPLES/scenarios/04-jobset-ttl-after-complete.json" \
  "$EXAMPLES/scenarios/05-jobset-ttl-after-failed-v2.2.json"
need "exit code 1" rc_is 1
need "a SIDE INVARIANT STEP MESSAGE table" grep -qE '^SIDE +INVARIANT +STEP +MESSAGE$' "$OUT"
need "v2.1 takes the Failed away" grep -qE '^v2\.1 +terminal-sticky +[0-9]+ +the pass takes away the Failed=True' "$OUT"
end

begin "compare with policies: labels name them"
run compare --from latest --to latest --to-policy Initialized --to-policy ComponentsCreated --explore 0
need "exit code 1" rc_is 1
need "the to side's label" out_has "latest+Initialized+ComponentsCreated"
end

begin "compare -o html: one page, both sides' timelines, the first difference marked; exit codes as the table"
skip_without_py
run compare --from v2.0 --to v2.1 -o html "$EXAMPLES/scenarios/06-completed-and-failed.json" \
  "$EXAMPLES/scenarios/02-jobset-failed.json"
need "exit code 1" rc_is 1
need "nothing on stderr" err_empty
cp "$OUT" "$WORK/compare.html"
need "well-formed, 2 scenarios, each marked at step 1, as the table" python3 "$ROOT/tests/cli/html_check.py" "$WORK/compare.html" \
  --count scenario=2 --count first-difference=2 --text "First difference: step 1" --text "v2.0" --text "v2.1"
run compare --from v2.2 --to v2.2 -o html "$EXAMPLES/scenarios/02-jobset-failed.json"
need "the same side: exit 0" rc_is 0
need "no mark" out_lacks "first-difference"
need "no difference (4 steps)" out_has "no difference (4 steps)"
run compare --from v2.1 --to v2.1 --explore 3 --check all -o html
need "--explore with violations: exit 1" rc_is 1
cp "$OUT" "$WORK/explore.html"
need "a section and a marked timeline per violation, as the table's 4" \
  python3 "$ROOT/tests/cli/html_check.py" "$WORK/explore.html" --count violation=4 --count violation-step=4 --count first-difference=0 \
  --text "0 differences, 4 violations"
run compare --from v2.1 --to latest -o html "$DATA/back-in-time.json"
expect_bad_input "$DATA/back-in-time.json" "steps[2].now"
end

begin "compare bad usage: exit 2 each"
run compare --to latest --explore 1
expect_bad_input "--from is required"
run compare --from v2.1 --to latest
expect_bad_input "no SCENARIO given"
run compare --from v2.1 --to latest --explore 9
expect_bad_input "--explore takes a depth from 0 to 8"
run compare --from v2.1 --to latest --explore x1
expect_bad_input "--explore takes a depth"
run compare --from v2.1 --to latest --explore 1 "$EXAMPLES/scenarios/02-jobset-failed.json"
expect_bad_input "not both"
run compare --from v2.1 --to latest --explore 1 --check exclusive-terminl
expect_bad_input "--check takes" "did you mean exclusive-terminal?"
run compare --from v3 --to latest --explore 1
expect_bad_input 'unknown profile "v3"'
run compare --from v1.9 --from-policy Initialized --to latest --explore 1
expect_bad_input "--from-policy"
run compare --from v2.1 --to latest -o yaml --explore 1
expect_bad_input '"yaml"'
end

begin "compare of a bad scenario: exit 2, the path named"
run compare --from v2.1 --to latest "$DATA/back-in-time.json"
expect_bad_input "$DATA/back-in-time.json" "steps[2].now"
end

begin "compare --help: the flags and an example"
run compare --help
need "exit code 0" rc_is 0
need "usage line" out_line_starts 1 "usage: trainjob-conditions compare [flags] [SCENARIO...]"
need "--explore DEPTH" out_has "--explore DEPTH"
need "--check's values" out_has "(exclusive-terminal|terminal-sticky|transition-time|state-column|condition-limit|all)"
end

finish
