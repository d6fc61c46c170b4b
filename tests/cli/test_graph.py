"""`threadmap graph`: every kind renders for every sample (and every real
fixture of a supported format when ../shared is there) to well-formed SVG
with one node group per shown comment; formats by extension and -T;
AIF and Argdown exports; errors."""
import json
import os
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(__file__))
from clitest import SAMPLES, SRC, check, finish, run, tmpfile  # noqa: E402

SVG = "{http://www.w3.org/2000/svg}"
kinds = ["reply", "disagreement", "participants", "argument"]
inputs = [os.path.join(SAMPLES, f) for f in sorted(os.listdir(SAMPLES)) if not f.endswith(".md")]
fx = os.path.join(SRC, "..", "shared", "fixtures")
for sub in ("hn-html", "hn-api-json", "reddit-json"):
    d = os.path.join(fx, sub)
    if os.path.isdir(d):
        inputs += [os.path.join(d, f) for f in sorted(os.listdir(d))]
out = tmpfile(b"", ".svg")
for path in inputs:
    for k in kinds:
        rc, _, err = run(["graph", "-q", "--kind", k, path, "-o", out])
        ok = rc == 0
        groups = 0
        if ok:
            try:
                root = ET.parse(out).getroot()
                for g in root.iter(SVG + "g"):
                    cls = g.get("class") or ""
                    if "node" in cls and ("comment" in cls or "participant" in cls):
                        groups += 1
            except ET.ParseError as e:
                ok = False
                err = str(e)
        check(ok, "%s --kind %s: exit %d %s" % (os.path.basename(path), k, rc, err[:200]))
        if k == "reply" and ok:
            rc2, o2, _ = run(["stats", "--json", "-q", path])
            n = json.loads(o2)["comments"]
            check(groups == min(n, 400), "%s reply: %d comment groups for %d comments" %
                  (os.path.basename(path), groups, n))
sample = os.path.join(SAMPLES, "hn_orca_launch.html")
for ext, magic in ((".png", b"\x89PNG"), (".pdf", b"%PDF"), (".svg", b"<?xml"), (".dot", b"digraph"),
                   (".gv", b"digraph"), (".json", b"{")):
    p = tmpfile(b"", ext)
    rc, _, err = run(["graph", "-q", sample, "-o", p])
    data = open(p, "rb").read()
    check(rc == 0 and data.startswith(magic), "%s output: %d %r" % (ext, rc, data[:20]))
rc, o, _ = run(["graph", "-q", sample, "-T", "dot"])
check(rc == 0 and b"pos=" in o, "-T dot to stdout carries the layout")
p = tmpfile(b"", ".aif.json")
rc, _, _ = run(["graph", "-q", sample, "-o", p])
aif = json.load(open(p)) if rc == 0 else {}
check(rc == 0 and {n["type"] for n in aif["nodes"]} >= {"I", "RA", "CA"}, "AIF export")
p = tmpfile(b"", ".argdown")
rc, _, _ = run(["graph", "-q", sample, "-o", p])
ad = open(p, encoding="utf-8").read()
import re
check(rc == 0 and ad.startswith("# ") and re.search(r"\n +\+ \[c\d+\]: ", ad) and re.search(r"\n +- \[c\d+\]: ", ad), "Argdown export")
# size controls say what they left out
rc, o, _ = run(["graph", "-q", sample, "--max-nodes", "10", "-T", "gv"])
check(rc == 0 and b"showing 10" in o and b"_more" in o, "--max-nodes note and collapsed replies")
rc, o, _ = run(["graph", "-q", sample, "--depth", "2", "-T", "gv"])
check(rc == 0 and b"showing" in o, "--depth")
rc, o, _ = run(["graph", "-q", sample, "--layout", "twopi", "-o", tmpfile(b"", ".svg")])
check(rc == 0, "--layout twopi")
rc, _, err = run(["graph", sample, "--kind", "pie"])
check(rc == 2, "bad kind: %d" % rc)
rc, _, err = run(["graph", sample, "-T", "bmp"])
check(rc == 2 and "unknown graph format" in err, "bad format: %d %s" % (rc, err))
rc, _, err = run(["graph", sample, "--layout", "nosuch", "-o", tmpfile(b"", ".svg")])
check(rc != 0 and "layout" in err, "bad layout: %d %s" % (rc, err))
finish()
