#!/usr/bin/env python3
"""Writes the seed corpus of every fuzz target into fuzz/corpus/<target>/.

Seeds come from the repository's fixtures (tests/data/upstream, the copy of the shared
upstream manifests; tests/data/state and lint), the scenarios (tests/scenarios,
examples/scenarios) and hand-made edge cases. JSON is written compact, as read (key order
kept), to keep inputs small. Only files named seed-* and edge-* are rewritten: regression-*
inputs (crashes found, kept for good) and anything merged in with FUZZ_MERGE=1 stay.

    python3 fuzz/seed_corpus.py            # from the repository root or anywhere
"""
import glob
import json
import os
import random
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "fuzz", "corpus")


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def compact(value):
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def rel(*parts):
    return os.path.join(ROOT, *parts)


def short_name(path):
    base = os.path.splitext(os.path.basename(path))[0]
    return base.replace("trainer-master__", "").replace("jobset__", "").replace("__", "-")


class Target:
    def __init__(self, name):
        self.name = name
        self.files = {}

    def add(self, name, data):
        if isinstance(data, str):
            data = data.encode("utf-8")
        elif not isinstance(data, (bytes, bytearray)):
            data = compact(data)
        if data in self.files.values():
            return
        assert name not in self.files, name
        self.files[name] = bytes(data)

    def write(self):
        out = os.path.join(CORPUS, self.name)
        os.makedirs(out, exist_ok=True)
        for old in os.listdir(out):
            if old.startswith(("seed-", "edge-")):
                os.remove(os.path.join(out, old))
        for name, data in sorted(self.files.items()):
            with open(os.path.join(out, name), "wb") as f:
                f.write(data)
        return sum(len(d) for d in self.files.values())


def fixtures(kind):
    return sorted(glob.glob(rel("tests", "data", "upstream", "*__%s__*.json" % kind)))


def scenarios():
    return sorted(glob.glob(rel("tests", "scenarios", "*.json")) + glob.glob(rel("examples", "scenarios", "*.json")))


TRAINJOB_EDGES = {
    # Times: fractions, offsets, the ends of the range, leap days; lowercase and second 60 are errors.
    "times": {"apiVersion": "trainer.kubeflow.org/v1alpha1", "kind": "TrainJob",
              "metadata": {"name": "t", "creationTimestamp": "2024-02-29T23:59:59.999999999+05:30",
                           "deletionTimestamp": "9999-12-31T23:59:59Z"},
              "spec": {"runtimeRef": {"name": "torch"}},
              "status": {"conditions": [
                  {"type": "Complete", "status": "True", "lastTransitionTime": "0000-01-01T00:00:00Z",
                   "reason": "AllJobsCompleted", "message": ""},
                  {"type": "Suspended", "status": "False", "lastTransitionTime": "2025-01-01T00:00:00.5-00:30",
                   "reason": "Resumed", "message": "TrainJob is resumed", "observedGeneration": 0}]}},
    "bad-time": {"kind": "TrainJob", "spec": {"runtimeRef": {"name": "x"}},
                 "status": {"conditions": [{"type": "A", "status": "True",
                                            "lastTransitionTime": "2025-01-01t00:00:60z"}]}},
    # Kept as read: explicit empties, nulls, zeroes and unknown members at every level.
    "empties": {"apiVersion": "trainer.kubeflow.org/v1alpha1", "kind": "TrainJob", "future": {"a": [1, 2.5, None]},
                "metadata": {"name": "", "generation": 0, "labels": {}, "annotations": None, "finalizers": [],
                             "managedFields": [{"manager": "kubectl"}]},
                "spec": {"runtimeRef": {"name": "r", "kind": "", "apiGroup": None}, "suspend": False,
                         "managedBy": "kueue.x-k8s.io/multikueue", "trainer": {"numNodes": 0, "command": []},
                         "initializer": {}, "podSpecOverrides": [], "runtimePatches": None},
                "status": {"conditions": [], "jobsStatus": [{"name": "node", "ready": 0}], "trainerStatus": {}}},
    # Path quoting: label keys with dots, slashes, quotes, brackets and non-ASCII.
    "odd-keys": {"kind": "TrainJob", "metadata": {"labels": {"app.kubernetes.io/name": "x", "\u00e9\"]": 5}},
                 "spec": {"runtimeRef": {"name": "r"}}},
    # Types and ranges: decoding must name the path, never crash.
    "wrong-types": {"kind": "TrainJob", "spec": {"runtimeRef": {"name": 1}, "activeDeadlineSeconds": 1.5}},
    "ranges": {"kind": "TrainJob", "metadata": {"generation": 18446744073709551615},
               "spec": {"runtimeRef": {"name": "r"}, "activeDeadlineSeconds": -9223372036854775808,
                        "trainer": {"numNodes": 2147483648}}},
    "status-maybe": {"kind": "TrainJob", "spec": {"runtimeRef": {"name": "r"}},
                     "status": {"conditions": [{"type": "Failed", "status": "Maybe"}]}},
    "missing-required": {"kind": "TrainJob", "spec": {"runtimeRef": {}},
                         "status": {"conditions": [{"status": "True"}]}},
    "not-a-trainjob": {"apiVersion": "jobset.x-k8s.io/v1alpha2", "kind": "JobSet", "spec": {}},
    "legacy-group": {"apiVersion": "kubeflow.org/v2alpha1", "kind": "TrainJob", "spec": {"runtimeRef": {"name": "r"}}},
}

JOBSET_EDGES = {
    "counts": {"apiVersion": "jobset.x-k8s.io/v1alpha2", "kind": "JobSet", "metadata": {"name": "j"},
               "spec": {"replicatedJobs": [
                   {"name": "node", "replicas": 2147483648,
                    "template": {"metadata": {"labels": {"trainer.kubeflow.org/trainjob-ancestor-step": "trainer"}}}},
                   {"name": "dataset-initializer", "replicas": "1"}, 7, {"name": ""}]},
               "status": {"restarts": -1, "terminalState": "Failed",
                          "replicatedJobsStatus": [{"name": "node", "ready": -1, "failed": 2147483647},
                                                   {"name": "node"}, {"name": "launcher", "active": 1}],
                          "conditions": [{"type": "Failed", "status": "True", "reason": "FailedJobs",
                                          "message": "jobset failed (first failed job: node-0)",
                                          "lastTransitionTime": "2025-01-01T00:00:00Z", "extra": True}]}},
    "spec-shapes": {"kind": "JobSet", "spec": {"replicatedJobs": {"name": "node"}}, "status": None},
    "wrong-status": {"kind": "JobSet", "status": {"replicatedJobsStatus": [{"name": 3}]}},
}


def trainjob_seeds(t):
    for f in fixtures("TrainJob"):
        t.add("seed-" + short_name(f), load(f))
    for f in sorted(glob.glob(rel("tests", "data", "state", "*.json"))):
        t.add("seed-state-" + short_name(f), load(f))
    for f in sorted(glob.glob(rel("tests", "data", "lint", "*.json"))):
        t.add("seed-lint-" + short_name(f), load(f))
    for f in scenarios():
        t.add("seed-scenario-" + short_name(f), load(f)["trainjob"])
    for name, doc in TRAINJOB_EDGES.items():
        t.add("edge-" + name, doc)
    # Nesting: 999 levels parse, 1001 do not.
    t.add("edge-deep-ok", '{"kind":"TrainJob","spec":{"runtimeRef":{"name":"r"}},"x":' + "[" * 996 + "]" * 996 + "}")
    t.add("edge-too-deep", "[" * 1001 + "]" * 1001)
    t.add("edge-nul", b'{"kind":"TrainJob"}\x00garbage')
    t.add("edge-bad-utf8", b'{"kind":"TrainJob","metadata":{"name":"\xff"}}')
    t.add("edge-duplicate-keys", '{"kind":"TrainJob","spec":{"runtimeRef":{"name":"a"}},"spec":{}}')


def jobset_seeds(t):
    for f in fixtures("JobSet"):
        t.add("seed-" + short_name(f), load(f))
    t.add("seed-example-jobset", load(rel("examples", "jobset.json")))
    n = 0
    for f in scenarios():
        doc = load(f)
        for i, step in enumerate(doc["steps"]):
            if step.get("jobset") and n < 24:
                before = len(t.files)
                t.add("seed-scenario-%s-step%d" % (short_name(f), i), step["jobset"])
                n += len(t.files) - before
    for name, doc in JOBSET_EDGES.items():
        t.add("edge-" + name, doc)


def runtime_seeds(t):
    for kind in ("ClusterTrainingRuntime", "TrainingRuntime"):
        for f in fixtures(kind):
            t.add("seed-" + short_name(f), load(f))
    mixed = [load(fixtures("TrainJob")[0]), load(fixtures("JobSet")[0]), load(fixtures("TrainingRuntime")[0]),
             load(fixtures("ClusterTrainingRuntime")[0])]
    t.add("seed-list-mixed", {"apiVersion": "v1", "kind": "List", "items": mixed})
    t.add("seed-list-runtimes", {"apiVersion": "trainer.kubeflow.org/v1alpha1", "kind": "ClusterTrainingRuntimeList",
                                 "metadata": {"resourceVersion": "1"},
                                 "items": [load(f) for f in fixtures("ClusterTrainingRuntime")[:2]]})
    t.add("edge-list-not-array", {"kind": "TrainJobList", "items": "x"})
    t.add("edge-list-no-items", {"kind": "List"})
    t.add("edge-list-bad-item", {"kind": "List", "items": [{"kind": "Pod"}, 1, {"kind": 3}]})
    t.add("edge-runtime-num-nodes", {"apiVersion": "trainer.kubeflow.org/v1alpha1", "kind": "TrainingRuntime",
                                     "spec": {"mlPolicy": {"numNodes": 0, "torch": {"numProcPerNode": "auto"}},
                                              "template": {"spec": {"replicatedJobs": []}}}})
    t.add("edge-runtime-wrong-group", {"apiVersion": "example.com/v1", "kind": "ClusterTrainingRuntime"})


def scenario_seeds(t):
    for f in scenarios():
        t.add("seed-" + short_name(f), load(f))
    base = load(scenarios()[0])
    tj = base["trainjob"]
    t.add("edge-unknown-key", {"trainjob": tj, "steps": [], "stpes": []})
    t.add("edge-back-in-time", {"trainjob": tj, "steps": [{"now": "2025-01-02T00:00:00Z"},
                                                          {"now": "2025-01-01T00:00:00Z"}]})
    t.add("edge-bad-patch", {"profile": "v2.2", "trainjob": tj, "jobset": None,
                             "steps": [{"now": "2025-01-01T00:00:00Z", "patch": {"spec": {"runtimeRef": None}}}]})
    t.add("edge-v1.9", {"profile": "v1.9", "trainjob": tj, "jobset": None,
                        "steps": [{"now": "2025-01-01T00:00:00Z", "buildError": "no image"},
                                  {"now": "2025-01-01T00:00:01Z", "applyError": "\u00e9" * 960},
                                  {"now": "2025-01-01T00:00:02Z", "jobset": {"kind": "JobSet"}}]})
    t.add("edge-bad-profile", {"profile": "v3.0", "trainjob": tj, "steps": []})
    t.add("edge-runtime", {"trainjob": tj, "runtime": load(fixtures("TrainingRuntime")[0]),
                           "steps": [{"now": "2025-01-01T00:00:00Z"}]})


def roundtrip_seeds(t):
    for kind in ("TrainJob", "JobSet", "TrainingRuntime", "ClusterTrainingRuntime"):
        for f in fixtures(kind):
            t.add("seed-" + short_name(f), load(f))
    for f in sorted(glob.glob(rel("tests", "data", "state", "*.json"))):
        t.add("seed-state-" + short_name(f), load(f))
    t.add("seed-list-mixed", {"kind": "List", "items": [load(fixtures(k)[0]) for k in
                                                        ("TrainJob", "JobSet", "TrainingRuntime")]})
    for name in ("times", "empties", "odd-keys", "legacy-group"):
        t.add("edge-trainjob-" + name, TRAINJOB_EDGES[name])
    for name in ("counts", "spec-shapes"):
        t.add("edge-jobset-" + name, JOBSET_EDGES[name])


def reconcile_seeds(t):
    # The target reads structured choices from raw bytes: seeds are fixed pseudo-random bytes.
    rng = random.Random(20250101)
    for i in range(24):
        t.add("seed-bytes-%02d" % i, bytes(rng.randrange(256) for _ in range(rng.randrange(32, 400))))
    t.add("edge-zeros", bytes(64))
    t.add("edge-ones", b"\xff" * 256)


def c_abi_seeds(t):
    # One control byte (profile, policy preset, migration, NULL options), then the text.
    def add(name, control, text, previous=None):
        data = bytes([control]) + (text if isinstance(text, bytes) else compact(text))
        if previous is not None:
            data += b"\f" + compact(previous)
        t.add(name, data)

    for i, f in enumerate(scenarios()):
        doc = load(f)
        request = {"trainjob": doc["trainjob"], "jobset": doc.get("jobset"), "now": doc["steps"][0]["now"]}
        for key in ("applyError", "buildError"):
            if key in doc["steps"][0]:
                request[key] = doc["steps"][0][key]
        if "runtime" in doc:
            request["runtime"] = doc["runtime"]
        add("seed-request-" + short_name(f), (i * 5) % 112, request)
        add("seed-scenario-" + short_name(f), (i * 11) % 112, doc)
    for i, f in enumerate(fixtures("TrainJob")):
        add("seed-" + short_name(f), (i * 13) % 112, load(f))
    add("seed-lint-terminal-removed", 5, load(rel("tests", "data", "lint", "terminal-removed.current.json")),
        load(rel("tests", "data", "lint", "terminal-removed.previous.json")))
    add("seed-list-mixed", 0, {"kind": "List", "items": [load(fixtures(k)[0]) for k in
                                                         ("TrainJob", "JobSet", "ClusterTrainingRuntime")]})
    add("edge-request-unknown-key", 6, {"trainjob": {}, "jobset": None, "now": "x", "extra": 1})
    add("edge-names", 112 + 6, b"Started\nv2.2")
    add("edge-names-profile", 112 + 20, b"v1.9\f{}")
    add("edge-empty", 3, b"")


def batch_seeds(t):
    # JSON Lines of {"trainjob", "jobset", "now"}: some of the batch sample, and passes built
    # from the scenarios (their JobSets as each step sees them).
    with open(rel("tests", "data", "batch", "sample.jsonl"), "rb") as f:
        sample = f.read().split(b"\n")
    for i in (0, 17, 41, 66, 93, 119):
        if i < len(sample) and sample[i].strip():
            t.add("seed-sample-line%03d" % (i + 1), sample[i])
    for f in scenarios():
        doc = load(f)
        jobset = doc.get("jobset")
        lines = []
        for step in doc["steps"]:
            if "jobset" in step:
                jobset = step["jobset"]
            lines.append(compact({"trainjob": doc["trainjob"], "jobset": jobset, "now": step["now"]}))
        t.add("seed-" + short_name(f), b"\n".join(lines[:4]))
    tj = load(scenarios()[0])["trainjob"]
    line = compact({"now": "2025-01-01T00:00:00Z", "jobset": None, "trainjob": tj})
    t.add("edge-blank-and-crlf", b"\n  \t\r\n" + line + b"\r\n\n" + line)
    t.add("edge-members", b"\n".join([
        b'{"trainjob":' + compact(tj) + b',"now":"2025-01-01T00:00:00.999+01:00"}',
        b'{"trainjob":' + compact(tj) + b',"jobset":null,"now":"2025-01-01T00:00:00Z","extra":1}',
        b'{"trainjob":null,"jobset":null,"now":"2025-01-01T00:00:00Z"}',
        b'{"trainjob":' + compact(tj) + b',"jobset":{},"now":null}',
        b'{"trainjob":' + compact(tj) + b',"trainjob":{},"now":"2025-01-01T00:00:00Z"}']))
    t.add("edge-escapes-numbers", b'{ "trainjob" : {"kind":"Train\\u004aob","metadata":{"name":"\\u00e9\\/x",'
          b'"generation":1e0,"labels":{"a\\"b":"\\ud83d\\ude00"}},"spec":{"runtimeRef":{"name":"r"},'
          b'"activeDeadlineSeconds":9223372036854775807},"status":{"conditions":[{"type":"Complete",'
          b'"status":"True","reason":"R","message":"","observedGeneration":-0,'
          b'"lastTransitionTime":"2025-01-01T00:00:00Z"}]}} , "jobset" : null , "now" : "2025-01-01T00:00:01Z" }')
    t.add("edge-bad-lines", b"\n".join([b"{", b"[]", b'{"trainjob":{}}', b"\xff", b'{"now":"2025-13-01T00:00:00Z"}']))


def reuse_seeds(t):
    # Two batch lines, the second reconciled through the first's result: pairs from the
    # batch sample, and one trainerStatus written as unlike-but-equal JSON numbers.
    with open(rel("tests", "data", "batch", "sample.jsonl"), "rb") as f:
        sample = f.read().split(b"\n")
    for i in (0, 2, 4, 6):
        t.add("seed-sample-%d" % i, sample[i] + b"\n" + sample[i + 1])
    pairs = [(b"18446744073709551615", b"18446744073709551616"), (b"1", b"1.0"), (b"0", b"-0.0"),
             (b"-1", b"-1.0"), (b"[1]", b"[1.0]")]
    for n, (a, b) in enumerate(pairs):
        def line(v):
            doc = json.loads(sample[0])
            doc["trainjob"].setdefault("status", {})["trainerStatus"] = "@@"
            return compact(doc).replace(b'"@@"', b'{"progress":' + v + b"}")
        t.add("edge-equal-not-identical-%d" % n, line(a) + b"\n" + line(b))


def main():
    targets = [("fuzz_decode_trainjob", trainjob_seeds), ("fuzz_decode_jobset", jobset_seeds),
               ("fuzz_decode_runtime", runtime_seeds), ("fuzz_decode_scenario", scenario_seeds),
               ("fuzz_roundtrip", roundtrip_seeds), ("fuzz_reconcile", reconcile_seeds),
               ("fuzz_c_abi", c_abi_seeds), ("fuzz_batch_line", batch_seeds),
               ("fuzz_reuse", reuse_seeds)]
    total = 0
    for name, fill in targets:
        t = Target(name)
        fill(t)
        size = t.write()
        total += size
        print("%-22s %3d seeds, %7d bytes" % (name, len(t.files), size))
    print("total %d bytes" % total)
    return 0


if __name__ == "__main__":
    sys.exit(main())
