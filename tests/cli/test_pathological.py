"""Generated pathological threads (never checked in, as cmark does): very
deep chains, very wide threads, cycles, missing parents, invalid UTF-8,
nesting past the JSON parser's limit.  None may crash or hang."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from clitest import check, finish, ndjson, run, tmpfile  # noqa: E402

# a 100,000-deep reply chain
N = 100000
lines = ['{"id":"c%d","parent":%s,"author":"u%d","text":"reply %d"}' % (
    i, "null" if i == 0 else '"c%d"' % (i - 1), i % 7, i) for i in range(N)]
p = tmpfile("\n".join(lines) + "\n")
rc, out, err = run(["stats", "--json", p])
s = json.loads(out) if rc == 0 else {}
check(rc == 0 and s.get("comments") == N and s.get("max_depth") == N,
      "100k chain: rc %d %s" % (rc, out[:200]))
rc, out, err = run(["parse", "--ndjson", p])
rows = ndjson(out) if rc == 0 else []
check(len(rows) == N and rows[-1]["depth"] == N and rows[-1]["tree_parent"] == "c%d" % (N - 2),
      "100k chain pre-order output")
os.unlink(p)

# 200,000 siblings, as CSV
rows = ["id,parent,author,time,text"] + ["s%d,,user%d,%d,sibling %d" % (i, i % 1000, 1700000000 + i, i) for i in range(200000)]
p = tmpfile("\n".join(rows) + "\n")
rc, out, err = run(["stats", "--json", p])
s = json.loads(out) if rc == 0 else {}
check(rc == 0 and s.get("comments") == 200000 and s.get("top_level") == 200000 and
      s.get("participants") == 1000 and s.get("max_depth") == 1, "200k siblings: %s" % out[:200])
os.unlink(p)

# cycles (a->b->c->a, and d->d), a missing parent, a duplicate id
nd = "\n".join([
    '{"id":"root","parent":null,"text":"top"}',
    '{"id":"a","parent":"c","text":"in a cycle"}',
    '{"id":"b","parent":"a","text":"in a cycle"}',
    '{"id":"c","parent":"b","text":"in a cycle"}',
    '{"id":"d","parent":"d","text":"its own parent"}',
    '{"id":"e","parent":"gone","text":"parent missing"}',
    '{"id":"b","parent":"root","text":"duplicate id"}',
]) + "\n"
p = tmpfile(nd)
rc, out, err = run(["parse", "--ndjson", p])
rows = {r["id"]: r for r in ndjson(out)} if rc == 0 else {}
check(rc == 0 and len(rows) == 6, "cycles: rc %d, %d comments" % (rc, len(rows)))
if rows:
    check("cycle" in rows["a"]["flags"] and rows["a"]["tree_parent"] is None, "first member of the cycle detached")
    check(rows["b"]["tree_parent"] == "a" and rows["c"]["tree_parent"] == "b", "rest of the cycle kept")
    check(rows["c"]["depth"] == 3, "depth after the repair")
    check("cycle" in rows["d"]["flags"], "self-parent detached")
    check("orphan" in rows["e"]["flags"] and rows["e"]["parent"] == "gone", "orphan keeps its source parent")
    check(rows["b"]["text"] == "in a cycle", "duplicate: the first record is kept")
check("parent links form a cycle" in err and "is not in the input" in err and "duplicate comment id" in err,
      "warnings printed: %s" % err)
check(":7:1: warning: duplicate" in err, "warning carries the line: %s" % err)
rc2, _, err2 = run(["parse", "-q", p])
check(rc2 == 0 and err2 == "", "-q silences warnings")

# invalid UTF-8 is replaced and counted, never fatal
bad = b'id,parent,author,text\n1,,ann,"caf\xe9 \xc0\xaf ok \xed\xa0\x80"\n2,1,b\xffob,"fine"\n'
p = tmpfile(bad)
rc, out, err = run(["parse", p])
doc = json.loads(out) if rc == 0 else {}
check(rc == 0 and doc["counts"]["invalid_utf8"] == 4, "invalid utf-8 counted: %s" % out[:300])
if doc:
    check(doc["comments"][0]["text"] == "caf\ufffd \ufffd ok \ufffd", "U+FFFD in text: %r" % doc["comments"][0]["text"])
    check(doc["comments"][1]["author"] == "b\ufffdob", "U+FFFD in author")

# HN Algolia nesting deeper than the JSON parser's limit: an error, not a crash
deep = '{"id":1,"type":"story","title":"t","children":[' * 1 + ''.join(
    '{"id":%d,"author":"x","text":"t","children":[' % (i + 2) for i in range(1500)) + "]}" * 1501
p = tmpfile(deep)
rc, out, err = run(["parse", p])
check(rc == 5 and "malformed JSON" in err, "1500-deep JSON nesting: rc %d %s" % (rc, err.strip()))
# a deep but legal one works
deep = '{"id":1,"type":"story","title":"t","children":[' + ''.join(
    '{"id":%d,"author":"x","text":"t","children":[' % (i + 2) for i in range(400)) + "]}" * 400 + "]}"
p = tmpfile(deep)
rc, out, err = run(["stats", "--json", p])
check(rc == 0 and json.loads(out)["max_depth"] == 400, "400-deep Algolia: %s %s" % (out[:100], err))

# deeply nested HTML inside an HN page
page = ('<html><body><table class="fatitem"><tr class="athing submission" id="1"><td class="title">'
        '<span class="titleline"><a href="https://x">T</a></span></td></tr></table><table class="comment-tree">'
        '<tr class="athing comtr" id="2"><td><table><tr><td class="ind" indent="0"></td><td>'
        '<span class="comhead"><a class="hnuser">ann</a></span><div class="commtext c00">' + "<i>" * 20000 +
        "deep" + "</i>" * 20000 + '</div></td></tr></table></td></tr></table></body></html>')
p = tmpfile(page)
rc, out, err = run(["parse", p])
check(rc == 0 and b'"text":"deep"' in out, "deep HTML nesting: rc %d %s" % (rc, err[:200]))
finish()
