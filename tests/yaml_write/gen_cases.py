#!/usr/bin/env python3
"""Writes the corpus of tests/yaml_write: cases/NNN-name.json, objects kubectl prints as YAML
(run.sh compares trainjob::to_yaml with kubectl byte for byte), and refused/NNN-name.json,
objects on which `kubectl -o yaml` fails (the writer must fail too). Run it from anywhere;
it rewrites both directories. The cases are data, not expectations: kubectl is the oracle."""
import json
import os
import re
import shutil
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))

cases = []
refused = []


def case(name, data, where="data"):
    cases.append((name, {where: data}))


def refuse(name, data, where="data"):
    refused.append((name, {where: data}))


# --- strings go-yaml would read as something else (resolve.go), and near misses
resolve_words = ["y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE",
                 "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF", "~", "null", "Null",
                 "NULL", "", ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "-.inf", "-.Inf",
                 "<<", "yES", "nULL", "tRUE", "nan", "inf", "Infinity", "t", "f", "o", "O", "x", "~~"]
for i, w in enumerate(resolve_words):
    case(f"word-{i:02d}", {"v": w})

numbers_as_strings = [
    "0", "-0", "+0", "00", "01", "08", "09", "0.0", "1", "-1", "+1", "123", "1_000", "1__", "_1",
    "0x1F", "0X1f", "0x", "0xg", "0o17", "0O17", "0o8", "0b101", "0B101", "0b", "0b2", "0b-1", "0b+1",
    "-0b101", "-0b-1", "-0x1F", "+0x1F", "9223372036854775807", "9223372036854775808",
    "-9223372036854775808", "-9223372036854775809", "18446744073709551615", "18446744073709551616",
    "1e3", "1E3", "1e+3", "1e-3", "1.", "1.5", ".5", "-.5", "+.5", ".", "..", ".e1", "1e", "1e+",
    "1.5.5", "1e400", ".1e400", "1e-400", "-1e400", "1_0.5", "1.5_0", "._5", "12e3_4",
    "1:20", "1:20:30", "1:20:30.5", "-1:20", "+1:20", "190:20:30", "1:61", "1:6", "1:5_0", "1_0:20",
    "1:", ":20", "1::20", "1:20.", "1:2:3:4:5", "0:00", "12:30", "12:3a",
    "-", "+", "+-1", "--1", "1-2", "1 2", "0x1F ", " 1",
]
for i, w in enumerate(numbers_as_strings):
    case(f"numstr-{i:03d}", {"v": w})

timestamps = [
    "2024-01-01", "2024-1-1", "2024-01-1", "2024-1-01", "2024-02-29", "2023-02-29", "2024-02-30",
    "2024-13-01", "2024-00-10", "2024-01-00", "2024-01-32", "2024-04-31", "1900-02-29", "2000-02-29",
    "0000-01-01", "20240-01-01", "202-01-01", "2024-001-01", "2024-01-001", "2024-01-01T00:00:00Z",
    "2024-01-01t00:00:00Z", "2024-01-01T00:00:00z", "2024-01-01 00:00:00", "2024-01-01  10:00:00.5",
    "2024-01-01 10:00:00Z", "2024-01-01T10:00:00+05:30", "2024-01-01T10:00:00-05:30",
    "2024-01-01T10:00:00+25:00", "2024-01-01T10:00:00+24:60", "2024-01-01T10:00:00+24:61",
    "2024-01-01T10:00:00+0530", "2024-01-01T10:00:00", "2024-01-01T24:00:00Z", "2024-01-01T23:60:00Z",
    "2024-01-01T23:59:60Z", "2024-01-01T1:2:3Z", "2024-01-01T10:00:00,5Z", "2024-01-01T10:00:00.Z",
    "2024-01-01T10:00:00.123456789123Z", "2024-01-01T10:00:00.5+01:00", "2024-01-01T", "2024-01-01 ",
    "2024-01-01x", "2024-01-01T10:00Z", "2024-01-01T10:00:00ZZ", "2024-01-01T100:00:00Z",
    "2024-1-1 1:2:3.4", "2024-01-01T10:00:00+05:3a", "2024-01-01T10:00:00*05:30",
]
for i, w in enumerate(timestamps):
    case(f"time-{i:02d}", {"v": w})

# --- indicators, spaces, quotes (emitterc.go yaml_emitter_analyze_scalar)
indicator_strings = [
    "-a", "- a", "-", "--", "---", "--- a", "---a", "...", "... a", "....", "?a", "? a", "?", ":a", ": a",
    ":", "a:b", "a: b", "a:", "a :", "a #b", "a#b", "#a", "#", "a,b", ",a", "[a]", "a[b]", "{a}", "a{b}",
    "a]", "&a", "a&b", "*a", "!a", "a!", "|a", "a|", ">a", "a>b", "'a", "a'b", "'", "''", "\"a", "a\"b",
    "\"", "%a", "a%", "@a", "`a", "a`", "a\\b", "\\", " a", "a ", " ", "  ", "a  b", " a ", "a - b",
    "a ? b", "<a>", "a&&b", "http://example.com/a?b=c#d", "key=value", "a=b, c=d", "$HOME", "^a", "(a)",
    "a;b", "a/b", "~a", "a~", "=", "==", "a\\nb",
]
for i, w in enumerate(indicator_strings):
    case(f"ind-{i:02d}", {"v": w})

# --- characters: control, unicode, escapes (double-quoted writer)
char_strings = [
    "a\tb", "\t", "\ta", "a\t", "\u0001", "a\u001bb", "\u0000", "a\bb", "a\fb", "a\rb", "a\r\nb", "\r",
    "\u000b", "a\u00a0b", "\u00a0", "caf\u00e9", "\u4e2d\u6587", "\u00e9t\u00e9", "\U0001F600",
    "a\U0001F600b", "\U0001F600 x\ny", "\u2028", "a\u2028b", "a\u2029b", "\ufeffabc", "a\ufeffb",
    "\ufffd", "a\ue000b", "\U0010FFFD", "\u0301", "e\u0301", "\u200b", "a\u200eb", "<>&", "\u00ff",
    "\u0100", "\u07ff", "\u0800", "\ud7ff", "\uffef", "\uff01", "\u00ad", "a\u0085b", "a  \u0085  b",
    "a\u0085\u0085b", "\u0085", "\u0085---", "a \u0085", "\u0085a", "a\u0085\n",
    "\u0085...", "a\u0085 \u0085b",
]
for i, w in enumerate(char_strings):
    case(f"char-{i:02d}", {"v": w})

# --- multi-line (literal block, chomping, indentation hint) and its fallbacks
multiline = [
    "a\nb", "a\n", "a\n\n", "a\n\n\n", "\n", "\n\n", "\na", "\n\na", " a\nb", "a\n b", "a \nb", "a\nb ",
    "a\n\tb", "a\n\nb", "#a\nb", "- a\nb", "a: b\nc: d", "null\nx", "1\n", "---\nx", "a\r\nb\n",
    "line one\n  indented\nback\n", ("x" * 100) + "\n" + ("y " * 60), "a\n\u00e9\n", "a\n\U0001F600",
    "a\u2028b\nc", "\"q\"\n'q'\n", "trailing\n\n  \n", "  \n", "x\n ", "\n ", "\t\n",
]
for i, w in enumerate(multiline):
    case(f"multi-{i:02d}", {"v": w})

# --- long lines: folding at 80 columns in plain, single- and double-quoted styles
words = " ".join(f"word{i}" for i in range(40))
long_strings = [
    words, "x" * 200, ("abc " * 40).strip(), "a" * 78 + " b c", "a" * 79 + " b", "a" * 80 + " b",
    "a" * 81 + " b", "a" * 76 + "  b" + " c" * 30, " " + words, words + " ", "\t" + words,
    "'" + words, "\"" + words, ("word  " * 30).strip(), ("w " * 100).strip(), ("\u00e9\u00e9\u00e9 " * 40).strip(),
    ("\u4e2d" * 50 + " ") * 3, words.replace(" ", " \t", 3), "- " + words, words + ":", "on " + words,
    ("a" * 90 + " ") * 3 + "end", words.replace("word10", "word10\u0085"),
]
for i, w in enumerate(long_strings):
    case(f"long-{i:02d}", {"v": w, "deep": {"a": {"b": {"c": {"d": {"e": w}}}}}, "list": [w, [w]]})

# --- keys: go-yaml's order (sorter.go) and key styles
key_sets = [
    ["b", "a", "c", "B", "A", "C", "_", "-", ".", "1", "0", "~"],
    ["a10", "a9", "a1", "a01", "a001", "a010", "a0", "a00", "a2", "a"],
    ["a1b", "a1a", "a1", "a2", "a", "a2b", "ab"],
    ["x1y10", "x1y9", "x10y1", "x1", "x0"],
    ["app.kubernetes.io/name", "app", "app.kubernetes.io/instance", "app-version", "app_version",
     "example.com/a", "Example.com/a", "k8s.io/x"],
    ["caf\u00e9", "cafe", "cafz", "caf\u00ea", "caf1", "caf_", "\u00e9", "z", "\u4e2d", "\u03b1", "\u00df",
     "\u00b5", "\u00aa", "\u00ba", "\u00d7"],
    ["a\u0661", "a\u0662", "a1", "a\u06611", "a\u0660", "a\uff11"],
    ["", " ", "  a", "a ", "a b", "a:b", "a: b", "#a", "a #b", "-", "- a", "?", "? a"],
    ["on", "off", "yes", "no", "y", "n", "true", "null", "~", "1", "1e3", "0x1F", "1:20", "2024-01-01",
     ".inf", "<<", "1.5", "-1", "+1"],
    ["k" * 128, "k" * 129, "a" * 127 + "\u00e9", "b" * 200 + " " + "c" * 20],
    ["a\nb", "a\n", "x\ty", "\U0001F600", "\u00a0", "'q'", "\"q\""],
    ["Z", "z", "\u00c0", "\u00e0", "[", "{", "a[", "a{"],
    ["1", "01", "001", "10", "2", "02", "a1", "0", "00", "-1", "1.5", "1_0"],
    ["v1", "v1beta1", "v1alpha1", "v2", "v1beta10", "v1beta2"],
    ["\u0085", "x"],
]


def go_yaml_key_less(a, b):
    """go-yaml v2's keyList.Less (sorter.go) on two strings, with Python's Unicode data."""
    def letter(c):
        return unicodedata.category(c).startswith("L")

    def digit(c):
        return unicodedata.category(c) == "Nd"
    for i in range(min(len(a), len(b))):
        if a[i] == b[i]:
            continue
        al, bl = letter(a[i]), letter(b[i])
        if al and bl:
            return a[i] < b[i]
        if al or bl:
            return bl
        an = bn = 0
        if a[i] == "0" or b[i] == "0":
            j = i - 1
            while j >= 0 and digit(a[j]):
                if a[j] != "0":
                    an = bn = 1
                    break
                j -= 1
        ai = i
        while ai < len(a) and digit(a[ai]):
            an = an * 10 + ord(a[ai]) - ord("0")
            ai += 1
        bi = i
        while bi < len(b) and digit(b[bi]):
            bn = bn * 10 + ord(b[bi]) - ord("0")
            bi += 1
        if an != bn:
            return an < bn
        if ai != bi:
            return ai < bi
        return a[i] < b[i]
    return len(a) < len(b)


def total_order(keys):
    """go-yaml's order is no order at all for some key sets (a1a < a01 < a10 < a1a): Go's sort
    then gives a different answer run to run, so kubectl's output is not reproducible. The corpus
    keeps to sets on which it is a strict total order."""
    for a in keys:
        for b in keys:
            if a != b and go_yaml_key_less(a, b) == go_yaml_key_less(b, a):
                return False
            for c in keys:
                if go_yaml_key_less(a, b) and go_yaml_key_less(b, c) and not go_yaml_key_less(a, c):
                    return False
    return True


for i, ks in enumerate(key_sets):
    if i == len(key_sets) - 1:
        continue  # NEL in a key: refused below
    if not total_order(ks):
        raise SystemExit(f"key set {i} is not totally ordered by go-yaml: kubectl's order would vary")
    case(f"keys-{i:02d}", {k: f"v{j}" for j, k in enumerate(ks)})
    case(f"keys-nested-{i:02d}", {k: {"x": [k]} for k in ks})

# --- numbers (kubectl's JSON writes them; go-yaml re-reads them)
number_sets = [
    [0, 1, -1, 42, 2147483647, 2147483648, -2147483649, 9007199254740993, 9223372036854775807,
     -9223372036854775808, 18446744073709551615, 100000000000000000000],
    [0.5, 1.5, -1.5, 0.1, 0.2, 1.0, -0.0, 100.25, 123456.7, 1234567.8, 999999.5, 1000000.5],
    [1e21, 1e20, 1.5e300, 1e-5, 1e-6, 1e-7, 0.0001, 0.00012345, 5e-324, 1.7976931348623157e308,
     2.5e-5, 1e100, 123456789.123, 3.141592653589793, 1e15, 1.25e15],
]
for i, ns in enumerate(number_sets):
    case(f"numbers-{i}", {f"n{j:02d}": n for j, n in enumerate(ns)})
    case(f"numbers-list-{i}", ns)

# --- structure: empties, nulls, nesting, sequences in sequences
structures = [
    {}, [], {"a": {}}, {"a": []}, [{}], [[]], [[], {}], {"a": None, "b": True, "c": False},
    [None, True, False, "", 0], [[1, 2], [3, [4, [5]]]], [{"a": 1, "b": [1, {"c": []}]}, {"d": {}}],
    {"a": [{"b": [{"c": [{"d": "e"}]}]}]}, [[{"a": "b"}]], [["a", ["b", ["c"]]]], {"a": [[]]},
    [{"a": [], "b": {}}], {"x": [{"": ""}]}, [" ", "", "\n"], {"a": [None]}, [{"k": "line\nbreak"}],
    [{"k1": "a\nb", "k2": "c"}], [["a\nb"]], {"a": {"b": "c\nd\n"}}, [{"- a": 1}],
]
for i, s in enumerate(structures):
    case(f"struct-{i:02d}", s)
deep = "leaf"
for d in range(60):
    deep = {f"l{d}": deep} if d % 2 else [deep, d]
case("struct-deep", deep)
case("struct-deep-long", {"a": {"b": {"c": {"d": {"e": {"f": {"g": {"h": {"i": {"j": {"k": {"l": {"m": {
    "n": {"o": {"p": {"q": {"r": {"s": {"t": {"u": {"v": {"w": {"x": {"y": {"z": words}}}}}}}}}}}}}}}}}}}}}}}}}})

# --- kubectl's JSON length limit for keys (1024 characters, quotes and escapes included)
case("keylen-1022", {"a" * 1022: "v"})
case("keylen-escaped-ok", {"<" + "a" * 1016: "v"})
case("keylen-nonascii-ok", {"\u00e9" * 1022: "v"})
case("keylen-quote-ok", {"\"" + "a" * 1019: "v"})
case("keylen-ctl-ok", {"\u0001" + "a" * 1016: "v"})

# --- refused by kubectl -o yaml (go-yaml's reader), so by the writer too
refuse("del", {"v": "a\u007fb"})
refuse("c1-80", {"v": "\u0080"})
refuse("c1-9f", {"v": "a\u009f"})
refuse("fffe", {"v": "\ufffe"})
refuse("ffff", {"v": "a\uffffb"})
refuse("key-del", {"a\u007f": "v"})
refuse("key-nel", {"a\u0085b": "v"})
refuse("keylen-1023", {"a" * 1023: "v"})
refuse("keylen-escaped", {"<" + "a" * 1017: "v"})
refuse("keylen-quote", {"\"" + "a" * 1021: "v"})
refuse("keylen-ctl", {"\u0001" + "a" * 1017: "v"})
refuse("nel-docstart", {"v": "\u0085--- x"})
refuse("nel-docstart-end", {"v": "\u0085--- "})
refuse("nel-docend", {"v": "a\u0085...\u0085"})
refuse("deep-del", {"a": [{"b": ["x", "\u007f"]}]})


# strconv.ParseFloat reads Go's underscores between digits: resolve's '.' branch makes these
# floats (quoted), the others strings (plain). Appended here so earlier case numbers stay.
for i, w in enumerate([".5_5", ".5e1_0", ".5e+1_0", ".5__5", ".5_", ".5_e1", "._5", ".5e_1", "-.5_5"]):
    case(f"dotfloat-{i:02d}", {"v": w})

def write(dirname, items):
    path = os.path.join(HERE, dirname)
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    for n, (name, body) in enumerate(items):
        slug = re.sub(r"[^a-z0-9-]", "-", name.lower())
        obj = {"apiVersion": "test.trainjob.dev/v1", "kind": "YamlCase",
               "metadata": {"name": f"c{n:03d}-{slug}"[:63].rstrip("-")}}
        obj.update(body)
        with open(os.path.join(path, f"{n:03d}-{slug}.json"), "w", encoding="utf-8") as f:
            json.dump(obj, f, ensure_ascii=False, indent=1)
            f.write("\n")


write("cases", cases)
write("refused", refused)
print(f"{len(cases)} cases, {len(refused)} refused")
