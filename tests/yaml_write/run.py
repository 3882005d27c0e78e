#!/usr/bin/env python3
"""yaml_kubectl_output: trainjob::to_yaml against kubectl, byte for byte.

For every object of the corpus (tests/yaml_write/cases), every JSON fixture under tests/data
and any further directory given, kubectl labels the object locally and prints it twice,
`-o json` and `-o yaml`; json_to_yaml (tests/json_to_yaml.cpp) turns kubectl's JSON into YAML
and the bytes must equal kubectl's YAML. Objects in tests/yaml_write/refused are ones kubectl
cannot print as YAML: the writer must refuse them too. Lists of the corpus objects, served by
a fake API server (fake_apiserver.py), are compared with `kubectl get -o yaml` and to_yaml_list.

usage: run.py JSON_TO_YAML CASES_DIR REFUSED_DIR [FIXTURE_DIR...]
Fails when kubectl is missing or fails where it should not."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

def kubectl(args, check=True):
    p = subprocess.run(["kubectl"] + args, capture_output=True)
    if check and p.returncode != 0:
        shown = " ".join(args) if len(args) < 12 else " ".join(args[:10]) + f" ... ({len(args)} arguments)"
        sys.exit(f"FAIL: kubectl {shown}: {p.stderr.decode(errors='replace').strip()}")
    return p


def label(files, fmt, check=True):
    args = ["label", "--local", "-o", fmt, "trainjob-test=x"]
    for f in files:
        args += ["-f", f]
    return kubectl(args, check)


def split_json_docs(text):
    """kubectl prints one JSON document per object, one after another: their raw texts."""
    dec = json.JSONDecoder()
    docs, i = [], 0
    while True:
        while i < len(text) and text[i] in " \t\r\n":
            i += 1
        if i == len(text):
            return docs
        _, end = dec.raw_decode(text, i)
        docs.append(text[i:end])
        i = end


def ours(tool, json_text, tmp, extra=()):
    path = os.path.join(tmp, "in.json")
    with open(path, "w", encoding="utf-8") as f:
        f.write(json_text)
    return subprocess.run([tool] + list(extra) + [path], capture_output=True)


def show_diff(want, got):
    w, g = want.decode(errors="replace").splitlines(True), got.decode(errors="replace").splitlines(True)
    for i in range(max(len(w), len(g))):
        a = w[i] if i < len(w) else "<end>"
        b = g[i] if i < len(g) else "<end>"
        if a != b:
            return f"line {i + 1}:\n  kubectl: {a!r}\n  ours:    {b!r}"
    return "(same lines, different bytes)"


def compare_files(tool, files, tmp, what):
    """One kubectl call per format for all files; the YAML documents are compared one by one."""
    json_out = label(files, "json").stdout.decode("utf-8")
    yaml_out = label(files, "yaml").stdout
    docs = split_json_docs(json_out)
    if len(docs) != len(files):
        sys.exit(f"FAIL: {what}: kubectl printed {len(docs)} JSON objects for {len(files)} files")
    pos = 0
    for f, doc in zip(files, docs):
        r = ours(tool, doc, tmp)
        if r.returncode != 0:
            sys.exit(f"FAIL: {f}: json_to_yaml failed where kubectl printed YAML: {r.stderr.decode().strip()}")
        want = yaml_out[pos:pos + len(r.stdout)]
        if want != r.stdout:
            sys.exit(f"FAIL: {f}: differs from kubectl -o yaml at {show_diff(want, r.stdout)}")
        pos += len(r.stdout)
    if pos != len(yaml_out):
        sys.exit(f"FAIL: {what}: kubectl printed {len(yaml_out) - pos} more bytes of YAML")
    return len(files)


def check_refused(tool, files, tmp):
    for f in files:
        y = label([f], "yaml", check=False)
        if y.returncode == 0:
            sys.exit(f"FAIL: {f}: kubectl -o yaml printed it; the corpus says kubectl refuses it")
        doc = label([f], "json").stdout.decode("utf-8")
        r = ours(tool, doc, tmp)
        if r.returncode != 1 or b"unsupported" not in r.stderr:
            sys.exit(f"FAIL: {f}: kubectl fails ({y.stderr.decode().strip()}) but json_to_yaml gave "
                     f"exit {r.returncode}: {r.stderr.decode().strip()}")
    return len(files)


def json_files(d):
    out = []
    for root, _, names in os.walk(d):
        out += [os.path.join(root, n) for n in names if n.endswith(".json")]
    return sorted(out)


def check_lists(tool, cases, tmp):
    """to_yaml_list against `kubectl get -o yaml` of the list a fake API server returns
    (fake_apiserver.py): kubectl prints a v1 List of the items. Items carry a namespace, as a
    server's objects do (kubectl get would add one), and the kind ConfigMap, which
    the fake server's discovery knows (kubectl get looks each item's kind up)."""
    here = os.path.dirname(os.path.abspath(__file__))
    objs = []
    for doc in split_json_docs(label(cases, "json").stdout.decode("utf-8")):
        obj = json.loads(doc)
        obj["metadata"]["namespace"] = "default"
        obj["apiVersion"], obj["kind"] = "v1", "ConfigMap"  # a kind the fake server's discovery knows
        objs.append(obj)
    groups = [objs[:1], objs[:2], objs[:40], objs[40:]]
    for n, items in enumerate(groups):
        listfile = os.path.join(tmp, f"list{n}.json")
        with open(listfile, "w", encoding="utf-8") as f:
            json.dump({"apiVersion": "v1", "kind": "ConfigMapList", "metadata": {"resourceVersion": "7"},
                       "items": items}, f, ensure_ascii=False)
        srv = subprocess.Popen([sys.executable, os.path.join(here, "fake_apiserver.py"), listfile],
                               stdout=subprocess.PIPE, text=True)
        try:
            port = srv.stdout.readline().strip()
            if not port.isdigit():
                sys.exit("FAIL: fake_apiserver.py did not start")
            want = kubectl(["--server", f"http://127.0.0.1:{port}", "--kubeconfig", os.devnull,
                            "--cache-dir", os.path.join(tmp, f"cache{n}"),
                            "get", "configmaps", "-n", "default", "-o", "yaml"]).stdout
        finally:
            srv.terminate()
            srv.wait()
        files = []
        for i, obj in enumerate(items):
            files.append(os.path.join(tmp, f"item{n}-{i}.json"))
            with open(files[-1], "w", encoding="utf-8") as f:
                json.dump(obj, f, ensure_ascii=False)
        r = subprocess.run([tool, "--list"] + files, capture_output=True)
        if r.returncode != 0 or r.stdout != want:
            sys.exit(f"FAIL: a List of {len(items)} objects differs from kubectl get -o yaml at "
                     f"{show_diff(want, r.stdout)} {r.stderr.decode().strip()}")
    return len(groups)


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    tool, cases_dir, refused_dir = sys.argv[1:4]
    fixture_dirs = sys.argv[4:]
    if shutil.which("kubectl") is None:
        sys.exit("FAIL: kubectl not found: this test compares with kubectl and cannot run without it")
    version = kubectl(["version", "--client"]).stdout.decode().splitlines()[0]
    print(f"kubectl: {version}")
    with tempfile.TemporaryDirectory() as tmp:
        cases = json_files(cases_dir)
        if len(cases) < 150:
            sys.exit(f"FAIL: only {len(cases)} cases in {cases_dir}")
        n = compare_files(tool, cases, tmp, cases_dir)
        print(f"corpus: {n} objects, YAML identical to kubectl's")
        for d in fixture_dirs:
            files = json_files(d)
            if not files:
                sys.exit(f"FAIL: no JSON fixtures under {d}")
            m = compare_files(tool, files, tmp, d)
            print(f"fixtures {d}: {m} objects, YAML identical to kubectl's")
            n += m
        k = check_lists(tool, cases, tmp)
        print(f"List: {k} lists (1 to {len(cases) - 40} objects) identical to kubectl get -o yaml")
        r = check_refused(tool, json_files(refused_dir), tmp)
        print(f"refused: {r} objects kubectl cannot print as YAML, refused by the writer too")
    print(f"yaml_kubectl_output: {n} objects compared byte for byte, all identical")


if __name__ == "__main__":
    main()
