#!/usr/bin/env python3
"""Writes a cluster snapshot as `kubectl get trainjobs,jobsets -A -o json|yaml` prints it:
N TrainJobs and N JobSets in one v1 List, for `trainjob-conditions audit` (BENCHMARKS.md).

    python3 scripts/gen-snapshot.py N json >snapshot.json
    python3 scripts/gen-snapshot.py N yaml >snapshot.yaml
    python3 scripts/gen-snapshot.py N json 2/4 >part-2.json   # the 2nd quarter of the items

A file over the tool's input limit (256 MiB) is refused, so a large snapshot goes in parts,
as `audit -f` takes several files: part I of K holds the I-th K-th of the TrainJobs and of the
JobSets (at N = 100,000, four JSON parts of about 170 MB each).

Deterministic: the same N gives the same bytes. Jobs cycle through a fixed mix by index
(i % 100): 70 running, 15 complete, 5 failed, 5 suspended, and one each of a stale status, a
missing JobSet (its JobSet slot is an orphan of a deleted TrainJob), a fraction of a second in
a time, a resumed job whose State column says Suspended, and an unregistered runtime kind.
Objects carry what kubectl shows (labels, annotations, uids, owner references, the JobSet's
pod template), about 1.3 KB a TrainJob and 2.3 KB a JobSet as JSON.
"""
import json
import sys


def uid(kind, i):
    return "%08x-%04x-4%03x-8%03x-%012x" % (i, kind, i % 4096, (i >> 12) % 4096, i * 2654435761 % (1 << 48))


def ts(minute):
    return "2025-07-01T%02d:%02d:00Z" % (minute // 60 % 24, minute % 60)


def cond(type_, status, reason, message, t):
    return {"lastTransitionTime": t, "message": message, "reason": reason, "status": status, "type": type_}


def jobs_status(active, succeeded, failed, suspended=0):
    return [{"active": active, "failed": failed, "name": "node", "ready": active, "succeeded": succeeded,
             "suspended": suspended}]


def objects(i):
    """The TrainJob and the JobSet of index i."""
    kind = i % 100
    ns = "team-%d" % (i % 50)
    name = "train-%07d" % i
    created = ts(i % 600)
    tj = {
        "apiVersion": "trainer.kubeflow.org/v1alpha1",
        "kind": "TrainJob",
        "metadata": {
            "annotations": {"example.com/owner": "user-%d@example.com" % (i % 997)},
            "creationTimestamp": created,
            "generation": 1,
            "labels": {"app.kubernetes.io/part-of": "fine-tuning", "team": ns},
            "name": name,
            "namespace": ns,
            "resourceVersion": str(100000 + i),
            "uid": uid(1, i),
        },
        "spec": {
            "runtimeRef": {"apiGroup": "trainer.kubeflow.org", "kind": "ClusterTrainingRuntime",
                           "name": "torch-distributed"},
            "trainer": {
                "args": ["--epochs", "3", "--lr", "0.0001"],
                "command": ["torchrun", "train.py"],
                "image": "registry.example.com/ml/trainer:1.%d" % (i % 9),
                "numNodes": 2,
                "resourcesPerNode": {"limits": {"nvidia.com/gpu": "4"}, "requests": {"cpu": "8", "memory": "64Gi"}},
            },
        },
        "status": {},
    }
    js_status = {"replicatedJobsStatus": jobs_status(2, 0, 0)}
    status = tj["status"]
    if kind < 70:  # running
        status["jobsStatus"] = jobs_status(2, 0, 0)
    elif kind < 85:  # complete
        done = cond("Complete", "True", "AllJobsCompleted", "jobset completed successfully", ts(i % 600 + 30))
        status["conditions"] = [done]
        status["jobsStatus"] = jobs_status(0, 2, 0)
        js_status = {"conditions": [dict(done, type="Completed")], "replicatedJobsStatus": jobs_status(0, 2, 0),
                     "terminalState": "Completed"}
    elif kind < 90:  # failed
        failed = cond("Failed", "True", "FailedJobs", "jobset failed due to one or more job failures",
                      ts(i % 600 + 20))
        status["conditions"] = [failed]
        status["jobsStatus"] = jobs_status(0, 0, 2)
        js_status = {"conditions": [dict(failed)], "replicatedJobsStatus": jobs_status(0, 0, 2),
                     "terminalState": "Failed"}
    elif kind < 95:  # suspended
        tj["spec"]["suspend"] = True
        status["conditions"] = [cond("Suspended", "True", "Suspended", "TrainJob is suspended", created)]
        status["jobsStatus"] = jobs_status(0, 0, 0, 2)
        js_status = {"replicatedJobsStatus": jobs_status(0, 0, 0, 2)}
    elif kind == 95:  # stale: the JobSet completed, the TrainJob does not say so
        status["jobsStatus"] = jobs_status(0, 2, 0)
        js_status = {"conditions": [cond("Completed", "True", "AllJobsCompleted", "jobset completed successfully",
                                         ts(i % 600 + 30))],
                     "replicatedJobsStatus": jobs_status(0, 2, 0), "terminalState": "Completed"}
    elif kind == 96:  # no JobSet; its slot holds an orphan
        pass
    elif kind == 97:  # a fraction of a second
        t = ts(i % 600 + 30)[:-1] + ".250Z"
        status["conditions"] = [cond("Complete", "True", "AllJobsCompleted", "jobset completed successfully", t)]
        status["jobsStatus"] = jobs_status(0, 2, 0)
        js_status = {"conditions": [cond("Completed", "True", "AllJobsCompleted", "jobset completed successfully", t)],
                     "replicatedJobsStatus": jobs_status(0, 2, 0), "terminalState": "Completed"}
    elif kind == 98:  # resumed, running: the State column says Suspended
        status["conditions"] = [cond("Suspended", "False", "Resumed", "TrainJob is resumed", ts(i % 600 + 5))]
        status["jobsStatus"] = jobs_status(2, 0, 0)
    else:  # an unregistered runtime kind
        tj["spec"]["runtimeRef"] = {"apiGroup": "example.com", "kind": "MyRuntime", "name": "mine"}
    if not status:
        del tj["status"]
    owner_name, owner_uid = (name, uid(1, i)) if kind != 96 else ("deleted-%07d" % i, uid(3, i))
    js = {
        "apiVersion": "jobset.x-k8s.io/v1alpha2",
        "kind": "JobSet",
        "metadata": {
            "creationTimestamp": created,
            "generation": 1,
            "labels": {"trainer.kubeflow.org/trainjob-ancestor-step": "trainer"},
            "name": owner_name,
            "namespace": ns,
            "ownerReferences": [{"apiVersion": "trainer.kubeflow.org/v1alpha1", "blockOwnerDeletion": True,
                                 "controller": True, "kind": "TrainJob", "name": owner_name, "uid": owner_uid}],
            "resourceVersion": str(200000 + i),
            "uid": uid(2, i),
        },
        "spec": {
            "network": {"enableDNSHostnames": True, "publishNotReadyAddresses": True},
            "replicatedJobs": [{
                "name": "node",
                "replicas": 1,
                "template": {"spec": {
                    "backoffLimit": 0,
                    "completions": 2,
                    "parallelism": 2,
                    "template": {"spec": {
                        "containers": [{
                            "args": ["--epochs", "3", "--lr", "0.0001"],
                            "command": ["torchrun", "train.py"],
                            "env": [{"name": "PET_NNODES", "value": "2"}, {"name": "PET_NPROC_PER_NODE", "value": "4"}],
                            "image": "registry.example.com/ml/trainer:1.%d" % (i % 9),
                            "name": "node",
                            "ports": [{"containerPort": 29500, "protocol": "TCP"}],
                            "resources": {"limits": {"nvidia.com/gpu": "4"},
                                          "requests": {"cpu": "8", "memory": "64Gi"}},
                        }],
                        "restartPolicy": "Never",
                    }},
                }},
            }],
            "successPolicy": {"operator": "All"},
            "suspend": bool(tj["spec"].get("suspend", False)),
        },
        "status": js_status,
    }
    return tj, js


def main():
    part, parts = 1, 1
    if len(sys.argv) == 4 and "/" in sys.argv[3]:
        part, parts = (int(x) for x in sys.argv[3].split("/", 1))
    elif len(sys.argv) != 3:
        part = 0
    if part < 1 or part > parts or sys.argv[2] not in ("json", "yaml") or not sys.argv[1].isdigit():
        sys.exit("usage: gen-snapshot.py N json|yaml [I/K]")
    n, form = int(sys.argv[1]), sys.argv[2]
    out = sys.stdout
    first, last = n * (part - 1) // parts, n * part // parts
    # kubectl lists one resource type after the other.
    items = [objects(i)[0] for i in range(first, last)] + [objects(i)[1] for i in range(first, last)]
    doc = {"apiVersion": "v1", "items": items, "kind": "List", "metadata": {"resourceVersion": ""}}
    if form == "json":
        json.dump(doc, out, indent=4, sort_keys=True)
        out.write("\n")
    else:
        import yaml  # python3-yaml
        yaml.dump(doc, out, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), default_flow_style=False,
                  sort_keys=True, width=1 << 20)


if __name__ == "__main__":
    main()
