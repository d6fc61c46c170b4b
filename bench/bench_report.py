#!/usr/bin/env python3
"""Time to write the HTML report (and the Markdown one) and the page's size,
for a generated 5,000-comment thread with times over two days and for the
real fixtures in ../shared/fixtures when present; plus `compare` over them.
Target: under 5 s for 5,000 comments.
usage: bench_report.py THREADMAP [FIXTURES_DIR] [KEEP_DIR]
"""
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time

cli = sys.argv[1]
fixtures = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "..", "..", "shared", "fixtures")
keep = sys.argv[3] if len(sys.argv) > 3 else None
words = ("the model is really good at coding but I think the benchmark is misleading you are wrong "
         "exactly I agree source? they great awful honestly not bad at all the pricing is a joke "
         "fair point but nobody should trust vendor numbers this is the best release in years").split()


def generate(path, n, seed=5):
    rng = random.Random(seed)
    t0 = 1773475337
    with open(path, "w") as f:
        f.write(json.dumps({"id": "s", "parent": None, "author": "op", "title": "Generated thread of %d comments" % n,
                            "time": t0, "text": "We released a new model today. What do you think?"}) + "\n")
        times = {"s": t0}
        for i in range(n):
            par = "s" if i < max(5, n // 20) else "c%d" % rng.randrange(max(0, i - 300), i)
            # replies come after their parent, most within hours, a tail over two days
            t = times[par] + int(rng.expovariate(1 / 2400.0)) + 30
            times["c%d" % i] = t
            f.write(json.dumps({"id": "c%d" % i, "parent": par, "author": "u%d" % rng.randrange(max(10, n // 5)),
                                "time": t, "text": " ".join(rng.choice(words) for _ in range(rng.randint(6, 60)))}) + "\n")


def timed(args):
    t = time.perf_counter()
    p = subprocess.run([cli] + args, capture_output=True)
    dt = time.perf_counter() - t
    if p.returncode:
        sys.stderr.write(p.stderr.decode("utf-8", "replace"))
    return dt, p.returncode


def details(page):
    text = open(page, encoding="utf-8").read()
    return text.count('<details class="c '), len(re.findall(r'<details class="c [^"]*" id="c\d+" open', text))


out = keep or tempfile.mkdtemp(prefix="tm-bench-report-")
os.makedirs(out, exist_ok=True)
inputs = []
for n in (500, 5000):
    p = os.path.join(out, "generated_%d.ndjson" % n)
    generate(p, n)
    inputs.append(("generated %d" % n, p))


def iac_to_ndjson(src, dst):
    """The Internet Argument Corpus' discussion JSON has no parser of its own:
    [[post_id, _, author, text, info, parent_id, _, time], ...], {}, {title...}.
    The opening post becomes the story row of threadmap's generic NDJSON."""
    posts, _, meta = json.load(open(src, encoding="utf-8"))
    with open(dst, "w", encoding="utf-8") as f:
        for pid, _, author, text, _, parent, _, t in posts:
            row = {"id": str(pid), "parent": None if parent is None else str(parent), "author": author,
                   "time": int(t) if t else None, "text": text}
            if parent is None:
                row["title"] = meta.get("title")
            f.write(json.dumps(row) + "\n")


for rel in ("reddit-json/funny_3hahrw_ba_dum_tsss.json", "hn-html/easyhn_item_48350598.html",
            "other-iac-json/iac_4forums_discussion_1196.json", "discourse-json/perceval_topic_1148_ublock.json"):
    p = os.path.join(fixtures, rel)
    if not os.path.exists(p):
        continue
    if rel.startswith("other-iac-json/"):
        conv = os.path.join(out, "iac_4forums_1196.ndjson")
        iac_to_ndjson(p, conv)
        p = conv
    inputs.append((os.path.basename(rel), p))

print("%-44s %9s %10s %9s %10s %s" % ("input", "comments", "html", "size", "md", "open/total <details>"))
for name, p in inputs:
    base = re.sub(r"[^A-Za-z0-9]+", "_", name)
    html = os.path.join(out, base + ".html")
    dt, rc = timed(["report", "-q", p, "-o", html])
    if rc:
        print("%-44s failed (exit %d)" % (name, rc))
        continue
    dm, _ = timed(["report", "-q", p, "-o", os.path.join(out, base + ".md")])
    total, opened = details(html)
    print("%-44s %9d %8.2f s %7.1f MB %8.2f s %d/%d" % (name, total, dt, os.path.getsize(html) / 1e6, dm, opened, total))

if len(inputs) > 1:
    dt, rc = timed(["compare", "-q"] + [p for _, p in inputs] + sum([["--label", n] for n, _ in inputs], []) +
                   ["-o", os.path.join(out, "compare")])
    print("compare of %d threads: %.2f s (exit %d)" % (len(inputs), dt, rc))
if keep:
    print("outputs kept in %s" % out)
