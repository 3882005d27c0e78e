#!/usr/bin/env python3
"""Runs trainjob-conditions on every case of the bad-input catalogue (catalogue.json).

    python3 run_tool.py TOOL [--dir DIR] [--timeout-scale X] [--max-rss-mib N] [--sanitized] [--only NAME]...

For each case: the exit status is the expected one (a signal is a crash, a timeout a hang),
standard error names the file, the JSON path and the message as the catalogue says, standard
output is empty on exit 2, no sanitizer reported anything, and the peak memory of the tool
stays under --max-rss-mib. Without --sanitized the tool also runs under a 3 GiB address-space
limit (ulimit -v), so that a runaway allocation fails fast instead of swapping. Files of the
directory that no case uses are an error too, so that nothing in it goes untested.
"""

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time

ADDRESS_SPACE_LIMIT = 3 << 30
SANITIZER_MARKS = ("AddressSanitizer", "LeakSanitizer", "UndefinedBehaviorSanitizer", "runtime error:",
                   "ThreadSanitizer", "MemorySanitizer")
KINDS = ("TrainJob", "JobSet", "TrainingRuntime", "ClusterTrainingRuntime")


def expand(template):
    """`<<unit*N>>` is `unit` repeated N times; everything else is literal."""
    return re.sub(r"<<(.+?)\*(\d+)>>", lambda m: m.group(1) * int(m.group(2)), template)


def case_input(directory, case):
    """The input bytes of a generated case."""
    spec = case["generate"]
    if "text" in spec:
        return expand(spec["text"]).encode("utf-8")
    with open(os.path.join(directory, spec["file"]), encoding="utf-8") as f:
        base = f.read()
    if base.count(spec["replace"]) != 1:
        raise ValueError("%s: %r must occur once in %s" % (case["name"], spec["replace"], spec["file"]))
    return base.replace(spec["replace"], expand(spec["with"])).encode("utf-8")


def limit_address_space():
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_LIMIT, ADDRESS_SPACE_LIMIT))


def error_line_problem(case, shown, stderr):
    """None when standard error reports the case's path and message, else what is wrong."""
    path, message = expand(case["path"]), case.get("message", "")
    lines = stderr.splitlines()
    if case["exit"] == 2:
        prefix = "trainjob-conditions: %s: " % shown
        for line in lines:
            if not line.startswith(prefix):
                continue
            rest = line[len(prefix):]
            if path:
                if rest.startswith(path + ": ") and message in rest[len(path) + 2:]:
                    return None
            else:
                # At the root the message comes first: no path before it.
                at = rest.find(message)
                if at >= 0 and ": " not in rest[:at]:
                    return None
        return "no line %s%s%s" % (prefix, path + ": " if path else "", message)
    # Exit 1: validation, one line per violation: FILE: KIND NAME: PATH: MESSAGE.
    prefix = "%s: " % shown
    for line in lines:
        if not line.startswith(prefix):
            continue
        m = re.match(r"(%s) [^:]*: " % "|".join(KINDS), line[len(prefix):])
        if not m:
            continue
        rest = line[len(prefix) + m.end():]
        if rest.startswith(path + ": ") and message in rest[len(path) + 2:]:
            return None
    return "no line %sKIND NAME: %s: %s" % (prefix, path, message)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("tool")
    ap.add_argument("--dir", default=os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument("--timeout-scale", type=float, default=1.0)
    # The largest accepted input is 256 MiB; read from a pipe it is held about twice while it
    # grows, and a 64 MiB string is held about four times (text, DOM, decoded copy), so a
    # correct tool peaks near 550 MiB. 1 GiB is "bounded"; a leak or a blow-up goes past it.
    ap.add_argument("--max-rss-mib", type=int, default=1024)
    ap.add_argument("--sanitized", action="store_true", help="no address-space limit (sanitizers reserve a lot)")
    ap.add_argument("--only", action="append", default=[], help="run only these cases")
    args = ap.parse_args()

    directory = os.path.abspath(args.dir)
    with open(os.path.join(directory, "catalogue.json"), encoding="utf-8") as f:
        catalogue = json.load(f)
    failures = []

    def fail(name, what):
        failures.append("%s: %s" % (name, what))
        print("FAIL %s: %s" % (name, what), flush=True)

    # Every input file is used by exactly one case (or is a valid base).
    used = {c["name"] + ".json" for c in catalogue["cases"] if "generate" not in c}
    used |= {v["file"] for v in catalogue["valid"]}
    present = set()
    for root, _, files in os.walk(directory):
        for name in files:
            rel = os.path.relpath(os.path.join(root, name), directory)
            if rel.endswith(".json") and rel != "catalogue.json":
                present.add(rel)
    for rel in sorted(present - used):
        fail(rel, "no case uses this file")
    for rel in sorted(used - present):
        fail(rel, "the catalogue names it but it does not exist")
    names = [c["name"] for c in catalogue["valid"] + catalogue["cases"]]
    for name in sorted({n for n in names if names.count(n) > 1}):
        fail(name, "two cases have this name")

    tmp = tempfile.TemporaryDirectory(prefix="trainjob-bad-input-")
    runs = [dict(v, exit=0, valid=True) for v in catalogue["valid"]] + catalogue["cases"]
    if args.only:
        runs = [r for r in runs if r["name"] in args.only]
    count = 0
    high_water_mib = 0
    for case in runs:
        name = case["name"]
        data = None
        if "generate" in case:
            data = case_input(directory, case)
            if case.get("stdin"):
                target = "-"
            else:
                target = os.path.join(tmp.name, name + ".json")
                with open(target, "wb") as f:
                    f.write(data)
                data = None
        else:
            target = os.path.join(directory, case.get("file", name + ".json"))
        shown = "<stdin>" if target == "-" else target
        argv = [args.tool] + [a.replace("{}", target).replace("{dir}", directory) for a in case["tool"]]
        timeout = case.get("timeout", 20) * args.timeout_scale
        start = time.monotonic()
        try:
            feed = {"input": data} if data is not None else {"stdin": subprocess.DEVNULL}
            p = subprocess.run(argv, capture_output=True, timeout=timeout,
                               preexec_fn=None if args.sanitized else limit_address_space, **feed)
        except subprocess.TimeoutExpired:
            fail(name, "no answer within %.0f s (a hang?)" % timeout)
            continue
        finally:
            if target != "-" and target.startswith(tmp.name):
                os.unlink(target)
        elapsed = time.monotonic() - start
        count += 1
        stderr = p.stderr.decode("utf-8", "replace")
        peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
        problems = []
        if p.returncode < 0:
            problems.append("killed by signal %d (a crash)" % -p.returncode)
        elif p.returncode != case["exit"]:
            problems.append("exit %d, expected %d" % (p.returncode, case["exit"]))
        for mark in SANITIZER_MARKS:
            if mark in stderr:
                problems.append("sanitizer output (%s)" % mark)
        if case["exit"] == 0:
            if stderr:
                problems.append("standard error is not empty")
        else:
            if p.returncode == 2 and p.stdout:
                problems.append("standard output is not empty on exit 2")
            if p.returncode == case["exit"]:
                why = error_line_problem(case, shown, stderr)
                if why:
                    problems.append(why)
            # Messages quote bad values briefly; only a long path makes a long line.
            if len(p.stderr) > 16384 + 2 * len(expand(case["path"])):
                problems.append("standard error is %d bytes" % len(p.stderr))
        if peak_mib > args.max_rss_mib and peak_mib > high_water_mib:
            # The high-water mark of all children so far: this case raised it past the bound
            # (later cases are not blamed for it).
            problems.append("peak memory %d MiB, over %d MiB" % (peak_mib, args.max_rss_mib))
        high_water_mib = max(high_water_mib, peak_mib)
        if problems:
            fail(name, "; ".join(problems) + "\n    " + " ".join(argv)[:300] + "\n    stderr: " + stderr[:600])
        elif elapsed > 2:
            print("ok   %s (%.1f s)" % (name, elapsed), flush=True)
    tmp.cleanup()
    print("%d runs, %d failures, peak memory of the tool %d MiB" % (
        count, len(failures), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
