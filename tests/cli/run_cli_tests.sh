#!/usr/bin/env bash
# CLI tests of trainjob-conditions: exit codes, standard output and standard error of validate,
# reconcile, replay, state, lint, batch and demo.
#
#   bash tests/cli/run_cli_tests.sh <path to trainjob-conditions> <repository root>
#
# JSON is compared with python3 (json module), or jq when python3 is missing; checks that need
# python3 are skipped without it. Prints one line per test and ends with exactly
# "N passed, M failed"; exits non-zero when M > 0.
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

# ---------------------------------------------------------------------------------------------
# Running the tool and checking what it did.

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

rc_is() { [[ $RC -eq $1 ]]; }
out_empty() { [[ ! -s "$OUT" ]]; }
err_empty() { [[ ! -s "$ERR" ]]; }
out_has() { grep -qF -- "$1" "$OUT"; }
err_has() { grep -qF -- "$1" "$ERR"; }
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
same_as() { cmp -s "$OUT" "$1"; }

# ---------------------------------------------------------------------------------------------
# Fixtures.

# A TrainJob whose condition breaks metav1.Condition's schema (reason with spaces).
cat >"$WORK/bad-condition.json" <<'EOF'
{
  "apiVersion": "trainer.kubeflow.org/v1alpha1",
  "kind": "TrainJob",
  "metadata": {"name": "bad-reason", "namespace": "default", "uid": "5a0c7c0e-54a4-4f0c-9d0b-2f3b1f4c8e11",
               "generation": 1, "creationTimestamp": "2025-06-12T10:00:00Z"},
  "spec": {"runtimeRef": {"name": "torch-distributed", "apiGroup": "trainer.kubeflow.org",
                          "kind": "ClusterTrainingRuntime"}},
  "status": {"conditions": [
    {"type": "Complete", "status": "True", "lastTransitionTime": "2025-06-12T10:30:00Z",
     "reason": "All Jobs Completed", "message": "jobset completed successfully"}]}
}
EOF

# A TrainJob whose condition status is not a condition status (a decode error, exit 2).
cat >"$WORK/bad-status.json" <<'EOF'
{
  "apiVersion": "trainer.kubeflow.org/v1alpha1",
  "kind": "TrainJob",
  "metadata": {"name": "bad-status", "namespace": "default", "creationTimestamp": "2025-06-12T10:00:00Z"},
  "spec": {"runtimeRef": {"name": "torch-distributed"}},
  "status": {"conditions": [
    {"type": "Suspended", "status": "Maybe", "lastTransitionTime": "2025-06-12T10:00:01Z",
     "reason": "Suspended", "message": "TrainJob is suspended"}]}
}
EOF

# A finished TrainJob (Complete) and a JobSet that reports both Completed and Failed.
cat >"$WORK/tj-complete.json" <<'EOF'
{
  "apiVersion": "trainer.kubeflow.org/v1alpha1",
  "kind": "TrainJob",
  "metadata": {"name": "mnist-done", "namespace": "default", "uid": "0b9d7f55-7a57-4c0e-8d52-8f5b9f0f1a21",
               "generation": 1, "creationTimestamp": "2025-06-12T09:00:00Z"},
  "spec": {"runtimeRef": {"name": "torch-distributed", "apiGroup": "trainer.kubeflow.org",
                          "kind": "ClusterTrainingRuntime"},
           "trainer": {"numNodes": 2, "image": "ghcr.io/kubeflow/trainer/pytorch-mnist:latest"}},
  "status": {
    "conditions": [
      {"type": "Complete", "status": "True", "lastTransitionTime": "2025-06-12T09:20:00Z",
       "reason": "AllJobsCompleted", "message": "jobset completed successfully"}],
    "jobsStatus": [{"name": "node", "ready": 0, "succeeded": 1, "failed": 0, "active": 0, "suspended": 0}]}
}
EOF
cat >"$WORK/tj-running.json" <<'EOF'
{
  "apiVersion": "trainer.kubeflow.org/v1alpha1",
  "kind": "TrainJob",
  "metadata": {"name": "mnist-both", "namespace": "default", "uid": "6f1a2b0c-3d4e-4f50-8a6b-7c8d9e0f1a2b",
               "generation": 1, "creationTimestamp": "2025-06-12T09:00:00Z"},
  "spec": {"runtimeRef": {"name": "torch-distributed"},
           "trainer": {"numNodes": 2, "image": "ghcr.io/kubeflow/trainer/pytorch-mnist:latest"},
           "activeDeadlineSeconds": 3600}
}
EOF
cat >"$WORK/js-both.json" <<'EOF'
{
  "apiVersion": "jobset.x-k8s.io/v1alpha2",
  "kind": "JobSet",
  "metadata": {"name": "mnist-both", "namespace": "default", "uid": "8a4e3c1d-2b0a-4f9e-8d7c-6b5a4f3e2d1c",
               "generation": 1, "creationTimestamp": "2025-06-12T09:00:01Z"},
  "spec": {"replicatedJobs": [{"name": "node", "replicas": 1}]},
  "status": {
    "conditions": [
      {"type": "Completed", "status": "True", "lastTransitionTime": "2025-06-12T09:14:58Z",
       "reason": "AllJobsCompleted", "message": "jobset completed successfully"},
      {"type": "Failed", "status": "True", "lastTransitionTime": "2025-06-12T09:14:59Z",
       "reason": "FailedJobs", "message": "jobset failed due to one or more job failures (first failed job: mnist-both-node-1)"}],
    "terminalState": "Completed",
    "replicatedJobsStatus": [{"name": "node", "ready": 0, "succeeded": 1, "failed": 1, "active": 0, "suspended": 0}]}
}
EOF

# A scenario whose third step goes back in time, one with a typo, one whose patch breaks the TrainJob.
cat >"$WORK/back-in-time.json" <<'EOF'
{
  "name": "back in time",
  "trainjob": {"apiVersion": "trainer.kubeflow.org/v1alpha1", "kind": "TrainJob",
               "metadata": {"name": "t", "namespace": "default", "creationTimestamp": "2025-06-12T09:00:00Z"},
               "spec": {"runtimeRef": {"name": "torch-distributed"}}},
  "jobset": null,
  "steps": [{"now": "2025-06-12T09:00:01Z"}, {"now": "2025-06-12T09:00:30Z"}, {"now": "2025-06-12T09:00:29Z"}]
}
EOF
sed 's/"steps": \[{"now": "2025-06-12T09:00:01Z"}/"steps": [{"nwo": "2025-06-12T09:00:01Z"}/' \
  "$WORK/back-in-time.json" >"$WORK/typo.json"
cat >"$WORK/bad-patch.json" <<'EOF'
{
  "trainjob": {"apiVersion": "trainer.kubeflow.org/v1alpha1", "kind": "TrainJob",
               "metadata": {"name": "t", "namespace": "default", "creationTimestamp": "2025-06-12T09:00:00Z"},
               "spec": {"runtimeRef": {"name": "torch-distributed"}}},
  "steps": [{"now": "2025-06-12T09:00:01Z"}, {"now": "2025-06-12T09:00:02Z", "patch": {"spec": {"suspend": "yes"}}}]
}
EOF

# ---------------------------------------------------------------------------------------------
# validate

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
run validate "$WORK/bad-condition.json"
need "exit code 1" rc_is 1
need "nothing on stdout" out_empty
need "stderr names the file" err_has "$WORK/bad-condition.json"
need "stderr names the object" err_has "TrainJob bad-reason"
need "stderr names the path status.conditions[0].reason" err_has "status.conditions[0].reason"
need "stderr quotes the bad reason" err_has '"All Jobs Completed"'
end

begin "validate of a decode error (condition status \"Maybe\"): exit 2, path named"
run validate "$WORK/bad-status.json"
expect_bad_input "$WORK/bad-status.json" "status.conditions[0].status"
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
run_in "$WORK/bad-condition.json" validate -
need "exit code 1" rc_is 1
need "stderr says <stdin>" err_has "<stdin>: TrainJob bad-reason: status.conditions[0].reason"
end

begin "validate - - : exit 2 (standard input twice)"
run validate - -
expect_bad_input "'-' given twice"
end

# A List of every upstream object plus the examples, as `kubectl get -o json` prints.
if [[ $HAVE_PY -eq 1 ]]; then
  python3 - "$WORK" "$EXAMPLES/trainjob.json" "${upstream_files[@]}" <<'PY'
import json, sys
work, files = sys.argv[1], sys.argv[2:]
items = [json.load(open(f)) for f in files]
good = {"apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": ""}, "items": items}
json.dump(good, open(work + "/list-good.json", "w"), indent=2)
bad = dict(good, items=[items[0], json.load(open(work + "/bad-condition.json"))] + items[1:])
json.dump(bad, open(work + "/list-bad.json", "w"), indent=2)
crd = dict(good, items=items[:3] + [{"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
                                     "metadata": {"name": "trainjobs.trainer.kubeflow.org"}}])
json.dump(crd, open(work + "/list-crd.json", "w"), indent=2)
tjl = {"apiVersion": "trainer.kubeflow.org/v1alpha1", "kind": "TrainJobList", "metadata": {},
       "items": [json.load(open(files[0])), json.load(open(work + "/bad-condition.json"))]}
json.dump(tjl, open(work + "/trainjoblist.json", "w"), indent=2)
PY
  n_items=$((${#upstream_files[@]} + 1))

  begin "validate --print of a List: exit 0, every item printed back"
  run validate --print "$WORK/list-good.json"
  need "exit code 0" rc_is 0
  need "stdout is the $n_items items in order" py "docs(text) == json.load(open('$WORK/list-good.json'))['items']"
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

# ---------------------------------------------------------------------------------------------
# reconcile

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
run reconcile --trainjob "$WORK/tj-complete.json" --no-jobset --now 2025-06-12T09:30:00Z
need "exit code 0" rc_is 0
need "no error, no change, no apply" py "d['errors'] == [] and d['changed'] is False and d['applyObjects'] is False and d['status'] == json.load(open('$WORK/tj-complete.json'))['status']"
end

begin "reconcile --no-jobset on a finished job (--profile v2.1): objects applied, error"
run reconcile --trainjob "$WORK/tj-complete.json" --no-jobset --now 2025-06-12T09:30:00Z --profile v2.1
need "exit code 0" rc_is 0
need "applyObjects and 'jobset not found'" py "d['applyObjects'] is True and d['errors'] == ['jobset not found']"
end

begin "reconcile --no-jobset on a finished job (--profile=v2.0): nothing at all"
run reconcile --trainjob "$WORK/tj-complete.json" --no-jobset --now=2025-06-12T09:30:00Z --profile=v2.0
need "exit code 0" rc_is 0
need "no action, no error" py "d['applyObjects'] is False and d['errors'] == [] and d['changed'] is False"
end

begin "reconcile JobSet Completed and Failed: latest copies both, Complete first"
run reconcile --trainjob "$WORK/tj-running.json" --jobset "$WORK/js-both.json" --now 2025-06-12T09:15:00Z
need "exit code 0" rc_is 0
need "Complete then Failed, with the JobSet's reasons and times" py "[(c['type'], c['reason'], c['lastTransitionTime']) for c in d['status']['conditions']] == [('Complete', 'AllJobsCompleted', '2025-06-12T09:14:58Z'), ('Failed', 'FailedJobs', '2025-06-12T09:14:59Z')]"
need "finished: no deadline requeue" py "d['requeueAfterSeconds'] is None and d['deleteJobSet'] is False"
end

begin "reconcile JobSet Completed and Failed --profile v2.0: only Complete"
run reconcile --trainjob "$WORK/tj-running.json" --jobset "$WORK/js-both.json" --now 2025-06-12T09:15:00Z --profile v2.0
need "exit code 0" rc_is 0
need "only Complete" py "[c['type'] for c in d['status']['conditions']] == ['Complete'] and 'jobsStatus' not in d['status']"
end

begin "reconcile with activeDeadlineSeconds: requeueAfterSeconds is the time left"
run reconcile --trainjob "$WORK/tj-running.json" --no-jobset --now 2025-06-12T09:10:00Z
need "exit code 0" rc_is 0
need "requeueAfterSeconds == 3000" py "d['requeueAfterSeconds'] == 3000 and d['deleteJobSet'] is False"
end

begin "reconcile past activeDeadlineSeconds: Failed(DeadlineExceeded), deleteJobSet"
run reconcile --trainjob "$WORK/tj-running.json" --no-jobset --now 2025-06-12T10:00:01Z
need "exit code 0" rc_is 0
need "Failed=True(DeadlineExceeded) stamped now, deleteJobSet" py "d['deleteJobSet'] is True and d['changed'] is True and d['status']['conditions'] == [{'type': 'Failed', 'status': 'True', 'lastTransitionTime': '2025-06-12T10:00:01Z', 'reason': 'DeadlineExceeded', 'message': 'TrainJob exceeded its active deadline'}]"
end

begin "reconcile past activeDeadlineSeconds --profile v2.1: no deadline"
run reconcile --trainjob "$WORK/tj-running.json" --no-jobset --now 2025-06-12T10:00:01Z --profile v2.1
need "exit code 0" rc_is 0
need "no Failed, no delete, no requeue" py "d['deleteJobSet'] is False and d['requeueAfterSeconds'] is None and d['status'] == {}"
end

begin "reconcile --apply-error: Warning event TrainJobResourcesCreationFailed, the error reported"
run reconcile --trainjob "$EXAMPLES/trainjob.json" --no-jobset --now 2025-06-11T08:45:12Z \
  --apply-error 'admission webhook "jobset-validating-webhook.jobset.x-k8s.io" denied the request'
need "exit code 0" rc_is 0
need "the eight keys" py "$KEYS"
need "one Warning event with the error" py "d['events'] == [{'type': 'Warning', 'reason': 'TrainJobResourcesCreationFailed', 'message': 'TrainJob resources reconciliation failed: admission webhook \"jobset-validating-webhook.jobset.x-k8s.io\" denied the request'}]"
need "errors: the apply error, then 'jobset not found'" py "d['errors'] == ['admission webhook \"jobset-validating-webhook.jobset.x-k8s.io\" denied the request', 'jobset not found']"
end

begin "reconcile --apply-error on a finished job (latest): nothing applied, no event"
run reconcile --trainjob "$WORK/tj-complete.json" --no-jobset --now 2025-06-12T09:30:00Z --apply-error boom
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
run reconcile --trainjob "$WORK/bad-status.json" --no-jobset --now 2025-06-12T10:00:02Z
expect_bad_input "$WORK/bad-status.json" "status.conditions[0].status"
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
# replay

begin "replay (json): the lines of the expected file"
run replay --profile latest "$SCENARIOS/deadline-exceeded.json"
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
run replay "$EXAMPLES/scenarios/05-jobset-ttl-after-failed-v2.2.json"
cp "$OUT" "$WORK/replay-default.jsonl"
run replay --profile v2.2 "$EXAMPLES/scenarios/05-jobset-ttl-after-failed-v2.2.json"
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
run replay "$WORK/back-in-time.json"
expect_bad_input "$WORK/back-in-time.json" "steps[2].now" "back in time"
end

begin "replay of a scenario with an unknown step key: exit 2, steps[0].nwo named"
run replay "$WORK/typo.json"
expect_bad_input "$WORK/typo.json" "steps[0].nwo"
end

begin "replay of a patch that breaks the TrainJob: exit 2, steps[1].patch named"
run replay "$WORK/bad-patch.json"
expect_bad_input "$WORK/bad-patch.json" "steps[1].patch"
end

begin "replay --format xml: exit 2"
run replay --format xml "$SCENARIOS/deadline-exceeded.json"
expect_bad_input '"xml"'
end

begin "replay of two scenarios: exit 2"
run replay "$SCENARIOS/deadline-exceeded.json" "$SCENARIOS/apply-error.json"
expect_bad_input "more than one SCENARIO"
end

begin "replay - reads the scenario from standard input"
run_in "$SCENARIOS/apply-error.json" replay --profile latest -
need "exit code 0" rc_is 0
need "stdout equals apply-error.latest.expected.jsonl" same_as "$SCENARIOS/apply-error.latest.expected.jsonl"
end

# ---------------------------------------------------------------------------------------------
# demo

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

# ---------------------------------------------------------------------------------------------
# state

STATE="$ROOT/tests/data/state"
LINT="$ROOT/tests/data/lint"

begin "state (json) of a resumed running job: State column Suspended, state Running (kubeflow/trainer 3666)"
run state "$STATE/resumed-running.json"
need "exit code 0" rc_is 0
need "nothing on stderr" err_empty
need "one line of output" test "$(wc -l <"$OUT")" -eq 1
need "the summary" py "d == {'stateColumn': 'Suspended', 'state': 'Running', 'kstatus': {'status': 'InProgress', 'message': 'TrainJob is running'}}"
end

# file, then the expected text line (NAMESPACE/NAME STATE-COLUMN STATE KSTATUS: MESSAGE).
state_cases=(
  "resumed-running.json|team-a/kueue-example Suspended Running InProgress: TrainJob is running"
  "suspended.json|team-a/kueue-example Suspended Suspended Current: TrainJob is suspended"
  "complete.json|default/multi-node-example Complete Complete Current: TrainJob completed (AllJobsCompleted): jobset completed successfully"
  "failed.json|default/multi-step-example Failed Failed Failed: TrainJob failed (FailedJobs): jobset failed due to one or more job failures (first failed job: multi-step-example-node-0)"
  "deadline.json|ml-platform/runtime-patches-example Failed Failed Failed: TrainJob failed (DeadlineExceeded): TrainJob exceeded its active deadline"
  "both-terminal.json|hpc/lammps-flux Failed Failed Failed: TrainJob failed (FailedJobs): jobset failed due to one or more job failures (first failed job: lammps-flux-node-1)"
  "deleted.json|default/volcano-example - Running Terminating: TrainJob scheduled for deletion"
  "pending.json|default/multi-node-example - Created InProgress: TrainJob is waiting for its JobSet"
  "legacy-created-v1.9.json|default/pytorch-simple Created Created InProgress: TrainJob is waiting for its jobs to start"
)
for c in "${state_cases[@]}"; do
  f=${c%%|*}
  want=${c#*|}
  begin "state --format text $f: '$want'"
  run state --format text "$STATE/$f"
  need "exit code 0" rc_is 0
  need "nothing on stderr" err_empty
  need "exactly that line" test "$(cat "$OUT")" = "$want"
  end
done

if [[ $HAVE_PY -eq 1 ]]; then
  python3 - "$WORK" "$STATE" "$UPSTREAM" <<'PY'
import glob, json, sys
work, state, upstream = sys.argv[1:]
files = sorted(glob.glob(state + "/*.json"))
items = [json.load(open(f)) for f in files]
json.dump({"apiVersion": "v1", "kind": "List", "metadata": {}, "items": items}, open(work + "/state-list.json", "w"))
json.dump(files, open(work + "/state-list-files.json", "w"))
js = json.load(open(upstream + "/jobset__JobSet__js.json"))
json.dump({"apiVersion": "v1", "kind": "List", "items": [items[0], js]}, open(work + "/state-list-jobset.json", "w"))
PY
  begin "state of a List: a JSON array, one summary per item in order"
  run state "$WORK/state-list.json"
  need "exit code 0" rc_is 0
  need "an array as long as the List" py "isinstance(d, list) and len(d) == len(json.load(open('$WORK/state-list-files.json')))"
  need "each item has exactly stateColumn, state and kstatus" py "all(sorted(x) == ['kstatus', 'stateColumn', 'state'] or sorted(x) == ['kstatus', 'state', 'stateColumn'] for x in d)"
  need "each item as 'state FILE' prints it" py "d == [json.loads(__import__('subprocess').run(['$TOOL', 'state', f], capture_output=True, text=True).stdout) for f in json.load(open('$WORK/state-list-files.json'))]"
  end

  begin "state --format text of a List: one line per TrainJob"
  run state --format=text "$WORK/state-list.json"
  need "exit code 0" rc_is 0
  need "one line per item" py "len(text.splitlines()) == len(json.load(open('$WORK/state-list-files.json')))"
  end

  begin "state of a List holding a JobSet: exit 2, items[1].kind named"
  run state "$WORK/state-list-jobset.json"
  expect_bad_input "$WORK/state-list-jobset.json" "items[1].kind" "TrainJob"
  end
fi

begin "state - reads standard input"
run_in "$STATE/complete.json" state --format text -
need "exit code 0" rc_is 0
need "the Complete line" out_has "default/multi-node-example Complete Complete Current"
end

begin "state of a JobSet: exit 2, kind named"
run state "$UPSTREAM/jobset__JobSet__js.json"
expect_bad_input "jobset__JobSet__js.json" "kind" "TrainJob"
end

begin "state of a bad condition status: exit 2, JSON path named"
run state "$WORK/bad-status.json"
expect_bad_input "$WORK/bad-status.json" "status.conditions[0].status"
end

begin "state --format xml: exit 2"
run state --format xml "$STATE/complete.json"
expect_bad_input '"xml"'
end

begin "state without FILE: exit 2"
run state
expect_bad_input "no FILE"
end

begin "state with two FILEs: exit 2"
run state "$STATE/complete.json" "$STATE/failed.json"
expect_bad_input "more than one FILE"
end

# ---------------------------------------------------------------------------------------------
# lint

for f in complete.json failed.json deadline.json suspended.json pending.json deleted.json; do
  begin "lint $f: clean, exit 0, silent"
  run lint "$STATE/$f"
  need "exit code 0" rc_is 0
  need "nothing on stdout" out_empty
  need "nothing on stderr" err_empty
  end
done

begin "lint of every upstream TrainJob: clean"
for f in "$UPSTREAM"/trainer-master__TrainJob__*.json; do
  run lint "$f"
  need "$(basename "$f"): exit code 0" rc_is 0
  need "$(basename "$f"): nothing on stdout" out_empty
done
end

begin "lint of a resumed running job: exit 1, misleading-state-column at status.conditions[0]"
run lint "$STATE/resumed-running.json"
need "exit code 1" rc_is 1
need "nothing on stderr" err_empty
need "one finding" test "$(wc -l <"$OUT")" -eq 1
need "FILE: path: [rule] severity: message" \
  grep -qF "$STATE/resumed-running.json: status.conditions[0]: [misleading-state-column] warning: \`kubectl get trainjob\` shows State \"Suspended\" from a condition that is False; the job is Running (kubeflow/trainer 3666)" "$OUT"
end

begin "lint of conventions.json: exit 1, each broken convention named with its path"
run lint "$LINT/conventions.json"
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
run lint "$WORK/bad-condition.json"
need "exit code 1" rc_is 1
need "schema finding at status.conditions[0].reason" out_has "$WORK/bad-condition.json: status.conditions[0].reason: [schema] error: "
end

begin "lint of both terminal, too many types, legacy Created: exit 1, each rule"
run lint "$STATE/both-terminal.json"
need "complete-and-failed" out_has "status.conditions[1]: [complete-and-failed] error: "
run lint "$LINT/too-many-types.json"
need "too-many-condition-types" out_has "status.conditions: [too-many-condition-types] error: "
run lint "$STATE/legacy-created-v1.9.json"
need "legacy-created" out_has "status.conditions[0].type: [legacy-created] warning: "
need "exit code 1" rc_is 1
end

begin "lint --previous: a terminal condition removed (kubeflow/trainer 3737): exit 1"
run lint --previous "$LINT/terminal-removed.previous.json" "$LINT/terminal-removed.current.json"
need "exit code 1" rc_is 1
need "terminal-condition-removed at status.conditions" \
  out_has "$LINT/terminal-removed.current.json: status.conditions: [terminal-condition-removed] error: Failed was True since 2025-06-12T11:07:12Z"
end

begin "lint --previous of the same finished job: exit 0"
run lint --previous "$STATE/complete.json" "$STATE/complete.json"
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
run lint --policy Initialized --policy ComponentsCreated --policy Started
need "exit code 0" rc_is 0
need "nothing on stdout" out_empty
need "nothing on stderr" err_empty
end

begin "lint --policy of a refused set: exit 1, every problem named"
run lint --policy Running --policy Complete --policy Bogus --policy Running
need "exit code 1" rc_is 1
need "policy-owns-builtin" out_has "--policy: policies[1]: [policy-owns-builtin] error: "
need "unknown-policy" out_has "--policy: policies[2]: [unknown-policy] error: "
need "duplicate-policy-type" out_has "--policy: policies[3]: [duplicate-policy-type] error: "
need "in the order of the names" test "$(cut -d' ' -f2 "$OUT" | tr '\n' ' ')" = "policies[1]: policies[2]: policies[3]: "
end

begin "lint --policy of six policies: too-many-condition-types"
run lint --policy Initialized --policy ComponentsCreated --policy Accepted --policy Progressing --policy Started --policy Running
need "exit code 1" rc_is 1
need "too-many-condition-types" out_has "--policy: policies: [too-many-condition-types] error: "
end

begin "lint FILE --policy: both reported, file null for the set in JSON"
run lint --format json --policy Running --policy Running "$STATE/resumed-running.json"
need "exit code 1" rc_is 1
need "the TrainJob's finding and the set's" py "[(x['file'], x['rule']) for x in d] == [('$STATE/resumed-running.json', 'misleading-state-column'), (None, 'duplicate-policy-type')]"
end

begin "lint - reads standard input"
run_in "$STATE/resumed-running.json" lint -
need "exit code 1" rc_is 1
need "<stdin> named" out_has "<stdin>: status.conditions[0]: [misleading-state-column]"
end

begin "lint without FILE or --policy: exit 2"
run lint
expect_bad_input "lint" "--policy"
end

begin "lint --previous without FILE: exit 2"
run lint --previous "$STATE/complete.json" --policy Running
expect_bad_input "--previous"
end

begin "lint --previous of another TrainJob: exit 2, both named"
run lint --previous "$STATE/complete.json" "$STATE/failed.json"
expect_bad_input "$STATE/complete.json" "multi-node-example" "multi-step-example"
end

begin "lint of a JobSet: exit 2"
run lint "$UPSTREAM/jobset__JobSet__js.json"
expect_bad_input "kind" "TrainJob"
end

begin "lint of a decode error: exit 2, JSON path named"
run lint "$WORK/bad-status.json"
expect_bad_input "$WORK/bad-status.json" "status.conditions[0].status"
end

begin "lint --format yaml: exit 2"
run lint --format yaml "$STATE/complete.json"
expect_bad_input '"yaml"'
end

# ---------------------------------------------------------------------------------------------
# reconcile and replay: --policy, --build-error, --runtime, --migrate, --profile v1.9

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
need "the build error reported like an apply error" py "d['events'] == [{'type': 'Warning', 'reason': 'TrainJobResourcesCreationFailed', 'message': 'TrainJob resources reconciliation failed: runtime torch-distributed: invalid mlPolicy'}] and d['errors'][0] == 'runtime torch-distributed: invalid mlPolicy'"
need "Initialized=False(BuildFailed) with the error, no ComponentsCreated" py "[(c['type'], c['status'], c['reason']) for c in d['status']['conditions']] == [('Initialized', 'False', 'BuildFailed')] and d['status']['conditions'][0]['message'].endswith('runtime torch-distributed: invalid mlPolicy')"
end

begin "reconcile --build-error --profile v1.9: Created=False(JobsBuildFailed)"
run reconcile --trainjob "$STATE/legacy-created-v1.9.json" --no-jobset --now 2025-01-20T08:00:05Z --profile v1.9 \
  --build-error 'failed to build JobSet'
need "exit code 0" rc_is 0
need "errors: the build error, then 'jobset not found'" py "d['errors'] == ['failed to build JobSet', 'jobset not found']"
need "status not written (the JobSet read failed)" py "d['changed'] is False"
end

begin "reconcile --profile v1.9 with a completed JobSet: Created=True(JobsCreationSucceeded), then Complete"
cat >"$WORK/js-legacy.json" <<'EOF'
{"apiVersion": "jobset.x-k8s.io/v1alpha2", "kind": "JobSet",
 "metadata": {"name": "pytorch-simple", "namespace": "default", "generation": 1, "creationTimestamp": "2025-01-20T08:00:01Z"},
 "status": {"conditions": [{"type": "Completed", "status": "True", "lastTransitionTime": "2025-01-20T08:09:30Z",
                            "reason": "AllJobsCompleted", "message": "jobset completed successfully"}],
            "terminalState": "Completed",
            "replicatedJobsStatus": [{"name": "node", "ready": 0, "succeeded": 1, "failed": 0, "active": 0, "suspended": 0}]}}
EOF
run reconcile --trainjob "$STATE/legacy-created-v1.9.json" --jobset "$WORK/js-legacy.json" --now 2025-01-20T08:09:31Z --profile v1.9
need "exit code 0" rc_is 0
need "Created kept, Complete copied, no jobsStatus" py "[(c['type'], c['status'], c['reason']) for c in d['status']['conditions']] == [('Created', 'True', 'JobsCreationSucceeded'), ('Complete', 'True', 'AllJobsCompleted')] and 'jobsStatus' not in d['status'] and d['changed'] is True"
run reconcile --trainjob "$STATE/legacy-created-v1.9.json" --jobset "$WORK/js-legacy.json" --now 2025-01-20T08:09:31Z
need "latest: Created left as it is" py "[c['type'] for c in d['status']['conditions']] == ['Created', 'Complete']"
end

begin "reconcile --migrate: a leftover Created removed, reported as a change"
run reconcile --trainjob "$STATE/legacy-created-v1.9.json" --jobset "$WORK/js-legacy.json" --now 2025-01-20T08:09:31Z --migrate
need "exit code 0" rc_is 0
need "only Complete, changed" py "[c['type'] for c in d['status']['conditions']] == ['Complete'] and d['changed'] is True"
run reconcile --trainjob "$STATE/complete.json" --no-jobset --now 2025-06-12T09:30:00Z --migrate
need "nothing to migrate: unchanged" py "d['changed'] is False"
end

# A runtime whose replicated jobs have names of its own: only its step labels say which is which.
cat >"$WORK/runtime-steps.json" <<'EOF'
{"apiVersion": "trainer.kubeflow.org/v1alpha1", "kind": "TrainingRuntime",
 "metadata": {"name": "prep-and-train", "namespace": "default"},
 "spec": {"mlPolicy": {"numNodes": 1, "torch": {}},
          "template": {"spec": {"replicatedJobs": [
            {"name": "prep", "replicas": 1, "template": {"metadata": {"labels": {"trainer.kubeflow.org/trainjob-ancestor-step": "dataset-initializer"}}}},
            {"name": "workers", "replicas": 1, "template": {"metadata": {"labels": {"trainer.kubeflow.org/trainjob-ancestor-step": "trainer"}}}}]}}}}
EOF
cat >"$WORK/js-steps.json" <<'EOF'
{"apiVersion": "jobset.x-k8s.io/v1alpha2", "kind": "JobSet",
 "metadata": {"name": "multi-step-example", "namespace": "default", "generation": 1, "creationTimestamp": "2025-06-12T11:00:01Z"},
 "spec": {"replicatedJobs": [{"name": "prep", "replicas": 1}, {"name": "workers", "replicas": 1}]},
 "status": {"replicatedJobsStatus": [
   {"name": "prep", "ready": 0, "succeeded": 1, "failed": 0, "active": 0, "suspended": 0},
   {"name": "workers", "ready": 1, "succeeded": 0, "failed": 0, "active": 1, "suspended": 0}]}}
EOF

begin "reconcile --runtime: the policies read the runtime's step labels"
run reconcile --trainjob "$STATE/failed.json" --jobset "$WORK/js-steps.json" --now 2025-06-12T11:05:00Z --profile v2.1 \
  --policy DatasetInitialized --policy Trained --runtime "$WORK/runtime-steps.json"
need "exit code 0" rc_is 0
need "DatasetInitialized=True(Succeeded), Trained=False(Running)" py "[(c['type'], c['status'], c['reason']) for c in d['status']['conditions'] if c['type'] in ('DatasetInitialized', 'Trained')] == [('DatasetInitialized', 'True', 'Succeeded'), ('Trained', 'False', 'Running')]"
run reconcile --trainjob "$STATE/failed.json" --jobset "$WORK/js-steps.json" --now 2025-06-12T11:05:00Z --profile v2.1 \
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

begin "replay --policy Started: the Started condition in every step"
run replay --profile latest --policy Started "$SCENARIOS/deadline-exceeded.json"
need "exit code 0" rc_is 0
need "nothing on stderr" err_empty
need "one line per step, each with a Started condition" py "L is not None and len(L) == 5 and all(any(c['type'] == 'Started' for c in x['status'].get('conditions', [])) for x in L)"
run replay --profile latest "$SCENARIOS/deadline-exceeded.json"
need "without --policy: the expected file, byte for byte" same_as "$SCENARIOS/deadline-exceeded.latest.expected.jsonl"
end

begin "replay --format table --policy Progressing: the timeline shows Progressing"
run replay --format table --profile latest --policy Progressing "$SCENARIOS/deadline-exceeded.json"
need "exit code 0" rc_is 0
need "Progressing=False(DeadlineExceeded) once the deadline passed" grep -qE '^3 .*Progressing=False\(DeadlineExceeded\)' "$OUT"
end

begin "replay --policy Bogus: exit 2, the registry's message"
run replay --policy Bogus "$SCENARIOS/deadline-exceeded.json"
expect_bad_input "--policy" "unknown condition policy Bogus"
end

begin "replay --policy with a v1.9 profile: exit 2"
run replay --profile v1.9 --policy Started "$SCENARIOS/deadline-exceeded.json"
expect_bad_input "--policy" "v1.9"
end

cat >"$WORK/legacy-scenario.json" <<'EOF'
{"name": "legacy Created",
 "trainjob": {"apiVersion": "trainer.kubeflow.org/v1alpha1", "kind": "TrainJob",
              "metadata": {"name": "pytorch-simple", "namespace": "default", "creationTimestamp": "2025-01-20T08:00:00Z"},
              "spec": {"runtimeRef": {"name": "torch-distributed"}},
              "status": {"conditions": [{"type": "Created", "status": "True", "lastTransitionTime": "2025-01-20T08:00:01Z",
                                         "reason": "JobsCreationSucceeded", "message": "Succeeded to create Jobs"}]}},
 "steps": [{"now": "2025-06-12T10:00:00Z"}, {"now": "2025-06-12T10:00:30Z"}]}
EOF

begin "replay --migrate: Created removed in the first step, a change"
run replay --migrate "$WORK/legacy-scenario.json"
need "exit code 0" rc_is 0
need "no Created, changed in step 0 only" py "L is not None and all('conditions' not in x['status'] for x in L) and L[0]['changed'] is True and L[1]['changed'] is False"
run replay "$WORK/legacy-scenario.json"
need "without --migrate: Created kept" py "L is not None and [c['type'] for c in L[1]['status']['conditions']] == ['Created']"
end

begin "replay --profile v1.9: the legacy controller's Created"
run replay --profile v1.9 "$WORK/legacy-scenario.json"
need "exit code 0" rc_is 0
need "Created=True(JobsCreationSucceeded) kept" py "L is not None and [(c['type'], c['reason']) for c in L[0]['status']['conditions']] == [('Created', 'JobsCreationSucceeded')]"
end

# ---------------------------------------------------------------------------------------------
# batch

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
    batch_line "$WORK/tj-running.json" "$WORK/js-both.json" 2025-06-12T09:15:00Z
    batch_line "$WORK/tj-complete.json" null 2025-06-12T09:30:00Z
  } >"$WORK/batch.jsonl"
  # What the reconcile verb prints for the same objects, line by line.
  for p in latest v2.0; do
    {
      "$TOOL" reconcile --profile $p --trainjob "$EXAMPLES/trainjob.json" --jobset "$EXAMPLES/jobset.json" --now 2025-06-11T08:45:12Z
      "$TOOL" reconcile --profile $p --trainjob "$EXAMPLES/trainjob.json" --no-jobset --now 2025-06-11T08:45:12Z
      "$TOOL" reconcile --profile $p --trainjob "$WORK/tj-running.json" --jobset "$WORK/js-both.json" --now 2025-06-12T09:15:00Z
      "$TOOL" reconcile --profile $p --trainjob "$WORK/tj-complete.json" --no-jobset --now 2025-06-12T09:30:00Z
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

skip_without_py() { [[ $HAVE_PY -eq 1 ]] || T_SKIP="python3 not found"; }

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
    py "L is not None and len(L) == 3 and 'status' in L[0] and L[1]['error'].startswith('line 5: expected an object') and 'status' in L[2]"
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

begin "batch --max-line-bytes 0: exit 2"
run batch --max-line-bytes 0
expect_bad_input "--max-line-bytes"
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
# The command itself

begin "--help: exit 0, usage on stdout"
run --help
need "exit code 0" rc_is 0
need "usage on stdout" out_has "usage: trainjob-conditions"
need "the batch line limit, from the library's parse limit" out_has "(default and maximum 268435456)"
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

# ---------------------------------------------------------------------------------------------
if [[ $skipped -gt 0 ]]; then echo "($skipped skipped)"; fi
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
