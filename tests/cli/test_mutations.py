"""Damaged inputs never crash: every sample truncated and bit-flipped at
seeded random places must end in a documented exit code with a message
(or parse), never a signal or a sanitizer report."""
import os
import random
import sys

sys.path.insert(0, os.path.dirname(__file__))
from clitest import SAMPLES, check, finish, run, tmpfile  # noqa: E402

rng = random.Random(7)
allowed = {0, 4, 5, 6, 9}
for name in sorted(os.listdir(SAMPLES)):
    if name.endswith(".md") or os.path.isdir(os.path.join(SAMPLES, name)):
        continue  # a maildir folder: its files are messages, mutated through the mbox sample
    data = open(os.path.join(SAMPLES, name), "rb").read()
    cases = []
    for _ in range(25):
        cases.append(("cut@%d", data[: rng.randrange(len(data))]))
    for _ in range(25):
        b = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            b[rng.randrange(len(b))] = rng.randrange(256)
        cases.append(("flip", bytes(b)))
    bad = 0
    for label, blob in cases:
        p = tmpfile(blob)
        rc, out, err = run(["parse", "-q", p])
        ok = rc in allowed and "Sanitizer" not in err and (rc == 0 or err.startswith("threadmap: "))
        if not ok:
            bad += 1
            print("  %s %s: exit %d %s (kept %s)" % (name, label, rc, err[:200], p))
        else:
            os.unlink(p)
    check(bad == 0, "%s: %d of %d damaged inputs misbehaved" % (name, bad, len(cases)))
finish()
