#!/usr/bin/env python3
"""Times trainjob-conditions reading Lists (scripts/bench_lists.sh; BENCHMARKS.md, "Reading Lists").

    python3 bench/bench_lists.py TOOL WORKDIR [--runs N]

WORKDIR holds trainjobs.json, mixed.json, trainjobs.yaml, mixed.yaml and requests.jsonl
(bench_lists.sh writes them). Each row: the best of N runs of wall time and of CPU time
(user + system, from the kernel's accounting of the child), as input MB/s.
"""
import argparse
import os
import resource
import subprocess
import time


def run_once(cmd, stdin_path):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with open(stdin_path, "rb") as f:
        p = subprocess.run(cmd, stdin=f, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if p.returncode > 1:  # 1: findings (lint), fine; 2 and above: the input was refused
        raise SystemExit("%s: exit %d" % (" ".join(cmd), p.returncode))
    return wall, cpu


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tool")
    ap.add_argument("work")
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    rows = [("state", "trainjobs.json"), ("validate", "trainjobs.json"), ("lint", "trainjobs.json"),
            ("state", "mixed.json"), ("validate", "mixed.json"),
            ("state", "trainjobs.yaml"), ("validate", "trainjobs.yaml"), ("lint", "trainjobs.yaml"),
            ("state", "mixed.yaml"), ("validate", "mixed.yaml"), ("batch", "requests.jsonl")]
    print("verb      input              size     CPU (best)          wall (best)      (best of %d)" % a.runs)
    for verb, name in rows:
        path = os.path.join(a.work, name)
        cmd = [a.tool, "batch"] if verb == "batch" else [a.tool, verb, "-f", "-"]
        best_wall = best_cpu = float("inf")
        for _ in range(a.runs):
            wall, cpu = run_once(cmd, path)
            best_wall, best_cpu = min(best_wall, wall), min(best_cpu, cpu)
        mb = os.path.getsize(path) / 1e6
        print("%-9s %-15s %6.1f MB %7.1f ms %6.0f MB/s %7.1f ms %6.0f MB/s" %
              (verb, name, mb, best_cpu * 1e3, mb / best_cpu, best_wall * 1e3, mb / best_wall))


if __name__ == "__main__":
    main()
