#!/usr/bin/env bash
# CLI tests of `trainjob-conditions audit`: the planted snapshot (tests/data/audit/snapshot.yaml)
# as a table, wide, JSON and YAML, from YAML and from JSON, in one file and in several; exit 0
# without findings, 1 with, 2 on bad input; --upgrade-to.
#
#   bash tests/cli/audit.sh <path to trainjob-conditions> <repository root>
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"

SNAP="$ROOT/tests/data/audit/snapshot.yaml"
NOW=2025-07-01T12:00:00Z

begin "audit of the planted snapshot under v2.2: exit 1, the table with every rule"
run audit --profile v2.2 --now $NOW -f "$SNAP"
need "exit code 1" rc_is 1
need "nothing on stderr" err_empty
cat >"$WORK/want-table" <<'EOF'
NAMESPACE   NAME             STATE       FINDINGS
team-a      custom-runtime   Created     unsupported-runtime
team-a      jobset/gone      Failed      orphan-jobset
team-a      healthy          Running     <none>
team-a      no-jobset        Created     missing-jobset,status-write-every-pass
team-a      stale            Created     stale-status,status-write-every-pass
team-b      crowded          Suspended   status-write-every-pass,condition-limit
team-b      failed-ttl       Failed      stale-status,missing-jobset,failed-not-terminal,status-write-every-pass
team-b      fraction         Complete    status-write-every-pass,fractional-time,fractional-time
team-b      reborn           Created     stale-status,status-write-every-pass
team-b      jobset/reborn    Completed   orphan-jobset
team-b      resumed          Running     misleading-state-column,status-write-every-pass
EOF
need "the table, byte for byte" same_as "$WORK/want-table"
cp "$OUT" "$WORK/table-yaml"
end

begin "audit -o wide: one row per finding, with what will happen"
run audit --profile v2.2 --now $NOW -o wide -f "$SNAP"
need "exit code 1" rc_is 1
need "header" out_line_starts 1 "NAMESPACE   NAME             STATE       RULE                      SEVERITY   MESSAGE"
need "21 rows: 20 findings and the clean job" test "$(wc -l <"$OUT")" -eq 22
need "the panic of v2.2 on an unregistered runtime" out_has "then calls the nil runtime and panics"
need "the stale Failed of 3737" out_has "its children are applied again and it runs again (kubeflow/trainer 3737)"
need "the clean job" out_has "team-a      healthy          Running     <none>"
end

begin "audit -o json: one entry per TrainJob and per orphan JobSet, each with its findings"
run audit --profile v2.2 --now $NOW -o json -f "$SNAP"
need "exit code 1" rc_is 1
need "profile, now, a count of findings" py 'd["profile"] == "v2.2" and d["now"] == "2025-07-01T12:00:00Z" and d["findings"] == 20'
need "11 entries: 9 TrainJobs, 2 orphan JobSets" py 'len(d["entries"]) == 11 and sum(e["kind"] == "JobSet" for e in d["entries"]) == 2'
need "every rule but upgrade-change is there" py '{f["rule"] for e in d["entries"] for f in e["findings"]} == {"stale-status","missing-jobset","orphan-jobset","unsupported-runtime","failed-not-terminal","misleading-state-column","status-write-every-pass","condition-limit","fractional-time"}'
need "each finding has rule, severity and message" py 'all(set(f) == {"rule","severity","message"} for e in d["entries"] for f in e["findings"])'
need "the standalone JobSet is not reported" py 'all(e["name"] != "standalone" for e in d["entries"])'
need "no upgrade without --upgrade-to" py 'all("upgrade" not in e for e in d["entries"])'
cp "$OUT" "$WORK/json-yaml"
end

begin "audit -o yaml: the same report as YAML"
run audit --profile v2.2 --now $NOW -o yaml -f "$SNAP"
need "exit code 1" rc_is 1
need "starts with entries" out_line_starts 1 "entries:"
need "a rule id" out_has "    rule: failed-not-terminal"
need "the profile" out_has "profile: v2.2"
end

begin "audit from JSON, in two files: the same findings as from one YAML file"
T_SKIP=""
if python3 -c 'import yaml' 2>/dev/null; then
  python3 - "$SNAP" "$WORK" <<'PY'
import json, sys, yaml
d = yaml.safe_load(open(sys.argv[1]))
tj = dict(d, items=[i for i in d["items"] if i["kind"] == "TrainJob"])
js = dict(d, items=[i for i in d["items"] if i["kind"] == "JobSet"])
json.dump(tj, open(sys.argv[2] + "/trainjobs.json", "w"), indent=4)
json.dump(js, open(sys.argv[2] + "/jobsets.json", "w"), indent=4)
PY
  run audit --profile v2.2 --now $NOW "$WORK/trainjobs.json" -f "$WORK/jobsets.json"
  need "exit code 1" rc_is 1
  need "the same table" same_as "$WORK/table-yaml"
  run audit --profile v2.2 --now $NOW -o json "$WORK/jobsets.json" "$WORK/trainjobs.json"
  need "the same JSON, whatever the order of the files" json_equal "$OUT" "$WORK/json-yaml"
else
  T_SKIP="python3 without yaml"
fi
end

begin "audit of a clean snapshot: exit 0"
run audit --profile latest --now $NOW -f "$ROOT/tests/data/audit/clean.yaml"
need "exit code 0" rc_is 0
need "nothing on stderr" err_empty
need "the one job, no finding" test "$(sed -n 2p "$OUT")" = "team-a      healthy   Running   <none>"
end

begin "audit --upgrade-to latest: what the first pass under latest changes"
run audit --profile v2.2 --upgrade-to latest --now $NOW -o json -f "$SNAP"
need "exit code 1" rc_is 1
need "upgradeTo" py 'd["upgradeTo"] == "latest"'
need "failed-ttl: upgrade-change, latest keeps the Failed and does nothing" py '[e for e in d["entries"] if e["name"] == "failed-ttl"][0]["upgrade"] == {"profile": "latest", "changes": [], "actions": []}'
need "failed-ttl: under v2.2 the Failed goes and the JobSet is created" py '[e for e in d["entries"] if e["name"] == "failed-ttl"][0]["pass"]["changes"] == ["Failed removed"]'
need "upgrade-change on failed-ttl" py 'any(f["rule"] == "upgrade-change" for f in [e for e in d["entries"] if e["name"] == "failed-ttl"][0]["findings"])'
need "none on healthy" py 'not any(f["rule"] == "upgrade-change" for f in [e for e in d["entries"] if e["name"] == "healthy"][0]["findings"])'
run audit --profile latest --upgrade-to latest --now $NOW -f "$ROOT/tests/data/audit/clean.yaml"
need "to the same release: exit 0" rc_is 0
run audit --profile latest --upgrade-to v1.9 --now $NOW -o wide -f "$ROOT/tests/data/audit/clean.yaml"
need "latest -> v1.9 on a clean job: Created is added, exit 1" rc_is 1
need "upgrade-change, Created added" out_has "upgrade-change   info       the first v1.9 pass: conditions: Created added: True (JobsCreationSucceeded)"
end

begin "audit: bad input and bad usage exit 2"
run audit --now $NOW
expect_bad_input "audit: no FILE given"
run audit --profile v9 --now $NOW -f "$SNAP"
expect_bad_input 'unknown profile "v9"'
run audit --upgrade-to v9 --now $NOW -f "$SNAP"
expect_bad_input 'unknown profile "v9"'
run audit --now yesterday -f "$SNAP"
expect_bad_input "audit: --now: "
run audit --profile v1.9 --policy Running --now $NOW -f "$SNAP"
expect_bad_input "audit: --policy: "
run audit --now $NOW -f "$DATA/bad-condition.json"
expect_bad_input "bad-condition.json: status.conditions[0].reason: "
printf '{"kind": "List", "items": [{"kind": "Pod", "metadata": {"name": "p"}}]}' >"$WORK/pod.json"
run audit --now $NOW -f "$WORK/pod.json"
expect_bad_input "pod.json: items[0].kind: "
run audit --now $NOW -o table -f "$ROOT/does-not-exist.yaml"
expect_bad_input "does-not-exist.yaml: cannot open"
run audit --now $NOW -o name -f "$SNAP"
expect_bad_input "audit: "
end

begin "audit -o html: one page, a section per namespace, a row per finding, exit codes as the table"
skip_without_py
run audit --profile v2.2 --now $NOW -o html -f "$SNAP"
need "exit code 1" rc_is 1
need "nothing on stderr" err_empty
cp "$OUT" "$WORK/audit.html"
# 20 findings (the wide table's rows), 2 namespaces, bands for the 8 TrainJobs with findings (the
# ninth is clean, folded by name; the 2 orphan JobSets have no bands).
need "well-formed: 2 namespaces, 20 findings, 8 TrainJobs drawn, 1 folded" \
  python3 "$ROOT/tests/cli/html_check.py" "$WORK/audit.html" --count namespace=2 --count sev=20 --count trainjob=8 \
  --count clean=1 --text "1 without findings" --text "namespace team-b" --text "jobset/gone" --text "condition-limit"
run audit --profile latest --now $NOW -o html -f "$ROOT/tests/data/audit/clean.yaml"
need "a clean snapshot: exit 0" rc_is 0
need "no finding: the job folded, by name" out_has '<summary>1 without findings</summary>'
need "no findings table, no band" out_lacks 'class="findings"'
run audit --now $NOW -o html -f "$DATA/bad-condition.json"
expect_bad_input "bad-condition.json: status.conditions[0].reason: "
end

begin "audit -o html of hostile names and messages: text, never markup"
skip_without_py
python3 - "$WORK/evil.json" <<'PY'
import json, sys
evil = "</td><script>alert(1)</script><img src=x onerror=alert(2)> & \"'"
tj = {"apiVersion": "trainer.kubeflow.org/v1alpha1", "kind": "TrainJob",
      "metadata": {"name": "n<b>x", "namespace": "ns&<i>", "uid": "u1", "creationTimestamp": "2025-07-01T10:00:00Z"},
      "spec": {"runtimeRef": {"name": "torch-distributed"}},
      "status": {"conditions": [{"type": "Failed", "status": "True", "reason": "FailedJobs", "message": evil,
                                 "lastTransitionTime": "2025-07-01T11:00:00Z"}]}}
json.dump({"apiVersion": "v1", "kind": "List", "items": [tj]}, open(sys.argv[1], "w"))
PY
run audit --profile v2.1 --now $NOW -o html --no-validate -f "$WORK/evil.json"
need "exit code 1 (findings)" rc_is 1
cp "$OUT" "$WORK/evil.html"
need "well-formed, no script, each string as text" \
  python3 "$ROOT/tests/cli/html_check.py" "$WORK/evil.html" --text "namespace ns&<i>" --text "n<b>x" \
  --text "</td><script>alert(1)</script><img src=x onerror=alert(2)> & \"'"
need "no raw tag from input" out_lacks "<script"
end

begin "audit with standard output on /dev/full: exit 1, the write error"
skip_without_dev_full
run_full audit --profile v2.2 --now $NOW -f "$SNAP"
expect_write_error
end

finish
