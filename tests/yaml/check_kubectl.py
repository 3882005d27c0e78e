#!/usr/bin/env python3
"""Compares trainjob's YAML reader with kubectl on every file of a corpus directory.

    check_kubectl.py path/to/yaml_to_json tests/yaml/corpus [--only NAME]

For each FILE: `kubectl label --local -f FILE -o json trainjob-test=x` (no cluster needed)
and `yaml_to_json FILE` (trainjob::parse_documents). Both must accept or both refuse. When
both accept, the documents must be equal value for value and type for type, after:
  - the label kubectl added is added to ours too;
  - ours goes through what kubectl does after YAMLToJSON: it reads the JSON into
    unstructured objects (an integer that fits int64 stays one, any other number becomes a
    float64) and prints them with encoding/json (a float64 written in the shortest form,
    without a fraction when integral: 1e3 prints 1000). kubectl's own output is read the
    same way, so both sides are compared as kubectl prints them.
Python's json keeps integers exact (no 2^53 limit); equality is type-exact (True is not 1,
1 is not 1.0). Files named diff-* are the deliberate differences: kubectl accepts a key given
twice (diff-dup-*, the last wins) and invalid UTF-8 (diff-utf8-*, its file reader makes each bad
byte U+FFFD); we refuse them with "duplicate key" and a UTF-8 error. kubectl saying "no objects
passed" matches our empty list. Fails when kubectl is missing or a difference is found.
"""
import decimal
import json
import math
import pathlib
import shutil
import subprocess
import sys

LABEL = "trainjob-test"


def go_float_text(x):
    """encoding/json's text for a float64."""
    if x == 0:
        return "-0" if math.copysign(1.0, x) < 0 else "0"
    d = decimal.Decimal(repr(x))  # repr: the shortest digits that read back as x, as Go's
    if abs(x) < 1e-6 or abs(x) >= 1e21:
        sign, digits, exp = d.normalize().as_tuple()
        e10 = len(digits) - 1 + exp
        mant = str(digits[0]) + ("." + "".join(map(str, digits[1:])) if len(digits) > 1 else "")
        es = f"{abs(e10):02d}" if e10 >= 0 else f"{abs(e10)}"  # Go: e+21, e-7 (e-07 cleaned)
        return ("-" if sign else "") + mant + ("e+" if e10 >= 0 else "e-") + es
    return format(d.normalize(), "f")


def kubectl_view(v):
    """What kubectl prints for a value read from YAMLToJSON's JSON."""
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return v
    if isinstance(v, int):
        if -(2**63) <= v < 2**63:
            return v
        return json.loads(go_float_text(float(v)))
    if isinstance(v, float):
        return json.loads(go_float_text(v))
    if isinstance(v, list):
        return [kubectl_view(x) for x in v]
    return {k: kubectl_view(x) for k, x in v.items()}


def json_stream(text):
    decoder, values, i = json.JSONDecoder(), [], 0
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i == len(text):
            return values
        value, i = decoder.raw_decode(text, i)
        values.append(value)


def same(a, b, path="", out=None):
    if type(a) is not type(b):
        out.append(f"{path or '.'}: {json.dumps(a)} ({type(a).__name__}) vs kubectl {json.dumps(b)} ({type(b).__name__})")
        return
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                out.append(f"{path}.{k}: only in {'ours' if k in a else 'kubectl'}")
            else:
                same(a[k], b[k], f"{path}.{k}", out)
    elif isinstance(a, list):
        if len(a) != len(b):
            out.append(f"{path}: {len(a)} items vs kubectl {len(b)}")
        for i, (x, y) in enumerate(zip(a, b)):
            same(x, y, f"{path}[{i}]", out)
    elif a != b:
        out.append(f"{path or '.'}: {json.dumps(a)} vs kubectl {json.dumps(b)}")


def main():
    args = sys.argv[1:]
    only = None
    if "--only" in args:
        i = args.index("--only")
        only = args[i + 1]
        del args[i:i + 2]
    tool, corpus = args
    kubectl = shutil.which("kubectl")
    if not kubectl:
        print("FAIL: kubectl not found (the comparison needs it; it is never skipped)")
        return 1
    files = sorted(pathlib.Path(corpus).glob("*.yaml"))
    if only:
        files = [f for f in files if f.stem == only]
    if not files:
        print(f"FAIL: no .yaml files in {corpus}")
        return 1
    failures, documents, refused = [], 0, 0
    for f in files:
        k = subprocess.run([kubectl, "label", "--local", "-f", str(f), "-o", "json", f"{LABEL}=x"],
                           capture_output=True, text=True, errors="replace", timeout=120)
        o = subprocess.run([tool, str(f)], capture_output=True, text=True, errors="replace", timeout=120)
        if o.returncode not in (0, 1):
            failures.append(f"{f.name}: yaml_to_json exited {o.returncode}: {o.stderr.strip()}")
            continue
        if k.returncode != 0 and not k.stderr.strip():
            failures.append(f"{f.name}: kubectl exited {k.returncode} with no message: did it run?")
            continue
        name = f.stem
        if name.startswith("diff-"):
            want = "duplicate key" if name.startswith("diff-dup-") else "UTF-8"
            if k.returncode != 0 or o.returncode != 1 or want not in o.stderr:
                failures.append(f"{f.name}: expected kubectl to accept ({k.returncode}) and us to refuse with {want!r} "
                                f"({o.returncode}: {o.stderr.strip()[:200]})")
            else:
                refused += 1
            continue
        no_objects = k.returncode != 0 and "no objects passed" in k.stderr
        if no_objects:
            if o.returncode != 0 or o.stdout.strip():
                failures.append(f"{f.name}: kubectl found no objects, we said: {o.stdout.strip()[:200]}{o.stderr.strip()[:200]}")
            continue
        if k.returncode != 0 or o.returncode != 0:
            if (k.returncode != 0) != (o.returncode != 0):
                failures.append(f"{f.name}: kubectl exit {k.returncode} ({k.stderr.strip()[:300]}), "
                                f"ours exit {o.returncode} ({(o.stderr.strip() or o.stdout.strip())[:300]})")
            else:
                refused += 1
            continue
        theirs = json_stream(k.stdout)  # kubectl prints one JSON text per object (none for null documents)
        ours = [json.loads(line) for line in o.stdout.split("\n") if line]
        if len(ours) != len(theirs):
            failures.append(f"{f.name}: {len(ours)} documents vs kubectl {len(theirs)}")
            continue
        for i, (a, b) in enumerate(zip(ours, theirs)):
            a = kubectl_view(a)
            b = kubectl_view(b)
            a.setdefault("metadata", {})
            if a["metadata"].get("labels") is None:
                a["metadata"]["labels"] = {}
            a["metadata"]["labels"][LABEL] = "x"
            diffs = []
            same(a, b, "", diffs)
            if diffs:
                failures.append(f"{f.name} document {i + 1}:\n    " + "\n    ".join(diffs[:10]))
            documents += 1
    print(f"compared {documents} documents accepted by both and {refused} files refused by both "
          f"(of {len(files)} files) with kubectl ({kubectl})")
    for line in failures:
        print("DIFFERENCE " + line)
    if failures:
        print(f"FAIL: {len(failures)} files differ")
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
