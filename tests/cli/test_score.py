"""`threadmap score`: a thread with scores, one text, lines; external
lexicons; explanations; determinism; errors."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from clitest import SAMPLES, check, finish, ndjson, run, tmpfile  # noqa: E402

sample = os.path.join(SAMPLES, "reddit_orca_launch.json")
rc, out, err = run(["score", "-q", sample])
doc = json.loads(out) if rc == 0 else {}
check(rc == 0 and len(doc.get("comments", [])) == 60, "score FILE: %d %s" % (rc, err))
labels = {c["sentiment"]["label"] for c in doc.get("comments", [])}
check(labels == {"positive", "negative", "neutral"}, "all three labels occur: %s" % labels)
for c in doc.get("comments", []):
    s = c["sentiment"]
    ok = -1 <= s["compound"] <= 1 and abs(s["pos"] + s["neu"] + s["neg"] - 1) < 0.01 or \
        (s["pos"] == s["neu"] == s["neg"] == 0)
    check(ok, "sentiment fields of %s: %s" % (c["id"], s))
    if c["flags"] and "deleted" in c["flags"]:
        check(s["compound"] == 0, "deleted comment scores 0")
rc2, out2, _ = run(["score", "-q", sample])
check(out == out2, "same input, same bytes")

# quotes are not the replier's words: a reply quoting an insult and agreeing
rows = ndjson(run(["score", "-q", "--ndjson", "--explain", os.path.join(SAMPLES, "orca_launch.ndjson")])[1])
check(all("explain" in r for r in rows), "--explain adds explanations")
quoting = [r for r in rows if "quotes" in r["flags"]]
for r in quoting:
    qs = [(s["start"], s["end"]) for s in r["spans"] if s["kind"] == "quote"]
    for tok in r["explain"]["tokens"]:
        inside = any(a <= tok["start"] < b for a, b in qs)
        check(not inside, "%s: token %r inside a quote was scored" % (r["id"], tok["text"]))

rc, out, _ = run(["score", "--text", "The screen is great but the battery is awful."])
check(rc == 0 and json.loads(out)["compound"] < 0, "--text: %s" % out)
rc, out, _ = run(["score", "--text", "Great job. /s", "--explain"])
o = json.loads(out)
check(o["compound"] < 0 and "sarcasm" in o["explain"]["sentences"][0]["rules"], "sarcasm explained: %s" % out)

lines = b"I love it\nI hate it\n\nmeh \xff\xfe broken bytes\nthe meeting is at noon\n"
rc, out, _ = run(["score", "--lines"], stdin=lines)
got = ndjson(out)
check(rc == 0 and len(got) == 5, "--lines: one object per line (%d)" % len(got))
if len(got) == 5:
    check(got[0]["compound"] > 0.3 and got[1]["compound"] < -0.3 and got[2]["compound"] == 0 and
          got[4]["compound"] == 0, "--lines values: %s" % got)

# external lexicons: VADER's format alone, AFINN's layered over the default
vader = tmpfile("frobnicate\t3.1\t0.7\t[3, 3, 4, 3, 2, 3, 4, 3, 3, 3]\n")
rc, out, _ = run(["score", "--lexicon", vader, "--text", "we frobnicate daily"])
check(rc == 0 and json.loads(out)["compound"] > 0.5, "VADER-format lexicon: %s" % out)
rc, out, _ = run(["score", "--lexicon", vader, "--text", "I love it"])
check(rc == 0 and json.loads(out)["compound"] == 0, "--lexicon replaces the default: %s" % out)
afinn = tmpfile("frobnicate\t-5\nlove\t-3\n")
rc, out, _ = run(["score", "--lexicon-add", afinn, "--text", "we frobnicate and I love it"])
check(rc == 0 and json.loads(out)["compound"] < -0.5, "AFINN layered: %s" % out)
bad = tmpfile("# my lexicon\nok\t1\nno tab here\n")
rc, out, err = run(["score", "--lexicon", bad, "--text", "x"])
check(rc == 5 and (bad + ":3:1:") in err, "bad lexicon: %d %s" % (rc, err))
rc, _, err = run(["score"])
check(rc == 2, "score without input: usage")
rc, _, err = run(["score", "/nonexistent.json"])
check(rc == 3, "score missing file: %d" % rc)
finish()
