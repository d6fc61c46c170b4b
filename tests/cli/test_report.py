"""`threadmap report` and `threadmap compare` end to end.

The comparison table is checked against figures this test computes on its
own: comment counts, participants, depth and first-day counts from the raw
sample files read with Python's json module, and the shares of negative
comments, mean sentiment, disagreement rate and controversy from the
per-comment labels that `threadmap score` writes, never from threadmap's own
summary.  The intervals are recomputed here from their textbook formulas.
"""
import csv
import io
import json
import math
import os
import shutil
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(__file__))
from clitest import SAMPLES, check, finish, run, tmpfile  # noqa: E402

REDDIT = os.path.join(SAMPLES, "reddit_orca_launch.json")
NDJSON = os.path.join(SAMPLES, "orca_launch.ndjson")
HN = os.path.join(SAMPLES, "hn_orca_launch.html")
SVG = "{http://www.w3.org/2000/svg}"


# ---------------------------------------------------------------- independent figures

def reddit_raw(path):
    """comments, participants, max depth, comments in the first 24 h, from the raw file"""
    doc = json.load(open(path, encoding="utf-8"))
    post = doc[0]["data"]["children"][0]["data"]
    t0 = post["created_utc"]
    out = {"comments": 0, "authors": set(), "depth": 0, "first24": 0}

    def walk(listing, depth):
        for ch in listing["data"]["children"]:
            if ch["kind"] != "t1":
                continue
            d = ch["data"]
            out["comments"] += 1
            if d.get("author") and d["author"] != "[deleted]":
                out["authors"].add(d["author"])
            out["depth"] = max(out["depth"], depth)
            if 0 <= max(d["created_utc"] - t0, 0) < 86400:
                out["first24"] += 1
            if d.get("replies"):
                walk(d["replies"], depth + 1)

    walk(doc[1], 1)
    return out["comments"], len(out["authors"]), out["depth"], out["first24"]


def ndjson_raw(path):
    rows = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
    by_id = {r["id"]: r for r in rows}

    def depth(r):
        d = 1
        while r.get("parent") in by_id:
            r = by_id[r["parent"]]
            d += 1
        return d

    authors = {r["author"] for r in rows if r.get("author")}
    t0 = min(r["time"] for r in rows)  # no post row: the first comment starts the clock
    first24 = sum(1 for r in rows if r["time"] - t0 < 86400)
    return len(rows), len(authors), max(depth(r) for r in rows), first24


def label_figures(scored):
    """shares, mean and stance figures from the per-comment labels of `score` output"""
    pos = neu = neg = 0
    comps = []
    stance = {"agree": 0, "disagree": 0, "mixed": 0, "neutral": 0}
    for c in scored["comments"]:
        if "deleted" not in c["flags"] and c["text"]:
            lab = c["sentiment"]["label"]
            pos += lab == "positive"
            neu += lab == "neutral"
            neg += lab == "negative"
            comps.append(c["sentiment"]["compound"])
        if c.get("stance"):
            stance[c["stance"]["label"]] += 1
    rated = sum(stance.values())
    sided = stance["agree"] + stance["disagree"] + stance["mixed"]
    dis = (stance["disagree"] + stance["mixed"] / 2) / rated
    p = (stance["disagree"] + stance["mixed"] / 2) / sided
    return {
        "scored": len(comps), "positive": pos, "neutral_sent": neu, "negative": neg,
        "share_negative": neg / len(comps), "mean": sum(comps) / len(comps),
        "sd": math.sqrt(sum((x - sum(comps) / len(comps)) ** 2 for x in comps) / (len(comps) - 1)),
        "rated": rated, "disagreement_rate": dis, "controversy": 4 * p * (1 - p) * sided / rated,
        "dis_count": stance["disagree"] + stance["mixed"] / 2, **stance,
    }


def wilson(k, n, z=1.959964):
    p = k / n
    den = 1 + z * z / n
    mid = (p + z * z / (2 * n)) / den
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return max(0, mid - half), min(1, mid + half)


def close(a, b, tol):
    return a is not None and b is not None and abs(float(a) - float(b)) <= tol


def score_json(path):
    rc, out, err = run(["score", path])
    check(rc == 0, "score %s: rc %d %s" % (path, rc, err))
    return json.loads(out)


work = tempfile.mkdtemp(prefix="tm-report-")
try:
    # ------------------------------------------------------------ compare: figures
    scored_path = os.path.join(work, "reddit.scored.json")
    rc, out, err = run(["score", REDDIT, "-o", scored_path])
    check(rc == 0, "score -o: %s" % err)
    outdir = os.path.join(work, "cmp")
    rc, out, err = run(["compare", REDDIT, NDJSON, scored_path, "--label", "Reddit raw", "--label",
                        "NDJSON", "--label", "Reddit, scored", "--target", "Orca=Orca,Orca-2", "-o", outdir])
    check(rc == 0, "compare: rc %d %s" % (rc, err))
    check("already scored" in err, "compare warns that --target does not reach scored input: %s" % err)
    for name in ("compare.md", "compare.csv", "compare.json", "sentiment.svg", "disagreement.svg",
                 "first24h.svg", "targets.svg"):
        check(os.path.isfile(os.path.join(outdir, name)), "compare wrote %s" % name)
    rows = list(csv.DictReader(open(os.path.join(outdir, "compare.csv"), encoding="utf-8", newline="")))
    check([r["label"] for r in rows] == ["Reddit raw", "NDJSON", "Reddit, scored"], "CSV labels: %r" % [r["label"] for r in rows])
    cj = json.load(open(os.path.join(outdir, "compare.json"), encoding="utf-8"))
    check(len(cj["threads"]) == 3, "JSON holds three threads")

    expect = {
        "Reddit raw": (reddit_raw(REDDIT), label_figures(score_json(REDDIT))),
        "NDJSON": (ndjson_raw(NDJSON), label_figures(score_json(NDJSON))),
        "Reddit, scored": (reddit_raw(REDDIT), label_figures(json.load(open(scored_path, encoding="utf-8")))),
    }
    for row, th in zip(rows, cj["threads"]):
        (n, people, depth, first24), f = expect[row["label"]]
        lab = row["label"]
        for key, want in (("comments", n), ("participants", people), ("max_depth", depth),
                          ("comments_first_24h", first24), ("scored", f["scored"]), ("positive", f["positive"]),
                          ("neutral", f["neutral_sent"]), ("negative", f["negative"]), ("rated_replies", f["rated"]),
                          ("agree", f["agree"]), ("disagree", f["disagree"]), ("mixed", f["mixed"]), ("neutral_replies", f["neutral"])):
            check(int(row[key]) == want, "%s: CSV %s = %s, computed %s" % (lab, key, row[key], want))
        check(close(row["share_negative"], f["share_negative"], 6e-5), "%s: share_negative %s vs %.4f" % (lab, row["share_negative"], f["share_negative"]))
        check(close(row["mean_sentiment"], f["mean"], 6e-5), "%s: mean %s vs %.4f" % (lab, row["mean_sentiment"], f["mean"]))
        check(close(row["disagreement_rate"], f["disagreement_rate"], 6e-5), "%s: disagreement %s vs %.4f" % (lab, row["disagreement_rate"], f["disagreement_rate"]))
        check(close(row["controversy"], f["controversy"], 6e-5), "%s: controversy %s vs %.4f" % (lab, row["controversy"], f["controversy"]))
        lo, hi = wilson(f["negative"], f["scored"])
        check(close(row["share_negative_lo"], lo, 6e-5) and close(row["share_negative_hi"], hi, 6e-5),
              "%s: Wilson interval of the negative share %s-%s vs %.4f-%.4f" % (lab, row["share_negative_lo"], row["share_negative_hi"], lo, hi))
        lo, hi = wilson(f["dis_count"], f["rated"])
        check(close(row["disagreement_rate_lo"], lo, 6e-5) and close(row["disagreement_rate_hi"], hi, 6e-5),
              "%s: Wilson interval of the disagreement rate" % lab)
        half = 1.959964 * f["sd"] / math.sqrt(f["scored"])
        check(close(row["mean_sentiment_lo"], f["mean"] - half, 2e-4), "%s: interval of the mean" % lab)
        check(float(row["controversy_lo"]) <= f["controversy"] <= float(row["controversy_hi"]),
              "%s: the bootstrap interval holds the controversy" % lab)
        check(row["small_sample"] == ("1" if f["scored"] < 30 else "0"), "%s: small_sample flag" % lab)
        # JSON agrees with the CSV
        check(th["comments"] == n and th["participants"] == people, "%s: JSON counts" % lab)
        check(th["sentiment_counts"] == {"positive": f["positive"], "neutral": f["neutral_sent"], "negative": f["negative"]},
              "%s: JSON sentiment counts" % lab)
        check(sum(h["comments"] for h in th["first_24h"]) == first24, "%s: hourly counts sum to the first day" % lab)

    # targets: counted from the per-comment target fields of the score output
    rc, out, err = run(["score", REDDIT, "--target", "Orca=Orca,Orca-2"])
    tj = json.loads(out)
    tcom = [c["targets"]["Orca"]["sentiment"] for c in tj["comments"] if c.get("targets", {}).get("Orca", {}).get("mentions")]
    check(int(rows[0]["target:Orca:comments"]) == len(tcom), "target comments %s vs %d" % (rows[0]["target:Orca:comments"], len(tcom)))
    check(close(rows[0]["target:Orca:mean"], sum(tcom) / len(tcom), 2e-4), "target mean")
    check(rows[2]["target:Orca:comments"] == "", "a scored input without the target leaves it empty")

    # differences: the raw and the scored Reddit thread are the same thread
    diffs = {d["thread"]: d for d in cj["differences"]}
    same = diffs["Reddit, scored"]
    check(abs(same["share_negative"]["difference"]) < 1e-9 and "within noise" in same["share_negative"]["note"],
          "identical threads differ by nothing: %r" % same["share_negative"])
    check(same["share_negative"]["n"] == [expect["Reddit, scored"][1]["scored"]] * 2, "differences carry their n")
    md = open(os.path.join(outdir, "compare.md"), encoding="utf-8").read()
    check("| Reddit raw |" in md and "| NDJSON |" in md, "Markdown table rows carry the labels")
    check("Differences from the first thread" in md and "95% CI" in md, "Markdown notes the differences with intervals")
    check("](sentiment.svg)" in md and "](first24h.svg)" in md, "Markdown links the charts relatively")

    # charts are well-formed SVG with the right marks
    s = ET.parse(os.path.join(outdir, "sentiment.svg")).getroot()
    segs = [r for r in s.iter(SVG + "rect") if r.find(SVG + "title") is not None]
    check(len(segs) == 9, "three stacked segments per thread: %d" % len(segs))
    texts = [t.text or "" for t in s.iter(SVG + "text")]
    check("Reddit, scored" in texts and "NDJSON" in texts, "bar labels")
    h = ET.parse(os.path.join(outdir, "first24h.svg")).getroot()
    check(len(list(h.iter(SVG + "polyline"))) >= 4, "hourly lines for every thread (two panels)")
    d = ET.parse(os.path.join(outdir, "disagreement.svg")).getroot()
    check(any("whiskers" in (t.text or "") for t in d.iter(SVG + "text")), "disagreement chart has interval whiskers")

    # a small thread is flagged as such
    small = tmpfile('{"id":"a","parent":null,"author":"x","time":1700000000,"text":"This is great, I love it."}\n'
                    '{"id":"b","parent":"a","author":"y","time":1700000100,"text":"No, that is just wrong. Awful."}\n', ".ndjson")
    out2 = os.path.join(work, "cmp2")
    rc, out, err = run(["compare", REDDIT, small, "-o", out2, "-q"])
    check(rc == 0, "compare with a tiny thread: %s" % err)
    md2 = open(os.path.join(out2, "compare.md"), encoding="utf-8").read()
    check("small sample" in md2 and "⚠ small" in md2, "tiny thread flagged small")
    os.unlink(small)

    # hostile labels stay data in every format
    evil = '<script>alert(1)</script>,"|*'
    out3 = os.path.join(work, "cmp3")
    rc, out, err = run(["compare", NDJSON, "--label", evil, "-o", out3, "-q"])
    check(rc == 0, "compare with a hostile label")
    r3 = list(csv.DictReader(open(os.path.join(out3, "compare.csv"), encoding="utf-8", newline="")))
    check(r3[0]["label"] == evil, "CSV round-trips the label: %r" % r3[0]["label"])
    check(json.load(open(os.path.join(out3, "compare.json"), encoding="utf-8"))["threads"][0]["label"] == evil, "JSON round-trips it")
    check("<script>" not in open(os.path.join(out3, "compare.md"), encoding="utf-8").read(), "Markdown escapes it")
    ET.parse(os.path.join(out3, "sentiment.svg"))  # still well-formed

    # errors: usage, unreadable input, malformed scored JSON with a position
    rc, out, err = run(["compare", REDDIT])
    check(rc == 2 and "-o" in err, "compare without -o is a usage error")
    rc, out, err = run(["compare", os.path.join(work, "nope.json"), "-o", os.path.join(work, "x")])
    check(rc == 3, "missing input: exit 3, got %d" % rc)
    bad = tmpfile('{"threadmap":"0.1.0","comments":[{"id":"1",\n  "sentiment": }]}', ".json")
    rc, out, err = run(["compare", bad, "-o", os.path.join(work, "x")])
    check(rc == 5 and (bad + ":2:") in err, "malformed scored JSON: exit 5 with line: %d %s" % (rc, err))
    os.unlink(bad)
    rc, out, err = run(["compare", NDJSON, "--label", "a", "--label", "b", "-o", os.path.join(work, "x")])
    check(rc == 2, "more labels than inputs is a usage error")
    blocker = tmpfile("not a dir")
    rc, out, err = run(["compare", NDJSON, "-o", blocker])
    check(rc == 7 and "not a directory" in err, "output over a file: exit 7 (%d, %s)" % (rc, err))
    os.unlink(blocker)

    # ---------------------------------------------------------------- report
    html = os.path.join(work, "r.html")
    rc, out, err = run(["report", HN, "-o", html])
    check(rc == 0, "report: %s" % err)
    page = open(html, encoding="utf-8").read()
    check(page.startswith("<!DOCTYPE html>"), "an HTML5 page")
    check("Orca-2 open-weights" in page, "the title")
    check(page.count("<svg") >= 3, "argument diagram and two charts inlined: %d" % page.count("<svg"))
    check("<?xml" not in page and "<!DOCTYPE svg" not in page, "no XML prolog inside the page")
    check(page.count("<details class=\"c ") == 63, "one collapsible entry per comment")
    check("why these scores?" in page, "explanations on demand")
    check("Most disputed comments" in page and "ssteinberg" in page, "disputed comments listed")
    check("benchgoblin &amp; lena_orca" in page, "the longest back-and-forth listed")
    check("http://" not in page.replace("http://www.w3.org", "") or "src=\"http" not in page, "no remote resource")
    for tag in ("<link rel=\"stylesheet", "<img src=\"http", "<script src"):
        check(tag not in page, "no external asset: %s" % tag)
    # targets in the report: the count of mentioning comments from `score`'s per-comment fields
    rc, out, err = run(["report", REDDIT, "--target", "Orca=Orca,Orca-2", "-o", html, "-q"])
    page = open(html, encoding="utf-8").read()
    check("<h3>Targets</h3>" in page and ("<tr><td>Orca</td><td class=\"n\">%d</td>" % len(tcom)) in page,
          "report lists the target with %d mentioning comments" % len(tcom))
    md = os.path.join(work, "r.md")
    rc, out, err = run(["report", HN, "-o", md, "-q"])
    check(rc == 0, "report .md: %s" % err)
    text = open(md, encoding="utf-8").read()
    for f in ("argument.svg", "sentiment_time.svg", "sentiment_depth.svg"):
        check("](r_files/%s)" % f in text, "Markdown links %s relatively" % f)
        p = os.path.join(work, "r_files", f)
        check(os.path.isfile(p), "wrote %s" % f)
        ET.parse(p)
    check("| disagreement rate |" in text, "Markdown summary table")
    rc, out, err = run(["report", scored_path, "-o", html])
    check(rc == 0 and "report of 60 comments" in err, "report reads scored JSON back as its thread: %d %s" % (rc, err))
    rc, out, err = run(["report", HN, "-o", "-"])
    check(rc == 2, "report to stdout is a usage error")
    rc, out, err = run(["report", HN, "-o", "/nonexistent-dir/r.html"])
    check(rc == 7, "unwritable report: exit 7, got %d" % rc)
    rc, out, err = run(["report", tmpfile(b""), "-o", html])
    check(rc == 9, "empty input: exit 9, got %d" % rc)
finally:
    shutil.rmtree(work, ignore_errors=True)

finish()
