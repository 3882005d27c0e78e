#!/usr/bin/env python3
"""Checks a page of `trainjob-conditions ... -o html` (tests/cli/{audit,compare,html}.sh).

  html_check.py FILE [--class NAME]... [--text STRING]... [--count CLASS=N]...

The page must parse with html.parser with every tag closed in order (void elements aside),
start with <!DOCTYPE html>, have no <script>, no on* attribute, no URL attribute other than the
SVG namespace (nothing to fetch), and a Content-Security-Policy; each --class must be on some
element, each --text in some text node (so it was escaped, not parsed as markup), and
--count CLASS=N gives the number of elements with that class. Prints the problems and exits 1.
"""
import html.parser
import sys

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Checker(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.problems, self.texts = [], [], []
        self.classes = {}
        self.csp = False

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.problems.append("a <script> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"an event handler attribute {name} on <{tag}>")
            if name in ("src", "href", "xlink:href", "action", "formaction"):
                self.problems.append(f"a URL attribute {name}={value!r} on <{tag}>")
            if name == "class":
                for c in (value or "").split():
                    self.classes[c] = self.classes.get(c, 0) + 1
            if name == "http-equiv" and (value or "").lower() == "content-security-policy":
                self.csp = True
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        # <rect .../> in SVG: self-closing, nothing to balance.
        stack = list(self.stack)
        self.handle_starttag(tag, attrs)
        self.stack = stack

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes <{self.stack[-1] if self.stack else 'nothing'}>")
            if tag in self.stack:
                del self.stack[len(self.stack) - 1 - self.stack[::-1].index(tag):]
            return
        self.stack.pop()

    def handle_data(self, data):
        self.texts.append(data)


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    text = open(argv[1], encoding="utf-8").read()
    c = Checker()
    c.feed(text)
    c.close()
    if not text.startswith("<!DOCTYPE html>"):
        c.problems.append("no <!DOCTYPE html> first")
    if c.stack:
        c.problems.append("unclosed: " + " ".join(c.stack))
    if not c.csp:
        c.problems.append("no Content-Security-Policy")
    all_text = "\n".join(c.texts)
    args = argv[2:]
    for flag, value in zip(args[::2], args[1::2]):
        if flag == "--class" and value not in c.classes:
            c.problems.append(f"no element of class {value!r}")
        elif flag == "--text" and value not in all_text:
            c.problems.append(f"no text {value!r}")
        elif flag == "--count":
            name, n = value.rsplit("=", 1)
            if c.classes.get(name, 0) != int(n):
                c.problems.append(f"{c.classes.get(name, 0)} elements of class {name!r}, want {n}")
    for p in c.problems:
        print(p)
    return 1 if c.problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
