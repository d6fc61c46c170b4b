#!/usr/bin/env python3
"""Generate the samples of the Reddit-page and pasted-transcript formats
(samples/reddit_*_saved.html, samples/transcript_*.txt) and their answer
keys (tests/golden/), from threads written here as trees.

All text was written for threadmap; none of it comes from a real site.
Each thread is first written as a tree (so every comment's true parent is
known), then rendered the way a browser saves the page or the way a
copy-paste from the page flattens it:

  * reddit_old_saved.html: old.reddit.com markup (div.thing.comment with
    data-fullname / data-author / data-permalink, replies nested in
    div.child > div.sitetable, bodies in form.usertext .md, time[datetime],
    a deleted comment with replies, a "load more comments" stub);
  * reddit_shreddit_saved.html: the current design (shreddit-post,
    nested shreddit-comment elements with thingid/author/depth/parentid,
    bodies in slot="comment", a deleted comment, "N more replies");
  * transcript_hn.txt: a Hacker News page copied as text ("name 3 hours
    ago | parent | next [–]", "reply" lines);
  * transcript_old_reddit.txt: an old.reddit page copied as text ("[–]name
    12 points 5 hours ago", "permalinkembedsave..." lines),
    then the same bodies pasted a second time without author lines;
  * transcript_lemmy.txt: a Lemmy/Kbin-style page ("name • 2h", vote counts
    alone on a line, "Reply", "No comments yet" elsewhere on the page);
  * transcript_new_reddit.txt: the 2018 Reddit design copied as text
    ("level 2", "name · 3 hr. ago", "Reply Share Report Save Follow");
  * transcript_holdout_reddit.txt: the same design copied without the
    hidden "level" lines, written after the inference rules were frozen
    (a held-out check: the rules were never changed after measuring it).

Keys: tests/golden/<html sample>.tree.tsv (as tests/golden/README.md
describes) and tests/golden/transcript_links.tsv: for every comment of every
transcript, its id (#N in paste order), author and TRUE parent (#M, or ""
for a reply to the story), known from the tree, not from threadmap.

    python3 tools/make_paste_samples.py     # writes the files
Deterministic; Python 3 standard library only.
"""
import html
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLES = os.path.join(ROOT, "samples")
GOLDEN = os.path.join(ROOT, "tests", "golden")


def C(author, minute, text, *kids, deleted=False, more=0, score=None):
    """A comment `minute` minutes after the post; kids are its replies."""
    return {"author": author, "minute": minute, "text": text, "kids": list(kids),
            "deleted": deleted, "more": more, "score": score}


def preorder(nodes, parent=None, depth=1, out=None):
    out = [] if out is None else out
    for c in nodes:
        out.append((c, parent, depth))
        preorder(c["kids"], c, depth + 1, out)
    return out


def paras(text):
    return [p for p in text.split("\n\n")]


# ---------------------------------------------------------------------------
# old.reddit saved page
# ---------------------------------------------------------------------------

OLD_POST = {"id": "1b7kq2x", "title": "My 9-year-old sourdough starter suddenly smells like nail polish remover. Is it dead?",
            "author": "crumb_and_crust", "sub": "Sourdough", "time": 1709553600,  # 2024-03-04T12:00:00Z
            "text": "Fed it the usual 1:1:1 last night, this morning it has a sharp acetone smell and a grey liquid on top. Same flour as always. Do I toss it?"}

OLD_THREAD = [
    C("levain_larry", 14, "Not dead, hungry. The acetone smell is what a starter gives off when it has eaten everything and is starving. Pour off the hooch and feed it 1:5:5 for a couple of days.",
      C("crumb_and_crust", 31, "1:5:5 seems like a lot of flour for a small jar, should I move it to something bigger first?",
        C("levain_larry", 40, "Discard most of it first. Keep 10 g, add 50 g flour and 50 g water. Same jar is fine.",
          C("crumb_and_crust", 55, "Ok, done. Will report back tomorrow.", score=12),
          score=33),
        score=18),
      C("", 22, "",
        C("proofing_pam", 61, "> grey liquid means mold\n\nNo, the grey liquid is hooch, it is alcohol. Mold is fuzzy and pink, orange or black. Very different.", score=41),
        C("oven_spring_ollie", 75, "Hooch is harmless. People even stir it back in for a more sour loaf.", score=9),
        deleted=True),
      score=120),
    C("rye_guy", 19, "Did your kitchen get warmer recently? Mine does this every summer because it peaks and crashes in about six hours.",
      C("crumb_and_crust", 48, "We did turn the heating up last week, didn't think of that.", score=7),
      more=3, score=54),
    C("gluten_tag", 90, "A nine year old starter is basically indestructible. I left mine in the back of the fridge for four months and it came back in three feedings.",
      score=26),
]


def old_reddit_html(path):
    p = OLD_POST
    out = ['<!doctype html><html xmlns="http://www.w3.org/1999/xhtml" lang="en" xml:lang="en"><head>'
           '<title>%s : %s</title><meta name="keywords" content=" reddit, reddit.com, vote, comment, submit " />'
           '<link rel="canonical" href="https://old.reddit.com/r/%s/comments/%s/" /></head>'
           '<body class="listing-page comments-page"><div id="header" role="banner"><a href="/" id="header-img" '
           'class="default-header">reddit.com</a></div><div class="side"><div class="spacer"><form action="/search" '
           'id="search"><input type="text" name="q" placeholder="search"/></form></div></div>'
           '<a name="content"></a><div class="content" role="main">'
           % (html.escape(p["title"]), p["sub"], p["sub"], p["id"])]
    out.append('<div class="sitetable linklisting" id="siteTable_t3_%s">' % p["id"])
    out.append('<div class=" thing id-t3_%s odd link self" id="thing_t3_%s" data-fullname="t3_%s" data-type="link" '
               'data-author="%s" data-subreddit="%s" data-timestamp="%d000" data-score="211" data-comments-count="14" '
               'data-url="/r/%s/comments/%s/nineyearold/" data-permalink="/r/%s/comments/%s/nineyearold/">'
               % (p["id"], p["id"], p["id"], p["author"], p["sub"], p["time"], p["sub"], p["id"], p["sub"], p["id"]))
    out.append('<div class="midcol unvoted"><div class="arrow up login-required" role="button" aria-label="upvote"></div>'
               '<div class="score unvoted" title="211">211</div><div class="arrow down login-required"></div></div>'
               '<div class="entry unvoted"><div class="top-matter"><p class="title"><a class="title may-blank " '
               'href="/r/%s/comments/%s/nineyearold/">%s</a></p><p class="tagline ">submitted <time title="Mon Mar 4 '
               '12:00:00 2024 UTC" datetime="2024-03-04T12:00:00+00:00" class="live-timestamp">2 hours ago</time> by '
               '<a href="https://old.reddit.com/user/%s" class="author may-blank">%s</a></p></div>'
               '<div class="expando"><form action="#" class="usertext warn-on-unload"><div class="usertext-body '
               'may-blank-within md-container "><div class="md"><p>%s</p></div></div></form></div>'
               '<ul class="flat-list buttons"><li class="first"><a href="#" class="bylink comments may-blank">14 comments</a></li>'
               '<li class="share"><a class="post-sharing-button" href="javascript: void 0;">share</a></li></ul></div>'
               '<div class="child"></div><div class="clearleft"></div></div><div class="clearleft"></div></div>'
               % (p["sub"], p["id"], html.escape(p["title"]), p["author"], p["author"], html.escape(p["text"])))
    out.append('<div class="commentarea"><div class="panestack-title"><span class="title">all 14 comments</span></div>'
               '<div class="menuarea"><div class="spacer"><span class="dropdown-title lightdrop">sorted by: </span>'
               '<span class="selected">best</span></div></div>')
    ids = {}
    counter = [0]

    def cid(c):
        if id(c) not in ids:
            counter[0] += 1
            ids[id(c)] = "kq%03d%s" % (counter[0] * 37 % 1000, "abcdefghijklmnop"[counter[0] % 16])
        return ids[id(c)]

    def body_html(text):
        parts = []
        for para in paras(text):
            if para.startswith("> "):
                parts.append("<blockquote>\n<p>%s</p>\n</blockquote>" % html.escape(para[2:]))
            else:
                parts.append("<p>%s</p>" % html.escape(para))
        return "\n".join(parts)

    def render(nodes, parent_full, depth, odd):
        s = ['<div id="siteTable_%s" class="sitetable %s">' % (parent_full, "nestedlisting" if depth == 1 else "listing")]
        for c in nodes:
            i = cid(c)
            t = p["time"] + c["minute"] * 60
            iso = "2024-03-04T%02d:%02d:00+00:00" % (12 + c["minute"] // 60, c["minute"] % 60)
            perma = "/r/%s/comments/%s/nineyearold/%s/" % (p["sub"], p["id"], i)
            cls = "thing id-t1_%s %s comment %s" % (i, "odd" if odd else "even", "deleted" if c["deleted"] else "noncollapsed")
            attrs = 'data-fullname="t1_%s" data-type="comment" data-subreddit="%s" data-permalink="%s" data-replies="%d"' % (
                i, p["sub"], perma, len(c["kids"]))
            if not c["deleted"]:
                attrs += ' data-author="%s" data-author-fullname="t2_%s"' % (c["author"], i[::-1])
            s.append('<div class=" %s" id="thing_t1_%s" onclick="click_thing(this)" %s>' % (cls, i, attrs))
            s.append('<p class="parent"><a name="%s"></a></p><div class="midcol unvoted"><div class="arrow up '
                     'login-required" role="button" aria-label="upvote"></div><div class="arrow down login-required">'
                     '</div></div><div class="entry unvoted"><p class="tagline"><a href="javascript:void(0)" '
                     'class="expand" onclick="return togglecomment(this)">[–]</a>' % i)
            if c["deleted"]:
                s.append('<em>[deleted]</em>')
            else:
                sc = c["score"] or 1
                s.append('<a href="https://old.reddit.com/user/%s" class="author may-blank id-t2_%s">%s</a>'
                         '<span class="userattrs"></span> <span class="score dislikes" title="%d">%d points</span>'
                         '<span class="score unvoted" title="%d">%d points</span><span class="score likes" title="%d">'
                         '%d points</span> ' % (c["author"], i[::-1], c["author"], sc - 1, sc - 1, sc, sc, sc + 1, sc + 1))
            s.append('<time title="%s" datetime="%s" class="live-timestamp">%d hours ago</time>'
                     '&#32;<a href="javascript:void(0)" class="numchildren" onclick="return togglecomment(this)">'
                     '(%d children)</a></p>' % (iso, iso, 2 - c["minute"] // 60, len(c["kids"])))
            if not c["deleted"] or True:
                s.append('<form action="#" class="usertext warn-on-unload" onsubmit="return post_form(this, \'editusertext\')" '
                         'id="form-t1_%s"><input type="hidden" name="thing_id" value="t1_%s"/><div class="usertext-body '
                         'may-blank-within md-container "><div class="md">%s</div></div></form>'
                         % (i, i, "<p>[deleted]</p>" if c["deleted"] else body_html(c["text"])))
            s.append('<ul class="flat-list buttons"><li class="first"><a href="https://old.reddit.com%s" '
                     'data-event-action="permalink" class="bylink" rel="nofollow">permalink</a></li><li>'
                     '<a href="javascript:void(0)" data-comment="%s" class="embed-comment">embed</a></li>'
                     '<li class="reply-button"><a class="access-required" href="javascript: void 0;" '
                     'onclick="return reply(this)">reply</a></li></ul></div>' % (perma, perma))
            s.append('<div class="child">')
            if c["kids"] or c["more"]:
                inner = render(c["kids"], "t1_" + i, depth + 1, not odd)
                if c["more"]:
                    inner = inner[:-len("</div>")] + (
                        '<div class=" thing id-t1_kqmore morechildren" data-fullname="t1_kqmore">'
                        '<p class="parent"></p><div class="entry unvoted"><span class="morecomments">'
                        '<a style="font-size: smaller; font-weight: bold" class="button" id="more_t1_kqmore" '
                        'href="javascript:void(0)" onclick="return morechildren(this, \'t3_%s\', \'confidence\', '
                        '\'kqx01,kqx02,kqx03\', \'False\')">load more comments</a><span class="gray">&#32;(%d replies)'
                        '</span></span></div><div class="child"></div><div class="clearleft"><!--IE6fix--></div></div>'
                        '</div>' % (p["id"], c["more"]))
                s.append(inner)
            s.append('</div><div class="clearleft"></div></div><div class="clearleft"></div>')
        s.append("</div>")
        return "".join(s)

    out.append(render(OLD_THREAD, "t3_" + p["id"], 1, True))
    out.append('</div></div><div class="footer-parent"><div class="footer rounded"><p>Rendered by PID 23151 on '
               'reddit-service-r2-loggedout at 2024-03-04 14:02:11.092210+00:00 running 9ac6b5a country code: NL.</p>'
               '</div></div></body></html>\n')
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out))
    rows = [(cid(c), cid(par) if par else "", d, "" if c["deleted"] else c["author"])
            for c, par, d in preorder(OLD_THREAD)]
    return rows


# ---------------------------------------------------------------------------
# shreddit saved page
# ---------------------------------------------------------------------------

SH_POST = {"id": "1d3hz9q", "title": "Switched our team from Jira to a plain Markdown kanban in the repo. Three months in, AMA",
           "author": "mergeconflict_mona", "sub": "ExperiencedDevs", "time": "2024-05-29T08:15:42.000000+0000",
           "text": "Eight engineers, one product manager. Tickets are files in /board, columns are folders, moving a card is git mv. It has mostly worked."}

SH_THREAD = [
    C("yak_shaver_99", 12, "How does the PM feel about it? In my experience the people who like Jira are not the engineers.",
      C("mergeconflict_mona", 20, "She was the one who proposed it, actually. She writes the tickets in her editor and opens PRs like everyone else.",
        C("yak_shaver_99", 31, "Ok that changes things. A PM who opens PRs is rarer than a good Jira workflow.", score=45),
        score=88),
      C("", 25, "",
        C("backlog_barbara", 47, "Reporting is the part I would miss. Burndown charts do not come from git mv.", score=19),
        more=2, deleted=True),
      score=140),
    C("tabs_not_spaces", 18, "What happens with merge conflicts when two people move the same card?",
      C("mergeconflict_mona", 29, "Git notices, someone resolves it, and it is usually a sign the two of them should talk anyway.",
        score=61),
      score=73),
    C("flaky_test_fred", 64, "We tried this. It lasted six weeks until someone asked for a report of everything closed in Q2.",
      score=12),
]


def shreddit_html(path):
    p = SH_POST
    ids = {}
    counter = [0]

    def cid(c):
        if id(c) not in ids:
            counter[0] += 1
            ids[id(c)] = "l6%02d%s" % (counter[0] * 7 % 100, "qrstuvwxyz"[counter[0] % 10]) + "k1"
        return ids[id(c)]

    out = ['<!DOCTYPE html><html lang="en-US" class="theme-beta"><head><meta charset="UTF-8">'
           '<title>%s : r/%s</title><meta property="og:site_name" content="Reddit"></head><body>'
           '<shreddit-app pagetype="post_detail" routename="post_page"><div class="main-container">'
           % (html.escape(p["title"]), p["sub"])]
    out.append('<shreddit-post id="t3_%s" permalink="/r/%s/comments/%s/switched_our_team/" content-href="https://www.reddit.com/r/%s/comments/%s/switched_our_team/" '
               'comment-count="11" score="342" author="%s" post-title="%s" created-timestamp="%s" post-type="text" '
               'subreddit-prefixed-name="r/%s"><h1 slot="title" id="post-title-t3_%s">%s</h1>'
               '<div slot="text-body"><div class="md text-14" id="t3_%s-post-rtjson-content"><p>%s</p></div></div>'
               '</shreddit-post>'
               % (p["id"], p["sub"], p["id"], p["sub"], p["id"], p["author"], html.escape(p["title"]), p["time"],
                  p["sub"], p["id"], html.escape(p["title"]), p["id"], html.escape(p["text"])))
    out.append('<shreddit-comment-tree id="comment-tree" post-id="t3_%s" totalcomments="11" sort="confidence">' % p["id"])

    def render(nodes, parent, depth):
        s = []
        for c in nodes:
            i = cid(c)
            m = 15 + c["minute"]
            created = "2024-05-29T%02d:%02d:42.000000+0000" % (8 + m // 60, m % 60)
            attrs = ('thingid="t1_%s" depth="%d" permalink="/r/%s/comments/%s/comment/%s/" postid="t3_%s" '
                     'created="%s" content-type="text"' % (i, depth, p["sub"], p["id"], i, p["id"], created))
            if parent is not None:
                attrs += ' parentid="t1_%s"' % cid(parent)
            if c["deleted"]:
                attrs += ' author="[deleted]" is-comment-deleted=""'
            else:
                attrs += ' author="%s" score="%d"' % (c["author"], c["score"])
            s.append('<shreddit-comment %s>' % attrs)
            s.append('<div slot="commentMeta" class="flex items-center"><faceplate-hovercard><a href="/user/%s/">%s</a>'
                     '</faceplate-hovercard><span>&nbsp;·&nbsp;</span><faceplate-timeago ts="%s"><time datetime="%s">'
                     '2 hr. ago</time></faceplate-timeago></div>'
                     % (c["author"] or "[deleted]", c["author"] or "[deleted]", created, created))
            if c["deleted"]:
                s.append('<div slot="comment" id="t1_%s-comment-rtjson-content"><p>[deleted]</p></div>' % i)
            else:
                s.append('<div slot="comment" id="t1_%s-comment-rtjson-content" class="md text-14"><p>%s</p></div>'
                         % (i, html.escape(c["text"])))
            s.append('<shreddit-comment-action-row slot="actionRow" score="%d"><button slot="comment-reply">Reply</button>'
                     '<button>Share</button></shreddit-comment-action-row>' % (c["score"] or 0))
            s.append(render(c["kids"], c, depth + 1))
            if c["more"]:
                s.append('<faceplate-partial slot="children" loading="action" src="/svc/shreddit/more-comments/%s/t1_%s">'
                         '<button class="text-secondary-weak">%d more replies</button></faceplate-partial>'
                         % (p["sub"], i, c["more"]))
            s.append('</shreddit-comment>')
        return "".join(s)

    out.append(render(SH_THREAD, None, 0))
    out.append('</shreddit-comment-tree></div></shreddit-app></body></html>\n')
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out))
    return [(cid(c), cid(par) if par else "", d, "" if c["deleted"] else c["author"])
            for c, par, d in preorder(SH_THREAD)]


# ---------------------------------------------------------------------------
# Transcripts
# ---------------------------------------------------------------------------

HN_STORY = ("Show HN: Quarry – a job queue that lives in your SQLite database (github.com/quarryq)",
            "214 points by pgwhisper 6 hours ago | hide | past | favorite | 88 comments")
HN_AGE = 360  # the post is 6 hours old at the paste

HN_THREAD = [
    C("tmpfs", 22, "The nice thing about SQLite as a queue is that the job and the data it touches can commit in the same transaction. No outbox table, no two-phase anything.",
      C("pgwhisper", 35, "Yes, that was the whole reason I started it. Enqueue happens inside your own transaction, so a rolled-back request never leaves an orphan job behind.",
        C("tmpfs", 51, "How do you handle a worker that dies mid-job? With Postgres I'd lean on SKIP LOCKED and a visibility timeout.",
          C("pgwhisper", 63, "Leases. A worker claims a job with a lease that expires after 30 seconds unless it heartbeats. An expired lease makes the job visible again.",
            C("tmpfs", 80, "> An expired lease makes the job visible again\n\nSo a slow but alive worker can end up running the job twice if it misses a heartbeat? That needs to be in big letters in the README.",
              C("pgwhisper", 92, "Fair, it is at-least-once and the docs say so, but not in big letters. I will fix that today."))))),
      C("writeahead", 40, "Same transaction is great until your queue write contention starts blocking your app writes. SQLite has one writer.",
        C("fsync_fan", 58, "With WAL mode and short transactions you can do thousands of writes a second on an NVMe drive. Most apps that would use this never get close.",
          C("writeahead", 71, "Thousands per second in a benchmark, sure. In a real app with a 200 ms request holding the write lock it is a different story.")))),
    C("nullpointer_nina", 30, "Does it support scheduled jobs, like run this at 3am every day?",
      C("pgwhisper", 44, "Not cron-style yet. You can enqueue with a run_at time, and people have built a small scheduler on top of that.")),
    C("ops_dave", 95, "I have been burned by 'just use the database as a queue' twice. Both times it was fine until it very much wasn't, and then migrating off it was a quarter of work.",
      C("fsync_fan", 110, "What broke, specifically? Volume, or something like vacuum and table bloat?",
        C("ops_dave", 124, "Bloat on Postgres the first time, lock contention the second. Neither applies directly to SQLite I guess, but the shape of the problem is the same.",
          C("fsync_fan", 133, "I'd argue the shape is different. With SQLite the queue is in-process, there is no network hop and no connection pool to exhaust."))),
      C("tmpfs", 140, "@ops_dave the migration cost is real, but it is the same cost you pay moving from any small tool to a bigger one. Starting with Kafka on day one is not free either.")),
    C("lurker_42", 150, "Starred. The API looks very clean."),
    C("writeahead", 171, "Question for pgwhisper: any plans for a Go client? The Python one looks good but most of our workers are Go.",
      C("pgwhisper", 185, "writeahead: yes, someone has a draft PR open. The wire format is just rows in a table, so clients are small.")),
    C("benchmark_bob", 200, "Ran the included benchmark on a Raspberry Pi 4: about 1,900 jobs per second end to end with two workers. Not bad at all for a $50 computer.",
      C("nullpointer_nina", 214, "Was that with the database on the SD card or on USB storage? SD cards fall over on fsync-heavy loads.",
        C("benchmark_bob", 229, "USB SSD. I tried the SD card first and it was closer to 300 per second, so you are right."))),
]

OLDR_STORY = ("Is a $3,000 carbon road bike really worth it over a $1,200 aluminum one for a beginner?",
              "submitted 9 hours ago by spoke_and_mirrors")
OLDR_AGE = 540

OLDR_THREAD = [
    C("cadence_carl", 15, "For a beginner? No. Spend the difference on a proper bike fit, good shorts and a couple of years of riding. You will know what you want after that.",
      C("spoke_and_mirrors", 28, "The fit is the part I keep hearing about. Is a shop fit enough or do I need one of the 300 dollar ones?",
        C("cadence_carl", 41, "A basic shop fit is plenty to start. The expensive ones make sense when something hurts and you can't figure out why.",
          C("spoke_and_mirrors", 52, "Thanks, that is really helpful.", score=4), score=22), score=9),
      C("watts_up", 33, "Counterpoint: the cheap bike might have such a bad groupset that shifting puts a beginner off riding altogether.",
        C("cadence_carl", 47, "At 1,200 you get Shimano 105 or Tiagra these days. That shifts fine. Nobody quits cycling over Tiagra.",
          C("watts_up", 60, "> Nobody quits cycling over Tiagra\n\nFair enough, I was thinking of the 600 dollar bikes with mystery components.", score=15),
          score=38), score=11), score=143),
    C("gravel_gwen", 25, "Aluminum frames today are nothing like the harsh ones from 15 years ago. With 30 mm tires at lower pressure you won't feel much difference at all.",
      C("roadrash_rob", 39, "Tire width and pressure make more difference to comfort than frame material. This is the real answer.",
        C("gravel_gwen", 70, "Yep. I put 32s on my old aluminum bike and it rides better than my friend's carbon race bike on 25s.", score=17),
        score=29),
      C("", 44, "",
        C("gravel_gwen", 58, "I don't think that is true, the weight difference between the two frames is maybe 400 grams. You lose more than that by skipping breakfast.", score=8),
        deleted=True),
      score=96),
    C("tubeless_tina", 80, "Whatever you buy, get it from a local shop rather than online. Free tune-ups for a year are worth more than a few hundred grams of frame weight.",
      score=35),
    C("climb_every_hill", 120, "I bought the expensive carbon bike as a beginner and honestly I don't regret it. I ride more because I love looking at it. Motivation counts for something.",
      C("roadrash_rob", 131, "That is a totally valid reason, as long as you go in knowing that it is about joy and not speed.",
        C("climb_every_hill", 145, "Exactly. I am slow on it, but I am slow every weekend instead of once a month.", score=24),
        score=19),
      C("watts_up", 150, "Nothing wrong with that. Just don't let anyone sell you on 'the carbon will make you faster'.", score=6),
      score=51),
]

LEMMY_STORY = ("City council votes 7-2 to eliminate parking minimums for new housing",
               "posted to c/urbanism by transit_tilda • 14h")
LEMMY_AGE = 840

LEMMY_THREAD = [
    C("bikelane_ben", 30, "Great news. Parking minimums add something like 50,000 dollars per unit in a dense neighborhood, and the renters without cars are the ones paying for it.",
      C("suburban_sam", 52, "The renters without cars are a small minority here though. Everyone I know owns one, and now they'll be parking on my street.",
        C("bikelane_ben", 64, "@suburban_sam nothing stops a developer from building parking if the market wants it. The change is that the city no longer forces them to.",
          C("suburban_sam", 90, "Developers will build the minimum they can get away with, which is now zero. I don't trust them to read the market in my favor."),
          C("zoning_zoe", 101, "Several cities that dropped minimums still saw most new buildings include parking, just less of it. Buffalo is the usual example.")),
        C("transit_tilda", 75, "sam, residential permit parking solves the street parking worry. It is cheap and the council can do it block by block.")),
      C("zoning_zoe", 41, "The 50,000 figure depends a lot on whether it is structured or surface parking. Underground is even more, closer to 80,000 a space in some places.")),
    C("grumpy_landlord", 110, "This will do nothing for rents. Land costs and interest rates are the problem, not parking.",
      C("zoning_zoe", 125, "It is one input among many. Nobody claims it fixes rents alone, but it makes small lots buildable that weren't before.",
        C("grumpy_landlord", 139, "Small lots that will become six-unit buildings with zero parking in a neighborhood with no bus service. Great."),
        C("bikelane_ben", 150, "> six-unit buildings with zero parking in a neighborhood with no bus service\n\nThen they won't get built there, because nobody would rent them. That is the market deciding, which you seemed to want a minute ago.")),
      C("transit_tilda", 160, "Which is why the same package includes the bus frequency increases on the east side. Did you read past the headline?",
        C("grumpy_landlord", 172, "I read it. Frequency increases are promised every year and never arrive."))),
    C("quiet_commuter", 190, "Does anyone know if this applies to commercial buildings too, or only housing?",
      C("transit_tilda", 200, "Only residential for now. Commercial is supposed to come back to the council in the spring.")),
    C("lurking_larch", 230, "Honestly surprised it passed 7-2. Last year the same proposal failed 4-5."),
]

NEWR_STORY = ("Finally finished my 12U rack after two years of collecting parts",
              "Posted by u/rackmount_rita 5 hr. ago")
NEWR_AGE = 300

NEWR_THREAD = [
    C("cable_comb", 20, "That cable management is beautiful. What did you use for the patch cables, 0.5 ft slim Cat6?",
      C("rackmount_rita", 34, "Yep, 6 inch slim Cat6 from the usual online places. They are so much easier to route than the thick ones.",
        C("cable_comb", 48, "Ordering some tonight. My rack looks like a bowl of spaghetti next to this."))),
    C("power_bill_paul", 26, "What does the whole thing pull at idle? My electricity bill is the reason my rack is half empty.",
      C("rackmount_rita", 40, "About 140 W at idle, most of it the old R720. Everything else together is maybe 45 W.",
        C("power_bill_paul", 55, "140 W is about 35 euros a month where I live. The R720 would be the first thing to go.")),
      C("efficiency_ed", 61, "Swapping an R720 for a couple of mini PCs usually cuts that in half or better.")),
    C("noisy_neighbor", 70, "How loud is it? It looks like it is in a living room."),
    C("homelab_hana", 95, "Love it. Is that a UPS at the bottom? What runtime do you get?",
      C("rackmount_rita", 110, "It is an old APC 1500 with new batteries. About 25 minutes at the current load.")),
]


# Written after the rules of fmt_transcript.c were frozen and measured on
# the four transcripts above, to measure them on text they were not tuned to.
HOLD_STORY = ("Carbon steel pan vs cast iron for someone who mostly cooks eggs and stir fries?",
              "Posted by u/omelette_olga 7 hr. ago")
HOLD_AGE = 420

HOLD_THREAD = [
    C("wok_hei_harry", 12, "Carbon steel, no contest for stir fries. It heats up much faster and it is light enough to toss food in.",
      C("cast_iron_carol", 25, "Light enough to toss, sure, but it also loses heat the moment you add cold vegetables. Cast iron holds temperature.",
        C("wok_hei_harry", 33, "That is why you cook in small batches. Nobody doing real stir fry dumps a kilo of cold veg in at once.",
          C("cast_iron_carol", 47, "Most home cooks do exactly that though. OP asked about home cooking, not restaurant technique.")),
        C("seasoning_sid", 52, "Both of you are right and it depends on the stove. On a weak electric burner cast iron's heat retention matters a lot more.")),
      C("omelette_olga", 40, "Does carbon steel work for eggs without sticking? That is my main worry.",
        C("wok_hei_harry", 58, "Once it is seasoned, yes. The first couple of weeks your eggs will probably stick a bit.",
          C("omelette_olga", 66, "A couple of weeks of stuck eggs I can live with. Thanks!")))),
    C("seasoning_sid", 30, "Whatever you pick, don't bother with the flaxseed oil seasoning trend. It flakes off. Plain vegetable oil and a lot of cooking works better.",
      C("flaky_fiona", 71, "Can confirm, my flaxseed layer came off in sheets after a month.")),
    C("nonstick_nate", 90, "Unpopular opinion: for eggs just buy a cheap nonstick pan and replace it every couple of years. Use the carbon steel for everything else.",
      C("cast_iron_carol", 104, "> replace it every couple of years\n\nThat is the part I don't like. It is a lot of pans in a landfill over a lifetime.",
        C("nonstick_nate", 118, "Fair point. I still think it is the least fussy option for someone who mostly makes eggs.")),
      C("omelette_olga", 126, "Honestly this might be what I end up doing, I already have a nonstick pan that is fine.")),
    C("gas_stove_gus", 150, "If you have an induction hob check the base is flat. A lot of cheap carbon steel pans warp and then spin on induction."),
    C("wok_hei_harry", 170, "@gas_stove_gus good call, the de Buyer ones are thick enough that they stay flat, the thin wok style ones do warp."),
]


def hn_ago(minutes):
    if minutes < 60:
        return "%d minute%s ago" % (minutes, "" if minutes == 1 else "s")
    h = minutes // 60
    return "%d hour%s ago" % (h, "" if h == 1 else "s")


def write_transcript(name, lines):
    with open(os.path.join(SAMPLES, name), "w", encoding="utf-8") as f:
        f.write("\n".join(lines).rstrip("\n") + "\n")


def transcript_hn():
    title, sub = HN_STORY
    lines = [title, sub, "", "", "add comment", ""]
    order = preorder(HN_THREAD)
    for k, (c, par, d) in enumerate(order):
        nav = "| parent | next [–]" if par else ("| next [–]" if k + 1 < len(order) else "[–]")
        if par and d > 1:
            nav = "| root | parent | next [–]" if d > 2 else "| parent | next [–]"
        lines.append("%s %s %s" % (c["author"], hn_ago(HN_AGE - c["minute"]), nav))
        lines.append("")
        lines.extend(sum(([p, ""] for p in paras(c["text"])), []))
        lines.append("reply")
        lines.append("")
    lines.append("Guidelines | FAQ | Lists | API | Security | Legal | Apply to YC | Contact")
    lines.append("Search:")
    write_transcript("transcript_hn.txt", lines)
    return order


def transcript_old_reddit():
    title, sub = OLDR_STORY
    lines = [title, "(self.cycling)", sub, "", "all 14 comments", "sorted by: best", ""]
    order = preorder(OLDR_THREAD)
    for c, par, d in order:
        # old Reddit's "(N children)" is shown only on collapsed comments
        # (display:none otherwise), so a copy of the open thread lacks it
        kids = ""
        ago = (OLDR_AGE - c["minute"]) // 60
        if c["deleted"]:
            lines.append("[–][deleted] %d hours ago%s" % (ago, kids))
            lines.append("[deleted]")
        else:
            lines.append("[–]%s %d points %d hours ago%s" % (c["author"], c["score"] or 1, ago, kids))
            lines.extend(paras(c["text"]))
        lines.append("permalinkembedsave%sreportgive awardreply" % ("parent" if par else ""))
        lines.append("")
    # the same thread's bodies pasted a second time (a reader-view copy):
    # no author lines, no artefacts
    lines.append("")
    for c, par, d in order:
        if not c["deleted"]:
            lines.extend(paras(c["text"]))
            lines.append("")
    write_transcript("transcript_old_reddit.txt", lines)
    return order


def transcript_lemmy():
    title, sub = LEMMY_STORY
    lines = [title, sub, "", "The proposal removes the 1.5 spaces per unit requirement citywide for residential buildings.", "",
             "147", "", "Comments", "Sort: Hot", ""]
    order = preorder(LEMMY_THREAD)
    for k, (c, par, d) in enumerate(order):
        m = LEMMY_AGE - c["minute"]
        ago = "%dh" % (m // 60) if m >= 60 else "%dm" % m
        lines.append("%s • %s" % (c["author"], ago))
        lines.extend(paras(c["text"]))
        lines.append("%d" % (3 + (k * 7) % 23))
        lines.append("Reply")
        lines.append("")
    lines.append("No comments yet on the follow-up post.")
    write_transcript("transcript_lemmy.txt", lines)
    return order


def transcript_new_reddit():
    title, sub = NEWR_STORY
    lines = [sub, title, "", "1.2k", "Comments", "Share", "Save", "", "Sort by: best", ""]
    order = preorder(NEWR_THREAD)
    for k, (c, par, d) in enumerate(order):
        lines.append("level %d" % d)
        lines.append("%s · %d hr. ago" % (c["author"], max(1, (NEWR_AGE - c["minute"]) // 60)))
        lines.extend(paras(c["text"]))
        lines.append("%d" % (5 + (k * 13) % 40))
        lines.append("Reply")
        lines.append("Share")
        lines.append("Report")
        lines.append("Save")
        lines.append("Follow")
    write_transcript("transcript_new_reddit.txt", lines)
    return order


def transcript_holdout():
    title, sub = HOLD_STORY
    lines = [sub, title, "", "342", "58 Comments", "", "Sort by: best", ""]
    order = preorder(HOLD_THREAD)
    for k, (c, par, d) in enumerate(order):
        lines.append("%s · %d hr. ago" % (c["author"], max(1, (HOLD_AGE - c["minute"]) // 60)))
        lines.extend(paras(c["text"]))
        lines.append("%d" % (2 + (k * 11) % 50))
        lines.append("Reply")
        lines.append("Share")
        lines.append("")
    write_transcript("transcript_holdout_reddit.txt", lines)
    return order


def write_tree_key(name, rows):
    with open(os.path.join(GOLDEN, name + ".tree.tsv"), "w", encoding="utf-8", newline="") as f:
        f.write("id\tparent\tdepth\tauthor\n")
        for r in rows:
            f.write("%s\t%s\t%d\t%s\n" % r)


def main():
    write_tree_key("reddit_old_saved.html", old_reddit_html(os.path.join(SAMPLES, "reddit_old_saved.html")))
    write_tree_key("reddit_shreddit_saved.html", shreddit_html(os.path.join(SAMPLES, "reddit_shreddit_saved.html")))
    key = ["file\tid\tauthor\ttrue_parent\tdepth"]
    for fn, name in ((transcript_hn, "transcript_hn.txt"), (transcript_old_reddit, "transcript_old_reddit.txt"),
                     (transcript_lemmy, "transcript_lemmy.txt"), (transcript_new_reddit, "transcript_new_reddit.txt"),
                     (transcript_holdout, "transcript_holdout_reddit.txt")):
        order = fn()
        num = {id(c): "#%d" % (k + 1) for k, (c, _, _) in enumerate(order)}
        for c, par, d in order:
            key.append("%s\t%s\t%s\t%s\t%d" % (name, num[id(c)], "" if c["deleted"] else c["author"],
                                              num[id(par)] if par else "", d))
    with open(os.path.join(GOLDEN, "transcript_links.tsv"), "w", encoding="utf-8") as f:
        f.write("\n".join(key) + "\n")
    print("wrote 2 Reddit pages, 5 transcripts (%d comments) and their keys" % (len(key) - 1))


if __name__ == "__main__":
    main()
