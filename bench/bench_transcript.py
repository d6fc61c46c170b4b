#!/usr/bin/env python3
"""Accuracy of the parent links threadmap infers for pasted transcripts,
measured on the hand-made answer key tests/golden/transcript_links.tsv
(the true parent of every comment of samples/transcript_*.txt, known because
the threads were written as trees before they were flattened).

Prints the link accuracy (share of comments whose inferred parent is the
true parent) overall, per sample, per evidence kind and per confidence
bucket (is a link of confidence 0.8 right about 80% of the time?), and
against two baselines: every comment top-level, and every comment a reply
to the one above it.

usage: bench_transcript.py [THREADMAP_CLI [SOURCE_DIR]]
"""
import collections
import csv
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = sys.argv[2] if len(sys.argv) > 2 else os.path.dirname(HERE)
CLI = sys.argv[1] if len(sys.argv) > 1 else os.path.join(SRC, "build", "threadmap")


def load_key():
    key = collections.OrderedDict()
    with open(os.path.join(SRC, "tests", "golden", "transcript_links.tsv"), encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            key.setdefault(row["file"], []).append(row)
    return key


def measure(cli=CLI):
    """[(file, id, true parent, inferred parent, confidence, evidence)]"""
    out = []
    for name, rows in load_key().items():
        p = subprocess.run([cli, "parse", "--ndjson", "-q", os.path.join(SRC, "samples", name)],
                           capture_output=True, check=True)
        got = {c["id"]: c for c in map(json.loads, p.stdout.decode().splitlines())}
        for r in rows:
            c = got.get(r["id"])
            link = (c or {}).get("link") or {}
            out.append((name, r["id"], r["true_parent"], (c or {}).get("parent") or "",
                        link.get("confidence", 0.0), tuple(link.get("evidence", ["missing"]))))
    return out


def main():
    res = measure()
    n = len(res)
    right = sum(1 for r in res if r[2] == r[3])
    print("transcript link accuracy: %d/%d = %.1f%%" % (right, n, 100.0 * right / n))
    root = sum(1 for r in res if r[2] == "")
    prev = 0
    for name, rows in load_key().items():
        for k, r in enumerate(rows):
            prev += r["true_parent"] == ("#%d" % k if k else "")
    print("  baselines: all top-level %.1f%%, each a reply to the one above %.1f%%" %
          (100.0 * root / n, 100.0 * prev / n))
    for label, sel in (("development (rules written, then measured and corrected on these)", lambda f: "holdout" not in f),
                       ("held out (written after the rules were frozen)", lambda f: "holdout" in f)):
        rs = [r for r in res if sel(r[0])]
        if rs:
            ok = sum(1 for r in rs if r[2] == r[3])
            print("  %s: %d/%d = %.1f%%" % (label, ok, len(rs), 100.0 * ok / len(rs)))
    print("per sample:")
    by = collections.defaultdict(list)
    for r in res:
        by[r[0]].append(r[2] == r[3])
    for name, oks in by.items():
        print("  %-28s %2d/%2d = %5.1f%%" % (name, sum(oks), len(oks), 100.0 * sum(oks) / len(oks)))
    print("per evidence kind (a link counts under every kind it used):")
    kinds = collections.defaultdict(list)
    for r in res:
        for k in r[5]:
            kinds[k].append(r[2] == r[3])
    for k in sorted(kinds, key=lambda k: -len(kinds[k])):
        oks = kinds[k]
        print("  %-12s %2d links, %5.1f%% right" % (k, len(oks), 100.0 * sum(oks) / len(oks)))
    print("per confidence bucket (calibration: mean confidence vs share right):")
    buckets = collections.defaultdict(list)
    for r in res:
        b = min(4, int(r[4] * 5)) if r[4] > 0 else -1
        buckets[b].append(r)
    for b in sorted(buckets):
        rs = buckets[b]
        label = "0 (none)" if b < 0 else "%.1f-%.1f" % (b / 5, (b + 1) / 5)
        mean = sum(r[4] for r in rs) / len(rs)
        ok = sum(1 for r in rs if r[2] == r[3])
        print("  %-9s %2d links, mean confidence %.2f, %5.1f%% right" % (label, len(rs), mean, 100.0 * ok / len(rs)))
    # for the "none" links the parent is the root by rule: how often is that right?
    wrong = [r for r in res if r[2] != r[3]]
    print("wrong links: %d (%d should have been replies but got the root with no evidence)" %
          (len(wrong), sum(1 for r in wrong if r[5] == ("none",))))


def throughput(n=50000):
    """Parse time of a generated paste of n comments (mixed authors, quotes, names)."""
    import random
    import tempfile
    import time
    rng = random.Random(5)
    words = "the queue lease worker sqlite vacuum latency benchmark retries backoff index page cache".split()
    lines = ["A generated thread", ""]
    for i in range(n):
        a = "user%d" % rng.randrange(max(2, n // 10))
        lines.append("%s · %dm ago" % (a, n - i))
        if i and rng.random() < 0.1:
            lines.append("> " + " ".join(rng.choice(words) for _ in range(6)))
        lines.append(" ".join(rng.choice(words) for _ in range(rng.randint(5, 40))))
        lines.append("Reply")
        lines.append("")
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write("\n".join(lines))
        path = f.name
    size = os.path.getsize(path)
    t0 = time.time()
    subprocess.run([CLI, "parse", "--ndjson", "-q", path, "-o", os.devnull], check=True)
    dt = time.time() - t0
    os.unlink(path)
    print("throughput: %d comments (%.1f MB) parsed in %.2f s: %.0f comments/s" % (n, size / 1e6, dt, n / dt))


if __name__ == "__main__":
    main()
    throughput()
