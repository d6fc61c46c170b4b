"""Mailing lists through the CLI: the mbox and maildir samples (decoding,
threads, quote and signature spans, the NDJSON fields that trace a comment
back to its message) and the error contract for malformed mail."""
import json
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from clitest import SAMPLES, check, finish, ndjson, run, tmpfile  # noqa: E402

EXIT = dict(ok=0, io=3, format=4, parse=5, empty=9)
MBOX = os.path.join(SAMPLES, "mailing_list.mbox")
MAILDIR = os.path.join(SAMPLES, "maildir_sample")


def mid(k):
    return "%s.2026@garden.example" % k


# ---- the mbox sample: every line traces back to its message
rc, out, err = run(["parse", "--ndjson", MBOX])
check(rc == 0, "mbox: exit %d %s" % (rc, err))
rows = ndjson(out)
by = {r["id"]: r for r in rows}
check(len(rows) == 15, "mbox: %d messages" % len(rows))
for r in rows:
    check(all(k in r for k in ("id", "parent", "author", "text")), "mbox: fields of %s" % r.get("id"))
    check(r["author"] and r["text"], "mbox: %s has author and text" % r["id"])
    check(not r["id"].startswith("<"), "mbox: ids without angle brackets: %s" % r["id"])
# warnings name the line of the message's envelope
lines = {l: n + 1 for n, l in enumerate(open(MBOX, encoding="utf-8").read().split("\n"))
         if l.startswith("Message-ID: <a6.")}
a6_line = min(lines.values()) - 1  # the "From " line above it
check(re.search(re.escape(MBOX) + r":%d:1: warning: message \"%s\": its parent \"%s\" is not in the input" %
                (a6_line, re.escape(mid("a6")), re.escape(mid("a-lost"))), err) is not None,
      "mbox: warning for the absent parent at the envelope line %d: %s" % (a6_line, err))

# decoding: QP Latin-1, base64 UTF-8, RFC 2047 subject, alternative, HTML only
a1 = by[mid("a1")]
check("Mr Müller's bed" in a1["text"] and "naïve fix" in a1["text"], "mbox: QP Latin-1 %r" % a1["text"][:120])
check(a1["title"] == "Rain barrel overflow \u2013 which diverter?", "mbox: RFC 2047 subject %r" % a1["title"])
check("Grüße from the allotment" in by[mid("a4")]["text"], "mbox: base64 UTF-8")
a3 = by[mid("a3")]["text"]
check("<p>" not in a3 and "second barrel linked" in a3 and a3.count("second barrel linked") == 1,
      "mbox: alternative gives the plain part once: %r" % a3)
b4 = by[mid("b4")]
check("<" not in b4["text"] and "keep a packet of Sungold for me" in b4["text"],
      "mbox: HTML-only message as text: %r" % b4["text"])
check("quotes" in b4["flags"], "mbox: an HTML blockquote is a quote")

# threads, the subject fallback, the orphan thread
rc, out, _ = run(["parse", MBOX])
doc = json.loads(out)
check(doc["counts"]["threads"] == 3, "mbox: threads %s" % doc["counts"])
check(doc["thread"]["title"] == "garden-tools.lists.example.org", "mbox: title %r" % doc["thread"]["title"])
roots = [r["id"] for r in rows if "thread_root" in r["flags"]]
check(roots == [mid("a1"), mid("b1"), mid("c1")], "mbox: thread roots %s" % roots)
check(by[mid("b2")]["flags"] == ["subject_grouped"] and by[mid("b2")]["tree_parent"] == mid("b1"),
      "mbox: subject-only reply %s" % by[mid("b2")])
check("orphan" in by[mid("c1")]["flags"] and by[mid("c1")]["parent"] == mid("c-lost"),
      "mbox: the orphan thread root names its absent parent")


# spans: quotes without their markers, attributions in the quote, signatures
def spans(r, kind):
    t = r["text"].encode()
    return [t[s["start"]:s["end"]].decode() for s in r["spans"] if s["kind"] == kind]


a2 = by[mid("a2")]
check("On Tue, 3 Mar 2026 at 08:00, Ann Okafor wrote:" in spans(a2, "quote"), "mbox: attribution %s" % spans(a2, "quote"))
sig = spans(a2, "signature")
check(len(sig) == 1 and sig[0].startswith("-- \nBert") and sig[0].rstrip().endswith("listinfo/garden-tools"),
      "mbox: signature with the list footer %r" % sig)
for r in rows:
    for q in spans(r, "quote"):
        check(not q.startswith(">") and q.strip() == q, "mbox: quote span %r holds the words only" % q)
check(spans(by[mid("c2")], "quote")[0].startswith("Am 5. März 2026 um 08:00 schrieb"), "mbox: German attribution")
check(spans(by[mid("c3")], "quote")[0] == "Le jeudi 5 mars 2026, Jo Becker a écrit :", "mbox: French attribution")
check(spans(by[mid("a8")], "quote")[0].startswith("-----Original Message-----"), "mbox: Outlook block")

# the scorer does not read the signature: the same score without it
rc, out, _ = run(["score", "--ndjson", MBOX])
sc = {r["id"]: r for r in ndjson(out)}
check(rc == 0 and mid("a2") in sc, "mbox: score runs")
sent = sc[mid("a2")].get("sentiment", sc[mid("a2")])
text = a2["text"]
cut = text.encode()[:a2["spans"][-1]["start"]].decode()
rc, out, _ = run(["score", "--text", cut.split("\n\n", 1)[1]])
own = json.loads(out)
check(abs(own["compound"] - sent["compound"]) < 1e-6,
      "mbox: a2 scores as its own words alone: %s vs %s" % (own["compound"], sent["compound"]))

# a diagram of a mailbox
outsvg = os.path.join(tempfile.mkdtemp(prefix="tm-mail-"), "reply.svg")
rc, _, err = run(["graph", "--kind", "reply", MBOX, "-o", outsvg])
check(rc == 0 and os.path.getsize(outsvg) > 1000, "mbox: reply graph %d %s" % (rc, err))
shutil.rmtree(os.path.dirname(outsvg))

# CRLF line ends (a mailbox saved on Windows) give the same comments
p = tmpfile(open(MBOX, "rb").read().replace(b"\n", b"\r\n"))
rc, out, _ = run(["parse", "--ndjson", "-q", p])
crlf = ndjson(out)
keys = ("id", "parent", "depth", "author", "title", "text", "spans", "flags")
check(rc == 0 and [[r[k] for k in keys] for r in crlf] == [[r[k] for k in keys] for r in rows],
      "mbox with CRLF line ends parses the same")
os.unlink(p)

# ---- the maildir sample: a folder is one input; tmp/ is not read
rc, out, err = run(["parse", "--ndjson", MAILDIR])
mrows = ndjson(out)
check(rc == 0 and [r["id"] for r in mrows] == [mid("m1"), mid("m2"), mid("m3"), mid("m4")],
      "maildir: %d %s" % (rc, [r["id"] for r in mrows]))
check("identical copy" in err and "half-delivered" not in out.decode(), "maildir: duplicate dropped, tmp/ skipped")
check(all(r["author"] and r["text"] for r in mrows), "maildir: author and text")

# ---- error contract
p = tmpfile(b"")
rc, _, err = run(["parse", "--format", "mbox", p])
check(rc == EXIT["empty"] and re.search(re.escape(p) + r":1:1: input is empty", err), "empty mbox: %d %s" % (rc, err))
p = tmpfile(b"\x00\x7fELF\x02\x01" + bytes(range(256)) * 4)
rc, _, err = run(["parse", p])
check(rc == EXIT["format"] and "binary data" in err, "binary: %d %s" % (rc, err))
rc, _, err = run(["parse", "--format", "mbox", p])
check(rc in (EXIT["parse"], EXIT["empty"]) and re.search(re.escape(p) + r":\d+:\d+: ", err), "binary forced: %d %s" % (rc, err))
p = tmpfile(b"\n\n[1, 2, 3]\n")
rc, _, err = run(["parse", "--format", "mbox", p])
check(rc == EXIT["parse"] and re.search(re.escape(p) + r":3:1: not a mailbox", err), "not mail: %d %s" % (rc, err))
env = b"From a@b.example Mon Mar  2 10:00:00 2026\n"
bad = (env + b"Message-ID: <cut@b>\nFrom: A <a@b.example>\nSubject: cut off\n"
       + env + b"Message-ID: <mime@b>\nFrom: B <b@b.example>\nSubject: mime\nMIME-Version: 1.0\n"
       b"Content-Type: multipart/mixed; boundary=\"RIGHT\"\n\n--WRONG\nContent-Type: text/plain\n\nstill here\n--WRONG--\n\n"
       + env + b"Message-ID: <nb@b>\nFrom: C <c@b.example>\nSubject: nb\nContent-Type: multipart/alternative\n\nno boundary\n")
p = tmpfile(bad)
rc, out, err = run(["parse", "--ndjson", p])
got = {r["id"]: r for r in ndjson(out)}
check(rc == 0 and sorted(got) == ["cut@b", "mime@b", "nb@b"], "malformed mail recovered: %d %s" % (rc, sorted(got)))
check("still here" in got.get("mime@b", {}).get("text", "") and got.get("nb@b", {}).get("text") == "no boundary",
      "malformed mail keeps its text")
check(re.search(re.escape(p) + r":\d+:\d+: warning: mail: ", err) is not None, "malformed mail warns with a position: %s" % err)

d = tempfile.mkdtemp(prefix="tm-maildir-")
os.makedirs(os.path.join(d, "cur"))
for n in ("1", "2"):
    with open(os.path.join(d, "cur", n), "wb") as f:
        f.write(b"Message-ID: <%s@d>\nFrom: x@d\nSubject: s\n\nbody %s\n" % (n.encode(), n.encode()))
rc, _, err = run(["parse", "--format", "csv", d])
check(rc == EXIT["format"] and "read as a maildir" in err, "folder with another format: %d %s" % (rc, err))
if os.geteuid() != 0:
    os.chmod(os.path.join(d, "cur", "2"), 0)
    rc, out, err = run(["parse", d])
    check(rc == EXIT["io"] and re.search(re.escape(d) + r": cur/2: cannot open", err) and out == b"",
          "unreadable message: %d %s" % (rc, err))
    os.chmod(os.path.join(d, "cur", "2"), 0o644)
shutil.rmtree(d)
finish()
