#!/usr/bin/env python3
"""End-to-end throughput and peak memory of `score --ndjson` (streaming) and
`batch` over a generated Reddit-shaped dump of interleaved threads.

usage: bench_batch.py THREADMAP [--keep]
  BENCH_DUMP_GB   size of the dump (default 0.25; the issue's figure: 2)
  BENCH_DIR       where the dump and outputs go (default: a folder in /tmp)
  BENCH_MEM       batch --mem values, comma-separated (default 128M,256M): each
                  runs at --jobs 1 and 2, and the peak is printed against --mem
Prints MB/s and comments/s (input bytes and records over wall time), user
CPU seconds, and the peak resident memory of each run (from wait4), and the
speed-up of --jobs 2 over --jobs 1.  The dump is made by gen_dump.py and
kept in BENCH_DIR between runs when --keep is given.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

cli = os.path.abspath(sys.argv[1])
keep = "--keep" in sys.argv
gb = float(os.environ.get("BENCH_DUMP_GB", "0.25"))
mems = os.environ.get("BENCH_MEM", "128M,256M").split(",")


def size_bytes(m):
    return int(float(m[:-1]) * {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}[m[-1].upper()])
base = os.environ.get("BENCH_DIR") or tempfile.mkdtemp(prefix="tm-bench-batch-", dir="/tmp")
os.makedirs(base, exist_ok=True)
here = os.path.dirname(os.path.abspath(__file__))
dump = os.path.join(base, "RC_bench_%gGB.ndjson" % gb)
size = int(gb * 1e9)
if not (os.path.exists(dump) and os.path.getsize(dump) >= size):
    t = time.time()
    out = subprocess.run([sys.executable, os.path.join(here, "gen_dump.py"), dump, str(size)],
                         check=True, capture_output=True, text=True).stdout.strip()
    print("generated %s: %s (%.0f s)" % (dump, out, time.time() - t))
nbytes = os.path.getsize(dump)
with open(dump, "rb") as f:
    nrec = sum(1 for _ in f)


def timed(args):
    t = time.time()
    p = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.time() - t
    err = p.stderr.read().decode()
    p.stderr.close()
    rc = os.waitstatus_to_exitcode(status)
    if rc not in (0,):
        print("  exit %d: %s" % (rc, err.strip()[-300:]))
    return wall, ru.ru_utime, ru.ru_stime, ru.ru_maxrss / 1024.0


def report(name, wall, user, sys_, rss, extra=""):
    print("%-34s %8.1f MB/s %10.0f comments/s  wall %6.1f s  user %6.1f s  sys %5.1f s  peak %7.1f MiB%s"
          % (name, nbytes / 1e6 / wall, nrec / wall, wall, user, sys_, rss, extra))


print("input: %.2f GB, %d records" % (nbytes / 1e9, nrec))
out = os.path.join(base, "scores.ndjson")
w, u, s, r = timed([cli, "score", "--ndjson", "--stream", dump, "-o", out])
report("score --ndjson (streaming)", w, u, s, r, "  (per core, user time: %.1f MB/s)" % (nbytes / 1e6 / u))
os.unlink(out)
for mem in mems:
    walls = {}
    for jobs in (1, 2):
        od = os.path.join(base, "batch-out")
        shutil.rmtree(od, ignore_errors=True)
        w, u, s, r = timed([cli, "batch", dump, "-o", od, "--jobs", str(jobs), "--mem", mem, "-q"])
        walls[jobs] = w
        nthreads = sum(1 for _ in open(os.path.join(od, "summary.ndjson")))
        limit = size_bytes(mem) / 1048576.0
        report("batch --jobs %d --mem %s" % (jobs, mem), w, u, s, r,
               "  (%d threads; peak %.0f%% of --mem %.0f MiB: %s)"
               % (nthreads, 100 * r / limit, limit, "within" if r < limit else "OVER"))
        shutil.rmtree(od, ignore_errors=True)
    print("batch --mem %s speed-up, --jobs 2 over --jobs 1: %.2fx" % (mem, walls[1] / walls[2]))
if not keep and not os.environ.get("BENCH_DIR"):
    shutil.rmtree(base, ignore_errors=True)
