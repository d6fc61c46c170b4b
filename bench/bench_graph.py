#!/usr/bin/env python3
"""Diagram build + layout + render time per kind for generated threads of
100, 1,000 and 10,000 comments, every comment shown (--max-nodes 100000)
and with the default size limits; SVG out.  usage: bench_graph.py THREADMAP
"""
import json
import os
import random
import subprocess
import sys
import tempfile
import time

cli = sys.argv[1]
words = ("the model is really good at coding but I think the benchmark is misleading you are wrong "
         "exactly I agree source? they great awful").split()
print("%-8s %-14s %12s %12s" % ("comments", "kind", "all shown", "default"))
with tempfile.TemporaryDirectory(prefix="tm-bench-graph-") as tmp:
    for n in (100, 1000, 10000):
        rng = random.Random(n)
        path = os.path.join(tmp, "t%d.ndjson" % n)
        with open(path, "w") as f:
            f.write(json.dumps({"id": "s", "parent": None, "author": "op", "title": "Generated %d" % n,
                                "text": "What do you think?"}) + "\n")
            for i in range(n):
                par = "s" if i < max(5, n // 20) else "c%d" % rng.randrange(max(0, i - 200), i)
                f.write(json.dumps({"id": "c%d" % i, "parent": par, "author": "u%d" % rng.randrange(max(10, n // 4)),
                                    "text": " ".join(rng.choice(words) for _ in range(rng.randint(6, 30)))}) + "\n")
        for kind in ("reply", "disagreement", "participants", "argument"):
            times = []
            for extra in (["--max-nodes", "100000"], []):
                t0 = time.perf_counter()
                subprocess.run([cli, "graph", "-q", "--kind", kind, path, "-o", os.path.join(tmp, "o.svg")] + extra,
                               check=True, capture_output=True)
                times.append(time.perf_counter() - t0)
            print("%-8d %-14s %10.2f s %10.2f s" % (n, kind, times[0], times[1]))
