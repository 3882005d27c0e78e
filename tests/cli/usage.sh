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

begin "--help: --no-validate for reconcile, replay, state and batch"
run --help
need "exit code 0" rc_is 0
need "four synopses with [--no-validate]" test "$(grep -c -- '\[--no-validate\]' "$OUT")" -eq 4
need "what it skips" out_has "--no-validate skips that check"
end

begin "no command: exit 2, usage on stderr"
run
need "exit code 2" rc_is 2
need "nothing on stdout" out_empty
need "usage on stderr" err_has "usage: trainjob-conditions"
end

begin "unknown command: exit 2, command named"
run frobnicate
expect_bad_input '"frobnicate"'
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

finish
