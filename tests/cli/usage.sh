#!/usr/bin/env bash
# CLI tests of trainjob-conditions itself, whatever the verb: --help, --version, no command or an
# unknown one, and usage errors that quote the command line bounded and as valid UTF-8.
#
#   bash tests/cli/usage.sh <path to trainjob-conditions> <repository root>
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"

begin "--help: exit 0, usage on stdout"
run --help
need "exit code 0" rc_is 0
need "usage on stdout" out_has "usage: trainjob-conditions"
need "the batch line limit, from the library's parse limit" out_has "(default and maximum 268435456)"
end

begin "--help: --no-validate for reconcile, replay, compare, state, audit and batch"
run --help
need "exit code 0" rc_is 0
need "six synopses with [--no-validate]" test "$(grep -c -- '\[--no-validate\]' "$OUT")" -eq 6
need "what it skips" out_has "--no-validate skips that check"
end

# A usage mistake is one line naming it, then where to read the usage: no usage text.
see_line_is() { [[ "$(sed -n 2p "$ERR")" == "$1" && $(wc -l <"$ERR") -eq 2 ]]; }

begin "no command: exit 2, one line, then See '... --help'"
run
expect_bad_input "no command given"
need "then See 'trainjob-conditions --help'." see_line_is "See 'trainjob-conditions --help'."
end

begin "unknown command: exit 2, command named, See '... --help'"
run frobnicate
expect_bad_input '"frobnicate"'
need "no suggestion for a far word" err_lacks "did you mean"
need "then See 'trainjob-conditions --help'." see_line_is "See 'trainjob-conditions --help'."
end

begin "a misspelt command: did you mean the nearest"
run valdate x.json
expect_bad_input 'unknown command "valdate" (did you mean validate?)'
run stat x.json
expect_bad_input 'unknown command "stat" (did you mean state?)'
end

begin "a misspelt flag: did you mean the nearest flag of that verb, See 'VERB --help'"
run state --fromat text "$EXAMPLES/trainjob.json"
expect_bad_input "state: unknown option --fromat (did you mean --format?)"
need "then See 'trainjob-conditions state --help'." see_line_is "See 'trainjob-conditions state --help'."
run reconcile --no-jobst --trainjob "$EXAMPLES/trainjob.json"
expect_bad_input "reconcile: unknown option --no-jobst (did you mean --no-jobset?)"
run lint --polcy=Initialized
expect_bad_input "lint: unknown option --polcy=Initialized (did you mean --policy?)"
run state --format txt "$EXAMPLES/trainjob.json"
expect_bad_input 'state: --format takes json or text, got "txt" (did you mean text?)'
end

for v in validate reconcile replay compare state lint audit batch demo; do
  begin "$v --help and -h: exit 0, the verb's usage with an example"
  run "$v" --help
  need "exit code 0" rc_is 0
  need "nothing on stderr" err_empty
  need "usage: trainjob-conditions $v" out_line_starts 1 "usage: trainjob-conditions $v [flags]"
  need "an example" out_has "Example:"
  need "the example runs the verb" out_has "  trainjob-conditions $v "
  need "lists -h, --help" out_has "-h, --help"
  cp "$OUT" "$WORK/help-long"
  run "$v" -h
  need "-h: the same" same_as "$WORK/help-long"
  end
done

begin "help VERB: the verb's usage"
run help state
need "exit code 0" rc_is 0
need "state's usage" out_line_starts 1 "usage: trainjob-conditions state"
end

# Messages quote the command line bounded and as valid UTF-8 (issue 17): a byte that is not
# UTF-8 is shown as U+FFFD (EF BF BD), a control character escaped, a long value cut with
# its length.
FFFD=$'\xEF\xBF\xBD'
no_raw_byte() { ! LC_ALL=C grep -q "$1" "$ERR"; }

begin "usage errors: invalid bytes from the command line shown as U+FFFD"
run replay --format $'x\xffy'
expect_bad_input "replay: --format takes json or table, got \"x${FFFD}y\""
need "no raw 0xFF byte on stderr" no_raw_byte $'\xff'
end

begin "usage errors: an unknown command with invalid bytes and a control character"
run $'fro\xfe\x01b'
expect_bad_input "unknown command \"fro${FFFD}\\u0001b\""
need "no raw 0xFE byte on stderr" no_raw_byte $'\xfe'
end

begin "usage errors: an unknown option and a --now value with invalid bytes"
run validate $'--x\xff'
expect_bad_input "validate: unknown option --x${FFFD}"
run reconcile --now $'2025\xc0' --trainjob x --no-jobset
expect_bad_input "got \"2025${FFFD}\""
need "no raw 0xC0 byte on stderr" no_raw_byte $'\xc0'
end

begin "usage errors: a 100 kB profile name is cut, with its length"
run reconcile --profile "$(printf 'p%.0s' $(seq 100000))" --trainjob x --no-jobset --now 2025-06-12T10:00:00Z
expect_bad_input "unknown profile \"ppp" "\" (100000 bytes): expected v1.9"
need "a message under 300 bytes" test "$(head -n 1 "$ERR" | wc -c)" -lt 300
end

begin "a file name with invalid bytes is shown with U+FFFD"
run validate "$WORK/"$'no\xffsuch.json'
expect_bad_input "no${FFFD}such.json: cannot open"
need "no raw 0xFF byte on stderr" no_raw_byte $'\xff'
end

# Standard output that cannot be written: exit 1 with one message (see expect_write_error).
begin "--help and --version > /dev/full: exit 1, 'writing standard output'"
skip_without_dev_full
if [[ -w /dev/full ]]; then
  run_full --help
  expect_write_error " (--help)"
  run_full --version
  expect_write_error " (--version)"
fi
end

# Exit 3 is an internal failure, not the input's fault: here, memory running out while a valid
# 11 MB TrainJob is decoded. The address-space limit is lowered until the run fails (the first
# limit it fails at depends on the build); that failure must be exit 3, "out of memory".
begin "out of memory (ulimit -v): exit 3, 'out of memory', nothing on stdout"
# clang links its sanitizer runtimes statically, gcc dynamically: look for either.
if ldd "$TOOL" 2>/dev/null | grep -q 'lib[at]san' || grep -aq -e '__asan_init' -e '__tsan_init' "$TOOL"; then
  T_SKIP="a sanitized build reserves address space; ulimit -v cannot bound it"
elif [[ $HAVE_PY -eq 0 ]]; then
  T_SKIP="python3 not found"
else
  python3 - "$EXAMPLES/trainjob.json" "$WORK/big.json" <<'PY'
import json, sys
tj = json.load(open(sys.argv[1]))
tj["metadata"]["labels"] = {"k%07d" % i: "v" * 40 for i in range(200000)}
json.dump(tj, open(sys.argv[2], "w"))
PY
  limit=1048576
  while [[ $limit -gt 8192 ]]; do
    (ulimit -v $limit && "$TOOL" validate "$WORK/big.json" </dev/null >"$OUT" 2>"$ERR")
    RC=$?
    [[ $RC -ne 0 ]] && break
    limit=$((limit * 3 / 4))
  done
  need "some limit made it fail (the last: $limit KiB)" test "$RC" -ne 0
  need "exit code 3" rc_is 3
  need "nothing on stdout" out_empty
  need "one message, 'out of memory'" err_first_line_has "trainjob-conditions: " "out of memory"
fi
end

finish
