"""`threadmap batch`, `threadmap merge` and `score --stream`: grouping of an
interleaved dump, compressed inputs, --jobs and --mem give the same bytes,
an interrupted batch resumes to the same result, corrupt inputs in the
middle of an archive are reported and skipped, shards merge to a single
run's result, maildirs are one input."""
import collections
import gzip
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from clitest import CLI, SAMPLES, SRC, check, finish, ndjson  # noqa: E402
from clitest import run as _run  # noqa: E402


def run(args, stdin=None):
    # batches render diagrams; under AddressSanitizer on a busy machine that is slow
    return _run(args, stdin=stdin, timeout=900)

sys.path.insert(0, os.path.join(SRC, "bench"))
ZSTD = shutil.which("zstd")
work = tempfile.mkdtemp(prefix="tm-batch-")


def gen_dump(path, size, seed=7, subs=False, active=40):
    args = [sys.executable, os.path.join(SRC, "bench", "gen_dump.py"), path, str(size),
            "--seed", str(seed), "--active", str(active)] + (["--submissions"] if subs else [])
    subprocess.run(args, check=True, capture_output=True)


def tree(d):
    """Every file under d (relative path -> bytes)."""
    out = {}
    for root, _, files in os.walk(d):
        for f in files:
            p = os.path.join(root, f)
            with open(p, "rb") as fh:
                out[os.path.relpath(p, d)] = fh.read()
    return out


def same_tree(a, b, what):
    ta, tb = tree(a), tree(b)
    diff = sorted(k for k in set(ta) | set(tb) if ta.get(k) != tb.get(k))
    check(not diff and ta, "%s: %d files, differing: %s" % (what, len(ta), diff[:5]))


dump = os.path.join(work, "RC_test.ndjson")
gen_dump(dump, 400_000, subs=True)
records = [json.loads(l) for l in open(dump, encoding="utf-8")]
by_link = collections.defaultdict(list)
for r in records:
    by_link[r["link_id"][3:] if "link_id" in r else r["id"]].append(r)
comments = [r for r in records if "link_id" in r]

# ---- score --stream: every record, the sentiment the tree scoring gives
rc, out, err = run(["score", "--stream", dump])
rows = ndjson(out)
check(rc == 0 and len(rows) == len(records), "stream: %d rows of %d records (%s)" % (len(rows), len(records), err))
check(all(r["thread"] == (rec["link_id"][3:] if "link_id" in rec else rec["id"])
          for r, rec in zip(rows, records)), "stream: each row names its thread")
check(all(r["id"] == rec["id"] for r, rec in zip(rows, records)), "stream: rows in input order")
check("text" not in rows[0], "stream: no text without --with-text")
orca = os.path.join(SAMPLES, "orca_launch.ndjson")
streamed = {r["id"]: r for r in ndjson(run(["score", "--stream", "--with-text", orca])[1])}
treed = {r["id"]: r for r in ndjson(run(["score", "-q", "--ndjson", orca])[1])}
check(len(streamed) == len(treed) == 64, "stream and tree hold the same comments")
check(all(streamed[i]["sentiment"] == treed[i]["sentiment"] and streamed[i]["text"] == treed[i]["text"]
          for i in treed), "stream: each comment's text and sentiment as the tree scores them")
gz = os.path.join(work, "RC_test.ndjson.gz")
with open(dump, "rb") as f, gzip.open(gz, "wb") as g:
    g.write(f.read())
check(run(["score", "--ndjson", gz])[1] == out, "a .gz dump streams to the same bytes (automatic with --ndjson)")
if ZSTD:
    zst = os.path.join(work, "RC_test.ndjson.zst")
    subprocess.run([ZSTD, "-q", "--long=31", "-f", dump, "-o", zst], check=True)
    check(run(["score", "--ndjson", zst])[1] == out, "a .zst dump (--long=31) streams to the same bytes")
bad = os.path.join(work, "bad_line.ndjson")
lines = open(dump, encoding="utf-8").read().splitlines()
with open(bad, "w", encoding="utf-8") as f:
    f.write("\n".join(lines[:10] + ['{"id": "x", "body": "cut'] + lines[10:20]) + "\n")
rc, out2, err2 = run(["score", "--stream", bad])
check(rc == 1 and len(ndjson(out2)) == 20 and ":11:" in err2,
      "stream: a malformed record is reported at its line, the rest scored, exit 1: %d %s" % (rc, err2))

# ---- batch: one thread per link_id, every comment in its thread
out1 = os.path.join(work, "out1")
rc, _, err = run(["batch", dump, "-o", out1, "--jobs", "1", "-q"])
check(rc == 0, "batch: exit 0 (%d %s)" % (rc, err))
summary = [json.loads(l) for l in open(os.path.join(out1, "summary.ndjson"))]
check(len(summary) == len(by_link), "batch: %d threads for %d link ids" % (len(summary), len(by_link)))
check([s["key"] for s in summary] == sorted(s["key"] for s in summary), "summary sorted by key")
ok = True
for s in summary:
    tid = s["key"].split("#", 1)[1]
    doc = json.load(open(os.path.join(out1, "threads", s["name"] + ".json")))
    want = {r["id"] for r in by_link[tid] if "link_id" in r}
    got = {c["id"] for c in doc["comments"]}
    if got != want or s["comments"] != len(want) or doc["thread"]["id"] != tid:
        ok = False
        print("thread %s: %d comments, want %d" % (tid, len(got), len(want)))
    if any(c["depth"] == 1 and c["parent"] != tid for c in doc["comments"]):
        ok = False
    if doc["counts"]["orphans"]:
        ok = False
check(ok, "batch: each thread holds exactly its comments, top level under the submission, no orphans")
csv_lines = open(os.path.join(out1, "summary.csv"), encoding="utf-8").read().splitlines()
check(len(csv_lines) == len(summary) + 1 and csv_lines[0].startswith("key,name,source"), "summary.csv: header + a row per thread")
check(open(os.path.join(out1, "manifest.ndjson")).read() == open(os.path.join(out1, "summary.ndjson")).read(),
      "manifest lists every thread")

# ---- same bytes whatever --jobs and --mem (spilled to partitions)
out2 = os.path.join(work, "out2")
rc, _, err = run(["batch", dump, "-o", out2, "--jobs", "2", "-q"])
same_tree(out1, out2, "--jobs 2 writes what --jobs 1 writes")


def run_env(args, **env):
    p = subprocess.run([CLI] + args, capture_output=True, timeout=900, env=dict(os.environ, **env))
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


# TM_BATCH_TEST_GROUP_BYTES shrinks the grouping budget alone (a test hook):
# 32 KB spills the dump to partitions; 3 KB also splits each partition again
# (a partition's groups outgrow the budget) down to groups of one thread
for gb, what in (("32768", "spilled"), ("3000", "spilled, partitions split again")):
    out3 = os.path.join(work, "out3-" + gb)
    spill = os.path.join(work, "spill-" + gb)
    rc, _, err = run_env(["batch", dump, "-o", out3, "--jobs", "2", "-q", "--mem", "64M", "--tmpdir", spill],
                         TM_BATCH_TEST_GROUP_BYTES=gb)
    check(rc == 0, "grouping budget %s: exit 0 (%d %s)" % (gb, rc, err))
    same_tree(out1, out3, "grouping budget %s bytes (%s) writes what the in-memory run writes" % (gb, what))
    check(not os.listdir(spill) if os.path.isdir(spill) else True, "spill folder left empty")

# ---- --mem bounds the whole process: peak resident memory under --mem
rc, _, err = run(["batch", dump, "-o", os.path.join(work, "tiny"), "--mem", "8M"])
check(rc == 2 and "--mem 8M is below what batch needs at the least" in err,
      "--mem below the process's minimum: usage error, exit 2 (%d %s)" % (rc, err))
check(not os.path.exists(os.path.join(work, "tiny")), "refused before creating the output folder")
with open(CLI, "rb") as f:
    sanitized = b"__asan_init" in f.read()
big = os.path.join(work, "RC_big.ndjson")
gen_dump(big, 40_000_000, seed=5, active=2000)
links = set()
with open(big, "rb") as f:
    for line in f:
        i = line.find(b'"link_id":"t3_')
        links.add(line[i + 14:line.index(b'"', i + 14)])
for mem in ("64M", "96M"):
    outm = os.path.join(work, "out-mem-" + mem)
    # a fresh Python, so that RUSAGE_CHILDREN holds only this batch's peak
    probe = ("import resource, subprocess, sys\n"
             "p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
             "print(p.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
             "sys.stderr.write(p.stderr.decode('utf-8', 'replace'))\n")
    p = subprocess.run([sys.executable, "-c", probe, CLI, "batch", big, "-o", outm, "--jobs", "2",
                        "--mem", mem, "-q"], capture_output=True, text=True, timeout=900)
    code, maxrss_kb = (int(x) for x in p.stdout.split())
    nrows = sum(1 for _ in open(os.path.join(outm, "summary.ndjson")))
    check(code == 0 and nrows == len(links), "--mem %s: exit 0, %d threads of %d (%s)" % (mem, nrows, len(links), p.stderr))
    limit = int(mem[:-1]) << 20
    if sanitized:
        print("note: AddressSanitizer build, peak memory %d MiB at --mem %s not checked" % (maxrss_kb >> 10, mem))
    else:
        check(maxrss_kb * 1024 < limit, "--mem %s: peak resident memory %.1f MiB stays under it"
              % (mem, maxrss_kb / 1024))
    check(not p.stderr.strip(), "--mem %s: no warning for threads that fit (%s)" % (mem, p.stderr))
same_tree(os.path.join(work, "out-mem-64M"), os.path.join(work, "out-mem-96M"), "--mem 64M and 96M write the same")
shutil.rmtree(os.path.join(work, "out-mem-96M"))

# a thread bigger than the whole budget is still done, with a warning
huge = os.path.join(work, "RC_huge.ndjson")
with open(big, "rb") as f, open(huge, "wb") as g:
    n_huge = 0
    for line in f:
        rec = json.loads(line)
        rec["link_id"] = "t3_huge"
        if rec["parent_id"].startswith("t3_"):
            rec["parent_id"] = "t3_huge"
        g.write(json.dumps(rec).encode() + b"\n")
        n_huge += 1
        if g.tell() > 14_000_000:
            break
outh = os.path.join(work, "out-huge")
rc, _, err = run(["batch", huge, "-o", outh, "--jobs", "2", "--mem", "64M"])
sp = os.path.join(outh, "summary.ndjson")
sh = [json.loads(l) for l in open(sp)] if os.path.exists(sp) else []
check(rc == 0 and len(sh) == 1 and sh[0]["comments"] == n_huge,
      "a thread over the whole budget is done: %d comments of %d (%d %s)" % (sh[0]["comments"] if sh else 0, n_huge, rc, err))
check("warning: " in err and "#huge needs about" in err and "more than --mem 64 MiB leaves" in err,
      "... with a warning that names it (%s)" % err)

# ---- whole files, a directory walk, diagrams
arch = os.path.join(work, "archive")
os.makedirs(os.path.join(arch, "hn"))
for f in ["hn_orca_launch.html", "reddit_orca_launch.json", "orca_launch.csv", "discourse_two_pages.json"]:
    shutil.copy(os.path.join(SAMPLES, f), os.path.join(arch, "hn" if f.startswith("hn") else "", f))
small = os.path.join(arch, "RC_small.ndjson")
gen_dump(small, 60_000, seed=3, subs=True, active=8)
small_threads = {json.loads(l).get("link_id", "t3_" + json.loads(l)["id"])[3:] for l in open(small)}
out4 = os.path.join(work, "out4")
rc, _, err = run(["batch", arch, "-o", out4, "--graph", "reply:svg", "--graph", "argument:argdown", "-q"])
s4 = [json.loads(l) for l in open(os.path.join(out4, "summary.ndjson"))]
check(rc == 0 and len(s4) == len(small_threads) + 4, "archive: dump threads + 4 files (%d, %d %s)" % (len(s4), rc, err))
check(all(os.path.getsize(os.path.join(out4, "graphs", s["name"] + ".reply.svg")) > 500 for s in s4),
      "a reply diagram per thread")
html = [s for s in s4 if s["source"].endswith("hn_orca_launch.html")]
check(html and html[0]["comments"] == 63 and html[0]["format"] == "hn-html", "the HN page is one thread of 63 comments")

# ---- interrupted with Ctrl-C, then resumed: the uninterrupted result
out5 = os.path.join(work, "out5")
env = dict(os.environ, TM_BATCH_TEST_DELAY_MS="40")
p = subprocess.Popen([CLI, "batch", dump, "-o", out5, "--jobs", "2", "-q"], env=env,
                     stderr=subprocess.PIPE)
time.sleep(1.2)
p.send_signal(signal.SIGINT)
_, perr = p.communicate(timeout=60)
check(p.returncode == 130, "SIGINT: exit 130 (%d)" % p.returncode)
files = os.listdir(os.path.join(out5, "threads"))
check(0 < len(files) < len(by_link), "interrupted midway: %d of %d threads" % (len(files), len(by_link)))
check(not [f for f in files if ".tmp-" in f], "no temporary file left behind")
complete = True
for f in files:
    try:
        json.load(open(os.path.join(out5, "threads", f)))
    except ValueError:
        complete = False
check(complete, "every thread file there is complete JSON")
man = [json.loads(l) for l in open(os.path.join(out5, "manifest.ndjson"))]
check(all(os.path.exists(os.path.join(out5, "threads", m["name"] + ".json")) for m in man),
      "every manifest row has its output")
rc, _, err = run(["batch", dump, "-o", out5, "--jobs", "2"])
check(rc == 0 and ("%d skipped" % len(man)) in err, "re-run skips the %d finished threads: %s" % (len(man), err.strip()))
same_tree(out1, out5, "interrupted + resumed equals one uninterrupted run")

# ---- corrupt inputs in the middle of an archive
bad_arch = os.path.join(work, "bad_archive")
os.makedirs(bad_arch)
shutil.copy(os.path.join(SAMPLES, "reddit_orca_launch.json"), os.path.join(bad_arch, "a_good.json"))
with open(os.path.join(bad_arch, "b_broken.json"), "w") as f:
    f.write(open(os.path.join(SAMPLES, "reddit_orca_launch.json")).read()[:3000])
with open(os.path.join(bad_arch, "c_dump.ndjson"), "w", encoding="utf-8") as f:
    f.write("\n".join(lines[:30] + ["{not json"] + lines[30:60]) + "\n")
if ZSTD:
    with open(zst, "rb") as f:
        data = f.read()
    with open(os.path.join(bad_arch, "d_truncated.ndjson.zst"), "wb") as f:
        f.write(data[:len(data) // 2])
shutil.copy(os.path.join(SAMPLES, "hn_orca_launch.html"), os.path.join(bad_arch, "e_good.html"))
out6 = os.path.join(work, "out6")
rc, _, err = run(["batch", bad_arch, "-o", out6, "--jobs", "2"])
errs = [json.loads(l) for l in open(os.path.join(out6, "errors.ndjson"))]
srcs = {e["source"].rsplit("/", 1)[1]: e for e in errs}
check(rc == 1, "corrupt inputs: exit 1 (partial): %d" % rc)
check("b_broken.json" in srcs and srcs["b_broken.json"]["line"] > 0 and "JSON" in srcs["b_broken.json"]["reason"],
      "broken JSON listed with line and reason: %s" % srcs.get("b_broken.json"))
check("c_dump.ndjson" in srcs and srcs["c_dump.ndjson"]["line"] == 31, "bad dump record at line 31: %s" % srcs.get("c_dump.ndjson"))
if ZSTD:
    check("d_truncated.ndjson.zst" in srcs and "truncated zstd" in srcs["d_truncated.ndjson.zst"]["reason"]
          and srcs["d_truncated.ndjson.zst"]["offset"] > 0, "truncated .zst listed: %s" % srcs.get("d_truncated.ndjson.zst"))
s6 = [json.loads(l) for l in open(os.path.join(out6, "summary.ndjson"))]
good = {s["source"].rsplit("/", 1)[1] for s in s6}
check({"a_good.json", "e_good.html", "c_dump.ndjson"} <= good and "b_broken.json" not in good,
      "the good inputs around them are done: %s" % sorted(good))
dump_ids = {r["id"] for r in records[:60] if "link_id" in r}
got_ids = set()
for s in s6:
    if s["source"].endswith("c_dump.ndjson"):
        got_ids |= {c["id"] for c in json.load(open(os.path.join(out6, "threads", s["name"] + ".json")))["comments"]}
check(got_ids == {json.loads(l)["id"] for l in lines[:60] if "link_id" in json.loads(l)},
      "every good record of the damaged dump is kept")
check("inputs failed" in err and ("%d threads done" % len(s6)) in err, "final line counts: %s" % err.strip().splitlines()[-1])

# ---- shards merged equal a single run
shard_dirs = []
for i in range(3):
    d = os.path.join(work, "shard%d" % i)
    rc, _, err = run(["batch", arch, "-o", d, "--shard", "%d/3" % i, "--graph", "reply:svg", "--graph", "argument:argdown", "-q"])
    check(rc == 0, "shard %d/3: %d %s" % (i, rc, err))
    shard_dirs.append(d)
sizes = [len(open(os.path.join(d, "summary.ndjson")).read().splitlines()) for d in shard_dirs]
check(all(sizes) and sum(sizes) == len(s4), "shards split the threads: %s" % sizes)
merged = os.path.join(work, "merged")
rc, _, err = run(["merge"] + shard_dirs + ["-o", merged, "-q"])
check(rc == 0, "merge: %d %s" % (rc, err))
same_tree(out4, merged, "3 shards merged equal the single run")

# ---- a maildir is one input, not one thread per message file
md = os.path.join(work, "mail_archive")
for sub in ("cur", "new", "tmp"):
    os.makedirs(os.path.join(md, "list", sub))
for k in range(3):
    with open(os.path.join(md, "list", "cur", "m%d:2,S" % k), "w") as f:
        f.write("From: a@example.org\nSubject: hi\nMessage-ID: <%d@x>\n\nhello\n" % k)
shutil.copy(os.path.join(SAMPLES, "orca_launch.csv"), os.path.join(md, "thread.csv"))
out7 = os.path.join(work, "out7")
rc, _, err = run(["batch", md, "-o", out7, "-q"])
s7 = [json.loads(l) for l in open(os.path.join(out7, "summary.ndjson"))]
e7 = [json.loads(l) for l in open(os.path.join(out7, "errors.ndjson"))]
keys = [s["key"] for s in s7] + [e["source"] for e in e7]
check(not any("/cur/" in k or "/new/" in k for k in keys), "no maildir message is taken for a thread: %s" % keys)
# the maildir is one input: its three unrelated messages are three threads of it
mail_keys = sorted(k for k in keys if "mail_archive/list" in k)
check(mail_keys == [os.path.join(md, "list") + "#%d@x" % k for k in range(3)],
      "the maildir is one input split by thread: %s" % keys)

# ---- Hacker News items (parent links only) interleaved from two stories
items = json.load(open(os.path.join(SAMPLES, "hn_orca_items.json")))
copies = []
for base in (0, 10_000_000):
    c = []
    for it in items:
        it = dict(it)
        it["id"] = int(it["id"]) + base
        if "parent" in it:
            it["parent"] = int(it["parent"]) + base
        it.pop("kids", None)
        c.append(it)
    copies.append(c)
hn = os.path.join(work, "hn_items.ndjson")
with open(hn, "w") as f:
    for x, y in zip(*copies):
        f.write(json.dumps(x) + "\n" + json.dumps(y) + "\n")
out8 = os.path.join(work, "out8")
rc, _, err = run(["batch", hn, "-o", out8, "-q"])
s8 = [json.loads(l) for l in open(os.path.join(out8, "summary.ndjson"))]
single = json.loads(run(["parse", os.path.join(SAMPLES, "hn_orca_items.json")])[1])
check(rc == 0 and [s["id"] for s in s8] == ["41022317", "51022317"], "HN items: one thread per story (%s)" % err)
check(all(s["comments"] == len(single["comments"]) and s["orphans"] == 0 for s in s8),
      "HN items: every comment found its story through parent links")

# ---- progress: a line on a terminal, none otherwise (a machine without
# pseudo-terminals, such as a bare chroot, cannot show the first half)
import pty  # noqa: E402
out9 = os.path.join(work, "out9")
try:
    pid, fd = pty.fork()
except OSError as e:
    pid = None
    print("skipped: the progress line on a terminal (no pseudo-terminal here: %s)" % e)
if pid == 0:
    os.execv(CLI, [CLI, "batch", dump, "-o", out9, "--jobs", "2"])
if pid is not None:
    seen = b""
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.waitpid(pid, 0)
    text = seen.decode("utf-8", "replace")
    check("batch: " in text and " threads, " in text and "MB/s" in text, "progress line on a terminal: %r" % text[-200:])
rc, _, err = run(["batch", dump, "-o", out9 + "b", "--jobs", "2"])
check("MB/s" not in err, "no progress line when stderr is not a terminal")

# ---- usage
check(run(["batch", dump])[0] == 2, "batch without -o: exit 2")
check(run(["batch", dump, "-o", out1, "--shard", "3/3"])[0] == 2, "--shard 3/3: exit 2")
check(run(["batch", dump, "-o", out1, "--graph", "pie:svg"])[0] == 2, "--graph pie:svg: exit 2")

shutil.rmtree(work)
finish()
