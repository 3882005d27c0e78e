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
need "one Warning event with the error, action Reconciling (latest: events.k8s.io)" py "d['events'] == [{'type': 'Warning', 'reason': 'TrainJobResourcesCreationFailed', 'message': 'TrainJob resources reconciliation failed: admission webhook \"jobset-validating-webhook.jobset.x-k8s.io\" denied the request', 'action': 'Reconciling'}]"
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
  run_limited replay "$WORK/big-scenario.json"
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
  run_limited replay "$WORK/big-scenario-bad-patch.json"
  expect_bad_input "steps[2000].patch"
fi
end

begin "replay of a 1 MB patch 990 keys deep, under ulimit -v 1000000: exit 0, a bounded summary"
limit_skip
if [[ $LIMIT_OK -eq 1 ]]; then
  run_limited replay "$WORK/deep-patch.json"
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
need "the build error reported like an apply error" py "d['events'] == [{'type': 'Warning', 'reason': 'TrainJobResourcesCreationFailed', 'message': 'TrainJob resources reconciliation failed: runtime torch-distributed: invalid mlPolicy', 'action': 'Reconciling'}] and d['errors'][0] == 'runtime torch-distributed: invalid mlPolicy'"
need "Initialized=False(BuildFailed) with the error, no ComponentsCreated" py "[(c['type'], c['status'], c['reason']) for c in d['status']['conditions']] == [('Initialized', 'False', 'BuildFailed')] and d['status']['conditions'][0]['message'].endswith('runtime torch-distributed: invalid mlPolicy')"
end

begin "reconcile --apply-error with % verbs: verbatim in v2.0/v2.1, Go's Sprintf from v2.2"
for p in v2.0 v2.1; do
  run reconcile --trainjob "$EXAMPLES/trainjob.json" --no-jobset --now 2025-06-11T08:45:12Z --profile "$p" \
    --apply-error 'quota 100% used: %d pods'
  need "$p: verbatim, no action" py "d['events'] == [{'type': 'Warning', 'reason': 'TrainJobResourcesCreationFailed', 'message': 'TrainJob resources reconciliation failed: quota 100% used: %d pods'}]"
done
for p in v2.2 v2.3 latest; do
  run reconcile --trainjob "$EXAMPLES/trainjob.json" --no-jobset --now 2025-06-11T08:45:12Z --profile "$p" \
    --apply-error 'quota 100% used: %d pods'
  need "$p: formatted, action Reconciling" py "d['events'] == [{'type': 'Warning', 'reason': 'TrainJobResourcesCreationFailed', 'message': 'TrainJob resources reconciliation failed: quota 100%!u(MISSING)sed: %!d(MISSING) pods', 'action': 'Reconciling'}]"
  need "$p: the error itself is not formatted" py "d['errors'][0] == 'quota 100% used: %d pods'"
done
end

begin "reconcile --build-error --profile v1.9: Created=False(JobsBuildFailed)"
run reconcile --trainjob "$STATE/legacy-created-v1.9.json" --no-jobset --now 2025-01-20T08:00:05Z --profile v1.9 \
  --build-error 'failed to build JobSet'
need "exit code 0" rc_is 0
need "errors: the build error, then 'jobset not found'" py "d['errors'] == ['failed to build JobSet', 'jobset not found']"
need "Created=False(JobsBuildFailed) still written (the read error is joined with the pass's result)" py "d['changed'] is True and [(c['type'], c['status'], c['reason']) for c in d['status']['conditions']] == [('Created', 'False', 'JobsBuildFailed')]"
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
# Schema-invalid input (issue 17): reconcile, replay, state and batch refuse a TrainJob or JobSet
# that breaks its schema (exit 2, one line per violation, FILE: PATH: MESSAGE; batch: an error
# line), unless --no-validate.

# The objects are written on one line each, so that batch lines are made without python3.
SCHEMA_NOW=2025-06-12T09:30:00Z
SC_COMPLETE='{"type": "Complete", "status": "True", "lastTransitionTime": "2025-06-12T09:20:00Z", "reason": "AllJobsCompleted", "message": "jobset completed successfully"}'
SC_NODE='{"name": "node", "ready": 0, "succeeded": 1, "failed": 0, "active": 0, "suspended": 0}'
# schema_tj FILE CONDITIONS JOBS_STATUS: a finished TrainJob with that status (a pass leaves it alone).
schema_tj() {
  printf '%s\n' "{\"apiVersion\": \"trainer.kubeflow.org/v1alpha1\", \"kind\": \"TrainJob\", \"metadata\": {\"name\": \"schema\", \"namespace\": \"default\", \"creationTimestamp\": \"2025-06-12T09:00:00Z\"}, \"spec\": {\"runtimeRef\": {\"name\": \"torch-distributed\"}}, \"status\": {\"conditions\": [$2], \"jobsStatus\": [$3]}}" >"$1"
}
# schema_js FILE REPLICATED_JOBS_STATUS: a JobSet without conditions.
schema_js() {
  printf '%s\n' "{\"apiVersion\": \"jobset.x-k8s.io/v1alpha2\", \"kind\": \"JobSet\", \"metadata\": {\"name\": \"schema\", \"namespace\": \"default\", \"creationTimestamp\": \"2025-06-12T09:00:01Z\"}, \"spec\": {\"replicatedJobs\": [{\"name\": \"node\", \"replicas\": 1}]}, \"status\": {\"replicatedJobsStatus\": [$2]}}" >"$1"
}
# schema_scenario FILE TRAINJOB_FILE TOP_JOBSET STEP1_JOBSET: two steps; a JobSet is JSON text,
# "-" leaves the key out.
schema_scenario() {
  local top="" step=""
  [[ $3 != "-" ]] && top=", \"jobset\": $3"
  [[ $4 != "-" ]] && step=", \"jobset\": $4"
  printf '%s\n' "{\"name\": \"schema\", \"trainjob\": $(cat "$2")$top, \"steps\": [{\"now\": \"$SCHEMA_NOW\"}, {\"now\": \"2025-06-12T09:30:30Z\"$step}]}" >"$1"
}
# schema_line TRAINJOB_FILE JOBSET_FILE|null: one batch line.
schema_line() {
  local js=null
  [[ $2 != null ]] && js=$(cat "$2")
  printf '%s\n' "{\"trainjob\": $(cat "$1"), \"jobset\": $js, \"now\": \"$SCHEMA_NOW\"}"
}

schema_tj "$WORK/schema-ok.json" "$SC_COMPLETE" "$SC_NODE"
schema_js "$WORK/schema-js-ok.json" "$SC_NODE"
schema_js "$WORK/schema-js-negative.json" "${SC_NODE/\"failed\": 0/\"failed\": -2}"
nine="$SC_COMPLETE"
eight="$SC_COMPLETE"
for i in 1 2 3 4 5 6 7 8; do
  c=${SC_COMPLETE/\"Complete\"/\"Custom$i\"}
  nine+=", ${c/\"True\"/\"False\"}"
  [[ $i -le 7 ]] && eight+=", ${c/\"True\"/\"False\"}"
done
schema_tj "$WORK/schema-eight.json" "$eight" "$SC_NODE"

# name|conditions|jobsStatus|path of the one violation|what the message says
schema_cases=(
  "duplicate-type|$SC_COMPLETE, $SC_COMPLETE|$SC_NODE|status.conditions[1].type|duplicate condition type"
  "negative-observed-generation|${SC_COMPLETE/\}/, \"observedGeneration\": -1\}}|$SC_NODE|status.conditions[0].observedGeneration|must be >= 0, got -1"
  "nine-conditions|$nine|$SC_NODE|status.conditions|must have at most 8 items, has 9"
  "negative-count|$SC_COMPLETE|${SC_NODE/\"failed\": 0/\"failed\": -1}|status.jobsStatus[0].failed|must be >= 0, got -1"
  "empty-type|$SC_COMPLETE, ${SC_COMPLETE/\"Complete\"/\"\"}|$SC_NODE|status.conditions[1].type|must not be empty"
)
# The output lines of batch for the valid TrainJob, by the reconcile verb.
"$TOOL" reconcile --trainjob "$WORK/schema-ok.json" --no-jobset --now "$SCHEMA_NOW" >"$WORK/schema-ok.out" 2>/dev/null
"$TOOL" reconcile --trainjob "$WORK/schema-ok.json" --jobset "$WORK/schema-js-ok.json" --now "$SCHEMA_NOW" \
  >"$WORK/schema-ok-js.out" 2>/dev/null

# every_err_line_is_ours: each line of stderr is a message of the tool.
every_err_line_is_ours() { [[ -s "$ERR" ]] && ! grep -qv '^trainjob-conditions: ' "$ERR"; }
# out_line_is N FILE: line N of stdout is line 1 of FILE, byte for byte.
out_line_is() { [[ "$(sed -n "$1p" "$OUT")" == "$(head -n 1 "$2")" ]]; }
# out_line_starts N PREFIX: line N of stdout starts with PREFIX.
out_line_starts() { [[ "$(sed -n "$1p" "$OUT")" == "$2"* ]]; }
# The finished TrainJob is left alone: its status as read, no change (as before validation).
SCHEMA_KEPT="d['changed'] is False and d['errors'] == [] and d['status'] == json.load(open('%s'))['status']"

for c in "${schema_cases[@]}"; do
  IFS='|' read -r name conds jobs path what <<<"$c"
  f="$WORK/schema-$name.json"
  schema_tj "$f" "$conds" "$jobs"

  begin "reconcile of a TrainJob with $name: exit 2, $path named"
  run reconcile --trainjob "$f" --no-jobset --now "$SCHEMA_NOW"
  expect_bad_input "trainjob-conditions: $f: $path: $what"
  end

  begin "reconcile --no-validate of a TrainJob with $name: exit 0, reconciled as it is"
  run reconcile --no-validate --trainjob "$f" --no-jobset --now "$SCHEMA_NOW"
  need "exit code 0" rc_is 0
  need "nothing on stderr" err_empty
  need "the eight keys" py "$KEYS"
  need "the finished job left alone" py "$(printf "$SCHEMA_KEPT" "$f")"
  end

  begin "state of a TrainJob with $name: exit 2, $path named"
  run state --format text "$f"
  expect_bad_input "trainjob-conditions: $f: $path: $what"
  end

  begin "state --no-validate of a TrainJob with $name: exit 0, its state"
  run state --no-validate "$f"
  need "exit code 0" rc_is 0
  need "nothing on stderr" err_empty
  need "one line" test "$(wc -l <"$OUT")" -eq 1
  need "state Complete, kstatus Current" py "d['state'] == 'Complete' and d['kstatus']['status'] == 'Current'"
  end

  schema_scenario "$WORK/schema-scenario-$name.json" "$f" null -
  begin "replay of a scenario whose TrainJob has $name: exit 2, trainjob.$path named"
  run replay "$WORK/schema-scenario-$name.json"
  expect_bad_input "trainjob-conditions: $WORK/schema-scenario-$name.json: trainjob.$path: $what"
  end

  begin "replay --no-validate of a scenario whose TrainJob has $name: exit 0, every step"
  run replay --no-validate "$WORK/schema-scenario-$name.json"
  need "exit code 0" rc_is 0
  need "nothing on stderr" err_empty
  need "two steps, the finished job left alone" \
    py "L is not None and len(L) == 2 and all(x['changed'] is False and x['status'] == json.load(open('$f'))['status'] for x in L)"
  end

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

begin "valid input with 8 conditions (the CRD's maximum): reconcile, state, replay and batch accept it"
run reconcile --trainjob "$WORK/schema-eight.json" --no-jobset --now "$SCHEMA_NOW"
need "reconcile: exit code 0" rc_is 0
need "reconcile: nothing on stderr" err_empty
need "reconcile: the finished job left alone" py "$(printf "$SCHEMA_KEPT" "$WORK/schema-eight.json")"
run reconcile --trainjob "$WORK/schema-ok.json" --jobset "$WORK/schema-js-ok.json" --now "$SCHEMA_NOW"
need "reconcile with a valid JobSet: exit code 0" rc_is 0
need "reconcile with a valid JobSet: nothing on stderr" err_empty
run state --format text "$WORK/schema-eight.json"
need "state: exit code 0" rc_is 0
need "state: nothing on stderr" err_empty
schema_scenario "$WORK/schema-scenario-ok.json" "$WORK/schema-eight.json" "$(cat "$WORK/schema-js-ok.json")" \
  "$(cat "$WORK/schema-js-ok.json")"
run replay "$WORK/schema-scenario-ok.json"
need "replay: exit code 0" rc_is 0
need "replay: nothing on stderr" err_empty
need "replay: two steps" test "$(wc -l <"$OUT")" -eq 2
{ schema_line "$WORK/schema-eight.json" null; schema_line "$WORK/schema-ok.json" "$WORK/schema-js-ok.json"; } \
  >"$WORK/schema-batch-ok.jsonl"
run_in "$WORK/schema-batch-ok.jsonl" batch
need "batch: exit code 0" rc_is 0
need "batch: nothing on stderr" err_empty
need "batch: no error line" bash -c "! grep -q '\"error\"' '$OUT'"
need "batch: line 2 is the reconcile verb's output" out_line_is 2 "$WORK/schema-ok-js.out"
end

begin "reconcile --jobset with a negative count: exit 2, the JobSet file and its path named"
run reconcile --trainjob "$WORK/schema-ok.json" --jobset "$WORK/schema-js-negative.json" --now "$SCHEMA_NOW"
expect_bad_input "trainjob-conditions: $WORK/schema-js-negative.json: status.replicatedJobsStatus[0].failed: must be >= 0, got -2"
run reconcile --no-validate --trainjob "$WORK/schema-ok.json" --jobset "$WORK/schema-js-negative.json" --now "$SCHEMA_NOW"
need "with --no-validate: exit code 0" rc_is 0
need "with --no-validate: nothing on stderr" err_empty
need "with --no-validate: one reconcile output" py "d is not None and 'status' in d and 'changed' in d"
end

begin "reconcile of an invalid TrainJob and an invalid JobSet: exit 2, one line per violation, both files"
run reconcile --trainjob "$WORK/schema-duplicate-type.json" --jobset "$WORK/schema-js-negative.json" --now "$SCHEMA_NOW"
need "exit code 2" rc_is 2
need "nothing on stdout" out_empty
need "two lines, each a message of the tool" every_err_line_is_ours
need "exactly two lines" test "$(wc -l <"$ERR")" -eq 2
need "the TrainJob's violation" err_has "trainjob-conditions: $WORK/schema-duplicate-type.json: status.conditions[1].type: duplicate"
need "the JobSet's violation" err_has "trainjob-conditions: $WORK/schema-js-negative.json: status.replicatedJobsStatus[0].failed: "
end

begin "reconcile --trainjob - of an invalid TrainJob: <stdin> named"
run_in "$WORK/schema-negative-count.json" reconcile --trainjob - --no-jobset --now "$SCHEMA_NOW"
expect_bad_input "trainjob-conditions: <stdin>: status.jobsStatus[0].failed: must be >= 0, got -1"
end

begin "reconcile --no-validate still refuses what does not decode: exit 2"
run reconcile --no-validate --trainjob "$WORK/bad-status.json" --no-jobset --now "$SCHEMA_NOW"
expect_bad_input "$WORK/bad-status.json" "status.conditions[0].status"
end

begin "replay of a scenario whose JobSets have a negative count: exit 2, jobset and steps[1].jobset named"
schema_scenario "$WORK/schema-scenario-js.json" "$WORK/schema-ok.json" "$(cat "$WORK/schema-js-negative.json")" -
run replay "$WORK/schema-scenario-js.json"
expect_bad_input "trainjob-conditions: $WORK/schema-scenario-js.json: jobset.status.replicatedJobsStatus[0].failed: must be >= 0"
schema_scenario "$WORK/schema-scenario-step-js.json" "$WORK/schema-ok.json" "$(cat "$WORK/schema-js-ok.json")" \
  "$(cat "$WORK/schema-js-negative.json")"
run replay --format table "$WORK/schema-scenario-step-js.json"
expect_bad_input "trainjob-conditions: $WORK/schema-scenario-step-js.json: steps[1].jobset.status.replicatedJobsStatus[0].failed: must be >= 0"
run replay --no-validate "$WORK/schema-scenario-step-js.json"
need "with --no-validate: exit code 0" rc_is 0
need "with --no-validate: nothing on stderr" err_empty
need "with --no-validate: two steps" test "$(wc -l <"$OUT")" -eq 2
end

begin "state of a List with an invalid item: exit 2, items[1] named"
printf '%s\n' "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [$(cat "$WORK/schema-ok.json"), $(cat "$WORK/schema-duplicate-type.json")]}" \
  >"$WORK/schema-list.json"
run state "$WORK/schema-list.json"
expect_bad_input "trainjob-conditions: $WORK/schema-list.json: items[1].status.conditions[1].type: duplicate condition type"
run state --format text --no-validate "$WORK/schema-list.json"
need "with --no-validate: exit code 0" rc_is 0
need "with --no-validate: one line per item" test "$(wc -l <"$OUT")" -eq 2
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

begin "--help: --no-validate for reconcile, replay, state and batch"
run --help
need "exit code 0" rc_is 0
need "four synopses with [--no-validate]" test "$(grep -c -- '\[--no-validate\]' "$OUT")" -eq 4
need "what it skips" out_has "--no-validate skips that check"
end

begin "validate --no-validate: exit 2 (only the verbs that use their input take it)"
run validate --no-validate "$WORK/schema-ok.json"
expect_bad_input "--no-validate"
end

# ---------------------------------------------------------------------------------------------
# Standard output that cannot be written: every verb exits 1 with one message,
# "trainjob-conditions: writing standard output: <strerror>", whether the write fails at once
# (more output than stdio buffers) or only when standard output is flushed and closed at the end.

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
# Exit 1, and stderr is that one message (/dev/full: "No space left on device").
expect_write_error() {
  local what=${1:-}
  need "exit code 1${what}" rc_is 1
  need "stderr is one line, 'trainjob-conditions: writing standard output: No space left on device'${what}" \
    test "$(cat "$ERR")" = "trainjob-conditions: writing standard output: No space left on device"
}
skip_without_dev_full() { [[ -w /dev/full ]] || T_SKIP="no /dev/full"; }

begin "reconcile > /dev/full: exit 1, 'writing standard output' (the write fails at the final flush)"
skip_without_dev_full
if [[ -w /dev/full ]]; then
  run_full reconcile --trainjob "$EXAMPLES/trainjob.json" --jobset "$EXAMPLES/jobset.json" --now 2025-06-11T08:45:12Z
  expect_write_error
fi
end

begin "replay > /dev/full (json and table): exit 1, 'writing standard output'"
skip_without_dev_full
if [[ -w /dev/full ]]; then
  run_full replay --profile latest "$SCENARIOS/deadline-exceeded.json"
  expect_write_error " (json)"
  run_full replay --format table --profile latest "$SCENARIOS/deadline-exceeded.json"
  expect_write_error " (table)"
fi
end

begin "state > /dev/full (json and text): exit 1, 'writing standard output'"
skip_without_dev_full
if [[ -w /dev/full ]]; then
  run_full state "$EXAMPLES/trainjob.json"
  expect_write_error " (json)"
  run_full state --format text "$EXAMPLES/trainjob.json"
  expect_write_error " (text)"
fi
end

begin "lint > /dev/full with a finding (text and json): exit 1, 'writing standard output'"
skip_without_dev_full
if [[ -w /dev/full ]]; then
  run lint "$EXAMPLES/trainjob.json"
  need "the example has a finding to print" test -s "$OUT"
  run_full lint "$EXAMPLES/trainjob.json"
  expect_write_error " (text)"
  run_full lint --format json "$EXAMPLES/trainjob.json"
  expect_write_error " (json)"
fi
end

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

begin "demo, --help and --version > /dev/full: exit 1, 'writing standard output'"
skip_without_dev_full
if [[ -w /dev/full ]]; then
  run_full demo --dir "$EXAMPLES/scenarios"
  expect_write_error " (demo)"
  run_full --help
  expect_write_error " (--help)"
  run_full --version
  expect_write_error " (--version)"
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

# ---------------------------------------------------------------------------------------------
if [[ $skipped -gt 0 ]]; then echo "($skipped skipped)"; fi
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
