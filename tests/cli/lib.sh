# Shared by the CLI tests of trainjob-conditions (tests/cli/<verb>.sh, one ctest entry
# cli_<verb> each): the arguments, the paths, running the tool and checking what it did.
# Each script sources this with its own arguments and ends with `finish`:
#
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"
#   begin "validate of ...: exit 0"; run validate FILE; need "exit code 0" rc_is 0; end
#   finish
#
# JSON is compared with python3 (json module), or jq when python3 is missing; checks that need
# python3 are skipped without it. A script prints one line per test and ends with exactly
# "N passed, M failed"; it exits non-zero when M > 0.
set -u

if [[ $# -ne 2 ]]; then
  echo "usage: $0 <trainjob-conditions> <repository root>" >&2
  exit 2
fi
TOOL=$1
ROOT=$2
if [[ ! -x "$TOOL" || -d "$TOOL" ]]; then
  echo "$0: $TOOL is not an executable" >&2
  exit 2
fi
if [[ ! -d "$ROOT/tests/data/upstream" ]]; then
  echo "$0: $ROOT is not the repository root (no tests/data/upstream)" >&2
  exit 2
fi
# Absolute paths: some tests run the tool from another directory.
TOOL="$(cd "$(dirname "$TOOL")" && pwd)/$(basename "$TOOL")"
ROOT="$(cd "$ROOT" && pwd)"
UPSTREAM="$ROOT/tests/data/upstream"
SCENARIOS="$ROOT/tests/scenarios"
EXAMPLES="$ROOT/examples"
STATE="$ROOT/tests/data/state"
LINT="$ROOT/tests/data/lint"
# The CLI tests' own inputs (tests/cli/data/README.md says what each one is).
DATA="$ROOT/tests/cli/data"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/trainjob-cli.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
OUT="$WORK/stdout"
ERR="$WORK/stderr"
RC=0

HAVE_PY=0
command -v python3 >/dev/null 2>&1 && HAVE_PY=1
HAVE_JQ=0
command -v jq >/dev/null 2>&1 && HAVE_JQ=1

passed=0
failed=0
skipped=0
checks=0

# ---------------------------------------------------------------------------------------------
# Running the tool.

# run ARGS...: runs the tool (standard input from /dev/null), keeps stdout, stderr and the exit code.
run() {
  "$TOOL" "$@" </dev/null >"$OUT" 2>"$ERR"
  RC=$?
}
# run_in FILE ARGS...: the same with standard input from FILE.
run_in() {
  local in=$1
  shift
  "$TOOL" "$@" <"$in" >"$OUT" 2>"$ERR"
  RC=$?
}
# run_full ARGS... / run_full_in FILE ARGS...: run / run_in with standard output on /dev/full.
run_full() {
  "$TOOL" "$@" </dev/null >/dev/full 2>"$ERR"
  RC=$?
  : >"$OUT"
}
run_full_in() {
  local in=$1
  shift
  "$TOOL" "$@" <"$in" >/dev/full 2>"$ERR"
  RC=$?
  : >"$OUT"
}

# ---------------------------------------------------------------------------------------------
# begin NAME ... end: one test; every failed `need` adds a reason.

T_NAME=""
T_ERRS=()
T_SKIP=""
begin() {
  T_NAME=$1
  T_ERRS=()
  T_SKIP=""
}
need() { # need DESCRIPTION COMMAND...
  local what=$1
  shift
  checks=$((checks + 1))
  if ! "$@"; then T_ERRS+=("$what"); fi
}
end() {
  if [[ ${#T_ERRS[@]} -eq 0 ]]; then
    if [[ -n "$T_SKIP" ]]; then
      skipped=$((skipped + 1))
      echo "skip - $T_NAME ($T_SKIP)"
    else
      passed=$((passed + 1))
      echo "ok   - $T_NAME"
    fi
    return
  fi
  failed=$((failed + 1))
  echo "FAIL - $T_NAME"
  local e
  for e in "${T_ERRS[@]}"; do echo "         expected: $e"; done
  echo "         exit code: $RC"
  echo "         stdout (first lines):"
  head -c 1500 "$OUT" | head -n 8 | sed 's/^/           | /'
  echo "         stderr (first lines):"
  head -c 1500 "$ERR" | head -n 8 | sed 's/^/           | /'
}
# finish: the summary line; the script's exit status says whether every test passed.
finish() {
  if [[ $skipped -gt 0 ]]; then echo "($skipped skipped)"; fi
  echo "($checks checks)"
  echo "$passed passed, $failed failed"
  [[ $failed -eq 0 ]]
}

skip_without_py() { [[ $HAVE_PY -eq 1 ]] || T_SKIP="python3 not found"; }
skip_without_dev_full() { [[ -w /dev/full ]] || T_SKIP="no /dev/full"; }

# ---------------------------------------------------------------------------------------------
# Checks.

rc_is() { [[ $RC -eq $1 ]]; }
out_empty() { [[ ! -s "$OUT" ]]; }
err_empty() { [[ ! -s "$ERR" ]]; }
out_has() { grep -qF -- "$1" "$OUT"; }
err_has() { grep -qF -- "$1" "$ERR"; }
err_lacks() { ! grep -qF -- "$1" "$ERR"; }
out_lacks() { ! grep -qF -- "$1" "$OUT"; }
same_as() { cmp -s "$OUT" "$1"; }
rc_in() { local c; for c in "$@"; do [[ $RC -eq $c ]] && return 0; done; return 1; }
out_nonempty() { [[ -s "$OUT" ]]; }
# out_line_is N FILE: line N of stdout is line 1 of FILE, byte for byte.
out_line_is() { [[ "$(sed -n "$1p" "$OUT")" == "$(head -n 1 "$2")" ]]; }
# out_line_starts N PREFIX: line N of stdout starts with PREFIX.
out_line_starts() { [[ "$(sed -n "$1p" "$OUT")" == "$2"* ]]; }
# The first line of stderr is the one message: it starts with the tool's name and says $@.
err_first_line_has() {
  local first s
  first=$(head -n 1 "$ERR")
  for s in "$@"; do
    [[ "$first" == *"$s"* ]] || return 1
  done
}
one_message() {
  [[ "$(head -n 1 "$ERR")" == "trainjob-conditions: "* ]] && [[ $(grep -c '^trainjob-conditions: ' "$ERR") -eq 1 ]]
}
# every_err_line_is_ours: each line of stderr is a message of the tool.
every_err_line_is_ours() { [[ -s "$ERR" ]] && ! grep -qv '^trainjob-conditions: ' "$ERR"; }

# A usage or input error: exit 2, nothing on stdout, one message whose first line says $@.
expect_bad_input() {
  need "exit code 2" rc_is 2
  need "nothing on stdout" out_empty
  need "one message on stderr, starting with 'trainjob-conditions: '" one_message
  local s
  for s in "$@"; do
    need "the message names '$s'" err_first_line_has "$s"
  done
}
# Standard output that cannot be written (/dev/full: "No space left on device"): exit 1, and
# stderr is the one message "trainjob-conditions: writing standard output: <strerror>".
expect_write_error() {
  local what=${1:-}
  need "exit code 1${what}" rc_is 1
  need "stderr is one line, 'trainjob-conditions: writing standard output: No space left on device'${what}" \
    test "$(cat "$ERR")" = "trainjob-conditions: writing standard output: No space left on device"
}

# py EXPR [FILE]: evaluates a Python expression over FILE (default: stdout) with
#   text: the raw text, d: the document parsed as one JSON value (None when it is not),
#   L: the lines parsed as JSON values (None when one is not).
# Without python3 the check passes and the test is reported as skipped.
py() {
  local expr=$1 file=${2:-$OUT}
  if [[ $HAVE_PY -eq 0 ]]; then
    T_SKIP="python3 not found"
    return 0
  fi
  python3 - "$file" "$expr" <<'PY'
import json, sys
text = open(sys.argv[1], encoding="utf-8").read()
try:
    d = json.loads(text)
except ValueError:
    d = None
try:
    L = [json.loads(l) for l in text.splitlines()]
except ValueError:
    L = None

def docs(t):
    """Concatenated JSON values (what validate --print writes for several objects)."""
    dec, i, out = json.JSONDecoder(), 0, []
    while True:
        while i < len(t) and t[i].isspace():
            i += 1
        if i >= len(t):
            return out
        v, i = dec.raw_decode(t, i)
        out.append(v)

def timelines(t):
    """demo output: [(title line, description line, table lines)] per timeline."""
    out, cur = [], None
    for line in t.splitlines():
        if line.startswith("== "):
            cur = [line, None, []]
            out.append(cur)
        elif cur is not None and cur[1] is None and line.startswith("   "):
            cur[1] = line
        elif cur is not None and line:
            cur[2].append(line)
    return out

def examples(d):
    """The example scenarios, by file name, each shown under its profile or v2.0 and latest."""
    import glob
    out = []
    for f in sorted(glob.glob(d + "/*.json")):
        e = json.load(open(f, encoding="utf-8"))
        for p in ([e["profile"]] if "profile" in e else ["v2.0", "latest"]):
            out.append((e, p))
    return out
ok = False
try:
    ok = bool(eval(sys.argv[2]))
except Exception as e:  # a failed check, not a crash of the script
    print("         python: %s: %s" % (type(e).__name__, e), file=sys.stderr)
sys.exit(0 if ok else 1)
PY
}

# json_equal A B: the two files hold the same JSON value.
json_equal() {
  if [[ $HAVE_PY -eq 1 ]]; then
    python3 -c 'import json,sys; sys.exit(0 if json.load(open(sys.argv[1])) == json.load(open(sys.argv[2])) else 1)' "$1" "$2"
  elif [[ $HAVE_JQ -eq 1 ]]; then
    diff <(jq -S . "$1") <(jq -S . "$2") >/dev/null
  else
    T_SKIP="neither python3 nor jq found"
    return 0
  fi
}
