"""Every bundled sample parses to exactly the tree its hand-made answer key
(tests/golden/<sample>.tree.tsv) describes: ids, parents, depths, authors in
pre-order; and its counts match tests/golden/samples.counts.tsv."""
import csv
import re
import json
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from clitest import SAMPLES, SRC, check, finish, ndjson, run  # noqa: E402

golden = os.path.join(SRC, "tests", "golden")
counts = {}
with open(os.path.join(golden, "samples.counts.tsv")) as f:
    for row in csv.DictReader(f, delimiter="\t"):
        counts[row["file"]] = row

for name in sorted(os.listdir(SAMPLES)):
    key = os.path.join(golden, name + ".tree.tsv")
    if not os.path.exists(key):
        continue
    path = os.path.join(SAMPLES, name)
    rc, out, err = run(["parse", "--ndjson", "-q", path])
    check(rc == 0, "%s: exit %d %s" % (name, rc, err))
    got = ndjson(out)
    with open(key, encoding="utf-8") as f:
        want = list(csv.DictReader(f, delimiter="\t"))
    check(len(got) == len(want), "%s: %d comments, key has %d" % (name, len(got), len(want)))
    story = None
    rc, out, _ = run(["parse", path])
    if rc == 0:
        story = json.loads(out)["thread"]["id"]
    for g, w in zip(got, want):
        parent = g["parent"] if g["parent"] != story else None
        ok = (g["id"] == w["id"] and (parent or "") == w["parent"] and
              g["depth"] == int(w["depth"]) and (g["author"] or "") == w["author"])
        check(ok, "%s: got %s/%s/%s/%s, key %s" % (name, g["id"], parent, g["depth"], g["author"], dict(w)))
        if not ok:
            break
    c = counts.get(name)
    if c:
        rc, out, _ = run(["stats", "--json", "-q", path])
        s = json.loads(out)
        check(s["comments"] == int(c["comments"]) and s["max_depth"] == int(c["max_depth"]) and
              s["deleted"] == int(c["deleted"]) and s["missing_replies"] == int(c["more_missing"]),
              "%s: stats %s vs key %s" % (name, s, dict(c)))

# the same thread in every format gives the same shape (HN page: HN hides
# one deleted comment without replies, so it holds one comment fewer)
shapes = {}
for name in ("hn_orca_items.json", "hn_orca_algolia.json", "orca_launch.csv", "orca_launch.ndjson"):
    rc, out, _ = run(["parse", "--ndjson", "-q", os.path.join(SAMPLES, name)])
    shapes[name] = {r["id"]: (r["tree_parent"], r["depth"], r["author"], r["text"]) for r in ndjson(out)}
base = shapes.pop("hn_orca_items.json")
for name, shape in shapes.items():
    same = [shape.get(k, (None,))[:3] == v[:3] for k, v in base.items()]
    check(len(shape) == len(base) and all(same), "%s: tree differs from hn_orca_items.json" % name)
    # the generic formats carry Markdown-style *emphasis* literally, and HN
    # strips emoji from comments: compare without both
    norm = lambda t: re.sub(r"\s+", " ", re.sub("[\U00010000-\U0010FFFF\uFE0F*`]", "", t or "")).strip()
    texts = sum(norm(shape.get(k, (None,) * 4)[3]) == norm(v[3]) for k, v in base.items())
    check(texts == len(base), "%s: only %d of %d texts equal to the HN API's" % (name, texts, len(base)))
    if texts != len(base):
        k = next(k for k, v in base.items() if norm(shape.get(k, (None,) * 4)[3]) != norm(v[3]))
        print("   e.g. %s:\n   HN API: %r\n   %s: %r" % (k, base[k][3][:300], name, shape.get(k, (None,) * 4)[3][:300]))

# quotes, code and links come through as spans in every format
for name in ("hn_orca_launch.html", "reddit_orca_launch.json", "orca_launch.ndjson"):
    rc, out, _ = run(["parse", "--ndjson", "-q", os.path.join(SAMPLES, name)])
    kinds = {s["kind"] for r in ndjson(out) for s in r["spans"]}
    check({"quote", "code"} <= kinds, "%s: span kinds %s" % (name, kinds))
    for r in ndjson(out):
        for s in r["spans"]:
            if s["kind"] == "quote":
                seg = r["text"].encode()[s["start"]:s["end"]].decode()
                check(not seg.startswith(">") and seg.strip() == seg,
                      "%s: quote span %r should hold the quoted words only" % (name, seg))
finish()
