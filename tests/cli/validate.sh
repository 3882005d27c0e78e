#!/usr/bin/env bash
# CLI tests of `trainjob-conditions validate`: upstream objects, CRDs, Lists, standard input,
# bad input, and --print (its layout, its bounds, a standard output that cannot be written).
#
#   bash tests/cli/validate.sh <path to trainjob-conditions> <repository root>
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"
source "$(dirname "${BASH_SOURCE[0]}")/schema.sh"

mapfile -t upstream_files < <(find "$UPSTREAM" -maxdepth 1 -name '*.json' | sort)
mapfile -t crd_files < <(find "$UPSTREAM/crds" -name '*.json' | sort)

begin "fixtures: tests/data/upstream has objects and CRDs"
need "at least 20 upstream objects" test "${#upstream_files[@]}" -ge 20
need "at least one CRD" test "${#crd_files[@]}" -ge 1
end

for f in "${upstream_files[@]}"; do
  rel=${f#"$ROOT"/}
  begin "validate $rel: exit 0, silent"
  run validate "$f"
  need "exit code 0" rc_is 0
  need "nothing on stdout" out_empty
  need "nothing on stderr" err_empty
  end

  begin "validate --print $rel: prints the same JSON"
  run validate --print "$f"
  need "exit code 0" rc_is 0
  need "stdout is the input, as JSON" json_equal "$OUT" "$f"
  end
done

begin "validate every upstream object in one call: exit 0"
run validate "${upstream_files[@]}"
need "exit code 0" rc_is 0
need "nothing on stdout" out_empty
need "nothing on stderr" err_empty
end

for f in "${crd_files[@]}"; do
  rel=${f#"$ROOT"/}
  begin "validate $rel (a CRD): exit 2, says CustomResourceDefinition"
  run validate "$f"
  expect_bad_input "$rel" "kind" "CustomResourceDefinition"
  end
done

begin "validate --print of a valid object and a CRD: exit 2, nothing printed"
run validate --print "${upstream_files[0]}" "${crd_files[0]}"
need "exit code 2" rc_is 2
need "nothing on stdout" out_empty
need "stderr says CustomResourceDefinition" err_has "CustomResourceDefinition"
end

for f in "$EXAMPLES/trainjob.json" "$EXAMPLES/jobset.json"; do
  rel=${f#"$ROOT"/}
  begin "validate --print $rel: exit 0, prints the same JSON"
  run validate --print "$f"
  need "exit code 0" rc_is 0
  need "stdout is the input, as JSON" json_equal "$OUT" "$f"
  end
done

begin "validate of a TrainJob with a bad condition: exit 1, path on stderr"
run validate "$DATA/bad-condition.json"
need "exit code 1" rc_is 1
need "nothing on stdout" out_empty
need "stderr names the file" err_has "$DATA/bad-condition.json"
need "stderr names the object" err_has "TrainJob bad-reason"
need "stderr names the path status.conditions[0].reason" err_has "status.conditions[0].reason"
need "stderr quotes the bad reason" err_has '"All Jobs Completed"'
end

begin "validate of a decode error (condition status \"Maybe\"): exit 2, path named"
run validate "$DATA/bad-status.json"
expect_bad_input "$DATA/bad-status.json" "status.conditions[0].status"
end

begin "validate of invalid JSON: exit 2, line and column named"
printf '{"kind": "TrainJob",\n "metadata": }\n' >"$WORK/broken.json"
run validate "$WORK/broken.json"
expect_bad_input "$WORK/broken.json" "line 2"
end

begin "validate of a missing file: exit 2, file named"
run validate "$WORK/no-such-file.json"
expect_bad_input "$WORK/no-such-file.json"
end

begin "validate without FILE: exit 2"
run validate
expect_bad_input "no FILE"
end

begin "validate --bogus: exit 2, option named"
run validate --bogus "${upstream_files[0]}"
expect_bad_input "--bogus"
end

begin "validate - reads standard input"
run_in "$EXAMPLES/trainjob.json" validate --print -
need "exit code 0" rc_is 0
need "stdout is the input, as JSON" json_equal "$OUT" "$EXAMPLES/trainjob.json"
end

begin "validate - with a bad condition: exit 1, <stdin> and the path on stderr"
run_in "$DATA/bad-condition.json" validate -
need "exit code 1" rc_is 1
need "stderr says <stdin>" err_has "<stdin>: TrainJob bad-reason: status.conditions[0].reason"
end

begin "validate - - : exit 2 (standard input twice)"
run validate - -
expect_bad_input "'-' given twice"
end

# A List of every upstream object plus the examples, as `kubectl get -o json` prints.
if [[ $HAVE_PY -eq 1 ]]; then
  python3 - "$WORK" "$DATA/bad-condition.json" "$EXAMPLES/trainjob.json" "${upstream_files[@]}" <<'PY'
import json, sys
work, bad_condition, files = sys.argv[1], sys.argv[2], sys.argv[3:]
items = [json.load(open(f)) for f in files]
good = {"apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": ""}, "items": items}
json.dump(good, open(work + "/list-good.json", "w"), indent=2)
bad = dict(good, items=[items[0], json.load(open(bad_condition))] + items[1:])
json.dump(bad, open(work + "/list-bad.json", "w"), indent=2)
crd = dict(good, items=items[:3] + [{"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
                                     "metadata": {"name": "trainjobs.trainer.kubeflow.org"}}])
json.dump(crd, open(work + "/list-crd.json", "w"), indent=2)
tjl = {"apiVersion": "trainer.kubeflow.org/v1alpha1", "kind": "TrainJobList", "metadata": {},
       "items": [json.load(open(files[0])), json.load(open(bad_condition))]}
json.dump(tjl, open(work + "/trainjoblist.json", "w"), indent=2)
PY
  n_items=$((${#upstream_files[@]} + 1))

  begin "validate --print of a List: exit 0, a List of every item, which reads back (round trip)"
  run validate --print "$WORK/list-good.json"
  need "exit code 0" rc_is 0
  need "stdout is a List of the $n_items items in order" py "d['kind'] == 'List' and d['items'] == json.load(open('$WORK/list-good.json'))['items']"
  cp "$OUT" "$WORK/printed-list.json"
  run validate --print "$WORK/printed-list.json"
  need "validate --print of it: exit 0" rc_is 0
  need "validate --print of it: the same bytes" same_as "$WORK/printed-list.json"
  end

  begin "validate of a List with a bad item: exit 1, path says items[1]"
  run validate "$WORK/list-bad.json"
  need "exit code 1" rc_is 1
  need "stderr names items[1].status.conditions[0].reason" err_has "items[1].status.conditions[0].reason"
  need "only that item is reported" test "$(wc -l <"$ERR")" -eq 1
  end

  begin "validate of a List holding a CRD: exit 2, path says items[3].kind"
  run validate "$WORK/list-crd.json"
  expect_bad_input "$WORK/list-crd.json" "items[3].kind" "CustomResourceDefinition"
  end

  begin "validate of a TrainJobList: exit 1, path says items[1]"
  run validate "$WORK/trainjoblist.json"
  need "exit code 1" rc_is 1
  need "stderr names items[1].status.conditions[0].reason" err_has "items[1].status.conditions[0].reason"
  end
else
  begin "validate of Lists"
  T_SKIP="python3 not found"
  end
fi

# --no-validate (schema.sh) is for the verbs that use their input, not for validate.
schema_tj "$WORK/schema-ok.json" "$SC_COMPLETE" "$SC_NODE"
begin "validate --no-validate: exit 2 (only the verbs that use their input take it)"
run validate --no-validate "$WORK/schema-ok.json"
expect_bad_input "--no-validate"
end

# Standard output that cannot be written: exit 1 with one message (see expect_write_error).
begin "validate --print > /dev/full (one object; a List, more than stdio buffers): exit 1, 'writing standard output'"
skip_without_dev_full
if [[ -w /dev/full ]]; then
  run_full validate --print "$EXAMPLES/trainjob.json"
  expect_write_error " (one object)"
  if [[ $HAVE_PY -eq 1 ]]; then
    run_full validate --print "$WORK/list-good.json"
    expect_write_error " (a List)"
  fi
fi
end

# ---------------------------------------------------------------------------------------------
# validate --print: indented as dump(j, 2), but a value nested deeper than 32 levels is printed
# compact, and an object whose indented form would be over max(16 x its compact form, 1 MiB)
# is printed compact whole, so the output stays a small multiple of the input.

if [[ $HAVE_PY -eq 1 ]]; then
  python3 - "$WORK" "$EXAMPLES/trainjob.json" <<'PY'
import json, sys
work, tj = sys.argv[1], json.load(open(sys.argv[2]))
def with_x(x):
    return json.dumps(tj, separators=(",", ":")).replace('"spec":{', '"spec":{"x":' + x + ",", 1)
deep = "[" * 995 + "]" * 995   # under spec.x[i]: 998 levels, the parser's limit is 1000
open(work + "/print-deep.json", "w").write(with_x("[" + ",".join([deep] * 100) + "]"))
open(work + "/print-depth40.json", "w").write(with_x("[" * 40 + "1" + "]" * 40))
# 30,000 empty arrays 30 levels down: indented, each would take a 64-byte line.
open(work + "/print-wide.json", "w").write(with_x("[" * 28 + ",".join(["[]"] * 30000) + "]" * 28))
PY
fi
# read_back_equal A B: the two files hold the same JSON value, however deep (needs python3).
read_back_equal() {
  python3 -c 'import json, sys
sys.setrecursionlimit(20000)
sys.exit(0 if json.load(open(sys.argv[1])) == json.load(open(sys.argv[2])) else 1)' "$1" "$2"
}
size_at_most() { [[ $(wc -c <"$1") -le $2 ]]; }

begin "validate --print of a TrainJob: indented as before (2 spaces, as Python's indent=2)"
skip_without_py
run validate --print "$EXAMPLES/trainjob.json"
need "exit code 0" rc_is 0
need "Python's indent=2 layout of the same value" py "d is not None and text == json.dumps(d, indent=2, ensure_ascii=False) + '\n'"
need "the input's value" json_equal "$OUT" "$EXAMPLES/trainjob.json"
end

begin "validate --print of 100 arrays 997 deep (200 KB): output at most 4x the input, reads back equal"
skip_without_py
if [[ $HAVE_PY -eq 1 ]]; then
  run validate --print "$WORK/print-deep.json"
  need "exit code 0" rc_is 0
  need "at most 4 x $(wc -c <"$WORK/print-deep.json") bytes (got $(wc -c <"$OUT"))" \
    size_at_most "$OUT" $((4 * $(wc -c <"$WORK/print-deep.json")))
  need "reads back as the input" read_back_equal "$OUT" "$WORK/print-deep.json"
fi
end

begin "validate --print of a 40-deep array: indented 32 levels (64 spaces) at most, the rest compact"
skip_without_py
if [[ $HAVE_PY -eq 1 ]]; then
  run validate --print "$WORK/print-depth40.json"
  need "exit code 0" rc_is 0
  need "no line indented more than 64 spaces" py "max(len(l) - len(l.lstrip(' ')) for l in text.splitlines()) == 64"
  need "the innermost levels on one line" out_has '[[[[[[[[1]]]]]]]]'
  need "reads back as the input" read_back_equal "$OUT" "$WORK/print-depth40.json"
fi
end

begin "validate --print of 30,000 empty arrays 30 deep: compact (indented it would be 20x the input)"
skip_without_py
if [[ $HAVE_PY -eq 1 ]]; then
  run validate --print "$WORK/print-wide.json"
  need "exit code 0" rc_is 0
  need "at most 2 x $(wc -c <"$WORK/print-wide.json") bytes (got $(wc -c <"$OUT"))" \
    size_at_most "$OUT" $((2 * $(wc -c <"$WORK/print-wide.json")))
  need "reads back as the input" read_back_equal "$OUT" "$WORK/print-wide.json"
fi
end

finish
