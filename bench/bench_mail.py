#!/usr/bin/env python3
"""Mail parsing throughput and peak memory of `threadmap` on generated input.

Generates (into a temporary folder, never checked in):
  - a 100,000-message mbox: bushy threads (each message answers a random
    recent one, References holding up to 10 ancestors), 10% quoted-printable
    Latin-1 and 10% base64 UTF-8 bodies, quoted text and signatures;
  - a 100,000-deep reply chain as an mbox (References: the root and the last
    20 ancestors, as mailers trim them);
  - a maildir of 20,000 message files (cur/ and new/);
then times `threadmap parse --ndjson -o /dev/null` (GMime parsing, JWZ
threading, tree, export; no scoring) and reads the child's peak RSS.
usage: bench_mail.py THREADMAP
"""
import base64
import os
import quopri
import random
import shutil
import subprocess
import sys
import tempfile
import time

cli = sys.argv[1]
rng = random.Random(20261130)
WORDS = ("the barrel overflows after every storm and I think a diverter is the "
         "answer but honestly a second tank costs less and never clogs exactly "
         "agreed that is not true").split()


def text(lo=8, hi=80):
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(lo, hi)))


def message(i, refs, body_lines):
    body = "\n".join(body_lines) + "\n"
    h = ["Message-ID: <m%d@bench.example>" % i, "From: User %d <u%d@bench.example>" % (i % 3000, i % 3000),
         "Subject: Re: thread %d" % (refs[0] if refs else i),
         "Date: Tue, 03 Mar 2026 %02d:%02d:%02d +0000" % (i // 3600 % 24, i // 60 % 60, i % 60)]
    if refs:
        h.append("References: " + " ".join("<m%d@bench.example>" % r for r in refs))
        h.append("In-Reply-To: <m%d@bench.example>" % refs[-1])
    kind = i % 10
    if kind == 0:
        h += ["MIME-Version: 1.0", "Content-Type: text/plain; charset=iso-8859-1",
              "Content-Transfer-Encoding: quoted-printable"]
        body = quopri.encodestring((body + "caf\u00e9\n").encode("latin-1")).decode()
    elif kind == 1:
        h += ["MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64"]
        body = base64.encodebytes((body + "Gr\u00fc\u00dfe\n").encode()).decode()
    return "\n".join(h) + "\n\n" + body


def body(i, quoted):
    lines = []
    if quoted:
        lines += ["On Tue, 3 Mar 2026, User %d wrote:" % quoted, "> " + text(5, 20), ""]
    lines += [text()[:70], text()[:70], "", "-- ", "User %d" % (i % 3000)]
    return lines


def gen(tmp):
    paths = {}
    p = os.path.join(tmp, "bushy_100k.mbox")
    anc = {}
    with open(p, "w") as f:
        for i in range(100000):
            parent = None if i % 20 == 0 else rng.randrange(max(0, i - 2000), i)
            chain = (anc[parent] + [parent])[-10:] if parent is not None else []
            anc[i] = chain
            f.write("From u%d@bench.example Tue Mar  3 08:00:00 2026\n" % (i % 3000))
            f.write(message(i, chain, body(i, parent)) + "\n")
    paths["100k messages, bushy mbox"] = p
    p = os.path.join(tmp, "chain_100k.mbox")
    with open(p, "w") as f:
        for i in range(100000):
            refs = ([0] if i > 21 else []) + list(range(max(0, i - 20), i))
            f.write("From u@bench.example Tue Mar  3 08:00:00 2026\n")
            f.write(message(i, refs, body(i, i - 1 if i else None)) + "\n")
    paths["100k-deep chain, mbox"] = p
    d = os.path.join(tmp, "maildir_20k")
    for sub in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(d, sub))
    for i in range(20000):
        parent = None if i % 20 == 0 else rng.randrange(max(0, i - 500), i)
        with open(os.path.join(d, "cur" if i % 3 else "new", "17725%05d.M%dP1.bench:2,S" % (i, i)), "w") as f:
            f.write(message(i, [parent] if parent is not None else [], body(i, parent)))
    paths["20k-file maildir"] = d
    return paths


def size(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    return sum(os.path.getsize(os.path.join(r, n)) for r, _, ns in os.walk(path) for n in ns)


def measure(args):
    t0 = time.perf_counter()
    p = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    return time.perf_counter() - t0, ru.ru_maxrss / 1024.0, os.waitstatus_to_exitcode(status)


tmp = tempfile.mkdtemp(prefix="tm-bench-mail-")
try:
    for name, path in gen(tmp).items():
        mb = size(path) / 1e6
        secs, rss, rc = measure([cli, "parse", "--ndjson", "-q", path, "-o", os.devnull])
        print("%-28s %7.1f MB  parse: %6.2f s  %6.1f MB/s  peak %6.1f MB  exit %d" % (
            name, mb, secs, mb / secs, rss, rc))
finally:
    shutil.rmtree(tmp)
