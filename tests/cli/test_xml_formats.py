"""The XML formats (stackexchange-xml, wxr, disqus-xml) through the CLI:
detection, the thread-root convention (several threads -> roots flagged
thread_root; one thread -> the story), Comments.xml beside Posts.xml, in a
folder or concatenated on stdin, statuses (spam, trash, deleted), text
spans, and the error contract for malformed XML (file:line:col, exit
codes).  Expected values are written out here or read from the sample with
Python's xml.etree, never from threadmap's own output."""
import json
import os
import re
import shutil
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(__file__))
from clitest import SAMPLES, check, finish, ndjson, run, tmpfile  # noqa: E402

POSTS = os.path.join(SAMPLES, "stackexchange_Posts.xml")
COMMENTS = os.path.join(SAMPLES, "stackexchange_Comments.xml")
WXR = os.path.join(SAMPLES, "wordpress_export.xml")
DISQUS = os.path.join(SAMPLES, "disqus_export.xml")


def doc(args):
    rc, out, err = run(["parse", "-q"] + args)
    check(rc == 0, "%s: exit %d %s" % (args, rc, err))
    return json.loads(out) if rc == 0 else {"thread": {}, "counts": {}, "comments": []}


def byid(d):
    return {c["id"]: c for c in d["comments"]}


def span_text(c, kind):
    b = c["text"].encode()
    return [b[s["start"]:s["end"]].decode() for s in c["spans"] if s["kind"] == kind]


# ---------------------------------------------------------------- detection
for path, fmt in ((POSTS, "stackexchange-xml"), (COMMENTS, "stackexchange-xml"),
                  (WXR, "wxr"), (DISQUS, "disqus-xml")):
    d = doc([path])
    check(d.get("format") == fmt, "%s detected as %s" % (os.path.basename(path), d.get("format")))

# ------------------------------------------------------ Stack Exchange dump
rows = list(ET.parse(POSTS).getroot())
crow = list(ET.parse(COMMENTS).getroot())
qa = [r for r in rows if r.get("PostTypeId") in ("1", "2")]
questions = [r.get("Id") for r in rows if r.get("PostTypeId") == "1"]
d = doc([POSTS])
got = byid(d)
check(d["counts"]["comments"] == len(qa) + len(crow), "posts + sibling comments: %d" % d["counts"]["comments"])
check(d["counts"]["threads"] == len(questions) == 3, "one thread per question: %s" % d["counts"]["threads"])
check(d["thread"]["id"] is None and d["thread"]["title"] == "stackexchange_Posts.xml",
      "several threads: the source is the story: %s" % d["thread"])
for r in qa:
    c = got.get(r.get("Id"))
    check(c is not None, "post %s kept" % r.get("Id"))
    if c is None:
        continue
    want_parent = r.get("ParentId") if r.get("PostTypeId") == "2" else None
    check(c["parent"] == want_parent, "post %s parent %s, want %s" % (r.get("Id"), c["parent"], want_parent))
    want_author = r.get("OwnerDisplayName") or "user:" + r.get("OwnerUserId")
    check(c["author"] == want_author, "post %s author %s" % (r.get("Id"), c["author"]))
    check(c["score"] == int(r.get("Score")), "post %s score" % r.get("Id"))
    check(c["time"] == r.get("CreationDate")[:19] + "Z", "post %s time %s" % (r.get("Id"), c["time"]))
    if r.get("PostTypeId") == "1":
        check("thread_root" in c["flags"] and c["text"].startswith(r.get("Title") + "\n\n"),
              "question %s: root with its title first" % r.get("Id"))
for r in crow:
    c = got.get("comment:" + r.get("Id"))
    check(c is not None and c["parent"] == r.get("PostId") and c["text"] == r.get("Text").replace("`", ""),
          "comment %s under post %s" % (r.get("Id"), r.get("PostId")))
check(got["12"]["flags"] == ["orphan"] and got["12"]["tree_parent"] is None,
      "answer to an absent question: orphan %s" % got["12"]["flags"])
check("orphan" in got["comment:109"]["flags"], "comment on an absent post: orphan")
check(span_text(got["3"], "code") == ["bottle cage bolts (M5): 2-3 Nm\nthread prep:           blue threadlocker, no grease"],
      "answer 3: <pre><code> is a code span: %s" % span_text(got["3"], "code"))
check(span_text(got["5"], "quote") == ["I mostly ride flat commutes."], "answer 5: blockquote is a quote span")
check("tight enough & what" in got["1"]["text"] and "28\u00a0mm" in got["9"]["text"] and "<- swap" in got["3"]["text"],
      "entities of the HTML body decoded")
check(span_text(got["comment:104"], "code") == ["2-3 Nm"], "comment `code` is a code span")
check(d["warnings"] and "skipped 2 rows" in d["warnings"][0]["message"], "tag wiki rows skipped with a warning")

# the sibling is optional; a folder, or both documents on stdin, work too
tmp = tempfile.mkdtemp(prefix="tm-se-")
alone = os.path.join(tmp, "Posts.xml")
shutil.copy(POSTS, alone)
d = doc([alone])
check(d["counts"]["comments"] == len(qa), "Posts.xml without Comments.xml: %d" % d["counts"]["comments"])
shutil.copy(COMMENTS, os.path.join(tmp, "Comments.xml"))
d = doc([alone])
check(d["counts"]["comments"] == len(qa) + len(crow), "Posts.xml picks up Comments.xml beside it")
d = doc([tmp])
check(d["counts"]["comments"] == len(qa) + len(crow) and d["thread"]["title"] == os.path.basename(tmp),
      "a dump folder: %s %s" % (d["counts"]["comments"], d["thread"]["title"]))
both = open(POSTS, "rb").read() + b"\n" + open(COMMENTS, "rb").read()
rc, out, err = run(["parse", "-q", "--ndjson", "-"], stdin=both)
check(rc == 0 and sorted(c["id"] for c in ndjson(out)) == sorted(got), "Posts.xml + Comments.xml on stdin: %d %s" % (rc, err))
d = doc([COMMENTS])
check(d["counts"]["comments"] == len(crow) and d["counts"]["orphans"] == len(crow), "Comments.xml alone: orphans")

# exactly one question: it is the story, its answers top-level
one = ('<?xml version="1.0" encoding="utf-8"?>\n<posts>\n'
       '  <row Id="7" PostTypeId="1" CreationDate="2024-01-01T00:00:00.000" Score="3" Body="&lt;p&gt;Why?&lt;/p&gt;" OwnerUserId="5" Title="One &amp;amp; only" />\n'
       '  <row Id="8" PostTypeId="2" ParentId="7" CreationDate="2024-01-01T01:00:00.000" Score="1" Body="&lt;p&gt;Because.&lt;/p&gt;" OwnerUserId="6" />\n'
       '</posts>\n')
d = doc([tmpfile(one, ".xml")])
check(d["thread"]["id"] == "7" and d["thread"]["title"] == "One &amp; only" and d["thread"]["text"] == "Why?"
      and d["thread"]["author"] == "user:5" and d["thread"]["score"] == 3 and d["counts"]["threads"] == 0,
      "one question is the story: %s" % d["thread"])
check([(c["id"], c["parent"], c["tree_parent"], c["flags"]) for c in d["comments"]] == [("8", "7", None, [])],
      "its answer hangs at the top: %s" % d["comments"])

# --ndjson: id, parent, author, text on every line
for path in (POSTS, WXR, DISQUS):
    rc, out, _ = run(["parse", "-q", "--ndjson", path])
    lines = ndjson(out)
    check(rc == 0 and lines and all({"id", "parent", "author", "text"} <= set(l) for l in lines),
          "%s: --ndjson carries id, parent, author, text" % os.path.basename(path))

# ------------------------------------------------------------------ WXR
d = doc([WXR])
got = byid(d)
check(d["thread"]["title"] == "Allotment Notes" and d["thread"]["url"] == "https://allotment-notes.example"
      and d["counts"]["threads"] == 2, "blog as the source: %s" % d["thread"])
check("post:2" not in got, "a page without comments is no thread")
root = got["post:41"]
check(root["flags"] == ["thread_root"] and [(s["kind"], s.get("url")) for s in root["spans"]][:1]
      == [("link", "https://allotment-notes.example/2024/03/no-dig/")], "post root: title linked to the post")
check("thread_root" in got["post:12"]["flags"] and got["post:12"]["text"].startswith("Seed list for 2024\n\n"),
      "second root titled too")
check(got["123"]["flags"] == ["dead"] and got["99"]["flags"] == ["deleted"] and got["99"]["text"],
      "spam is dead, trash deleted with its text kept")
check(got["122"]["author"] == "Green Fingers Weekly \u00bb No-dig roundup" and got["122"]["text"].startswith("[\u2026] Maren\u2019s"),
      "pingback kept, references decoded: %r" % got["122"]["author"])
check(got["126"]["flags"] == [] and got["126"]["time"] == "2024-03-11T19:05:00Z", "pending kept, GMT date")
check(got["121"]["text"] == "> Cardboard is full of glue and ink.\n\nPlain brown cardboard uses starch glue these days, "
      "and I peel off the tape.\n\nGlossy printed boxes go to recycling instead.", "wpautop paragraphs: %r" % got["121"]["text"])
wx = ET.parse(WXR).getroot()
ns = {"wp": "http://wordpress.org/export/1.2/"}
for cm in wx.iter("{http://wordpress.org/export/1.2/}comment"):
    cid = cm.findtext("wp:comment_id", namespaces=ns)
    par = cm.findtext("wp:comment_parent", namespaces=ns)
    c = got.get(cid)
    check(c is not None and (par == "0") == c["parent"].startswith("post:") and (par == "0" or c["parent"] == par),
          "wxr comment %s parent %s" % (cid, par))

# one commented post: the post is the story
one_wxr = ('<?xml version="1.0"?>\n<rss xmlns:wp="http://wordpress.org/export/1.1/" '
           'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>B</title>\n'
           '<item><title>Only post</title><link>https://b.example/p</link><content:encoded>Body\ntext</content:encoded>'
           '<wp:post_id>5</wp:post_id>\n<wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_parent>0</wp:comment_parent>'
           '<wp:comment_author>A</wp:comment_author><wp:comment_content>Line one\nline two</wp:comment_content></wp:comment>\n'
           '</item><item><title>No comments</title><wp:post_id>6</wp:post_id></item></channel></rss>\n')
d = doc([tmpfile(one_wxr, ".xml")])
check(d["thread"]["id"] == "post:5" and d["thread"]["title"] == "Only post" and d["thread"]["url"] == "https://b.example/p"
      and d["thread"]["text"] == "Body\ntext", "one post is the story: %s" % d["thread"])
check([(c["id"], c["tree_parent"], c["text"]) for c in d["comments"]] == [("1", None, "Line one\nline two")],
      "its comment top-level, newline kept: %s" % d["comments"])

# a comment id an earlier post used (hand-made exports do this) is renamed,
# and the replies in its own post follow it
dup = ('<?xml version="1.0"?>\n<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel>\n'
       '<item><wp:post_id>1</wp:post_id><wp:comment><wp:comment_id>5</wp:comment_id></wp:comment></item>\n'
       '<item><wp:post_id>2</wp:post_id><wp:comment><wp:comment_id>5</wp:comment_id></wp:comment>\n'
       '<wp:comment><wp:comment_id>6</wp:comment_id><wp:comment_parent>5</wp:comment_parent></wp:comment></item>\n'
       '</channel></rss>\n')
p = tmpfile(dup, ".xml")
rc, out, err = run(["parse", "--ndjson", p])
check(rc == 0 and [(c["id"], c["parent"], c["depth"]) for c in ndjson(out)] ==
      [("post:1", None, 1), ("5", "post:1", 2), ("post:2", None, 1), ("5@post:2", "post:2", 2), ("6", "5@post:2", 3)]
      and re.search(re.escape(p) + r':4:1: warning: comment id "5" is used by an earlier post too', err),
      "renamed duplicate comment id: %s %s" % (out, err))

# ---------------------------------------------------------------- Disqus
d = doc([DISQUS])
got = byid(d)
ids = [c["id"] for c in d["comments"]]
check(d["counts"]["threads"] == 2 and "thread:9102269999" not in got, "threads with posts only")
check(ids[0] == "thread:9102265011" and got["thread:9102265777"]["text"].startswith(
    "An e-ink clock that runs a year on two AA cells\n\nBuild log"), "roots first, titled, message kept")
check(got["6310000202"]["flags"] == ["deleted"] and got["6310000202"]["text"] == "" and
      got["6310000230"]["parent"] == "6310000202", "deleted post kept with its reply")
check(got["6310000333"]["flags"] == ["dead"], "spam is dead")
check("\u2014" in got["6310000145"]["text"] and span_text(got["6310000145"], "quote") == ["A window and a small fan are plenty"],
      "HTML message: entity and blockquote")
dq = ET.parse(DISQUS).getroot()
DSQ = "{http://disqus.com/disqus-internals}id"
for p in dq.findall("{http://disqus.com}post"):
    par = p.find("{http://disqus.com}parent")
    th = p.find("{http://disqus.com}thread")
    want = par.get(DSQ) if par is not None else "thread:" + th.get(DSQ)
    check(got[p.get(DSQ)]["parent"] == want, "disqus post %s parent" % p.get(DSQ))
one_dq = ('<?xml version="1.0"?>\n<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n'
          '<post dsq:id="2"><message>&lt;p&gt;hi&lt;/p&gt;</message><author><name>x</name></author><thread dsq:id="1"/></post>\n'
          '<thread dsq:id="1"><link>https://s.example/a</link><title>T</title></thread>\n</disqus>\n')
d = doc([tmpfile(one_dq, ".xml")])
check(d["thread"]["id"] == "thread:1" and d["thread"]["title"] == "T" and d["thread"]["url"] == "https://s.example/a"
      and [(c["id"], c["parent"], c["tree_parent"], c["text"]) for c in d["comments"]] == [("2", "thread:1", None, "hi")],
      "one Disqus thread (after its post) is the story: %s %s" % (d["thread"], d["comments"]))

# ------------------------------------------------------------------ errors
PARSE, EMPTY = 5, 9


def expect(data, code, pattern, args=(), what="", suffix=".xml"):
    p = tmpfile(data, suffix)
    rc, out, err = run(["parse"] + list(args) + [p])
    check(rc == code, "%s: exit %d, wanted %d (%s)" % (what, rc, code, err.strip()))
    pat = pattern.replace("PATH", re.escape(p))
    check(re.search(pat, err) is not None, "%s: stderr %r does not match %r" % (what, err.strip(), pat))
    check(out == b"", "%s: wrote to stdout" % what)
    return err


for path in (POSTS, WXR, DISQUS):
    data = open(path, "rb").read()
    cut = data[: int(len(data) * 0.6)]
    line = cut.count(b"\n") + 1
    # libxml2 reports a cut document where the input ends (or where the
    # element it was in opened); never past the end
    err = expect(cut, PARSE, r"^threadmap: PATH:(\d+):(\d+): malformed XML: ", what="truncated " + os.path.basename(path))
    m = re.search(r":(\d+):(\d+): malformed", err)
    check(m is not None and 1 <= int(m.group(1)) <= line, "truncated: line %s within 1..%d" % (m and m.group(1), line))
    # the same through stdin (the buffer reader) at the same position
    rc, _, err2 = run(["parse", "-"], stdin=cut)
    check(rc == PARSE and m is not None and err2.startswith("threadmap: <stdin>:%s:%s: malformed XML" % m.groups()),
          "stdin: exit %d %s" % (rc, err2.strip()))

bad = '<?xml version="1.0"?>\n<posts>\n  <row Id="1" PostTypeId="1" Body="a" Title="t" />\n  <row Id="2" PostTypeId="2" ParentId="1" Body="5&nbsp;cm" />\n</posts>\n'
expect(bad, PARSE, r"^threadmap: PATH:4:\d+: malformed XML: Entity 'nbsp' not defined", what="undefined entity")
bad = '<?xml version="1.0"?>\n<disqus xmlns="http://disqus.com">\n<post><message>a & b</message></post>\n</disqus>\n'
expect(bad, PARSE, r"^threadmap: PATH:3:\d+: malformed XML: ", what="bare ampersand")
expect('<?xml version="1.0"?>\n<rss><channel><item></channel></rss>\n', PARSE, r"^threadmap: PATH:2:\d+: malformed XML: .*mismatch",
       args=["--format", "wxr"], what="mismatched tags")
expect('<?xml version="1.0"?>\n\n<feed><entry/></feed>\n', PARSE,
       r"^threadmap: PATH:3:1: not a Stack Exchange dump: the root element is <feed>", args=["--format", "stackexchange-xml"],
       what="wrong root, forced stackexchange-xml")
expect('<?xml version="1.0"?>\n<feed/>\n', PARSE, r"^threadmap: PATH:2:1: not a WordPress export", args=["-f", "wxr"], what="wrong root wxr")
expect('<?xml version="1.0"?>\n<rss/>\n', PARSE, r"^threadmap: PATH:2:1: not a Disqus export", args=["-f", "disqus-xml"], what="wrong root disqus")
expect("", EMPTY, r"^threadmap: PATH:1:1: input is empty", args=["-f", "stackexchange-xml"], what="empty file")
expect('<?xml version="1.0"?>\n', PARSE, r"^threadmap: PATH:\d+:\d+: malformed XML", args=["-f", "disqus-xml"], what="declaration only")

# an entity bomb in a doctype is refused by libxml2's amplification check
ents = '<!ENTITY lol "lol">' + "".join('<!ENTITY lol%d "%s">' % (i, ("&lol%d;" % (i - 1) if i > 1 else "&lol;") * 10)
                                       for i in range(1, 10))
expect('<?xml version="1.0"?>\n<!DOCTYPE posts [%s]>\n<posts>\n  <row Id="1" PostTypeId="1" Title="t" Body="&lol9;" />\n'
       '</posts>\n' % ents, PARSE, r"^threadmap: PATH:4:\d+: malformed XML: Detected an entity reference loop",
       what="billion laughs")

# missing ids: kept under a made-up id, with a warning at the record's line
noid = ('<?xml version="1.0"?>\n<posts>\n  <row PostTypeId="1" Body="q" Title="t" />\n'
        '  <row Id="2" PostTypeId="2" Body="orphan without parent" />\n  <row Id="3" PostTypeId="1" Body="q2" Title="u" />\n</posts>\n')
p = tmpfile(noid, ".xml")
rc, out, err = run(["parse", p])
check(rc == 0 and re.search(re.escape(p) + r":3:1: warning: post row without an Id; named it \"#1\"", err)
      and re.search(re.escape(p) + r":4:1: warning: answer \"2\" without a ParentId", err), "missing Id/ParentId: %s" % err)
check(rc == 0 and [c["id"] for c in json.loads(out)["comments"]] == ["#1", "2", "3"], "rows without ids kept")
noid = ('<?xml version="1.0"?>\n<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n'
        '<thread dsq:id="1"><title>a</title></thread>\n<post><message>x</message><thread dsq:id="1"/></post>\n</disqus>\n')
p = tmpfile(noid, ".xml")
rc, out, err = run(["parse", p])
check(rc == 0 and re.search(re.escape(p) + r":4:1: warning: a <post> without a dsq:id; named it \"#1\"", err), "disqus post without id: %s" % err)

# a broken Comments.xml beside Posts.xml is named in the message
tmp2 = tempfile.mkdtemp(prefix="tm-se-")
shutil.copy(POSTS, os.path.join(tmp2, "Posts.xml"))
with open(os.path.join(tmp2, "Comments.xml"), "wb") as f:
    f.write(open(COMMENTS, "rb").read()[:700])
rc, out, err = run(["parse", os.path.join(tmp2, "Posts.xml")])
check(rc == PARSE and re.search(re.escape(os.path.join(tmp2, "Comments.xml")) + r":\d+:\d+: malformed XML", err),
      "broken sibling named: %s" % err)
shutil.rmtree(tmp)
shutil.rmtree(tmp2)
finish()
