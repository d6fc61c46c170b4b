#!/usr/bin/env python3
"""Conformance: every real fixture in ../shared/fixtures of a supported format
parses with every comment the source holds and each comment's correct parent.

The expected comments and parents are computed here, independently of
threadmap's parsers (Python's json and html.parser), from the source file
itself (Python's xml.etree for the XML formats).  Prints one line per file.  Exits 77 (ctest: skipped) when the
fixtures folder is absent, as it is in a user's clone.

usage: check_fixtures.py THREADMAP_CLI FIXTURES_DIR
"""
import html
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


# The XML formats: sources of several threads.  Each expect_* returns the
# (id, parent) pairs, the story id (when the source holds one thread, its
# first item is the story), and the source's record count as the fixtures
# README states it; EXTRA[path] lists further checks: thread roots, authors.
EXTRA = {}


def _local(tag):
    return tag.rsplit("}", 1)[-1]


def _ns(tag):
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def _one_thread(out, roots):
    """A source of one thread: its root is the story, not a comment."""
    if len(roots) == 1:
        return [o for o in out if o[0] != roots[0]], roots[0]
    return out, None


def expect_stackexchange(path):
    """Questions are roots, answers hang under ParentId, comments of a
    sibling Comments.xml under PostId; other post types are skipped."""
    import xml.etree.ElementTree as ET
    rows = list(ET.parse(path).getroot())
    out, roots, authors = [], [], {}
    for r in rows:
        t = r.get("PostTypeId")
        if t not in ("1", "2"):
            continue
        out.append((r.get("Id"), r.get("ParentId") if t == "2" else None))
        if t == "1":
            roots.append(r.get("Id"))
        name = r.get("OwnerDisplayName") or (r.get("OwnerUserId") and "user:" + r.get("OwnerUserId"))
        authors[r.get("Id")] = (name, bool(r.get("Body", "").strip()))
    d, b = os.path.split(path)
    if "Posts" in b:
        cpath = os.path.join(d, "Comments".join(b.rsplit("Posts", 1)))
        if os.path.exists(cpath):
            for r in ET.parse(cpath).getroot():
                cid = "comment:" + r.get("Id")
                out.append((cid, r.get("PostId")))
                authors[cid] = (r.get("UserDisplayName") or "user:" + r.get("UserId", ""),
                                bool(r.get("Text", "").strip()))
    out, story = _one_thread(out, roots)
    EXTRA[path] = (set(roots) if story is None else set(), authors)
    return out, story, len(rows)


def expect_wxr(path):
    """Each item with wp:comment children is a thread rooted at
    "post:<wp:post_id>" (else "item:<N>"); comment_parent 0 is the post; a
    comment id an earlier post used is renamed "<id>@<root>"."""
    import xml.etree.ElementTree as ET
    root = ET.parse(path).getroot()
    out, roots, authors, seen, ncom = [], [], {}, set(), 0
    items = [e for e in root.iter() if e.tag == "item"]
    for n, item in enumerate(items, 1):
        wp = lambda e, name: next((k for k in e if _local(k.tag) == name and
                                   "wordpress.org/export/" in _ns(k.tag)), None)
        text = lambda e: (e.text or "").strip() if e is not None else ""
        comments = [k for k in item if _local(k.tag) == "comment" and "wordpress.org/export/" in _ns(k.tag)]
        if not comments:
            continue
        rid = "post:" + text(wp(item, "post_id")) if text(wp(item, "post_id")) else "item:%d" % n
        roots.append(rid)
        out.append((rid, None))
        renamed, mine = {}, []
        for c in comments:
            ncom += 1
            cid = text(wp(c, "comment_id"))
            if cid in seen:
                renamed[cid] = cid + "@" + rid
                cid = renamed[cid]
            mine.append(cid)
            par = text(wp(c, "comment_parent"))
            out.append((cid, rid if par in ("", "0") else renamed.get(par, par)))
            authors[cid] = (html.unescape(text(wp(c, "comment_author"))) or None,
                            bool(text(wp(c, "comment_content"))))
        seen.update(mine)
    out, story = _one_thread(out, roots)
    EXTRA[path] = (set(roots) if story is None else set(), authors)
    return out, story, ncom


def expect_disqus(path):
    """Posts under <parent dsq:id>, else under their thread
    "thread:<dsq:id>"; threads with posts are roots."""
    import xml.etree.ElementTree as ET
    DSQ = "{http://disqus.com/disqus-internals}id"
    root = ET.parse(path).getroot()
    posts = [e for e in root if _local(e.tag) == "post"]
    threads = [e.get(DSQ) for e in root if _local(e.tag) == "thread"]
    out, authors, used = [], {}, set()
    for p in posts:
        th = next((k for k in p if _local(k.tag) == "thread"), None)
        par = next((k for k in p if _local(k.tag) == "parent"), None)
        tid = "thread:" + th.get(DSQ) if th is not None else None
        used.add(tid)
        out.append((p.get(DSQ), par.get(DSQ) if par is not None else tid))
        a = next((k for k in p if _local(k.tag) == "author"), None)
        name = next(((k.text or "").strip() for k in a if _local(k.tag) == "name"), None) if a is not None else None
        msg = next(((k.text or "").strip() for k in p if _local(k.tag) == "message"), "")
        authors[p.get(DSQ)] = (name or None, bool(msg))
    roots = ["thread:" + t for t in dict.fromkeys(threads) if "thread:" + t in used]
    out = [(r, None) for r in roots] + out
    out, story = _one_thread(out, roots)
    EXTRA[path] = (set(roots) if story is None else set(), authors)
    return out, story, len(posts)


def check_extra(path, gotmap):
    """Thread roots flagged, and every comment's author and text as the
    source gives them."""
    roots, authors = EXTRA.get(path, (set(), {}))
    bad = [r for r in roots if r in gotmap and "thread_root" not in gotmap[r]["flags"]]
    for cid, (author, has_text) in authors.items():
        c = gotmap.get(cid)
        if c is not None and (c["author"] != author or bool(c["text"]) != has_text):
            bad.append((cid, author, c["author"], has_text))
    return bad


class RedditPage(html.parser.HTMLParser):
    """Comment containers of a saved new-Reddit (2018 design) page: the
    div whose id is exactly t1_<id>, its screen-reader "level N" text, and
    whether it holds a rendered body (data-testid="comment")."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows = []        # [id, level, has_body]
        self.story = None
        self.want_level = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        i = a.get("id") or ""
        if tag == "div" and a.get("data-testid") == "post-container" and i.startswith("t3_") and not self.story:
            self.story = i[3:]
        elif tag == "div" and re.fullmatch(r"t1_[a-z0-9]+", i):
            self.rows.append([i[3:], None, False])
            self.want_level = True
        elif self.rows and a.get("data-testid") == "comment":
            self.rows[-1][2] = True

    def handle_data(self, data):
        m = re.fullmatch(r"\s*level (\d+)\s*", data)
        if m and self.rows and self.want_level:
            self.rows[-1][1] = int(m.group(1))
            self.want_level = False


def expect_reddit_html(path):
    """Parents from the "level N" labels (a level-2 comment answers the
    level-1 comment above it), independent of the parser's thread lines.
    The fixtures README counts rendered comments: those with a body (a
    deleted comment keeps its place in the tree but shows no body)."""
    p = RedditPage()
    p.feed(open(path, encoding="utf-8", errors="replace").read())
    out, stack = [], []
    for cid, level, _ in p.rows:
        del stack[level - 1:]
        out.append((cid, stack[-1] if stack else p.story))
        stack.append(cid)
    return out, p.story, sum(1 for r in p.rows if r[2])




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

CHECKS = {"reddit-html": expect_reddit_html, "hn-html": expect_hn_html, "hn-api-json": expect_hn_json,
          "hn-ndjson": expect_hn_json, "reddit-json": expect_reddit_json,
          "discourse-json": expect_discourse, "stackexchange-xml": expect_stackexchange,
          "wordpress-wxr": expect_wxr, "disqus-xml": expect_disqus}
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
        res = CHECKS[sub](path)
        want, story = res[0], res[1]
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
        held = res[2] if len(res) > 2 else len(want) + (1 if sub in STORY_COUNTED else 0)
        wrong += check_extra(path, gotmap)
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
