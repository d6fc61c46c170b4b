#!/usr/bin/env python3
"""Generate threadmap's mail samples and their answer keys.

    python3 tools/make_mail_samples.py          # write samples/ and tests/golden/
    python3 tools/make_mail_samples.py --check  # re-read the files, compare keys

samples/mailing_list.mbox: a fictional gardening list (all text written for
threadmap), 15 messages in 3 threads, written the way list archives hold
them: quoted-printable Latin-1 and base64 UTF-8 bodies, a multipart/alternative
(plain + HTML), an HTML-only message, an RFC 2047 subject, a message whose
direct parent is absent (hung under the nearest message it references), a
thread whose first message answers a message not in the archive (an orphan
thread root), a reply found only by its subject ("Re:" and no References),
"On ... wrote:" / "Am ... schrieb" / "Le ... a écrit" attributions, an
Outlook "-----Original Message-----" block, "-- " signatures and Mailman
list footers.

samples/maildir_sample/: the same list's small maildir: cur/ new/ tmp/, a
second identical copy of one message (dropped), and a half-delivered message
in tmp/ (never read).

The keys (tests/golden/<sample>.tree.tsv, rows of samples.counts.tsv) come
from the thread declared below, not from threadmap: `parent` is the source's
parent id as threadmap reports it (the nearest message present; for an
orphan root the absent message it answers; for the subject-grouped reply
the message of the same subject), `depth` 1 for thread roots.
Python 3 standard library only; deterministic output.
"""
import email
import email.policy
import email.utils
import mailbox
import os
import re
import sys
from email.header import Header
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLES = os.path.join(ROOT, "samples")
GOLDEN = os.path.join(ROOT, "tests", "golden")
LIST = "garden-tools.lists.example.org"
FOOTER = ("_______________________________________________\n"
          "Garden-tools mailing list\n"
          "https://lists.example.org/listinfo/garden-tools\n")

PEOPLE = {
    "ann": ("Ann Okafor", "ann@okafor.example"),
    "bert": ("Bert Lindqvist", "bert@plot14.example"),
    "chandra": ("Chandra Iyer", "chandra@iyer.example"),
    "dev": ("Dev Patel", "dev@patel.example"),
    "eli": ("Eli Moreau", "eli@moreau.example"),
    "farida": ("Farida Haddad", "farida@haddad.example"),
    "gus": ("Gus Brennan", "gus@brennan.example"),
    "hana": ("Hana Sato", "hana@sato.example"),
    "ivo": ("Ivo Kranjc", "ivo@kranjc.example"),
    "jo": ("Jo Becker", "jo@becker.example"),
    "kim": ("Kim Lefèvre", "kim@lefevre.example"),
}

# (key, author, minutes after 2026-03-03 08:00 UTC, subject, refs, body, kind)
#   refs: the References chain (oldest first; the last is In-Reply-To);
#   None: no References and no In-Reply-To at all.
#   kind: how the body is encoded.
T0 = 1772524800  # 2026-03-03T08:00:00Z
MSGS = [
    ("a1", "ann", 0, "Rain barrel overflow \u2013 which diverter?", [], """\
Our 200 litre barrel overflows after every storm and the water runs straight
into Mr M\u00fcller's bed next door. I'd like a diverter that sends the excess
back to the downpipe. Has anyone fitted one? The na\u00efve fix (a hose out of
the top) only moved the puddle.

Ann
""", "qp-latin1"),
    ("a2", "bert", 42, "Re: Rain barrel overflow \u2013 which diverter?", ["a1"], """\
On Tue, 3 Mar 2026 at 08:00, Ann Okafor wrote:
> Our 200 litre barrel overflows after every storm and the water runs straight
> into Mr M\u00fcller's bed next door.

Get a rain diverter kit that fits inside the downpipe. When the barrel is
full the water just carries on down the pipe. I fitted one in 2019 and it
works perfectly, no more flooding.

-- 
Bert
Plot 14, north side

""" + FOOTER, "plain"),
    ("a3", "chandra", 65, "Re: Rain barrel overflow \u2013 which diverter?", ["a1"], """\
Ann Okafor <ann@okafor.example> writes:
> Has anyone fitted one?

I would not bother with a diverter. A second barrel linked at the bottom
doubles the store and costs less. Diverters clog with leaves every autumn.
""", "alternative"),
    ("a4", "ann", 130, "Re: Rain barrel overflow \u2013 which diverter?", ["a1", "a2"], """\
On Tue, 3 Mar 2026 at 08:42, Bert Lindqvist wrote:
> Get a rain diverter kit that fits inside the downpipe.

Thanks Bert, that sounds right. Which size did you get? Our downpipe is
68 mm and the shop only has 80 mm kits. Gr\u00fc\u00dfe from the allotment!
""", "b64-utf8"),
    ("a5", "dev", 190, "Re: Rain barrel overflow \u2013 which diverter?", ["a1", "a2", "a4"], """\
On Tue, 3 Mar 2026 at 10:10, Ann Okafor wrote:
> Our downpipe is 68 mm and the shop only has 80 mm kits.

The 80 mm kits come with a 68 mm reducer ring in the box, at least the green
ones do. Check the bag of parts before you send it back.
""", "plain"),
    ("a6", "eli", 240, "Re: Rain barrel overflow \u2013 which diverter?", ["a1", "a-lost"], """\
On Tue, 3 Mar 2026, Pat wrote:
> Just raise the barrel on blocks.

That is not true, raising it does nothing for the overflow. It only gives you
more pressure at the tap. Useful, but a different problem.
""", "plain"),
    ("a7", "bert", 300, "Re: Rain barrel overflow \u2013 which diverter?", ["a1", "a3"], """\
On Tue, 3 Mar 2026 at 09:05, Chandra Iyer wrote:
> Diverters clog with leaves every autumn.

Mine has a leaf screen and has never clogged. Good point about the second
barrel though.

-- 
Bert
Plot 14, north side
""", "plain"),
    ("a8", "chandra", 360, "RE: Rain barrel overflow \u2013 which diverter?", ["a1", "a3", "a7"], """\
Fair enough, I stand corrected on the leaf screen. I will try one on the
shed barrel this spring.

Chandra

-----Original Message-----
From: Bert Lindqvist
Sent: Tuesday, 3 March 2026 13:00
Subject: Re: Rain barrel overflow \u2013 which diverter?

Mine has a leaf screen and has never clogged.
""", "plain"),
    ("b1", "farida", 1440, "Seed swap on Saturday", [], """\
Hello all,

The spring seed swap is on Saturday at 10 in the community hall. Bring
labelled envelopes. I will have tomatoes (Black Krim, Sungold) and far too
many runner beans.

Farida
""", "plain"),
    ("b2", "gus", 1500, "Re: Seed swap on Saturday", None, """\
Great idea, count me in! I can bring squash and some nasturtiums.

Gus
""", "plain"),
    ("b3", "farida", 1560, "Re: Seed swap on Saturday", ["b2"], """\
On Wed, 4 Mar 2026 at 09:00, Gus Brennan wrote:
> I can bring squash and some nasturtiums.

Lovely, thank you Gus. Nasturtiums always go first.
""", "plain"),
    ("b4", "hana", 1620, "Re: Seed swap on Saturday", ["b1"], """\
<p>I can't make Saturday, sadly. Could someone keep a packet of
<b>Sungold</b> for me? I will swap <i>coriander</i> later.</p>
<blockquote>The spring seed swap is on Saturday at 10</blockquote>
<p>Thanks!</p>
""", "html"),
    ("c1", "ivo", 2880, "Re: Slug traps that actually work", ["c-lost"], """\
Beer traps work, but only if you empty them every two days. Otherwise they
stink and the slugs ignore them. Copper tape did nothing for me.
""", "plain"),
    ("c2", "jo", 2950, "Re: Slug traps that actually work", ["c-lost", "c1"], """\
Am 5. M\u00e4rz 2026 um 08:00 schrieb Ivo Kranjc <ivo@kranjc.example>:
> Copper tape did nothing for me.

I disagree, copper tape works fine on raised beds if the strip is wide
enough. The thin tape is useless, that much is true.
""", "plain"),
    ("c3", "kim", 3000, "Re: Slug traps that actually work", ["c-lost", "c1", "c2"], """\
Le jeudi 5 mars 2026, Jo Becker a \u00e9crit :
> copper tape works fine on raised beds if the strip is wide enough.

Exactly. We use 5 cm strips and have had no slug damage since May.

Kim
""", "plain"),
]

MAILDIR = [
    # (file, key, author, minutes, subject, refs, body)
    ("cur/1772870400.M1P4242.garden:2,S", "m1", "ann", 5760, "Compost thermometer readings", [], """\
My heap reads 62 degrees in the middle this morning. Is that too hot to
turn it? I don't want to lose the worms.
"""),
    ("cur/1772874000.M2P4242.garden:2,RS", "m3", "ann", 5840, "Re: Compost thermometer readings", ["m1", "m2"], """\
On Sun, 8 Mar 2026 at 08:30, Dev Patel wrote:
> Turn it when it drops under 50, the worms come back from the edges.

Thanks, I will wait a few days then.
"""),
    ("new/1772871000.M3P4243.garden", "m2", "dev", 5790, "Re: Compost thermometer readings", ["m1"], """\
Ann Okafor <ann@okafor.example> writes:
> Is that too hot to turn it?

Turn it when it drops under 50, the worms come back from the edges.

-- 
Dev
"""),
    ("new/1772871999.M9P4243.garden", "m1", None, None, None, None, None),  # a second copy of m1
    ("new/1772880000.M4P4244.garden", "m4", "gus", 5900, "Hose reel for sale", [], """\
Selling a wall-mounted hose reel, 25 m, barely used. 10 euro, plot 3.
"""),
]
TMP_FILE = ("tmp/1772880500.M5P4245.garden", "Message-ID: <half-delivered@garden.example>\n"
            "From: Someone <someone@example.org>\nSubject: half\n\nthis message is still being deliv")


def mid(key):
    return "%s.2026@garden.example" % key


def build(key, author, minutes, subject, refs, body, kind):
    name, addr = PEOPLE[author]
    if kind == "qp-latin1":
        m = MIMEText(body, "plain", "iso-8859-1")
        del m["Content-Transfer-Encoding"]
        m.replace_header("Content-Type", 'text/plain; charset="iso-8859-1"')
        import quopri
        m.set_payload(quopri.encodestring(body.encode("iso-8859-1")).decode("ascii"))
        m["Content-Transfer-Encoding"] = "quoted-printable"
    elif kind == "b64-utf8":
        m = MIMEText(body, "plain", "utf-8")  # base64 for utf-8 by default
    elif kind == "alternative":
        m = MIMEMultipart("alternative", boundary="=_alt_%s" % key)
        m.attach(MIMEText(body, "plain", "us-ascii"))
        paras = "".join("<p>%s</p>\n" % p.replace("\n", " ") for p in body.split("\n\n") if not p.startswith(">") and not p.startswith("Ann"))
        m.attach(MIMEText("<html><body>\n%s</body></html>\n" % paras, "html", "us-ascii"))
    elif kind == "html":
        m = MIMEText(body, "html", "us-ascii")
    else:
        m = MIMEText(body, "plain", "us-ascii" if body.isascii() else "utf-8")
        if not body.isascii():
            del m["Content-Transfer-Encoding"]
            m.set_payload(body.encode("utf-8"), "utf-8")
    h = email.message.Message()
    h["Message-ID"] = "<%s>" % mid(key)
    h["From"] = email.utils.formataddr((str(Header(name, "utf-8")) if not name.isascii() else name, addr))
    if not name.isascii():
        h.replace_header("From", "%s <%s>" % (Header(name, "utf-8").encode(), addr))
    h["To"] = "garden-tools@lists.example.org"
    h["Subject"] = Header(subject, "utf-8").encode() if not subject.isascii() else subject
    h["Date"] = email.utils.formatdate(T0 + minutes * 60)
    if refs:
        h["References"] = " ".join("<%s>" % mid(r) for r in refs)
        h["In-Reply-To"] = "<%s>" % mid(refs[-1])
    h["List-Id"] = "Garden tools <%s>" % LIST
    for k, v in m.items():
        h[k] = v
    if m.is_multipart():
        h.set_payload(m.get_payload())
        h.set_boundary(m.get_boundary())
        h.preamble = "This is a multi-part message in MIME format."
    else:
        h.set_payload(m.get_payload())
    return h


def envelope(author, minutes):
    import time
    return "From %s %s" % (PEOPLE[author][1], time.strftime("%a %b %d %H:%M:%S %Y", time.gmtime(T0 + minutes * 60)))


def as_bytes(msg):
    return msg.as_bytes(policy=email.policy.compat32.clone(linesep="\n", max_line_length=78))


def key_rows(msgs, parent_of):
    """Pre-order of the declared tree: roots in source order, children in
    source order; depth 1 at the roots."""
    present = [k for k, *_ in msgs]
    kids = {k: [] for k in present}
    roots = []
    for k in present:
        p = parent_of[k]
        (kids[p] if p in kids else roots).append(k)
    out, stack = [], [(r, 1) for r in reversed(roots)]
    while stack:
        k, d = stack.pop()
        out.append((k, d))
        stack.extend((c, d + 1) for c in reversed(kids[k]))
    return out


def mbox_parents():
    """The declared parents: the nearest referenced message present; an
    absent one for a first message; b2 by subject."""
    keys = {k for k, *_ in MSGS}
    par = {}
    for k, _a, _m, _s, refs, _b, _k in MSGS:
        near = next((r for r in reversed(refs or []) if r in keys), None)
        par[k] = near or ((refs or [None])[-1])
    par["b2"] = "b1"  # found by its subject only
    return par


def write_key(name, rows, authors, parents):
    with open(os.path.join(GOLDEN, name + ".tree.tsv"), "w", encoding="utf-8") as f:
        f.write("id\tparent\tdepth\tauthor\n")
        for k, d in rows:
            p = parents[k]
            f.write("%s\t%s\t%d\t%s\n" % (mid(k), mid(p) if p else "", d, authors[k]))


def generate():
    # mbox
    with open(os.path.join(SAMPLES, "mailing_list.mbox"), "wb") as f:
        for k, a, mnt, s, refs, body, kind in MSGS:
            f.write(envelope(a, mnt).encode() + b"\n")
            raw = as_bytes(build(k, a, mnt, s, refs, body, kind))
            # mboxrd: a body line starting "From " is written ">From "
            raw = re.sub(rb"(?m)^(>*From )", rb">\1", raw)
            f.write(raw.rstrip(b"\n") + b"\n\n")
    par = mbox_parents()
    rows = key_rows(MSGS, par)
    write_key("mailing_list.mbox", rows, {k: PEOPLE[a][0] for k, a, *_ in MSGS}, par)
    # maildir
    base = os.path.join(SAMPLES, "maildir_sample")
    for sub in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(base, sub), exist_ok=True)
    first = {}
    for fn, k, a, mnt, s, refs, body in MAILDIR:
        if a is None:
            data = first[k]
        else:
            data = as_bytes(build(k, a, mnt, s, refs, body, "plain"))
            first[k] = data
        with open(os.path.join(base, fn), "wb") as f:
            f.write(data)
    with open(os.path.join(base, TMP_FILE[0]), "w") as f:
        f.write(TMP_FILE[1])
    msgs = [(k, a, mnt, s, refs, body, "plain") for fn, k, a, mnt, s, refs, body in MAILDIR if a]
    dpar = {k: next((r for r in reversed(refs) if r in {m[0] for m in msgs}), None) for k, _a, _m, _s, refs, _b, _k in msgs}
    write_key("maildir_sample", key_rows(msgs, dpar), {k: PEOPLE[a][0] for k, a, *_ in msgs}, dpar)
    counts = os.path.join(GOLDEN, "samples.counts.tsv")
    lines = [l for l in open(counts, encoding="utf-8").read().splitlines()
             if not l.startswith(("mailing_list.mbox\t", "maildir_sample\t"))]
    for name, rows in (("mailing_list.mbox", rows), ("maildir_sample", key_rows(msgs, dpar))):
        lines.append("%s\t%d\t%d\t0\t0" % (name, len(rows), max(d for _, d in rows)))
    with open(counts, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def check():
    """Read the written files with Python's mailbox/email modules and compare
    every message's parent (by the header rule) with the keys."""
    bad = 0

    def by_headers(msgs):
        ids = [re.findall(r"<([^>]+)>", m["Message-ID"])[0] for m in msgs]
        out = {}
        for i, m in zip(ids, msgs):
            refs = re.findall(r"<([^>]+)>", (m["References"] or "") + " " + (m["In-Reply-To"] or ""))
            near = next((r for r in reversed(refs) if r in ids), None)
            out[i] = near or (refs[-1] if refs else None)
        return out

    def key(name):
        with open(os.path.join(GOLDEN, name + ".tree.tsv"), encoding="utf-8") as f:
            return {r.split("\t")[0]: r.split("\t")[1] or None for r in f.read().splitlines()[1:]}

    got = by_headers(list(mailbox.mbox(os.path.join(SAMPLES, "mailing_list.mbox"), create=False)))
    got[mid("b2")] = mid("b1")  # the one subject-only reply: no header names it
    bad += got != key("mailing_list.mbox")
    base = os.path.join(SAMPLES, "maildir_sample")
    files = sorted(os.path.join(d, n) for d in ("cur", "new") for n in os.listdir(os.path.join(base, d)))
    msgs, seen = [], set()
    for fn in files:
        m = email.message_from_binary_file(open(os.path.join(base, fn), "rb"))
        if m["Message-ID"] not in seen:
            seen.add(m["Message-ID"])
            msgs.append(m)
    bad += by_headers(msgs) != key("maildir_sample")
    print("mail samples: %s" % ("ok" if not bad else "keys differ from the files"))
    return bad


if __name__ == "__main__":
    if "--check" in sys.argv:
        sys.exit(1 if check() else 0)
    generate()
    sys.exit(1 if check() else 0)
