#!/usr/bin/env python3
"""Parse throughput and peak memory of `threadmap` on generated threads.

Generates (into a temporary folder, never checked in):
  - a 1,000,000-comment NDJSON thread with realistic comment lengths and a
    bushy tree (each comment replies to a random earlier one, seeded);
  - a 100,000-deep reply chain (NDJSON);
  - the same 1,000,000 comments as CSV;
then times `threadmap stats` (parse + tree) and `threadmap parse --ndjson`
(parse + tree + export) and reads the child's peak RSS from getrusage.
Prints MB/s and peak memory per case.  usage: bench_parse.py THREADMAP
"""
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time

cli = sys.argv[1]
rng = random.Random(20261124)
WORDS = ("the model is really good at coding but I think the benchmark is "
         "misleading and honestly nobody should trust vendor numbers without "
         "independent replication exactly this agreed citation needed").split()


def text():
    n = rng.randint(8, 80)
    return " ".join(rng.choice(WORDS) for _ in range(n))


def gen(tmp):
    paths = {}
    n = 1000000
    p = os.path.join(tmp, "bushy_1m.ndjson")
    c = os.path.join(tmp, "bushy_1m.csv")
    with open(p, "w") as f, open(c, "w", newline="") as g:
        w = csv.writer(g)
        w.writerow(["id", "parent", "author", "time", "text"])
        for i in range(n):
            parent = None if i < 50 or rng.random() < 0.05 else "c%d" % rng.randrange(max(1, i - 5000), i)
            rec = {"id": "c%d" % i, "parent": parent, "author": "user%d" % rng.randrange(20000),
                   "time": 1760000000 + i * 3, "text": text()}
            f.write(json.dumps(rec) + "\n")
            w.writerow([rec["id"], parent or "", rec["author"], rec["time"], rec["text"]])
    paths["1M comments, NDJSON"] = p
    paths["1M comments, CSV"] = c
    p = os.path.join(tmp, "chain_100k.ndjson")
    with open(p, "w") as f:
        for i in range(100000):
            f.write(json.dumps({"id": "d%d" % i, "parent": None if i == 0 else "d%d" % (i - 1),
                                "author": "u%d" % (i % 2), "time": 1760000000 + i, "text": text()}) + "\n")
    paths["100k-deep chain, NDJSON"] = p
    return paths


def measure(args):
    """Wall time and the child's own peak RSS (os.wait4 gives per-child rusage)."""
    t0 = time.perf_counter()
    p = subprocess.Popen([cli] + args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    dt = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status):
        raise SystemExit("threadmap %s failed" % " ".join(args))
    return dt, ru.ru_maxrss / 1024.0


with tempfile.TemporaryDirectory(prefix="tm-bench-") as tmp:
    t0 = time.perf_counter()
    files = gen(tmp)
    print("generated inputs in %.1f s" % (time.perf_counter() - t0))
    print("%-28s %-22s %9s %9s %10s" % ("input", "command", "MB", "MB/s", "peak MiB"))
    for name, path in files.items():
        mb = os.path.getsize(path) / 1e6
        for label, args in (("stats (parse+tree)", ["stats", "-q", path]),
                            ("parse --ndjson", ["parse", "-q", "--ndjson", path, "-o", "/dev/null"])):
            best = None
            for _ in range(2):
                dt, peak = measure(args)
                best = dt if best is None else min(best, dt)
            print("%-28s %-22s %9.1f %9.1f %10.1f" % (name, label, mb, mb / best, peak))
