"""Stance through the CLI: the hand-made answer key (tests/golden/
stance_key.tsv, 189 reply pairs in three sample threads, every cue class),
score --pairs, --target, and stats' thread measures."""
import collections
import csv
import json
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from clitest import SAMPLES, SRC, check, finish, ndjson, run, tmpfile  # noqa: E402

key = list(csv.DictReader(open(os.path.join(SRC, "tests", "golden", "stance_key.tsv"), encoding="utf-8"),
                          delimiter="\t"))
check(len(key) >= 150, "answer key has %d pairs" % len(key))
pred = {}
for f in sorted({k["file"] for k in key}):
    rc, out, err = run(["score", "-q", "--ndjson", "--explain", os.path.join(SAMPLES, f)])
    check(rc == 0, "%s: %d %s" % (f, rc, err))
    for r in ndjson(out):
        pred[(f, r["id"])] = r
labels = ["agree", "disagree", "mixed", "neutral"]
cm = collections.Counter()
by_class = collections.defaultdict(lambda: [0, 0])
for k in key:
    r = pred.get((k["file"], k["id"]))
    check(r is not None and r["stance"] is not None, "%s %s has a stance" % (k["file"], k["id"]))
    if not r or not r["stance"]:
        continue
    p = r["stance"]["label"]
    cm[(k["label"], p)] += 1
    by_class[k["cue_class"]][0] += p == k["label"]
    by_class[k["cue_class"]][1] += 1
f1s = []
for c in labels:
    tp = cm[(c, c)]
    fp = sum(v for (g, q), v in cm.items() if q == c and g != c)
    fn = sum(v for (g, q), v in cm.items() if g == c and q != c)
    pr = tp / (tp + fp) if tp + fp else 0
    rc_ = tp / (tp + fn) if tp + fn else 0
    f1s.append(2 * pr * rc_ / (pr + rc_) if pr + rc_ else 0)
macro = sum(f1s) / 4
print("answer key: macro-F1 over 4 classes %.3f; per class %s" % (macro, dict(zip(labels, ["%.2f" % x for x in f1s]))))
for c, (ok, n) in sorted(by_class.items()):
    print("  %-20s %2d/%2d" % (c, ok, n))
# floors well under the current figures (0.50 macro-F1 on 4 classes), so a
# regression fails; per-cue-class floors for the classes with explicit evidence
check(macro >= 0.45, "macro-F1 on the answer key %.3f < 0.45" % macro)
for cls, floor in (("quote_rebut", 0.75), ("negated_agree", 0.8), ("challenge_question", 0.75),
                   ("concession", 0.6), ("explicit_agree", 0.6), ("explicit_disagree", 0.6)):
    ok, n = by_class[cls]
    check(n and ok / n >= floor, "%s: %d/%d right, floor %.2f" % (cls, ok, n, floor))
# every rated reply explains itself
for r in pred.values():
    st = r["stance"]
    if st and st["label"] != "neutral":
        check(st["cues"] and st.get("evidence"), "%s: a non-neutral stance without evidence" % r["id"])

# score --pairs: one line out per line in, ids kept
pairs = tmpfile('{"id":"p1","parent":"Tabs are better than spaces.","reply":"I disagree, spaces render the same everywhere."}\n'
                '\n{"id":"p2","parent":"Tabs are better than spaces.","reply":"Exactly."}\n'
                '{"parent":"x","reply":"Source?"}\n')
rc, out, err = run(["score", "--pairs", pairs])
rows = ndjson(out)
check(rc == 0 and [r["id"] for r in rows] == ["p1", "p2", 4], "--pairs ids: %s %s" % (out, err))
if len(rows) == 3:
    check([r["stance"]["label"] for r in rows] == ["disagree", "agree", "disagree"], "--pairs labels: %s" % out)
bad = tmpfile('{"id":"p1","parent":"a","reply":"b"}\n{"id":"p2" "reply":"x"}\n')
rc, out, err = run(["score", "--pairs", bad])
check(rc == 5 and ":2:" in err, "--pairs malformed line: %d %s" % (rc, err))

# targets
rc, out, err = run(["score", "-q", "--target", "Rust=rust,rustc,cargo", "--target", "C=c,gcc",
                    os.path.join(SAMPLES, "stance_rust_rewrite.ndjson")])
doc = json.loads(out) if rc == 0 else {}
t = doc.get("measures", {}).get("targets", {})
check(rc == 0 and set(t) == {"Rust", "C"} and t["Rust"]["comments"] > 5, "targets: %s" % t)
tf = tmpfile("# targets\nRust=rust,rustc\n\nC=c\n")
rc2, out2, _ = run(["score", "-q", "--targets", tf, os.path.join(SAMPLES, "stance_rust_rewrite.ndjson")])
check(rc2 == 0 and set(json.loads(out2)["measures"]["targets"]) == {"Rust", "C"}, "--targets FILE")
rc, _, err = run(["score", "--target", "=x", os.path.join(SAMPLES, "orca_launch.ndjson")])
check(rc == 2 and "no name" in err, "bad target: %d %s" % (rc, err))

# stats gains the measures
rc, out, _ = run(["stats", "--json", "-q", os.path.join(SAMPLES, "stance_city_bikes.ndjson")])
s = json.loads(out)
check(rc == 0 and s["rated_replies"] > 60 and 0 < s["disagreement_rate"] < 1 and s["back_and_forth"],
      "stats measures: %s" % out[:300])

# many real-shaped pairs in one run, with explanations: texts from the
# samples, cut and glued at random places, quotes and punctuation runs
import random  # noqa: E402
rng = random.Random(11)
texts = []
for f in sorted(os.listdir(SAMPLES)):
    if f.endswith(".ndjson"):
        for l in open(os.path.join(SAMPLES, f), encoding="utf-8"):
            t = json.loads(l).get("text")
            if t:
                texts.append(t)
lines = [json.dumps({"id": 0, "parent": "x", "reply": "Yep.....the very same.  She is a peach."})]
for k in range(1, 400):
    a, b = rng.choice(texts), rng.choice(texts)
    cut = rng.randrange(len(b) + 1)
    reply = b[:cut] + rng.choice(["?!", "...", "\n\n> ", "!!!", " +1. ", " ^ ", "\n", "",
                                  " Yep.....the very same. ", "...and"]) + b[cut:]
    if k % 7 == 0:
        reply = reply * 40  # past the scorer's 512 tokens per sentence
    lines.append(json.dumps({"id": k, "parent": a, "reply": reply}))
p = tmpfile("\n".join(lines) + "\n")
rc, out, err = run(["score", "--pairs", "--explain", p])
got = [json.loads(l) for l in out.decode().splitlines()]
check(rc == 0 and len(got) == 400, "400 generated pairs: exit %d, %d lines %s" % (rc, len(got), err[:300]))
for g in got:
    for e in g["stance"].get("evidence", []):
        if "text" in e:
            src = json.loads(lines[g["id"]])["reply"].encode()
            check(src[e["start"]:e["start"] + len(e["text"].encode())] == e["text"].encode(),
                  "pair %d: evidence text %r is not at %d" % (g["id"], e["text"], e["start"]))
finish()
