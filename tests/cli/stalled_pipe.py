#!/usr/bin/env python3
"""batch in a live pipeline: its input is a pipe (or FIFO) that stalls after the first line.

    python3 stalled_pipe.py [--fifo DIR] [--timeout SECONDS] INPUT OUTPUT -- TOOL ARG...

Writes INPUT's first line to the tool's standard input and keeps the pipe open; waits (at
most --timeout seconds, default 10, so that the test never hangs) for a first output line;
only then writes the rest of INPUT and closes the pipe. Writes all the tool's output to
OUTPUT and exits 0 when the first output line arrived before the rest of the input was
written and the tool exited 0, else prints what went wrong and exits 1. --fifo DIR: the
tool reads a FIFO made in DIR instead of a pipe.
"""
import argparse
import os
import select
import subprocess
import sys
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--fifo")
    ap.add_argument("--timeout", type=float, default=10.0)
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("command", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    command = a.command[1:] if a.command[:1] == ["--"] else a.command
    with open(a.input, "rb") as f:
        first = f.readline()
        rest = f.read()
    if not first.endswith(b"\n") or not rest:
        print("stalled_pipe: INPUT needs a first line and more after it", file=sys.stderr)
        return 2

    if a.fifo:
        path = os.path.join(a.fifo, "stalled-pipe.fifo")
        os.mkfifo(path)
        reader = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # does not wait for a writer
        os.set_blocking(reader, True)
        writer = os.open(path, os.O_WRONLY)
        proc = subprocess.Popen(command, stdin=reader, stdout=subprocess.PIPE)
        os.close(reader)
        to_tool = os.fdopen(writer, "wb")
    else:
        proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        to_tool = proc.stdin

    out = b""
    start = time.monotonic()
    to_tool.write(first)
    to_tool.flush()
    # The first output line, before any more input.
    while b"\n" not in out:
        left = a.timeout - (time.monotonic() - start)
        if left <= 0 or not select.select([proc.stdout], [], [], left)[0]:
            break
        data = os.read(proc.stdout.fileno(), 1 << 20)
        if not data:
            break
        out += data
    waited = time.monotonic() - start
    first_in_time = b"\n" in out
    to_tool.write(rest)
    to_tool.close()
    out += proc.stdout.read()
    rc = proc.wait()
    with open(a.output, "wb") as f:
        f.write(out)
    if not first_in_time:
        print("stalled_pipe: no output line within %.1f s of the first input line "
              "(the output waited for more input)" % waited, file=sys.stderr)
        return 1
    if rc != 0:
        print("stalled_pipe: the tool exited %d" % rc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
