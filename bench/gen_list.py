#!/usr/bin/env python3
"""Writes a `kind: List` as `kubectl get -o json` prints it (4-space indent), for the
List-reading benchmarks (BENCHMARKS.md, "Reading Lists").

    python3 bench/gen_list.py N [--jobsets] > list.json
    python3 bench/gen_list.py N --batch > requests.jsonl

YAML: `trainjob-conditions validate -o yaml -f list.json`, as kubectl prints it.

N TrainJobs (with --jobsets, also a JobSet after each) cycled from the examples and
test data, each renamed "<name>-<i>" so no two are the same object.
"""
import argparse
import copy
import glob
import json
import os
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load(pattern):
    out = []
    for p in sorted(glob.glob(os.path.join(root, pattern))):
        with open(p) as f:
            out.append(json.load(f))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int)
    ap.add_argument("--jobsets", action="store_true", help="a JobSet after each TrainJob")
    ap.add_argument("--batch", action="store_true",
                    help="the same TrainJobs as batch requests, one compact JSON line each")
    a = ap.parse_args()
    jobs = [j for j in load("examples/trainjob.json") + load("tests/data/state/*.json")
            + load("tests/data/upstream/trainer-master__TrainJob__*.json") if j.get("kind") == "TrainJob"]
    sets = load("examples/jobset.json") + load("tests/data/upstream/jobset__JobSet__*.json")
    items = []
    for i in range(a.n):
        tj = copy.deepcopy(jobs[i % len(jobs)])
        tj.setdefault("metadata", {})["name"] = "%s-%d" % (tj["metadata"].get("name", "job"), i)
        items.append(tj)
        if a.jobsets:
            js = copy.deepcopy(sets[i % len(sets)])
            js.setdefault("metadata", {})["name"] = tj["metadata"]["name"]
            items.append(js)
    doc = {"apiVersion": "v1", "items": items, "kind": "List",
           "metadata": {"resourceVersion": ""}}
    if a.batch:
        for tj in items:
            if tj.get("kind") == "TrainJob":
                sys.stdout.write(json.dumps({"now": "2025-06-12T00:00:00Z", "trainjob": tj},
                                            separators=(",", ":"), sort_keys=True) + "\n")
    else:
        sys.stdout.write(json.dumps(doc, indent=4, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
