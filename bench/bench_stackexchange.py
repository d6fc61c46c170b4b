#!/usr/bin/env python3
"""Stack Exchange dump parsing: throughput and peak memory of `threadmap`.

Generates (into a temporary folder, never checked in) a synthetic
Posts.xml of about SIZE MB (default 500) in the dumps' layout: one <row>
per line, HTML bodies escaped into attributes, questions with 1-3 answers,
plus a Comments.xml beside it; and a second Posts.xml of the same size in
which 95% of the rows are tag-wiki rows (PostTypeId 5) that threadmap
skips.  Then runs `threadmap parse --ndjson -o /dev/null` (parse, tree,
export) on

  - the file path: rows streamed from the file (Posts.xml + Comments.xml),
  - stdin: the buffer path (the input is read whole, rows still streamed),
  - the mostly-skipped dump: memory follows the comments kept, not the file,

and, when xmllint is installed, `xmllint --noout` (libxml2 building the
whole DOM) as the reference for what a DOM would cost.  Prints MB/s and
the child's peak RSS (getrusage).  usage: bench_stackexchange.py THREADMAP [SIZE_MB]
"""
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

cli = sys.argv[1]
size_mb = float(sys.argv[2]) if len(sys.argv) > 2 else 500.0
rng = random.Random(20261130)
WORDS = ("the grinder burr espresso shot pressure water temperature extraction bitter sour "
         "beans roast fresh storage bag valve oil crema milk steam pour over filter paper "
         "ratio gram second minute taste flavor acidity body aroma").split()


def esc(s):
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("\n", "&#xA;"))


def para(n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def body():
    parts = ["<p>%s</p>" % para(rng.randint(15, 70)) for _ in range(rng.randint(1, 4))]
    if rng.random() < 0.3:
        parts.append("<pre><code>grind = %d clicks\nratio = 1:%d\n</code></pre>" % (rng.randint(5, 40), rng.randint(12, 18)))
    if rng.random() < 0.2:
        parts.insert(0, "<blockquote><p>%s</p></blockquote>" % para(12))
    return esc("\n\n".join(parts) + "\n")


def gen(path, cpath, target, wiki_share):
    """Write rows until the file reaches target bytes; returns (rows, kept)."""
    rows = kept = ncom = 0
    pid = 0
    with open(path, "w", encoding="utf-8") as f, (open(cpath, "w", encoding="utf-8") if cpath else open(os.devnull, "w")) as g:
        f.write('\ufeff<?xml version="1.0" encoding="utf-8"?>\n<posts>\n')
        g.write('\ufeff<?xml version="1.0" encoding="utf-8"?>\n<comments>\n')
        while f.tell() < target:
            if rng.random() < wiki_share:
                pid += 1
                f.write('  <row Id="%d" PostTypeId="5" CreationDate="2019-01-01T00:00:00.000" Score="0" '
                        'Body="%s" OwnerUserId="-1" LastActivityDate="2019-01-01T00:00:00.000" CommentCount="0" />\n'
                        % (pid, body()))
                rows += 1
                continue
            pid += 1
            q = pid
            f.write('  <row Id="%d" PostTypeId="1" CreationDate="2020-%02d-%02dT%02d:%02d:%02d.%03d" Score="%d" ViewCount="%d" '
                    'Body="%s" OwnerUserId="%d" LastActivityDate="2021-01-01T00:00:00.000" Title="%s" '
                    'Tags="&lt;espresso&gt;" AnswerCount="2" CommentCount="1" ContentLicense="CC BY-SA 4.0" />\n'
                    % (q, rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59),
                       rng.randint(0, 59), rng.randint(0, 999), rng.randint(-3, 50), rng.randint(10, 9999),
                       body(), rng.randint(1, 90000), esc(para(8).capitalize() + "?")))
            rows += 1
            kept += 1
            for _ in range(rng.randint(1, 3)):
                pid += 1
                f.write('  <row Id="%d" PostTypeId="2" ParentId="%d" CreationDate="2020-06-01T12:00:00.000" Score="%d" '
                        'Body="%s" OwnerUserId="%d" LastActivityDate="2021-01-01T00:00:00.000" CommentCount="1" '
                        'ContentLicense="CC BY-SA 4.0" />\n' % (pid, q, rng.randint(-3, 80), body(), rng.randint(1, 90000)))
                rows += 1
                kept += 1
                if cpath and rng.random() < 0.7:
                    ncom += 1
                    g.write('  <row Id="%d" PostId="%d" Score="%d" Text="%s" CreationDate="2020-06-02T08:00:00.000" '
                            'UserId="%d" ContentLicense="CC BY-SA 4.0" />\n'
                            % (ncom, pid, rng.randint(0, 9), esc(para(rng.randint(5, 30))), rng.randint(1, 90000)))
        f.write("</posts>\n")
        g.write("</comments>\n")
    if not cpath:
        pass
    return rows, kept + ncom


def measure(args, stdin=None):
    t0 = time.perf_counter()
    fin = open(stdin, "rb") if stdin else subprocess.DEVNULL
    p = subprocess.Popen(args, stdin=fin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    dt = time.perf_counter() - t0
    if stdin:
        fin.close()
    if os.waitstatus_to_exitcode(status):
        raise SystemExit("%s failed" % " ".join(args))
    return dt, ru.ru_maxrss / 1024.0


with tempfile.TemporaryDirectory(prefix="tm-bench-se-") as tmp:
    t0 = time.perf_counter()
    target = int(size_mb * 1e6)
    d1 = os.path.join(tmp, "site")
    os.mkdir(d1)
    posts, comments = os.path.join(d1, "Posts.xml"), os.path.join(d1, "Comments.xml")
    rows, kept = gen(posts, comments, target, 0.0)
    skip = os.path.join(tmp, "wiki_Posts.xml")
    rows2, kept2 = gen(skip, None, target, 0.95)
    print("generated in %.0f s: Posts.xml %.0f MB (%d rows) + Comments.xml %.0f MB, %d comments kept; "
          "mostly-wiki Posts.xml %.0f MB (%d rows, %d kept)"
          % (time.perf_counter() - t0, os.path.getsize(posts) / 1e6, rows, os.path.getsize(comments) / 1e6,
             kept, os.path.getsize(skip) / 1e6, rows2, kept2))
    print("%-44s %9s %9s %10s" % ("case", "MB", "MB/s", "peak MiB"))
    both = os.path.getsize(posts) + os.path.getsize(comments)
    cases = [("file: Posts.xml + Comments.xml (streamed)", [cli, "parse", "-q", "--ndjson", posts, "-o", "/dev/null"], None, both),
             ("stdin: Posts.xml (read whole, rows streamed)", [cli, "parse", "-q", "--ndjson", "-", "-o", "/dev/null"], posts,
              os.path.getsize(posts)),
             ("file: 95%% skipped rows (%d kept)" % kept2, [cli, "parse", "-q", "--ndjson", skip, "-o", "/dev/null"], None,
              os.path.getsize(skip))]
    if shutil.which("xmllint"):
        cases.append(("xmllint --noout Posts.xml (a whole DOM)", ["xmllint", "--noout", "--huge", posts], None,
                      os.path.getsize(posts)))
    for name, args, stdin, nbytes in cases:
        best, peak = None, 0.0
        for _ in range(2):
            dt, pk = measure(args, stdin)
            best = dt if best is None else min(best, dt)
            peak = max(peak, pk)
        print("%-44s %9.0f %9.1f %10.0f" % (name, nbytes / 1e6, nbytes / 1e6 / best, peak))
