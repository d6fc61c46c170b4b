#!/usr/bin/env python3
"""Conformance: every real fixture in ../shared/fixtures of a supported format
parses with every comment the source holds and each comment's correct parent.

The expected comments and parents are computed here, independently of
threadmap's parsers (Python's json and html.parser), from the source file
itself.  Prints one line per file.  Exits 77 (ctest: skipped) when the
fixtures folder is absent, as it is in a user's clone.

usage: check_fixtures.py THREADMAP_CLI FIXTURES_DIR
"""
import html.parser
import json
import os
import re
import subprocess
import sys

cli, root = sys.argv[1], sys.argv[2]
if not os.path.isdir(root):
    print("SKIP: no fixtures folder at %s (it exists only beside the project in CI)" % root)
    sys.exit(77)


class HNPage(html.parser.HTMLParser):
    """Comment rows of a saved HN page: (id, indent) in page order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows = []        # [id, indent, has_comhead]
        self.in_row = False
        self.in_ind = False
        self.story = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = (a.get("class") or "").split()
        if tag == "tr" and "athing" in cls:
            self.rows.append([a.get("id"), None, False, "submission" in cls])
            self.in_row = True
        elif self.in_row and tag == "td" and "ind" in cls:
            self.rows[-1][1] = int(a["indent"]) if "indent" in a else None
            self.in_ind = True
        elif self.in_row and self.in_ind and tag == "img" and self.rows[-1][1] is None:
            self.rows[-1][1] = int(a.get("width", "0")) // 40
        elif self.in_row and tag == "span" and "comhead" in cls:
            self.rows[-1][2] = True
        elif self.in_row and tag == "a" and (a.get("id") or "").startswith("up_") and not self.rows[-1][0]:
            self.rows[-1][0] = a["id"][3:]

    def handle_endtag(self, tag):
        if tag == "td":
            self.in_ind = False


def expect_hn_html(path):
    p = HNPage()
    p.feed(open(path, encoding="utf-8", errors="replace").read())
    story = next((r[0] for r in p.rows if r[3] or not r[2]), None)
    out, stack = [], []
    for rid, indent, comhead, submission in p.rows:
        if submission or not comhead:
            continue
        indent = indent or 0
        while stack and stack[-1][1] >= indent:
            stack.pop()
        out.append((rid, stack[-1][0] if stack else story))
        stack.append((rid, indent))
    return out, story


def expect_hn_json(path):
    text = open(path, encoding="utf-8").read()
    try:
        docs = [json.loads(text)]
    except ValueError:
        docs = [json.loads(l) for l in text.splitlines() if l.strip()]
    items = []
    for d in docs:
        items.extend(d if isinstance(d, list) else [d])
    story = next((str(i["id"]) for i in items if i.get("type") == "story"), None)
    out = [(str(i["id"]), str(i["parent"])) for i in items
           if i.get("type", "comment") == "comment" and "parent" in i]
    return out, story


def expect_reddit_json(path):
    doc = json.load(open(path, encoding="utf-8"))
    story = doc[0]["data"]["children"][0]["data"]["id"]
    out, stack = [], list(reversed(doc[1]["data"]["children"]))
    while stack:
        thing = stack.pop()
        if thing.get("kind") != "t1":
            continue
        d = thing["data"]
        out.append((d["id"], d["parent_id"].split("_", 1)[1]))
        rep = d.get("replies")
        if isinstance(rep, dict):
            stack.extend(reversed(rep["data"]["children"]))
    return out, story


def expect_discourse(path):
    """Posts other than post 1 (which opens the topic and is the story)."""
    docs = json.load(open(path, encoding="utf-8"))
    docs = docs if isinstance(docs, list) else [docs]
    story = str(docs[0]["id"])
    out, seen = [], set()
    for d in docs:
        for p in d["post_stream"]["posts"]:
            n = p["post_number"]
            if n == 1 or n in seen:
                continue
            seen.add(n)
            r = p.get("reply_to_post_number")
            out.append((str(n), str(r) if r and r > 1 else story))
    return out, story


# ---- mail: Python's mailbox and email modules read the headers; the parent
# rule is written from the headers' meaning, not from threadmap's code: a
# message's parent is the nearest message it references (In-Reply-To, else
# the last of References, then older References) that is in the mailbox;
# when none is, the message it answers (absent) is named and it is a thread
# root.  A message naming no parent at all may be hung by subject (checked
# below, in check_mail).
MSGID = re.compile(r"<([^<>\s]+)>")
REPLY = re.compile(r"^\s*(?:\[[^\]]{0,46}\]\s*|(?:re|aw|sv|antw|vs|ref|odp|res|rif|ynt)"
                   r"(?:[\[(^]\d*[\])]?)?\s*:\s*)", re.I)


def mail_subject(m):
    import email.header
    raw = m.get("Subject")
    if raw is None:
        return "", False
    subj = str(email.header.make_header(email.header.decode_header(str(raw))))
    reply = False
    while True:
        mm = REPLY.match(subj)
        if not mm or not mm.group(0):
            break
        reply |= not mm.group(0).lstrip().startswith("[")
        subj = subj[mm.end():]
    return " ".join(subj.lower().split()), reply


def mail_expect(msgs):
    """msgs: email.message.Message objects in source order."""
    import email.utils
    recs, present = [], set()
    for m in msgs:
        ids = MSGID.findall(str(m.get("Message-ID", "")))
        own = ids[0] if ids else None
        if own is not None and own in present:
            continue  # the same message again (the fixtures' duplicates are identical files)
        present.add(own)
        refs = MSGID.findall(" ".join(str(v) for v in m.get_all("References", [])))
        irt = MSGID.findall(str(m.get("In-Reply-To", "")))[:1]
        chain = [r for r in refs if r != own]
        if irt and irt[0] != own:
            chain = [r for r in chain if r != irt[0]] + irt
        key, reply = mail_subject(m)
        try:
            when = email.utils.parsedate_to_datetime(str(m["Date"])).timestamp()
        except Exception:
            when = None
        recs.append({"id": own, "chain": chain, "key": key, "reply": reply, "time": when})
    for r in recs:
        near = next((c for c in reversed(r["chain"]) if c in present), None)
        r["parent"] = near or (r["chain"][-1] if r["chain"] else None)
    return recs


def expect_mbox(path):
    import mailbox
    return mail_expect(list(mailbox.mbox(path, create=False)))


def expect_maildir(path):
    import email
    files = []
    for d, dirs, names in os.walk(path):
        dirs[:] = [x for x in dirs if x != "tmp" and not x.startswith(".")]
        files += [os.path.relpath(os.path.join(d, n), path) for n in names if not n.startswith(".")]
    return mail_expect([email.message_from_binary_file(open(os.path.join(path, f), "rb"))
                        for f in sorted(files)])


def check_mail(rel, recs, got, declared, declared_depth):
    """Every message, every parent; subject-grouped ones checked apart."""
    gotmap = {c["id"]: c for c in got}
    byid = {r["id"]: r for r in recs}
    synth = [c for c in got if c["id"].startswith("tm-")]
    wrong, missing = [], [r["id"] for r in recs if r["id"] is not None and r["id"] not in gotmap]
    if len(synth) != sum(r["id"] is None for r in recs):
        wrong.append(("no Message-ID", sum(r["id"] is None for r in recs), len(synth)))
    for r in recs:
        cs = [c for c in synth if c["parent"] is None] if r["id"] is None else [gotmap.get(r["id"])]
        c = cs[0] if cs and cs[0] else None
        if c is None:
            continue
        if "subject_grouped" in c["flags"]:
            a = byid.get(c["parent"])
            ok = (r["parent"] is None and r["reply"] and a is not None and not a["reply"] and
                  a["key"] == r["key"] and (a["time"] is None or r["time"] is None or a["time"] <= r["time"]))
            if not ok:
                wrong.append((r["id"], "subject", c["parent"]))
        elif c["parent"] != r["parent"]:
            wrong.append((r["id"], r["parent"], c["parent"]))
        # the fallback is taken whenever it applies
        elif r["parent"] is None and r["reply"] and r["key"] and any(
                not o["reply"] and o["key"] == r["key"] and o["id"] != r["id"] and
                (o["time"] is None or r["time"] is None or o["time"] <= r["time"]) for o in recs):
            wrong.append((r["id"], "subject fallback missed", None))
        tree_want = c["parent"] if c["parent"] in gotmap else None
        if c["tree_parent"] != tree_want:
            wrong.append((r["id"], "tree:%s" % tree_want, "tree:%s" % c["tree_parent"]))
        if ("thread_root" in c["flags"]) != (tree_want is None):
            wrong.append((r["id"], "thread_root", c["flags"]))
    depth = max((c["depth"] for c in got), default=0)
    # the fixtures README counts a thread's first message as depth 0
    ok = (not missing and not wrong and len(got) == len(recs) and declared in (None, len(recs))
          and declared_depth in (None, depth - 1))
    if declared not in (None, len(recs)):
        print("     the fixtures README says %d messages, the source holds %d" % (declared, len(recs)))
    print("%s %-70s %d/%d messages, %d parents right (%d by subject), max depth %d (README %s)%s" % (
        "ok  " if ok else "FAIL", rel, len(recs) - len(missing), len(recs),
        len(recs) - len(missing) - len({w[0] for w in wrong}),
        sum("subject_grouped" in c["flags"] for c in got), depth - 1, declared_depth,
        "" if ok else "; missing %s wrong %s got %d" % (missing[:3], wrong[:3], len(got))))
    return ok


MAIL = {"mbox": expect_mbox, "maildir": expect_maildir}

CHECKS = {"hn-html": expect_hn_html, "hn-api-json": expect_hn_json,
          "hn-ndjson": expect_hn_json, "reddit-json": expect_reddit_json,
          "discourse-json": expect_discourse}
# formats whose fixtures README counts the opening post among the records
STORY_COUNTED = {"discourse-json"}

# The fixtures README states each file's true comment count: hold the
# independent count above to it as well.
readme_counts, readme_depths = {}, {}
readme = os.path.join(root, "README.md")
if os.path.exists(readme):
    for line in open(readme, encoding="utf-8"):
        cells = [c.strip() for c in line.split("|")]
        if len(cells) > 5:
            m = re.match(r"(\d[\d,]*)", cells[4])
            dm = re.match(r"(\d+)$", cells[5])
            for f in cells[2].split(","):
                if m and f.strip():
                    readme_counts[f.strip().rstrip("/")] = int(m.group(1).replace(",", ""))
                    if dm:
                        readme_depths[f.strip().rstrip("/")] = int(dm.group(1))

failed = checked = 0
for sub in sorted(os.listdir(root)):
    d = os.path.join(root, sub)
    if not os.path.isdir(d):
        continue
    for name in sorted(os.listdir(d)):
        path = os.path.join(d, name)
        rel = sub + "/" + name
        if sub in MAIL:
            p = subprocess.run([cli, "parse", "--ndjson", "-q", path], capture_output=True)
            checked += 1
            if p.returncode != 0:
                print("FAIL %-70s exit %d: %s" % (rel, p.returncode, p.stderr.decode().strip()))
                failed += 1
                continue
            got = [json.loads(l) for l in p.stdout.decode().splitlines()]
            failed += not check_mail(rel, MAIL[sub](path), got, readme_counts.get(rel),
                                     readme_depths.get(rel))
            continue
        if sub not in CHECKS:
            print("--   %-70s format not supported yet" % rel)
            continue
        want, story = CHECKS[sub](path)
        p = subprocess.run([cli, "parse", "--ndjson", "-q", path], capture_output=True)
        if p.returncode != 0:
            print("FAIL %-70s exit %d: %s" % (rel, p.returncode, p.stderr.decode().strip()))
            failed += 1
            continue
        got = [json.loads(l) for l in p.stdout.decode().splitlines()]
        gotmap = {c["id"]: c for c in got}
        missing = [i for i, _ in want if i not in gotmap]
        wrong = []
        for cid, parent in want:
            c = gotmap.get(cid)
            if c is None:
                continue
            # the source's parent id is reported as is
            if c["parent"] != parent:
                wrong.append((cid, parent, c["parent"]))
            # and the tree agrees: a comment replying to another comment
            # that is in the file hangs under it; one replying to the story
            # or to a comment not in the file is top-level
            tree_want = parent if parent in gotmap else None
            if c["tree_parent"] != tree_want:
                wrong.append((cid, "tree:%s" % tree_want, "tree:%s" % c["tree_parent"]))
        extra = len(got) - len(want)
        checked += 1
        declared = readme_counts.get(rel)
        held = len(want) + (1 if sub in STORY_COUNTED else 0)
        ok = not missing and not wrong and extra == 0 and declared in (None, held)
        if declared not in (None, held):
            print("     the fixtures README says %d records, the source holds %d" % (declared, held))
        failed += not ok
        print("%s %-70s %d/%d comments, %d parents right%s" % (
            "ok  " if ok else "FAIL", rel, len(want) - len(missing), len(want),
            len(want) - len(missing) - len({w[0] for w in wrong}),
            "" if ok else "; missing %s wrong %s extra %d" % (missing[:3], wrong[:3], extra)))
print("%d passed, %d failed" % (checked - failed, failed))
sys.exit(1 if failed else 0)
