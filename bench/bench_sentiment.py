#!/usr/bin/env python3
"""Sentiment accuracy on the human-rated development sets, scored with the
shared scoring script (../shared/tools/score_gold.py), so figures compare
with VADER's published ones.  Skips when ../shared/dev is absent.

usage: bench_sentiment.py THREADMAP [SHARED_DIR]
Prints, per set: n, Pearson r, macro-F1, weighted F1 (and VADER's, from
../shared/dev/README.md, for reference).
"""
import json
import os
import subprocess
import sys
import tempfile

cli = sys.argv[1]
shared = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "..", "..", "shared")
dev = os.path.join(shared, "dev", "sentiment")
tool = os.path.join(shared, "tools", "score_gold.py")
if not os.path.isdir(dev):
    print("sentiment accuracy: skipped (no %s)" % dev)
    sys.exit(0)
VADER = {"movieReviewSnippets_GroundTruth.txt": (0.428, 0.399, 0.589),
         "amazonReviewSnippets_GroundTruth.txt": (0.590, 0.454, 0.626)}
print("%-40s %6s %9s %9s %9s   %s" % ("set", "n", "pearson", "macroF1", "weightF1", "VADER r/macro/weighted"))
for name in sorted(os.listdir(dev)):
    if not name.endswith("_GroundTruth.txt"):
        continue
    gold = os.path.join(dev, name)
    ids, texts = [], []
    with open(gold, encoding="utf-8", newline="") as f:
        for line in f:
            parts = line.rstrip("\r\n").split("\t", 2)
            if len(parts) == 3:
                ids.append(parts[0])
                texts.append(parts[2].replace("\n", " "))
    p = subprocess.run([cli, "score", "--lines"], input="\n".join(texts).encode() + b"\n",
                       capture_output=True, check=True)
    scores = [json.loads(l)["compound"] for l in p.stdout.decode().splitlines()]
    assert len(scores) == len(ids), (len(scores), len(ids))
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as pred:
        for i, s in zip(ids, scores):
            pred.write("%s\t%s\n" % (i, s))
    r = subprocess.run([sys.executable, tool, gold, pred.name, "--json"], capture_output=True, text=True, check=True)
    os.unlink(pred.name)
    m = json.loads(r.stdout)
    v = VADER.get(name)
    print("%-40s %6d %9.3f %9.3f %9.3f   %s" % (name, m["n"], m["pearson_r"], m["macro_f1"], m["weighted_f1"],
                                           "%.3f/%.3f/%.3f" % v if v else "-"))
