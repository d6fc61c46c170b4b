#!/usr/bin/env python3
"""Reply-stance accuracy on the labeled development pairs, scored with the
shared script (../shared/tools/score_stance.py; mixed counts as neutral, as
the annotators' guideline says), plus the confusion matrix.  Skips when
../shared/dev is absent.

usage: bench_stance.py THREADMAP [SHARED_DIR]
"""
import collections
import json
import os
import subprocess
import sys
import tempfile

cli = sys.argv[1]
shared = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "..", "..", "shared")
dev = os.path.join(shared, "dev", "stance")
tool = os.path.join(shared, "tools", "score_stance.py")
if not os.path.isdir(dev):
    print("stance accuracy: skipped (no %s)" % dev)
    sys.exit(0)
for name in sorted(os.listdir(dev)):
    if not name.startswith("subreddit_"):
        continue
    gold_path = os.path.join(dev, name)
    p = subprocess.run([cli, "score", "--pairs", gold_path], capture_output=True, check=True)
    with tempfile.NamedTemporaryFile("wb", suffix=".ndjson", delete=False) as f:
        f.write(p.stdout)
    r = subprocess.run([sys.executable, tool, gold_path, f.name], capture_output=True, text=True)
    os.unlink(f.name)
    print("== %s (scored by score_stance.py)" % name)
    print(r.stdout.rstrip())
    gold = [json.loads(l)["label"] for l in open(gold_path, encoding="utf-8") if l.strip()]
    pred = [json.loads(l)["stance"]["label"] for l in p.stdout.decode().splitlines()]
    pred = ["neutral" if x == "mixed" else x for x in pred]
    cm = collections.Counter(zip(gold, pred))
    classes = ["agree", "neutral", "disagree"]
    print("confusion (rows gold, columns predicted):")
    print("%10s " % "" + " ".join("%9s" % c for c in classes))
    for g in classes:
        print("%10s " % g + " ".join("%9d" % cm[(g, q)] for q in classes))
