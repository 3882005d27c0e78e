#!/usr/bin/env bash
# CLI tests of `trainjob-conditions batch`: each line's output is the reconcile verb's, byte
# for byte, whatever the threads; bad, blank, long and huge lines; the memory budget; usage
# errors; schema-invalid input (schema.sh); a standard output that cannot be written; and
# batch in a live pipeline.
#
#   bash tests/cli/batch.sh <path to trainjob-conditions> <repository root>
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"
source "$(dirname "${BASH_SOURCE[0]}")/schema.sh"

BATCH_SAMPLE="$ROOT/tests/data/batch/sample.jsonl"
# batch_line TRAINJOB JOBSET|null NOW: one input line (compact JSON; needs python3).
batch_line() {
  python3 -c 'import json,sys
js = None if sys.argv[2] == "null" else json.load(open(sys.argv[2]))
print(json.dumps({"trainjob": json.load(open(sys.argv[1])), "jobset": js, "now": sys.argv[3]}, separators=(",", ":")))' "$@"
}
if [[ $HAVE_PY -eq 1 ]]; then
  {
    batch_line "$EXAMPLES/trainjob.json" "$EXAMPLES/jobset.json" 2025-06-11T08:45:12Z
    batch_line "$EXAMPLES/trainjob.json" null 2025-06-11T08:45:12Z
    batch_line "$DATA/tj-running.json" "$DATA/js-both.json" 2025-06-12T09:15:00Z
    batch_line "$DATA/tj-complete.json" null 2025-06-12T09:30:00Z
  } >"$WORK/batch.jsonl"
  # What the reconcile verb prints for the same objects, line by line.
  for p in latest v2.0; do
    {
      "$TOOL" reconcile --profile $p --trainjob "$EXAMPLES/trainjob.json" --jobset "$EXAMPLES/jobset.json" --now 2025-06-11T08:45:12Z
      "$TOOL" reconcile --profile $p --trainjob "$EXAMPLES/trainjob.json" --no-jobset --now 2025-06-11T08:45:12Z
      "$TOOL" reconcile --profile $p --trainjob "$DATA/tj-running.json" --jobset "$DATA/js-both.json" --now 2025-06-12T09:15:00Z
      "$TOOL" reconcile --profile $p --trainjob "$DATA/tj-complete.json" --no-jobset --now 2025-06-12T09:30:00Z
    } >"$WORK/batch-expected-$p.jsonl"
  done
  {
    sed -n 1p "$WORK/batch.jsonl"
    echo '{"trainjob":{"spec":{}},"now":"2025-06-11T08:45:12Z"}'
    sed -n 3p "$WORK/batch.jsonl"
  } >"$WORK/batch-bad.jsonl"
  { echo; printf ' \t\r\n'; sed -n 1p "$WORK/batch.jsonl"; echo; echo '[]'; sed -n 2p "$WORK/batch.jsonl" | tr -d '\n'; } \
    >"$WORK/batch-blank.jsonl"
  {
    sed -n 1p "$WORK/batch.jsonl"
    head -c 20000 /dev/zero | tr '\0' ' '
    echo x
    sed -n 2p "$WORK/batch.jsonl"
  } >"$WORK/batch-long.jsonl"
  # Lines longer than the blocks the tool reads: one in the middle, one at the end without newline.
  {
    sed -n 1p "$WORK/batch.jsonl"
    head -c 3000000 /dev/zero | tr '\0' ' '
    echo x
    sed -n 2p "$WORK/batch.jsonl"
    head -c 2500000 /dev/zero | tr '\0' ' '
  } >"$WORK/batch-huge.jsonl"
  # Valid lines longer than the tool's read buffer (384 KB): 700,000 spaces after the first
  # '{' of lines 1 and 4, the last without a newline. Each output is the unpadded line's.
  {
    sed -n 1p "$WORK/batch.jsonl" | { head -c 1; head -c 700000 /dev/zero | tr '\0' ' '; cat; }
    sed -n 2,3p "$WORK/batch.jsonl"
    sed -n 4p "$WORK/batch.jsonl" | { head -c 1; head -c 700000 /dev/zero | tr '\0' ' '; cat; } | tr -d '\n'
  } >"$WORK/batch-wide.jsonl"
fi
# The generated sample with a bad line 100, a few 256 KB chunks into what the tool reads.
{ head -n 99 "$BATCH_SAMPLE"; echo '{"trainjob":{},"now":"x"}'; tail -n +100 "$BATCH_SAMPLE"; } >"$WORK/batch-sample-bad.jsonl"

begin "batch: each output line is the reconcile verb's output for that line, byte for byte"
skip_without_py
if [[ $HAVE_PY -eq 1 ]]; then
  run_in "$WORK/batch.jsonl" batch
  need "exit code 0" rc_is 0
  need "the reconcile outputs, in order" same_as "$WORK/batch-expected-latest.jsonl"
  need "nothing on stderr" err_empty
fi
end

begin "batch --profile v2.0: the reconcile verb's output under that profile"
skip_without_py
if [[ $HAVE_PY -eq 1 ]]; then
  run_in "$WORK/batch.jsonl" batch --profile v2.0
  need "exit code 0" rc_is 0
  need "the v2.0 reconcile outputs" same_as "$WORK/batch-expected-v2.0.jsonl"
  need "differs from latest" bash -c "! cmp -s '$OUT' '$WORK/batch-expected-latest.jsonl'"
fi
end

begin "batch: a bad line in the middle gives an error line naming it; the others go on; exit 2"
skip_without_py
if [[ $HAVE_PY -eq 1 ]]; then
  run_in "$WORK/batch-bad.jsonl" batch
  need "exit code 2" rc_is 2
  need "three lines" py "L is not None and len(L) == 3"
  need "line 2 is the error, with its line number and path" \
    py "L[1] == {'error': 'line 2: trainjob.spec.runtimeRef: required field is missing'}"
  need "lines 1 and 3 are the reconcile outputs" \
    py "[L[0], L[2]] == [json.loads(l) for l in open('$WORK/batch-expected-latest.jsonl').read().splitlines()[0:3:2]]"
  need "a message on stderr" err_has "trainjob-conditions: batch: "
fi
end

begin "batch: blank lines give no output but count for line numbers; a last line without newline"
skip_without_py
if [[ $HAVE_PY -eq 1 ]]; then
  run_in "$WORK/batch-blank.jsonl" batch
  need "exit code 2" rc_is 2
  need "three lines: result, error for line 5, result" \
    py "L is not None and len(L) == 3 and 'status' in L[0] and L[1]['error'].startswith('line 5: expected a request object') and 'status' in L[2]"
fi
end

begin "batch --max-line-bytes: a longer line is an error line, skipped without reading it whole"
skip_without_py
if [[ $HAVE_PY -eq 1 ]]; then
  run_in "$WORK/batch-long.jsonl" batch --max-line-bytes 5000
  need "exit code 2" rc_is 2
  need "result, error for line 2, result" \
    py "L is not None and len(L) == 3 and L[1] == {'error': 'line 2: longer than 5000 bytes'} and 'status' in L[0] and 'status' in L[2]"
  run_in "$WORK/batch-long.jsonl" batch --max-line-bytes 5000 --threads 2
  need "the same with --threads 2" py "L is not None and len(L) == 3 and L[1] == {'error': 'line 2: longer than 5000 bytes'}"
fi
end

begin "batch --max-line-bytes: lines longer than a read block and a chunk, in the middle and last"
skip_without_py
if [[ $HAVE_PY -eq 1 ]]; then
  for t in 1 2; do
    run_in "$WORK/batch-huge.jsonl" batch --max-line-bytes 5000 --threads $t
    need "exit code 2 (--threads $t)" rc_is 2
    need "result, error for line 2, result, error for line 4 (--threads $t)" \
      py "L is not None and len(L) == 4 and 'status' in L[0] and 'status' in L[2] and [L[1], L[3]] == [{'error': 'line 2: longer than 5000 bytes'}, {'error': 'line 4: longer than 5000 bytes'}]"
  done
fi
end

begin "batch: valid lines longer than the read buffer are read whole, the last one without newline"
skip_without_py
if [[ $HAVE_PY -eq 1 ]]; then
  for t in 1 2; do
    run_in "$WORK/batch-wide.jsonl" batch --threads $t
    need "exit code 0 (--threads $t)" rc_is 0
    need "the reconcile outputs, in order (--threads $t)" same_as "$WORK/batch-expected-latest.jsonl"
  done
fi
end

begin "batch on generated lines: the Go reference's output (keys sorted)"
run_in "$BATCH_SAMPLE" batch
need "exit code 0" rc_is 0
need "one line per input line" py "L is not None and len(L) == 120"
need "the Go reference's output, line by line" \
  py "L == [json.loads(l) for l in open('$ROOT/tests/data/batch/sample.go.jsonl')]"
cp "$OUT" "$WORK/batch-sample-t1.out"
end

begin "batch --threads 2 and 3: the same bytes as one thread, in input order"
run_in "$BATCH_SAMPLE" batch --threads 2
need "exit code 0" rc_is 0
need "identical to --threads 1" same_as "$WORK/batch-sample-t1.out"
run_in "$BATCH_SAMPLE" batch --threads=3
need "identical with --threads=3" same_as "$WORK/batch-sample-t1.out"
end

begin "batch --threads 2 with a bad line 100: its error line in place, the same bytes as one thread"
run_in "$WORK/batch-sample-bad.jsonl" batch
need "exit code 2" rc_is 2
cp "$OUT" "$WORK/batch-sample-bad-t1.out"
need "121 lines, the error at line 100" \
  py "L is not None and len(L) == 121 and L[99]['error'].startswith('line 100: ') and all('status' in x for x in L[:99] + L[100:])"
run_in "$WORK/batch-sample-bad.jsonl" batch --threads 2
need "exit code 2 with --threads 2" rc_is 2
need "identical to --threads 1" same_as "$WORK/batch-sample-bad-t1.out"
end

begin "batch with empty input: no output, exit 0"
run batch
need "exit code 0" rc_is 0
need "nothing on stdout" out_empty
end

for bad in 0 65 two -1 ""; do
  begin "batch --threads '$bad': exit 2, option named"
  run batch --threads "$bad"
  expect_bad_input "--threads"
  end
done

begin "batch --max-memory: a line over a sixth of a thread's share, or whose tree would not fit, is an error line; memory stays bounded"
skip_without_py
if [[ $HAVE_PY -eq 1 ]]; then
  # Line 2: a 12 MB annotation (over 64 MiB / 6); line 4: 3 MB of [],[],... in an unknown
  # member (its tree would take 60 MiB, over what 64 MiB leaves once the line is held).
  python3 - "$BATCH_SAMPLE" "$WORK/batch-memory.jsonl" <<'PY'
import json, sys
first = open(sys.argv[1]).readline()
big = json.loads(first)
big["trainjob"]["metadata"].setdefault("annotations", {})["big"] = "x" * 12000000
empties = json.loads(first)
empties["trainjob"]["status"]["zz"] = "@@"
with open(sys.argv[2], "w") as f:
    f.write(first)
    f.write(json.dumps(big) + "\n")
    f.write(first)
    f.write(json.dumps(empties).replace('"@@"', "[" + "[]," * 1000000 + "[]]") + "\n")
    f.write(first)
PY
  for t in 1 2; do
    run_in "$WORK/batch-memory.jsonl" batch --max-memory 67108864 --threads $t
    need "exit code 2 (--threads $t)" rc_is 2
    need "lines 1, 3, 5 reconciled; line 2 too long for the budget; line 4's tree over it (--threads $t)" \
      py "L is not None and len(L) == 5 and all('status' in L[i] for i in (0, 2, 4)) and L[1] == {'error': 'line 2: longer than $((67108864 / t / 6)) bytes'} and L[3]['error'].startswith('line 4: input would take about ') and 'over the budget of' in L[3]['error']"
  done
  # The default budget takes both lines.
  run_in "$WORK/batch-memory.jsonl" batch
  need "exit code 0 with the default --max-memory (2 GiB)" rc_is 0
  # Peak memory: four 30 MB lines with 4 threads and a 256 MiB budget stay far below it.
  python3 - "$BATCH_SAMPLE" "$WORK/batch-memory-4.jsonl" <<'PY'
import json, sys
big = json.loads(open(sys.argv[1]).readline())
big["trainjob"]["metadata"].setdefault("annotations", {})["big"] = "x" * 30000000
with open(sys.argv[2], "w") as f:
    for _ in range(4):
        f.write(json.dumps(big) + "\n")
PY
  peak=$(python3 - "$TOOL" "$WORK/batch-memory-4.jsonl" <<'PY'
import resource, subprocess, sys
with open(sys.argv[2], "rb") as f:
    subprocess.run([sys.argv[1], "batch", "--threads", "4", "--max-memory", str(256 << 20)], stdin=f,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)
PY
)
  need "peak RSS ${peak} MiB within the 256 MiB budget" test "$peak" -lt 256
fi
end
begin "batch --max-line-bytes 0: exit 2"
run batch --max-line-bytes 0
expect_bad_input "--max-line-bytes"
end
begin "batch --max-memory below 64 MiB: exit 2"
run batch --max-memory 1000
expect_bad_input "--max-memory"
end

begin "batch --profile v9: exit 2, profile named"
run batch --profile v9
expect_bad_input '"v9"'
end

begin "batch with an unknown option: exit 2, option named"
run batch --frobnicate
expect_bad_input "--frobnicate"
end

# ---------------------------------------------------------------------------------------------
# Schema-invalid input (schema.sh): an error line, exit 2, unless --no-validate.

schema_files
# The output lines of batch for the valid TrainJob, by the reconcile verb.
"$TOOL" reconcile --trainjob "$WORK/schema-ok.json" --no-jobset --now "$SCHEMA_NOW" >"$WORK/schema-ok.out" 2>/dev/null
"$TOOL" reconcile --trainjob "$WORK/schema-ok.json" --jobset "$WORK/schema-js-ok.json" --now "$SCHEMA_NOW" \
  >"$WORK/schema-ok-js.out" 2>/dev/null

for c in "${schema_cases[@]}"; do
  IFS='|' read -r name conds jobs path what <<<"$c"
  f="$WORK/schema-$name.json"

  { schema_line "$WORK/schema-ok.json" null; schema_line "$f" null; schema_line "$WORK/schema-ok.json" null; } \
    >"$WORK/schema-batch-$name.jsonl"
  begin "batch with a line 2 whose TrainJob has $name: an error line naming line 2 and trainjob.$path"
  for t in 1 2; do
    run_in "$WORK/schema-batch-$name.jsonl" batch --threads $t
    need "exit code 2 (--threads $t)" rc_is 2
    need "three lines (--threads $t)" test "$(wc -l <"$OUT")" -eq 3
    need "line 2 is the error line for line 2, path trainjob.$path (--threads $t)" \
      out_line_starts 2 "{\"error\":\"line 2: trainjob.$path: "
    need "lines 1 and 3 are reconciled (--threads $t)" \
      bash -c "[[ \"\$(sed -n 1p '$OUT')\" == \"\$(cat '$WORK/schema-ok.out')\" && \"\$(sed -n 3p '$OUT')\" == \"\$(cat '$WORK/schema-ok.out')\" ]]"
    need "a message on stderr (--threads $t)" err_has "trainjob-conditions: batch: "
  done
  need "the error says '$what'" py "L is not None and L[1]['error'].startswith('line 2: trainjob.$path: $what')"
  end

  begin "batch --no-validate with a line 2 whose TrainJob has $name: reconciled as the reconcile verb does"
  "$TOOL" reconcile --no-validate --trainjob "$f" --no-jobset --now "$SCHEMA_NOW" >"$WORK/schema-$name.out" 2>/dev/null
  for t in 1 2; do
    run_in "$WORK/schema-batch-$name.jsonl" batch --no-validate --threads $t
    need "exit code 0 (--threads $t)" rc_is 0
    need "nothing on stderr (--threads $t)" err_empty
    need "three lines (--threads $t)" test "$(wc -l <"$OUT")" -eq 3
    need "line 2 is 'reconcile --no-validate' of its objects (--threads $t)" out_line_is 2 "$WORK/schema-$name.out"
    need "lines 1 and 3 are reconciled (--threads $t)" out_line_is 3 "$WORK/schema-ok.out"
  done
  end
done

begin "valid input with 8 conditions (the CRD's maximum): batch accepts it"
{ schema_line "$WORK/schema-eight.json" null; schema_line "$WORK/schema-ok.json" "$WORK/schema-js-ok.json"; } \
  >"$WORK/schema-batch-ok.jsonl"
run_in "$WORK/schema-batch-ok.jsonl" batch
need "batch: exit code 0" rc_is 0
need "batch: nothing on stderr" err_empty
need "batch: no error line" bash -c "! grep -q '\"error\"' '$OUT'"
need "batch: line 2 is the reconcile verb's output" out_line_is 2 "$WORK/schema-ok-js.out"
end

begin "batch with a line 2 whose JobSet has a negative count: an error line naming line 2 and jobset.PATH"
{ schema_line "$WORK/schema-ok.json" null; schema_line "$WORK/schema-ok.json" "$WORK/schema-js-negative.json";
  schema_line "$WORK/schema-ok.json" null; } >"$WORK/schema-batch-js.jsonl"
run_in "$WORK/schema-batch-js.jsonl" batch
need "exit code 2" rc_is 2
need "three lines" test "$(wc -l <"$OUT")" -eq 3
need "line 2 is the error line" \
  out_line_starts 2 '{"error":"line 2: jobset.status.replicatedJobsStatus[0].failed: must be >= 0, got -2'
need "lines 1 and 3 are reconciled" out_line_is 3 "$WORK/schema-ok.out"
need "line 1 is reconciled" out_line_is 1 "$WORK/schema-ok.out"
run_in "$WORK/schema-batch-js.jsonl" batch --no-validate
need "with --no-validate: exit code 0" rc_is 0
need "with --no-validate: no error line" bash -c "! grep -q '\"error\"' '$OUT'"
end

# ---------------------------------------------------------------------------------------------
# Standard output that cannot be written: exit 1 with one message (see expect_write_error).

begin "batch > /dev/full (--threads 1 and 2, a file and a pipe): exit 1, 'writing standard output'"
skip_without_dev_full
if [[ -w /dev/full ]]; then
  for t in 1 2; do
    run_full_in "$BATCH_SAMPLE" batch --threads $t
    expect_write_error " (--threads $t)"
    "$TOOL" batch --threads $t <"$WORK/batch-sample-bad.jsonl" >/dev/full 2>"$ERR"
    RC=$?
    expect_write_error " (--threads $t, a bad line: the write error, not the bad line)"
    cat "$BATCH_SAMPLE" | "$TOOL" batch --threads $t >/dev/full 2>"$ERR"
    RC=$?
    expect_write_error " (--threads $t, from a pipe)"
  done
fi
end

# ---------------------------------------------------------------------------------------------
# batch in a live pipeline: on a pipe, FIFO or terminal, each line's result is written and
# flushed as soon as it is done, not when 256 KB of input have come. tests/cli/stalled_pipe.py
# writes one line, waits (10 s at most) for its output line, and only then writes the rest.

begin "batch on a pipe that stalls after line 1 (--threads 1 and 2): line 1's output comes before line 2 is written"
skip_without_py
if [[ $HAVE_PY -eq 1 ]]; then
  for t in 1 2; do
    python3 "$ROOT/tests/cli/stalled_pipe.py" "$WORK/batch.jsonl" "$OUT" -- "$TOOL" batch --threads $t 2>"$ERR"
    RC=$?
    need "line 1's output before line 2 was written, exit 0 (--threads $t)" rc_is 0
    need "the reconcile outputs, in order (--threads $t)" same_as "$WORK/batch-expected-latest.jsonl"
  done
fi
end

begin "batch on a FIFO that stalls after line 1 (--threads 2): line 1's output comes before line 2 is written"
skip_without_py
if [[ $HAVE_PY -eq 1 ]]; then
  mkdir -p "$WORK/fifo"
  python3 "$ROOT/tests/cli/stalled_pipe.py" --fifo "$WORK/fifo" "$WORK/batch.jsonl" "$OUT" -- "$TOOL" batch --threads 2 2>"$ERR"
  RC=$?
  need "line 1's output before line 2 was written, exit 0" rc_is 0
  need "the reconcile outputs, in order" same_as "$WORK/batch-expected-latest.jsonl"
fi
end

# Streaming reads what the pipe holds and carries partial lines over: the same bytes as from
# a file, lines longer than the read blocks included.
begin "batch from a pipe (--threads 1 and 3): the same bytes and exit code as from a file"
skip_without_py
if [[ $HAVE_PY -eq 1 ]]; then
  for input in "$BATCH_SAMPLE" "$WORK/batch-sample-bad.jsonl" "$WORK/batch-blank.jsonl" "$WORK/batch-wide.jsonl" \
    "$WORK/batch-huge.jsonl"; do
    for t in 1 3; do
      opts=(--threads $t)
      [[ $input == "$WORK/batch-huge.jsonl" ]] && opts+=(--max-line-bytes 5000)
      run_in "$input" batch "${opts[@]}"
      cp "$OUT" "$WORK/from-file.out"
      file_rc=$RC
      cat "$input" | "$TOOL" batch "${opts[@]}" >"$OUT" 2>"$ERR"
      RC=$?
      need "$(basename "$input") ${opts[*]}: exit $file_rc as from a file" rc_is $file_rc
      need "$(basename "$input") ${opts[*]}: the same bytes as from a file" same_as "$WORK/from-file.out"
    done
  done
fi
end

finish
