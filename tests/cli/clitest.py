"""Tiny harness for threadmap's end-to-end CLI tests (standard library only).

Each test_*.py calls check(...) for every assertion; the run ends with a
line 'N passed, N failed' and a non-zero exit when anything failed.
"""
import json
import os
import subprocess
import sys
import tempfile

CLI = sys.argv[1]
SRC = sys.argv[2]
SAMPLES = os.path.join(SRC, "samples")
_passed = 0
_failed = 0


def run(args, stdin=None, timeout=120):
    """Run the CLI; return (exit code, stdout bytes, stderr text)."""
    p = subprocess.run([CLI] + args, input=stdin, capture_output=True, timeout=timeout)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def check(cond, what):
    global _passed, _failed
    if cond:
        _passed += 1
    else:
        _failed += 1
        print("FAIL: " + what)


def tmpfile(data, suffix=""):
    fd, path = tempfile.mkstemp(suffix=suffix, prefix="tm-cli-")
    with os.fdopen(fd, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def ndjson(out):
    return [json.loads(l) for l in out.decode("utf-8").splitlines() if l.strip()]


def finish():
    print("%d passed, %d failed" % (_passed, _failed))
    sys.exit(1 if _failed else 0)
