#!/usr/bin/env python3
"""Writes tests/yaml/corpus: the YAML cases compared with kubectl (check_kubectl.py).

Run once after changing a case here; the files are committed. Each file is one or more
documents, each an object with apiVersion and kind (kubectl needs them) holding the case
under test in `data`. Names: <group>-<case>.yaml; `dup-*` files are the deliberate
difference (a key given twice: kubectl keeps the last, we refuse). The JSON fixtures of
tests/data are converted with PyYAML (python3-yaml), objects as they are, the rest wrapped.
"""
import json
import os
import pathlib
import re
import sys

import yaml

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent.parent
OUT = HERE / "corpus"

HEAD = "apiVersion: example.com/v1\nkind: Case\nmetadata:\n  name: {name}\n"


def safe(s):
    s = re.sub(r"[^A-Za-z0-9]+", "-", s).strip("-")
    return s or "empty"


files = {}


def raw(name, text):
    assert name not in files, name
    files[name] = text


def data(name, body):
    """`body` is the YAML under `data:` (indented here)."""
    lines = body.split("\n")
    raw(name, HEAD.format(name=name) + "data:\n" + "".join("  " + l + "\n" for l in lines))


def values(group, items):
    for label, text in items:
        name = f"{group}-{safe(label.replace('_', 'u'))}"
        n = 2
        while name in files:
            name = f"{group}-{safe(label)}-{n}"
            n += 1
        data(name, f"v: {text}")


# YAML 1.1 booleans (go-yaml v2 resolve.go's table) and near misses.
values("bool", [(s, s) for s in [
    "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON",
    "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"]] +
    [("mixed-" + s, s) for s in ["yEs", "tRUE", "oN", "nO", "oFF", "FaLsE"]] +
    [("quoted-yes", '"yes"'), ("quoted-on", "'on'"), ("yes-dot", "yes."), ("t", "t"), ("f", "f")])
values("null", [("tilde", "~"), ("null", "null"), ("Null", "Null"), ("NULL", "NULL"), ("nUll", "nUll"),
                ("empty", ""), ("quoted-tilde", '"~"'), ("quoted-empty", "''")])
values("int", [(s.replace("-", "minus").replace("+", "plus"), s) for s in [
    "0", "-0", "+0", "12", "+12", "-12", "0777", "0o777", "0O17", "0x1F", "0X1f", "0xff_ff", "0b101",
    "0B11", "-0x1", "-0b101", "0b-101", "0b+11", "-0o17", "1_000", "1__000", "_1", "1_", "007", "08", "0x",
    "0xG", "0o8", "2147483647", "2147483648", "-2147483648", "-2147483649", "4294967296",
    "9007199254740992", "9007199254740993", "-9007199254740993", "9223372036854775807",
    "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "18446744073709551615",
    "18446744073709551616", "123456789012345678901234", "0xFFFFFFFFFFFFFFFF", "0x10000000000000000",
    "-0x10000000000000000", "0x1FFFFFFFFFFFFFFFFFFFF", "0o1777777777777777777777", "0o2000000000000000000000",
    "0777777777777777777777777", "0b" + "1" * 65, "0b" + "1" * 64, "-0b" + "1" * 64]] +
    [("quoted-0777", '"0777"'), ("seq-of-ints", "[1, -1, 0x10, 1_0]")])
values("float", [(s.replace("-", "minus").replace("+", "plus").replace(".", "dot"), s) for s in [
    ".5", "-.5", "+.5", "1.", "1.0", "-1.0", "1.5", "1e3", "1E+3", "1e-3", "+1e3", "1.5e300", "1e308",
    "1.7976931348623157e308", "1.8e308", "2e308", "-2e308", ".5e999", "1e-400", "5e-324", "1e21", "1e20",
    "123456789.123", "0.1", "0.000001", "0.0000001", "-0.0", "1_0.5", "3.14_15", "1e", "1.2.3", "0x1p3",
    "inf", "nan", "Infinity", ".e3", "1.e3", "100000000000000000000.0", "9007199254740993.0",
    "18446744073709551616.0", "0.30000000000000004", "1e-7", "1e400", "-1e400"]])
values("special-float", [(s.replace("-", "minus").replace("+", "plus").replace(".", "dot"), s) for s in [
    ".inf", ".Inf", ".INF", "+.inf", "-.inf", "-.Inf", ".nan", ".NaN", ".NAN", ".iNf", ".Nan", "+.nan"]])
values("sexagesimal", [("1-20", "1:20"), ("190-20-30", "190:20:30"), ("1-20-5", "1:20.5"), ("minus-1-20", "-1:20")])
values("timestamp", [("date", "2001-12-14"), ("iso", "2001-12-14t21:59:43.10-05:00"),
                     ("space", "2001-12-14 21:59:43.10"), ("space-zone", "2001-12-14 21:59:43.10 -5"),
                     ("canonical", "2001-12-15T02:59:43.1Z"), ("short", "2002-1-2"), ("bad-day", "2001-02-30"),
                     ("tag-date", "!!timestamp 2001-12-14"), ("tag-bad", "!!timestamp hello"),
                     ("tag-int", "!!timestamp 12"),
                     # time.Parse: a layout space matches a run of spaces; zone offsets to 24:60
                     ("tag-two-spaces", "!!timestamp 2001-12-14  21:59:43"),
                     ("tag-zone-60", "!!timestamp 2001-12-14T21:59:43+05:60"),
                     ("tag-zone-61", "!!timestamp 2001-12-14T21:59:43+05:61"),
                     ("int-two-spaces", "!!int 2001-12-14  21:59:43")])
# strconv.ParseFloat reads Go's underscores between digits in resolve's '.' branch.
values("dotfloat", [(s.replace("-", "minus").replace("+", "plus").replace(".", "dot"), s) for s in [
    ".5_5", ".5e1_0", ".5e+1_0", ".5__5", ".5_", ".5_e1", "._5", ".5e_1", "!!float .5_5", "!!float ._5"]])
values("tag", [("str-int", "!!str 123"), ("str-bool", "!!str yes"), ("int-quoted", '!!int "12"'),
               ("int-float", "!!int 1.5"), ("int-hex", "!!int 0x10"), ("int-word", "!!int abc"),
               ("float-int", "!!float 1"), ("float-quoted", '!!float "1.5"'), ("float-big", "!!float 18446744073709551615"),
               ("float-inf", "!!float .inf"), ("bool-yes", "!!bool yes"), ("bool-quoted", '!!bool "true"'),
               ("bool-one", "!!bool 1"), ("null-empty", '!!null ""'), ("null-x", "!!null x"), ("null-tilde", "!!null ~"),
               ("binary", "!!binary aGVsbG8="), ("binary-bad", '!!binary "not base64!"'),
               ("binary-invalid-utf8", "!!binary /w=="), ("binary-lines", "!!binary |\n    aGVs\n    bG8="),
               ("local", "!custom 12"), ("non-specific", "! 12"), ("verbatim", "!<tag:yaml.org,2002:int> 12"),
               ("map-on-mapping", "!!map {a: 1}"), ("seq-on-sequence", "!!seq [1]"), ("str-on-mapping", "!!str {a: 1}"),
               ("map-on-scalar", "!!map 12"), ("merge-tag-value", "!!merge <<"), ("set", "!!set {a, b}"),
               ("omap", "!!omap [a: 1, b: 2]"), ("tag-directive", None)])
del files["tag-tag-directive"]
raw("tag-tag-directive", "%TAG !e! tag:example.com,2000:\n---\n" + HEAD.format(name="tag-tag-directive") + "data:\n  v: !e!thing 12\n")
values("string", [("plain", "hello world"), ("colon-inside", "a:b"), ("hash-inside", "a#b"),
                  ("comment", "value # comment"), ("single", "'it''s'"), ("double-escapes", r'"tab\there \"q\" \\ \/"'),
                  ("u-escape", r'"\u00e9\u4e2d"'), ("U-escape", r'"\U0001F600"'), ("x-escape", r'"\x41\xe9"'),
                  ("N-escape", r'"a\Nb"'), ("underscore-escape", r'"a\_b"'), ("L-P-escapes", r'"\L\P"'),
                  ("zero-escape", r'"a\0b"'), ("misc-escapes", r'"\a\b\e\f\v\r\n \ "'),
                  ("surrogate-escape", r'"\ud83d\ude00"'), ("bad-escape", r'"\q"'), ("unicode-raw", "héllo 中文 😀"),
                  ("multiline-plain", "one\n    two\n\n    three"), ("multiline-double", '"one\n    two\\\n    three"'),
                  ("literal", "|\n    line1\n    line2\n"), ("folded", ">\n    line1\n    line2\n\n    para\n"),
                  ("literal-strip", "|-\n    text\n\n"), ("literal-keep", "|+\n    text\n\n"),
                  ("folded-keep", ">+\n    text\n\n"), ("folded-strip", ">-\n    a\n    b\n"),
                  ("indent-indicator", "|2\n     leading space\n    x\n"), ("indent-indicator-keep", "|1+\n    x\n"),
                  ("folded-more-indented", ">\n    a\n      b\n    c\n"), ("empty-literal", "|\n"),
                  ("long-line", "x" * 5000), ("trailing-spaces", "abc   "), ("leading-dash", "-abc"),
                  ("question", "?abc"), ("percent", "'%x'"), ("at-sign", "'@x'"), ("backtick", "'`x'"),
                  ("nbsp", "a\u00a0b"), ("bom-inside", '"\ufeffx"'), ("nel-escape", r'"a\x85b"'),
                  ("quoted-number-key", '"0x10"'), ("dash-space", "'- a'"), ("equals", "="), ("merge-value", "<<")])
values("flow", [("map", "{a: 1, b: [1, 2]}"), ("seq-trailing-comma", "[a, b,]"), ("map-trailing-comma", "{a: 1,}"),
                ("quoted-keys", '{"a": 1, \'b\': 2}'), ("multiline", "[1,\n    2,\n    3]"), ("empty-map", "{}"),
                ("empty-seq", "[]"), ("key-only", "{a, b: 2}"), ("pair-in-seq", "[a: 1, b]"),
                ("nested", "{a: {b: {c: [1, {d: e}]}}}"), ("json-like", '{"x": [true, false, null, 1.5, "s"]}'),
                ("colon-no-space", "{a:1}"), ("url", "[http://x.y/z]"), ("unclosed", "[1, 2"),
                ("unclosed-map", "{a: 1"), ("empty-entry", "[a, , b]")])
values("block", [("seq", "\n    - a\n    - b"), ("seq-of-maps", "\n    - a: 1\n      b: 2\n    - c: 3"),
                 ("nested-seq", "\n    - - a\n      - b\n    - - c"), ("compact", "\n  - x\n  - y"),
                 ("map-in-map", "\n    a:\n      b:\n        c: d"), ("empty-values", "\n    a:\n    b:"),
                 ("explicit-key", "\n    ? a\n    : 1"), ("complex-key", "\n    ? [a, b]\n    : 1"),
                 ("complex-map-key", "\n    ? {a: 1}\n    : 1"), ("a-b-c", "a: b: c"),
                 ("bad-indent", "\n    a: 1\n   b: 2"), ("tab-indent", "\n\ta: 1"), ("tab-after-value", "x\t"),
                 ("tab-in-flow", "[1,\t2]"), ("deep-50", "".join("\n" + "  " * (i + 2) + f"k{i}:" for i in range(50)) + " end")])
# Keys: sigs.k8s.io/yaml turns int, float and bool keys into strings; null and collections are refused.
for label, key in [("int", "1"), ("negative-int", "-1"), ("hex", "0x10"), ("octal", "0777"), ("float", "1.5"),
                   ("float-tenth", "0.1"), ("float-1e6", "1e6"), ("float-123456", "123456.0"), ("float-pi", "3.14159265358979"),
                   ("float-small", "0.00001"), ("float-0001", "0.0001"), ("float-big", "1e20"), ("float-neg-zero", "-0.0"),
                   ("float-f32-round", "16777217.0"), ("float-1e38", "3.4e38"), ("float-1e39", "1e39"),
                   ("inf", ".inf"), ("neg-inf", "-.inf"), ("nan", ".nan"), ("true", "true"), ("yes", "yes"), ("off", "off"),
                   ("y", "y"), ("n", "n"), ("tilde", "~"), ("null", "null"), ("empty", '""'),
                   ("uint64", "18446744073709551615"), ("big", "0x10000000000000000"), ("timestamp", "2001-12-14"),
                   ("quoted-int", '"1"'), ("binary", "!!binary aGk="), ("str-tag", "!!str 1"), ("int-1e3", "1_000"),
                   ("sexagesimal", "1:20"), ("unicode", "ключ")]:
    data(f"key-{label}", f"{key}: value")
data("key-missing", ": value")
# Anchors, aliases and merge keys (go-yaml v2 decode.go).
data("alias-scalar", "a: &x hello\nb: *x")
data("alias-map", "a: &x {k: 1, l: [1, 2]}\nb: *x")
data("alias-seq", "a: &x [1, 2]\nb: *x\nc: [*x, *x]")
data("alias-key", "a: &k key\n*k : v")
data("alias-unknown", "a: *nope")
data("alias-redefined", "a: &x 1\nb: *x\nc: &x 2\nd: *x")
data("alias-self", "a: &x [1, *x]")
data("alias-nested", "a: &x {b: &y [1, 2]}\nc: *y\nd: *x")
data("alias-null", "a: &x\nb: *x")
data("merge-single", "base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  z: 3")
data("merge-override-after", "base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  x: 10")
data("merge-override-before", "base: &b {x: 1, y: 2}\nm:\n  x: 10\n  <<: *b")
data("merge-list", "a: &a {x: 1, y: 1}\nb: &b {x: 2, z: 2}\nm:\n  <<: [*a, *b]\n  w: 0")
data("merge-list-reversed", "a: &a {x: 1, y: 1}\nb: &b {x: 2, z: 2}\nm:\n  <<: [*b, *a]")
data("merge-inline", "m:\n  <<: {x: 1}\n  y: 2")
data("merge-twice", "a: &a {x: 1}\nb: &b {x: 2}\nm:\n  <<: *a\n  <<: *b")
data("merge-nested", "a: &a {x: 1}\nb: &b\n  <<: *a\n  y: 2\nm:\n  <<: *b\n  z: 3")
data("merge-scalar", "a: &a 1\nm:\n  <<: *a")
data("merge-seq-of-scalar", "m:\n  <<: [1, 2]")
data("merge-null", "m:\n  <<: ~")
data("merge-quoted", 'm:\n  "<<": {x: 1}')
data("merge-tagged", "m:\n  !!merge <<: {x: 1}")
data("merge-in-seq", "a: &a {x: 1}\nl:\n  - <<: *a\n    y: 2\n  - <<: *a")
data("diff-dup-merge-inside", "m:\n  <<: {x: 1, x: 2}")
# Alias growth: go-yaml's excessive-aliasing guard (a few levels pass, a bomb is refused).
laughs = "\n".join([f"l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"] +
                   [f"l{i}: &l{i} [" + ", ".join([f"*l{i-1}"] * 9) + "]" for i in range(1, 9)])
data("alias-billion-laughs", laughs)
data("alias-small-fanout", "\n".join(["l0: &l0 [a, b]"] + [f"l{i}: &l{i} [*l{i-1}, *l{i-1}]" for i in range(1, 6)]))
data("alias-many-small", "a: &a x\n" + "\n".join(f"k{i}: *a" for i in range(300)))
# Duplicate keys: kubectl keeps the last, we refuse (docs/yaml.md).
data("diff-dup-simple", "a: 1\na: 2")
data("diff-dup-int-and-string", '1: a\n"1": b')
data("diff-dup-bool-spellings", "yes: a\ntrue: b")
data("diff-dup-nested", "m:\n  x: 1\n  x: 2")
raw("diff-dup-metadata-name", "apiVersion: example.com/v1\nkind: Case\nmetadata:\n  name: a\n  name: b\n")
# Documents and markers.
def doc(name, extra=""):
    return HEAD.format(name=name) + extra
raw("doc-two", doc("doc-two-a") + "---\n" + doc("doc-two-b"))
raw("doc-leading-separator", "---\n" + doc("doc-leading-separator"))
raw("doc-empty-between", doc("doc-empty-a") + "---\n---\n# only a comment\n---\n" + doc("doc-empty-b"))
raw("doc-null-document", doc("doc-null-a") + "---\n~\n---\nnull\n")
raw("doc-end-marker", doc("doc-end-marker") + "...\n")
raw("doc-end-then-garbage", doc("doc-end-then-garbage") + "...\nthis: [is not parsed\n")
raw("doc-yaml-1-1", "%YAML 1.1\n---\n" + doc("doc-yaml-1-1"))
raw("doc-yaml-1-2", "%YAML 1.2\n---\n" + doc("doc-yaml-1-2"))
raw("doc-yaml-2-0", "%YAML 2.0\n---\n" + doc("doc-yaml-2-0"))
raw("doc-separator-comment", "--- # first\n" + doc("doc-separator-comment-a") + "--- # second\n" + doc("doc-separator-comment-b"))
raw("doc-separator-content", doc("doc-separator-content") + "--- foo\n")
raw("doc-separator-four-dashes", doc("doc-four-dashes") + "----\n")
raw("doc-separator-trailing-space", doc("doc-trailing-a") + "---   \n" + doc("doc-trailing-b"))
raw("doc-separator-tab-comment", doc("doc-tab-a") + "---\t# c\n" + doc("doc-tab-b"))
raw("doc-crlf", doc("doc-crlf").replace("\n", "\r\n") + "data:\r\n  v: |\r\n    a\r\n    b\r\n")
raw("doc-bom", "\ufeff" + doc("doc-bom"))
raw("doc-no-final-newline", doc("doc-no-final-newline") + "data: {v: 1}")
raw("doc-comments", "# leading\n" + doc("doc-comments") + "# trailing\n")
raw("doc-json", '{"apiVersion": "example.com/v1", "kind": "Case", "metadata": {"name": "doc-json"}, "data": {"v": 1.0}}\n')
raw("doc-json-concatenated", '{"apiVersion": "example.com/v1", "kind": "Case", "metadata": {"name": "a"}}\n'
    '{"apiVersion": "example.com/v1", "kind": "Case", "metadata": {"name": "b"}} null\n')
raw("doc-json-leading-space", '  \n\t {"apiVersion": "example.com/v1", "kind": "Case", "metadata": {"name": "sp"}, "data": {"big": 12345678901234567890}}')
raw("doc-json-array", '[{"apiVersion": "example.com/v1", "kind": "Case", "metadata": {"name": "arr"}}]\n')
raw("doc-json-trailing-garbage", '{"apiVersion": "example.com/v1", "kind": "Case", "metadata": {"name": "g"}} x\n')
raw("doc-top-scalar", "hello\n")
raw("doc-top-sequence", "- apiVersion: example.com/v1\n  kind: Case\n  metadata: {name: s}\n")
raw("doc-top-null-only", "~\n")
raw("doc-empty-file", "")
raw("doc-comment-only", "# nothing\n")
raw("doc-flow-top", "{apiVersion: example.com/v1, kind: Case, metadata: {name: flow-top}, data: {v: yes}}\n")
raw("doc-flow-top-late-brace", " " * 4100 + "{apiVersion: example.com/v1, kind: Case, metadata: {name: late}, data: {v: yes}}\n")
raw("doc-anchor-across-documents", doc("doc-anchor-a", "data: &a {x: 1}\n") + "---\n" + doc("doc-anchor-b", "data: *a\n"))
raw("doc-separator-in-quoted", doc("doc-sep-quoted", 'data:\n  v: "one\n---\n  two"\n'))
raw("doc-version-after-doc", doc("doc-version-after") + "...\n%YAML 1.1\n---\n" + doc("doc-version-after-b"))
# Refused: broken YAML.
raw("bad-unterminated-double", doc("bad-unterminated-double", 'data:\n  v: "abc\n'))
raw("bad-unterminated-single", doc("bad-unterminated-single", "data:\n  v: 'abc\n"))
raw("diff-utf8-invalid", doc("diff-utf8-invalid", "data:\n  v: a\udcffb\n"))
raw("diff-utf8-invalid-key", doc("diff-utf8-invalid-key", "data:\n  \udcc3(: b\n"))
raw("diff-utf8-overlong", doc("diff-utf8-overlong", "data:\n  v: \udcc0\udcaf\n"))
raw("bad-control-char", doc("bad-control-char", "data:\n  v: a\x01b\n"))
raw("bad-nul", doc("bad-nul", "data:\n  v: a\x00b\n"))
raw("bad-tab-indent", doc("bad-tab-indent", "data:\n\tv: 1\n"))
raw("bad-anchor-no-name", doc("bad-anchor-no-name", "data: & x\n"))
raw("bad-block-in-flow", doc("bad-block-in-flow", "data: [a:\n  - b]\n"))
raw("bad-long-simple-key", doc("bad-long-simple-key", "data:\n  " + "k" * 1100 + ": v\n"))
raw("ok-long-simple-key", doc("ok-long-simple-key", "data:\n  " + "k" * 1000 + ": v\n"))
raw("bad-indent-sequence", doc("bad-indent-sequence", "data:\n  - a\n - b\n"))
raw("bad-reserved-indicator", doc("bad-reserved-indicator", "data:\n  v: @x\n"))
raw("bad-directive-in-doc", doc("bad-directive", "%YAML 1.1\n"))

# The JSON fixtures, as YAML.
def convert(path, name):
    obj = json.loads(path.read_text())
    is_object = isinstance(obj, dict) and "apiVersion" in obj and "kind" in obj and not str(obj.get("kind", "")).endswith("List")
    if not is_object:
        obj = {"apiVersion": "example.com/v1", "kind": "Fixture", "metadata": {"name": name}, "data": obj}
    elif not isinstance(obj.get("metadata"), dict) or "name" not in obj["metadata"]:
        obj = {"apiVersion": "example.com/v1", "kind": "Fixture", "metadata": {"name": name}, "data": obj}
    raw(name, yaml.safe_dump(obj, sort_keys=False, allow_unicode=True, width=100))

for root, prefix in [(REPO / "tests" / "data", "fixture"), (pathlib.Path("/work/shared/fixtures/upstream"), "shared")]:
    if not root.exists():
        continue
    for p in sorted(root.rglob("*.json")):
        convert(p, f"{prefix}-{safe(str(p.relative_to(root))[:-5])}")

OUT.mkdir(parents=True, exist_ok=True)
for old in OUT.glob("*.yaml"):
    old.unlink()
for name, text in files.items():
    (OUT / f"{name}.yaml").write_bytes(text.encode("utf-8", "surrogateescape") if isinstance(text, str) else text)
print(f"{len(files)} files in {OUT}")
