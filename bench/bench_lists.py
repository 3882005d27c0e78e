#!/usr/bin/env python3
"""Times trainjob-conditions reading Lists (scripts/bench_lists.sh; BENCHMARKS.md, "Reading Lists").

    python3 bench/bench_lists.py TOOL WORKDIR [--runs N]

WORKDIR holds trainjobs.json, mixed.json, trainjobs.yaml, mixed.yaml and requests.jsonl
(bench_lists.sh writes them). Each row: the best of N runs of wall time and of CPU time
(user + system, from the kernel's accounting of the tool alone), as input MB/s. A verb
written "state|" reads a pipe that `cat` fills, as `kubectl get ... | trainjob-conditions` does;
the others read the file as standard input.
"""
import argparse
import os
import subprocess
import time


def run_once(cmd, stdin_path, pipe=False):
    """Wall and CPU time of one run of cmd, its standard input the file or, with pipe, a
    pipe that `cat` writes the file into (as `kubectl get ... | trainjob-conditions`)."""
    start = time.perf_counter()
    with open(stdin_path, "rb") as f:
        cat = subprocess.Popen(["cat"], stdin=f, stdout=subprocess.PIPE) if pipe else None
        p = subprocess.Popen(cmd, stdin=cat.stdout if pipe else f, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        if pipe:
            cat.stdout.close()
        _, status, usage = os.wait4(p.pid, 0)  # the tool's own accounting, not cat's
        p.returncode = os.waitstatus_to_exitcode(status)
        if pipe:
            cat.wait()
    wall = time.perf_counter() - start
    cpu = usage.ru_utime + usage.ru_stime
    if p.returncode > 1:  # 1: findings (lint), fine; 2 and above: the input was refused
        raise SystemExit("%s: exit %d" % (" ".join(cmd), p.returncode))
    return wall, cpu


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tool")
    ap.add_argument("work")
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    rows = [("state", "trainjobs.json"), ("validate", "trainjobs.json"), ("lint", "trainjobs.json"),
            ("state", "mixed.json"), ("validate", "mixed.json"),
            ("state", "trainjobs.yaml"), ("validate", "trainjobs.yaml"), ("lint", "trainjobs.yaml"),
            ("state", "mixed.yaml"), ("validate", "mixed.yaml"), ("batch", "requests.jsonl"),
            ("state|", "trainjobs.json"), ("state|", "mixed.json")]
    print("verb      input              size     CPU (best)          wall (best)      (best of %d)" % a.runs)
    for verb, name in rows:
        path = os.path.join(a.work, name)
        pipe = verb.endswith("|")  # "state|": from a pipe, not a file
        name_of_verb = verb.rstrip("|")
        cmd = [a.tool, "batch"] if verb == "batch" else [a.tool, name_of_verb, "-f", "-"]
        best_wall = best_cpu = float("inf")
        for _ in range(a.runs):
            wall, cpu = run_once(cmd, path, pipe)
            best_wall, best_cpu = min(best_wall, wall), min(best_cpu, cpu)
        mb = os.path.getsize(path) / 1e6
        print("%-9s %-15s %6.1f MB %7.1f ms %6.0f MB/s %7.1f ms %6.0f MB/s" %
              (verb, name, mb, best_cpu * 1e3, mb / best_cpu, best_wall * 1e3, mb / best_wall))


if __name__ == "__main__":
    main()
