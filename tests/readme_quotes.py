#!/usr/bin/env python3
"""README.md quotes example files word for word, so a quoted example is one that is built and run.

A line `<!-- quote: PATH -->` in README.md must be followed by a fenced block (```cpp ...)
whose body is exactly the file PATH (relative to the repository root). Each PATH given on the
command line must be quoted at least once.

    python3 tests/readme_quotes.py [--fix] <repository root> [PATH...]

--fix rewrites each quoted block from its file instead of reporting the difference.
"""
import difflib
import os
import re
import sys


def main(argv):
    fix = len(argv) > 1 and argv[1] == "--fix"
    args = argv[2:] if fix else argv[1:]
    if not args:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    root, required = args[0], args[1:]
    readme = os.path.join(root, "README.md")
    lines = open(readme, encoding="utf-8").read().split("\n")
    fixed = list(lines)
    errors, quoted = [], set()
    for i, line in enumerate(lines):
        m = re.match(r"^<!-- quote: (\S+) -->\s*$", line)
        if not m:
            continue
        path = m.group(1)
        quoted.add(path)
        fence = re.match(r"^(`{3,})", lines[i + 1]) if i + 1 < len(lines) else None
        if not fence:
            errors.append("README.md:%d: `quote: %s` is not followed by a fenced block" % (i + 1, path))
            continue
        end = i + 2
        while end < len(lines) and lines[end] != fence.group(1):
            end += 1
        block = "\n".join(lines[i + 2:end]) + "\n"
        try:
            text = open(os.path.join(root, path), encoding="utf-8").read()
        except OSError as e:
            errors.append("README.md:%d: %s" % (i + 1, e))
            continue
        if block != text and fix:
            start = len(fixed) - len(lines) + i + 2
            fixed[start:start + end - i - 2] = text[:-1].split("\n") if text.endswith("\n") else text.split("\n")
        elif block != text:
            diff = difflib.unified_diff(text.splitlines(True), block.splitlines(True), path, "README.md:%d" % (i + 3))
            errors.append("README.md:%d: the block differs from %s:\n%s" % (i + 1, path, "".join(diff)))
    if fix:
        open(readme, "w", encoding="utf-8").write("\n".join(fixed))
    for path in required:
        if path not in quoted:
            errors.append("README.md: %s is not quoted (`<!-- quote: %s -->` before a fenced block)" % (path, path))
    for e in errors:
        print(e)
    print("%d quotes checked, %d errors" % (len(quoted), len(errors)))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
