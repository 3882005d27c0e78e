#!/usr/bin/env python3
"""Writes the manual page trainjob-conditions(1) from the tool's own help.

    gen-manpage.py TOOL VERSION OUT

Runs `TOOL --help` and `TOOL VERB --help` for each verb the first lists, so the page says
exactly what the tool says (its flags are declared once, in src/cli/app.cpp). Our own script
rather than help2man: help2man would add a build dependency and knows nothing of verbs.
The date is SOURCE_DATE_EPOCH's when set (reproducible builds), else left out.
"""

import datetime
import os
import re
import subprocess
import sys


def run(tool, *args):
    # Plain output whatever the build machine's terminal or locale: no colours, fixed width.
    env = dict(os.environ, LC_ALL="C.UTF-8", COLUMNS="80", NO_COLOR="1")
    proc = subprocess.run([tool, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, check=False)
    if proc.returncode != 0:
        sys.exit("gen-manpage: %s %s exited with %d: %s" % (tool, " ".join(args), proc.returncode,
                                                           proc.stderr.decode("utf-8", "replace")))
    return proc.stdout.decode("utf-8")


def verbs_of(help_text):
    """The verbs of the top-level help's "commands:" list, in order: its lines indented by two
    spaces (descriptions and continued synopses are indented further)."""
    names = []
    in_list = False
    for line in help_text.splitlines():
        if line.strip().lower() == "commands:":
            in_list = True
        elif in_list and line and not line.startswith(" "):
            break  # the list ends at the next unindented line
        elif in_list:
            m = re.match(r"^  ([a-z][a-z0-9-]*)(\s|$)", line)
            if m:
                names.append(m.group(1))
    return names


def roff(text):
    """Text as literal roff: backslashes, leading dots and quotes, and hyphens escaped."""
    out = []
    for line in text.rstrip("\n").splitlines():
        line = line.replace("\\", "\\e").replace("-", "\\-")
        if line.startswith((".", "'")):
            line = "\\&" + line
        out.append(line)
    return "\n".join(out)


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: gen-manpage.py TOOL VERSION OUT")
    tool, version, out_path = sys.argv[1:]
    top = run(tool, "--help")
    verbs = verbs_of(top)
    if not verbs:
        sys.exit("gen-manpage: no verbs found in `%s --help`" % tool)

    date = ""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        stamp = datetime.datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), datetime.timezone.utc)
        date = stamp.strftime("%Y-%m-%d")

    page = [
        '.TH TRAINJOB\\-CONDITIONS 1 "%s" "trainjob %s" "User Commands"' % (date, version),
        ".SH NAME",
        "trainjob\\-conditions, kubectl\\-trainjob \\- Kubeflow Trainer TrainJob status conditions, "
        "computed as upstream does",
        ".SH SYNOPSIS",
        ".B trainjob\\-conditions",
        ".I verb",
        "[\\fIflags\\fR] [\\fIfile\\fR...]",
        ".br",
        ".B kubectl trainjob",
        ".I verb",
        "[\\fIflags\\fR] [\\fIfile\\fR...]",
        ".SH DESCRIPTION",
        "The output of \\fBtrainjob\\-conditions \\-\\-help\\fR:",
        ".PP",
        ".nf",
        roff(top),
        ".fi",
        ".SH VERBS",
    ]
    for verb in verbs:
        page += [".SS %s" % roff(verb), ".nf", roff(run(tool, verb, "--help")), ".fi"]
    page += [
        ".SH SEE ALSO",
        ".BR kubectl (1)",
        "",
    ]
    os.makedirs(os.path.dirname(os.path.abspath(out_path)), exist_ok=True)
    with open(out_path, "w", encoding="utf-8") as f:
        f.write("\n".join(page))


if __name__ == "__main__":
    main()
