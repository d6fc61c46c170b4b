"""Every bad input gives `threadmap: FILE:LINE:COL: what` and its exit code;
nothing crashes, nothing half-written is left behind."""
import os
import re
import tempfile
import sys

sys.path.insert(0, os.path.dirname(__file__))
from clitest import check, finish, run, tmpfile  # noqa: E402

EXIT = dict(ok=0, usage=2, io=3, format=4, parse=5, limit=6, output=7, empty=9)


def expect(path, code, pattern, args=None, what=""):
    rc, out, err = run((args or ["parse"]) + [path])
    check(rc == code, "%s: exit %d, wanted %d (stderr: %s)" % (what, rc, code, err.strip()))
    check(re.search(pattern, err) is not None,
          "%s: stderr %r does not match %r" % (what, err.strip(), pattern))
    check(b"" == out or code == 0, "%s: wrote to stdout on error" % what)


p = tmpfile(b"")
expect(p, EXIT["empty"], re.escape(p) + r":1:1: input is empty", what="empty file")
p = tmpfile(b"  \n\n\t ")
expect(p, EXIT["empty"], re.escape(p) + r":1:1: input holds only white space", what="blank file")
p = tmpfile(b"\x00\x01\x02binary\x00\xff" * 50)
expect(p, EXIT["format"], re.escape(p) + r":1:1: binary data", what="binary")
p = tmpfile(b"just some words, not a thread\n")
expect(p, EXIT["format"], r"cannot tell the input format", what="prose")
expect("/nonexistent/thread.json", EXIT["io"], r"/nonexistent/thread.json: cannot open", what="missing file")
# a folder is read as a maildir; one without messages holds no thread
emptydir = tempfile.mkdtemp(prefix="tm-cli-")
expect(emptydir, EXIT["empty"], re.escape(emptydir) + r":1:1: the mailbox holds no message", what="empty folder")
os.rmdir(emptydir)

# truncated Reddit JSON: error at the end, line and column of the cut
doc = '[{"kind": "Listing", "data": {"children": [{"kind": "t3", "data": {"id": "abc",\n "title": "x"}}]}},\n {"kind": "Listing", "data": {"children": [{"kind": "t1", "data": {"id": "c1", "bo'
p = tmpfile(doc)
expect(p, EXIT["parse"], re.escape(p) + r":3:\d+: truncated JSON", what="truncated reddit json")

# malformed NDJSON on line 3 (column of the bad token)
nd = '{"id":"a","parent":null,"text":"hi"}\n{"id":"b","parent":"a","text":"ok"}\n{"id":"c","parent":"b",,"text":"x"}\n'
p = tmpfile(nd)
expect(p, EXIT["parse"], re.escape(p) + r":3:\d+: malformed JSON", what="ndjson bad line 3")
nd = '{"id":"a","parent":null,"text":"hi"}\n[1,2]\n'
p = tmpfile(nd)
expect(p, EXIT["parse"], re.escape(p) + r":2:1: expected a JSON object", what="ndjson array line")

# CSV: unterminated quote reported where it opens
csv = 'id,parent,author,time,text\n1,,ann,2026-01-01T00:00:00Z,"fine"\n2,1,bob,2026-01-01T00:01:00Z,"never closed\nand more\n'
p = tmpfile(csv)
expect(p, EXIT["parse"], re.escape(p) + r":3:\d+: unterminated quoted field", what="csv unterminated")
csv = 'id,parent,text\n1,,a,extra\n'
p = tmpfile(csv)
expect(p, EXIT["parse"], re.escape(p) + r":2:1: row has 4 fields, the header has 3", args=["parse", "--format", "csv"], what="csv wide row")

# HTML that is not an HN page, forced as hn-html
p = tmpfile("<html><body><p>hello</p></body></html>")
expect(p, EXIT["parse"], r"no Hacker News story or comment rows", args=["parse", "--format", "hn-html"], what="wrong html")
# wrongly forced format: JSON read as CSV
p = tmpfile('{"id": "1", "by": "x", "type": "comment", "parent": 5, "text": "hi"}\n')
rc, out, err = run(["parse", "--format", "csv", p])
check(rc == EXIT["parse"] and "id" in err, "json forced as csv: exit %d, %s" % (rc, err.strip()))

# limits
nd = "".join('{"id":"%d","parent":%s,"text":"t"}\n' % (i, "null" if i == 0 else '"%d"' % (i - 1)) for i in range(50))
p = tmpfile(nd)
expect(p, EXIT["limit"], r":\d+:1: more than 10 comments", args=["parse", "--max-comments", "10"], what="max comments")
expect(p, EXIT["limit"], r"nested 21 deep, deeper than the limit of 20", args=["parse", "--max-depth", "20"], what="max depth")

# usage errors
rc, _, err = run(["parse"])
check(rc == EXIT["usage"] and "needs an input file" in err, "no file: %d %s" % (rc, err))
rc, _, err = run(["parse", "--bogus", p])
check(rc == EXIT["usage"] and "unknown option" in err, "bad option: %d" % rc)
rc, _, err = run(["frobnicate"])
check(rc == EXIT["usage"], "bad command: %d" % rc)
rc, _, err = run(["parse", "--format", "nope", p])
check(rc == EXIT["usage"] and "unknown format" in err, "bad format: %d" % rc)
rc, out, _ = run(["--version"])
check(rc == 0 and out.startswith(b"threadmap "), "--version")
rc, out, _ = run(["--help"])
check(rc == 0 and b"exit codes" in out, "--help")

# output: an unwritable place fails with 7 and leaves nothing behind
good = tmpfile('{"id":"a","parent":null,"text":"hi"}\n')
rc, _, err = run(["parse", good, "-o", "/nonexistent-dir/out.json"])
check(rc == EXIT["output"] and "cannot create output" in err, "unwritable output: %d %s" % (rc, err))
# a successful write replaces the target atomically and leaves no temp file
outdir = os.path.dirname(good)
target = os.path.join(outdir, "tm-cli-atomic-out.json")
with open(target, "w") as f:
    f.write("old")
rc, _, _ = run(["parse", good, "-o", target])
check(rc == 0 and open(target).read().startswith("{"), "atomic replace")
check(not [f for f in os.listdir(outdir) if f.startswith("tm-cli-atomic-out.json.tmp")], "temp file left behind")
# a failing parse does not touch an existing output
bad = tmpfile(b"")
rc, _, _ = run(["parse", bad, "-o", target])
check(rc == EXIT["empty"] and open(target).read().startswith("{"), "failed run kept old output")
os.unlink(target)

# stdin
rc, out, err = run(["parse", "--ndjson", "-"], stdin=b'{"id":"a","parent":null,"author":"ann","text":"hi"}\n')
check(rc == 0 and b'"author":"ann"' in out, "stdin: %d %s" % (rc, err))
rc, out, err = run(["parse", "-"], stdin=b"")
check(rc == EXIT["empty"] and "<stdin>:1:1: input is empty" in err, "empty stdin: %s" % err)
finish()
