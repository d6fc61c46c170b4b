"""threadmap's own JSON read back (format threadmap-json): for every sample,
parse -> JSON -> parse gives the same story, counts and comments (ids,
parents, authors, titles, times, scores, flags, text, spans, inferred-link
evidence), in both the compact and the --pretty form, and the output of
`score` reads back to the same thread.  Damaged documents fail with a
position and exit 5."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from clitest import SAMPLES, check, finish, run, tmpfile  # noqa: E402


def comparable(doc):
    # "line" points into the original source, which the JSON no longer is
    cs = [{k: v for k, v in c.items() if k != "line"} for c in doc["comments"]]
    return doc["thread"], doc["counts"], cs


names = sorted(n for n in os.listdir(SAMPLES) if not n.endswith(".md") and not n.startswith("stackexchange_Comments"))
done = 0
for name in names:
    path = os.path.join(SAMPLES, name)
    rc, out, err = run(["parse", "-q", path])
    if rc != 0:
        check(False, "%s: parse exit %d %s" % (name, rc, err))
        continue
    first = json.loads(out)
    for pretty in ([], ["--pretty"]):
        rc, out2, err = run(["parse", "-q"] + pretty + [path])
        saved = tmpfile(out2, ".json")
        rc, out3, err = run(["parse", "-q", saved])
        check(rc == 0, "%s%s: read back exit %d %s" % (name, pretty, rc, err))
        if rc:
            continue
        again = json.loads(out3)
        check(again["format"] == "threadmap-json", "%s: detected as %s" % (name, again["format"]))
        a, b = comparable(first), comparable(again)
        check(a[0] == b[0], "%s%s: story differs" % (name, pretty))
        check(a[1] == b[1], "%s%s: counts differ: %s vs %s" % (name, pretty, a[1], b[1]))
        check(len(a[2]) == len(b[2]), "%s: %d comments back, %d written" % (name, len(b[2]), len(a[2])))
        bad = [(x["id"], k) for x, y in zip(a[2], b[2]) for k in set(x) | set(y) if x.get(k) != y.get(k)]
        check(not bad, "%s%s: comments differ: %s" % (name, pretty, bad[:4]))
        os.unlink(saved)
    done += 1
check(done >= 15, "round trip over %d samples" % done)

# score output (with scores and explanations) reads back as the thread
src = os.path.join(SAMPLES, "orca_launch.ndjson")
rc, scored, err = run(["score", "--explain", "-q", src])
saved = tmpfile(scored, ".json")
rc1, a, _ = run(["stats", "--json", "-q", src])
rc2, b, err = run(["stats", "--json", "-q", saved])
check(rc1 == 0 and rc2 == 0, "stats on score output: exit %d %s" % (rc2, err))
if rc1 == 0 and rc2 == 0:
    sa, sb = json.loads(a), json.loads(b)
    sa.pop("format", None), sb.pop("format", None)
    check(sa == sb, "stats of the score output equal the source's: %s vs %s" % (sa, sb))
out_html = saved + ".html"
rc, out, err = run(["report", "-q", saved, "-o", out_html])
check(rc == 0 and os.path.getsize(out_html) > 10000, "report reads score output: exit %d %s" % (rc, err))
if rc == 0:
    os.unlink(out_html)
os.unlink(saved)

# damaged documents: a position and exit 5, never a crash
rc, out, err = run(["parse", "-q", os.path.join(SAMPLES, "orca_launch.ndjson")])
doc = out.decode()
for bad, why in ((doc[: len(doc) // 2], "cut in half"),
                 ('{"threadmap":"0.1.0","schema":1,"comments":{}}', "comments not an array"),
                 ('{"threadmap":"0.1.0","comments":[1,"x",{"id":"a","parent":"a","text":"caf\\u00e9","spans":[{"kind":"quote","start":2,"end":99}]}]}', "odd members")):
    p = tmpfile(bad, ".json")
    rc, out, err = run(["parse", p])
    if why == "odd members":
        check(rc == 0 and json.loads(out)["counts"]["comments"] == 1, "%s: kept the one comment (exit %d %s)" % (why, rc, err))
        if rc == 0:
            c = json.loads(out)["comments"][0]
            check(c["text"] == "caf\u00e9" and c["spans"] == [], "a span past its text is dropped: %s" % c)
            check("not an object" in err, "skipped members are reported: %s" % err)
    else:
        check(rc == 5 and (p + ":") in err, "%s: exit %d, %s" % (why, rc, err.strip()))
    os.unlink(p)
# `threadmap formats` lists every format; --help and the man page name each
rc, out, _ = run(["formats"])
names = [l.split()[0] for l in out.decode().splitlines() if l.strip()]
check(rc == 0 and len(names) >= 13 and "threadmap-json" in names and "mbox" in names, "formats: %s" % names)
rc, helptext, _ = run(["--help"])
man = open(os.path.join(os.path.dirname(__file__), "..", "..", "docs", "threadmap.1"), encoding="utf-8").read()
for n in names:
    check(n in helptext.decode(), "--help names the format %s" % n)
    check(n.replace("-", "\\-") in man or n in man, "the man page names the format %s" % n)
finish()
