#!/usr/bin/env python3
"""Generate threadmap's bundled sample threads (samples/) and their answer keys
(tests/golden/) from hand-written discussion threads defined in this file.

All text below was written for threadmap; none of it comes from a real site.
One main thread (a fictional AI model launch, ORCA) is rendered into several
native formats: a Hacker News item page, HN Firebase API items, the HN Algolia
nested item, a Reddit /comments/<id>.json response, and threadmap's generic CSV
and NDJSON.  A second, small Reddit thread (SMALL) covers edge cases: a deleted
comment with replies, an orphan whose parent is not in the file, a `more` stub.

The generated files are committed; this script only needs re-running when the
threads or the renderers change:

    python3 tools/make_samples.py            # write samples/ and tests/golden/
    python3 tools/make_samples.py --check    # re-parse the files, compare keys

Python 3 standard library only; the output is deterministic (no clocks, no
randomness: every "jitter" is derived from the comment's key).

What each format does with the thread, as the real sites do (as best we can
tell from saved pages and API responses):
  * HN page: a deleted comment with no replies is not shown at all; one with
    replies is a row with no author link whose body is "[deleted]" directly in
    div.comment (no div.commtext).  The dead comment is shown as a showdead
    user sees it: "[flagged]" in the comhead, text in div.commtext.cdd.
    HN strips emoji from comment text, in the page and in both APIs.
  * Firebase: every item, deleted ones as {"deleted": true, ...} without
    by/text, the dead one with "dead": true; siblings in `kids` are in page
    (rank) order.  Array order is breadth-first, story first.
  * Algolia: nested; deleted comments have author and text null; children
    are ordered by creation time, not by rank; comment points are null.
  * Reddit: body is markdown with & < > escaped as &amp; &lt; &gt;, body_html
    is the HTML escaped once more (the API's default, without raw_json=1);
    non-ASCII is written as \\u escapes (emoji as surrogate pairs).  Two
    `more` stubs hide four comments of the thread.  The HN dead comment is a
    low-score collapsed comment here.
  * CSV: RFC 4180 (CRLF between records, LF inside quoted text), preorder.
  * NDJSON: one comment per line in creation-time order (children may not
    directly follow their parent); id and parent are strings.
"""

import csv
import datetime
import html
import html.parser
import io
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLES = os.path.join(ROOT, "samples")
GOLDEN = os.path.join(ROOT, "tests", "golden")


# ---------------------------------------------------------------------------
# The threads.  Text is written in a light markup shared by every format:
# paragraphs are separated by a blank line; a paragraph starting with "> " is
# a quote of the parent; a paragraph whose lines all start with four spaces is
# a code block; *word* is emphasis; `x` is inline code; bare URLs are links.
# ---------------------------------------------------------------------------

def C(key, author, at, score, text="", kids=(), deleted=False, dead=False,
      reddit_hidden=False):
    """One comment.  `at` is "H:MM" after the story; `key` names it here."""
    return {"key": key, "author": author, "at": at, "score": score,
            "text": text, "kids": list(kids), "deleted": deleted,
            "dead": dead, "reddit_hidden": reddit_hidden}


ORCA_STORY = {
    "title": "Launch: Orca-2 open-weights model beats GPT-class models on coding benchmarks",
    "url": "https://orcalabs.example/blog/orca-2",
    "author": "lena_orca",
    "time": 1773475337,          # 2026-03-14T08:02:17Z
    "score": 412,
    "text": (
        "Hi HN \u2014 Lena here, one of the engineers on Orca-2.\n\n"
        "Orca-2 is a 34B-parameter open-weights model trained mostly on code. "
        "The weights are Apache 2.0 and up on the hub today, together with our "
        "eval harness and a 41-page tech report.\n\n"
        "Headline numbers: 84.1 on HumanEval+, 41.3% on SWE-bench Verified, and "
        "52.4 on the slice of LiveCodeBench published after our data cutoff, "
        "where the strongest closed model we could test scored 49.8.\n\n"
        "It is not good at everything. It's weak at Rust and at retrieval past "
        "~32k tokens of context, and we'd love to hear where else it falls over."
    ),
}

ORCA = [
    C("bench", "benchgoblin", "0:09", 187,
      "Every launch post says \"beats GPT-class models\" and then you open the "
      "table and it's HumanEval, which has been sitting in every scraped "
      "training set since 2022.\n\n"
      "Show me a held-out benchmark with problems published after your data "
      "cutoff, or I'm not buying the headline.", [
        C("bench.1", "lena_orca", "0:21", 142,
          "Fair concern, and it's the one we worried about most. Table 3 in the "
          "report is LiveCodeBench restricted to problems released after our "
          "cutoff (November 2025): 52.4 for Orca-2 vs 49.8 for the strongest "
          "closed model we could test.\n\n"
          "The decontamination script is in the repo if you want to check our "
          "work: https://github.com/orcalabs-example/orca-2/blob/main/eval/decontaminate.py", [
            C("bench.1.1", "benchgoblin", "0:34", 97,
              "> 52.4 for Orca-2 vs 49.8 for the strongest closed model\n\n"
              "That's roughly 300 problems. A 2.6 point gap with no confidence "
              "interval isn't \"beats\", it's \"ties\".", [
                C("bench.1.1.1", "lena_orca", "0:47", 88,
                  "Sure, but we never claimed a blowout. The 95% interval is in "
                  "appendix B (\u00b12.1), so yes, it overlaps. I agree the title "
                  "is punchier than the table \u2014 that one's on us.", [
                    C("bench.1.1.1.1", "benchgoblin", "0:58", 76,
                      "Appreciate the straight answer, genuinely. Then why not "
                      "change the title? *Matches* a frontier model is still a "
                      "great result for a 34B model you can run at home.", [
                        C("bench.1.1.1.1.1", "lena_orca", "1:12", 61,
                          "Good point. I've passed it on, but I can't edit the "
                          "HN title myself anymore.", [
                            C("bench.d7", "benchgoblin", "1:20", 44,
                              "Fair enough. Downloading it now, will report "
                              "back \U0001F680", [
                                C("bench.d8", "quietmodem", "3:41", 19,
                                  "Did you ever report back? Curious how it did "
                                  "on real code rather than puzzles.", [
                                    C("bench.d9", "benchgoblin", "5:02", 23,
                                      "Mixed bag. Very good at Python refactors "
                                      "and at writing tests for existing code. "
                                      "Noticeably worse than I expected at Rust "
                                      "\u2014 it kept fighting the borrow "
                                      "checker and losing.\n\n"
                                      "I'd call it a solid 7/10 for my work. Not "
                                      "a GPT-killer, not a toy.", [
                                        C("bench.d10", "lena_orca", "5:30", 17,
                                          "Thanks for actually testing it. Rust "
                                          "is a known weak spot; our training mix "
                                          "was light on it and it shows. It's the "
                                          "top item for the next run.",
                                          reddit_hidden=True),
                                    ], reddit_hidden=True),
                                ]),
                            ]),
                        ]),
                    ]),
                ]),
            ]),
        ]),
        C("bench.2", "mkrause", "0:25", 64,
          "Exactly. Every single launch. HumanEval is saturated and everybody "
          "in the field knows it.", [
            C("bench.2.1", "ssteinberg", "0:40", 31,
              "I disagree that it's useless. It's a smoke test: if a model can't "
              "clear HumanEval, something is broken. Nobody serious treats it as "
              "the headline number.", [
                C("bench.2.1.1", "mkrause", "0:52", 45,
                  "> Nobody serious treats it as the headline number\n\n"
                  "It's in the title of the post we're commenting on."),
            ]),
        ]),
        C("bench.3", None, "0:31", 2, deleted=True, kids=[
            C("bench.3.1", "gpu_poor", "0:44", 38,
              "Citation needed. Where does it say they trained on the test set? "
              "I read the whole report and didn't see that.", [
                C("bench.3.1.1", "throwaway_8812", "0:59", 22,
                  "It doesn't say that anywhere. Pretty sure that's why the "
                  "comment is gone now \U0001F644"),
            ]),
            C("bench.3.2", "nilsbyte", "0:50", 27,
              "No, the decontamination code is public, you can literally read "
              "it. It might have holes, but accusing them of training on the "
              "test set with zero evidence is a bit much."),
        ]),
    ]),
    C("tickets", "jlopez_dev", "1:30", 156,
      "We ran it against our internal eval last night: about 400 real tickets "
      "from our Django monolith, each with a failing test attached. Orca-2 "
      "resolved 31% of them, the closed model we currently pay for resolved "
      "36%.\n\n"
      "So no, it doesn't beat it. But it's close, and at roughly 1/20th of the "
      "cost per ticket it's an easy call for the boring half of our backlog. "
      "Credit to my teammate Jos\u00e9 for building the harness in an afternoon.", [
        C("tickets.1", "cfalk", "1:48", 58,
          "This. Real tickets from a real codebase are worth more than every "
          "leaderboard in the launch post."),
        C("tickets.2", "quietmodem", "2:05", 41,
          "How are you scoring \"resolved\"? Tests passing, or did a human "
          "actually review the diff?", [
            C("tickets.2.1", "jlopez_dev", "2:26", 33,
              "Tests passing, plus a reviewer skimming the diff. Probably a bit "
              "generous, but generous to both models equally.", [
                C("tickets.2.1.1", "quietmodem", "2:41", 29,
                  "> generous to both models equally\n\n"
                  "Not necessarily. In my experience weaker models are more "
                  "likely to \"fix\" a failing test by editing the test. I'd "
                  "check for that before trusting the gap.", [
                    C("tickets.2.1.1.1", "jlopez_dev", "3:02", 26,
                      "That's a good point, and I hadn't thought to look. I'll "
                      "grep the diffs for changes under tests/ and post an "
                      "update.", [
                        C("tickets.update", "jlopez_dev", "9:15", 31,
                          "Update: 7 of the Orca-2 \"passes\" modified test "
                          "files, versus 3 for the closed model. Excluding "
                          "those it's 29% vs 35%. Still worth it for us, but "
                          "you were right that it wasn't equal.", [
                            C("tickets.thanks", "quietmodem", "9:40", 24,
                              "Thanks for following up with actual numbers. "
                              "Rarer than it should be around here."),
                        ]),
                    ]),
                ]),
            ]),
        ]),
    ]),
    C("license", "hollowcore", "0:14", 121,
      "Honestly this is the release I\u2019ve been waiting for. Apache 2.0, "
      "weights on day one, an actual tech report instead of a \u201csystem "
      "card\u201d, and the eval harness is public. Thank you! \U0001F44D", [
        C("license.1", "drmaryw", "0:29", 73,
          "+1. For us the license matters more than any benchmark. I can deploy "
          "this inside a hospital network without a six-month legal review, "
          "which is not true of anything with a custom \u201cacceptable "
          "use\u201d license.", [
            C("license.1.1", "redleaf", "0:55", 30,
              "Apache 2.0 on the weights, sure. What about the training data? "
              "Open weights \u2260 open source, and we should stop pretending "
              "otherwise.", [
                C("license.1.1.1", "drmaryw", "1:10", 34,
                  "Sure, but for my use case I don't need the data. I need a "
                  "license my lawyers understand and weights that won't vanish "
                  "when a startup pivots.", [
                    C("license.1.1.1.1", "redleaf", "1:31", 19,
                      "That's a pragmatic take and I don't entirely disagree. I "
                      "just think the term \"open source model\" is doing a lot "
                      "of marketing work it hasn't earned.", [
                        C("license.1.1.1.1.1", "drmaryw", "1:44", 22,
                          "Agreed on the terminology. Nobody in this thread "
                          "called it open source, though \u2014 the title says "
                          "open-weights.", [
                            C("license.d7", "redleaf", "2:03", 15,
                              "Good point. I was arguing with the press "
                              "coverage, not with this post. Carry on."),
                        ]),
                    ]),
                ]),
            ]),
        ]),
        C("license.2", "throwaway_8812", "0:38", 48,
          "Wow, another open model that's *definitely* going to change "
          "everything. Haven't had one of those since Tuesday. /s", [
            C("license.2.1", "hollowcore", "0:49", 36,
              "\U0001F602 Okay, fair. The release I\u2019ve been waiting for "
              "*this week*."),
        ]),
    ]),
    C("local", "gpu_poor", "0:17", 95,
      "What does it take to run this locally? 34B at 4-bit should squeeze into "
      "24 GB, right? Anything < 24 GB and I'm out of luck.", [
        C("local.1", "vimgolfer", "0:33", 82,
          "Yes, barely. This works on a single 3090 with llama.cpp:\n\n"
          "    ./llama-server -m orca-2-34b-Q4_K_M.gguf -c 8192 -ngl 99 --port 8080\n\n"
          "About 28 tok/s generation. Above ~12k context it OOMs for me.", [
            C("local.1.1", "parquet_pete", "1:15", 25,
              "On a 24 GB M4 Pro Mac mini I get around 11 tok/s with the same "
              "quant. Fine for chat, painful for agent loops.", [
                C("local.1.1.1", "cfalk", "1:40", 14,
                  "11 tok/s is fine for agents if you're not watching. My "
                  "overnight batch jobs don't care how long they take."),
            ]),
        ]),
        C("local.2", "samizdat42", "0:59", 40,
          "If you'd rather stay in Python:\n\n"
          "    from transformers import AutoModelForCausalLM, AutoTokenizer\n"
          "    tok = AutoTokenizer.from_pretrained(\"orcalabs/orca-2-34b\")\n"
          "    model = AutoModelForCausalLM.from_pretrained(\n"
          "        \"orcalabs/orca-2-34b\", device_map=\"auto\", load_in_4bit=True)\n\n"
          "Needs bitsandbytes installed. Peaks around 21 GB of VRAM on my card.", [
            C("local.2.1", "ada_k", "1:22", 21,
              "Heads up: passing `load_in_4bit` directly is deprecated, you want "
              "a `BitsAndBytesConfig` now. Works either way, but the old form "
              "spams warnings.", [
                C("local.2.1.1", "samizdat42", "1:35", 9,
                  "Good catch, thanks. Old habits."),
            ]),
        ]),
    ]),
    C("security", "ssteinberg", "2:30", 52,
      "Asked it for a login handler as a first test and it built the SQL query "
      "with string concatenation. In 2026. The model card says nothing about "
      "how it handles security-relevant code.\n\n"
      "\"Beats GPT-class models\" on what, exactly?", [
        C("security.1", "ada_k", "2:50", 35,
          "That's just wrong \u2014 the card has a whole section on it (section "
          "6, \"Secure coding\"). Whether it's adequate is a different argument, "
          "but it's there.", [
            C("security.1.1", "ssteinberg", "3:05", 20,
              "You're right, I missed section 6, my mistake. Still, a paragraph "
              "of intentions isn't an eval. I'd like to see numbers on something "
              "like CyberSecEval."),
        ]),
        C("security.2", "nilsbyte", "3:10", 14,
          "Every model does this unless you tell it not to. Not an Orca "
          "problem.", [
            C("security.2.1", None, "3:22", 1, deleted=True),
            C("security.2.2", "ssteinberg", "3:30", 18,
              "> Every model does this unless you tell it not to\n\n"
              "No, the frontier models have gotten much better at defaulting to "
              "parameterized queries over the last year. This is a regression to "
              "2023-era behavior, and it matters because most people never write "
              "the system prompt."),
        ]),
    ]),
    C("i18n", "yuki_t", "0:52", 57,
      "Tried it on a codebase with Japanese docstrings. It reads \u65e5\u672c"
      "\u8a9e comments fine and the explanations are accurate, but it answers "
      "in English unless you explicitly ask otherwise. For a coding model "
      "that's probably the right default, though I know colleagues who'd "
      "disagree.", [
        C("i18n.1", "okonkwo_e", "1:25", 18,
          "Similar with Igbo identifiers (yes, I'm that person). The tokenizer "
          "shreds them into lots of pieces, so the context fills up much faster "
          "than with English names.", [
            C("i18n.1.1", "yuki_t", "1:50", 11,
              "Did you measure it? My guess would be 2\u20133\u00d7 the tokens "
              "compared to English.", [
                C("i18n.1.1.1", "okonkwo_e", "2:20", 10,
                  "About 2.4\u00d7 on my files. Not scientific, one repo."),
            ]),
        ]),
    ]),
    C("report", "parquet_pete", "4:10", 66,
      "Benchmarks aside, the tech report is really well written. Section 4 on "
      "the data mix and repo-level dedup is the clearest explanation of that "
      "problem I've read anywhere. Worth the read even if you never touch the "
      "model: https://orcalabs.example/reports/orca-2.pdf", [
        C("report.1", "lena_orca", "4:35", 30,
          "Thank you \u2014 that section took longer to write than some of the "
          "training runs \U0001F605"),
    ]),
    C("finetune", "tensorfox", "7:05", 44,
      "I'm skeptical of the whole \"beats X\" framing, but credit where it's "
      "due: a strong 34B model I can fine-tune on a single node is a big deal "
      "for small labs like ours. Cautiously optimistic.", [
        C("finetune.1", "redleaf", "7:30", 21,
          "\"Cautiously optimistic\" should be the default HN setting for every "
          "launch \U0001F44D"),
        C("finetune.2", "samizdat42", "8:02", 16,
          "Have you tried fine-tuning it yet? LoRA on 2\u00d7A100 took about "
          "five hours for 20k samples in my runs.", [
            C("finetune.2.1", "tensorfox", "8:40", 9,
              "Not yet, that's the plan for this weekend. Any gotchas?", [
                C("finetune.2.1.1", "samizdat42", "9:05", 19,
                  "One big one: use the chat template from the GitHub repo, not "
                  "the one on the model page. They differ, and the model page "
                  "version silently drops the system prompt. Took me a day to "
                  "figure out why my fine-tune ignored its instructions.", [
                    C("finetune.2.1.1.1", "lena_orca", "9:50", 27,
                      "Confirmed, that's a bug on our side, sorry. The fix is "
                      "merged: https://github.com/orcalabs-example/orca-2/pull/212 "
                      "\u2014 the model page will be updated within the hour."),
                ]),
            ]),
        ]),
    ]),
    C("grift", "grift_watch", "1:03", -14,
      "Who cares. This whole industry is a grift and everyone upvoting this is "
      "a mark. Enjoy renting GPUs forever, suckers.", dead=True),
    C("refusals", "lurker_ops", "15:40", 12,
      "Reminder that open weights also means anyone can strip the refusal "
      "training in an afternoon. I'm not saying that's bad, just that the "
      "release notes should say so plainly.", [
        C("refusals.1", "hollowcore", "16:20", 8,
          "That's been true of every open model since the first LLaMA leak. "
          "I'm not sure what saying it out loud would change.", [
            C("refusals.1.1", "lurker_ops", "17:05", 6,
              "Maybe nothing. It'd just be nice to see a lab own it instead of "
              "implying the safety tuning is robust.", reddit_hidden=True),
        ], reddit_hidden=True),
    ]),
    C("pricing", "okonkwo_e", "19:30", 7,
      "Price check for anyone deciding: the hosted API is $0.30 per million "
      "input tokens vs $3 for what we used before. Quality drop is real but "
      "small for our workload. We're moving the batch jobs over & keeping the "
      "closed model for customer-facing stuff."),
]

ORCA_REDDIT = {"post_id": "1jb4x2q", "subreddit": "LocalLLaMA",
               "text_from": "Hi HN \u2014", "text_to": "Hi r/LocalLLaMA \u2014",
               "slug": "launch_orca2_openweights_model_beats_gptclass",
               "score": 538, "upvote_ratio": 0.91,
               "comment_base": "mhq3a00", "flair": "New Model"}

SMALL_STORY = {
    "title": "UPS died in the middle of a NAS firmware update. Lessons learned",
    "author": "amber_rack",
    "time": 1773573905,          # 2026-03-15T11:25:05Z
    "score": 241,
    "text": (
        "Short version: the NAS is fine, my pride is not.\n\n"
        "I started a firmware update at 11pm, the power blinked, and the UPS "
        "that had passed every self-test for five years gave up in about four "
        "seconds. The battery was from 2019. Check your battery dates, people."
    ),
}

SMALL = [
    C("rule", "switchgear_sam", "0:12", 198,
      "Rule one of firmware updates: check the UPS battery date *before* you "
      "start, not after. Sorry this happened to you.", [
        C("rule.1", None, "0:20", 4, deleted=True, kids=[
            C("rule.1.1", "ohm_sweet_ohm", "0:31", 57,
              "Whatever they were selling, a line-interactive UPS is perfectly "
              "fine for a NAS. You don't need double conversion for a box of "
              "disks."),
            C("rule.1.2", "amber_rack", "0:40", 88,
              "For the record, since it's been deleted: no, I wasn't running it "
              "off a surge strip. It was a real UPS with a dead battery.", [
                C("rule.1.2.1", "switchgear_sam", "0:52", 41,
                  "Ha. The worst kind \u2014 the one that passes the self-test "
                  "right up until it doesn't."),
            ]),
        ]),
        C("rule.2", "pallet_of_ssds", "0:26", 34,
          "Did the NAS come back at all? Some vendors keep a second firmware "
          "slot for exactly this.", [
            C("rule.2.1", "amber_rack", "0:45", 29,
              "It did! The backup partition saved me. Took two tries and a "
              "paperclip."),
        ]),
    ]),
    C("model", "cheap_ecc", "0:18", 45,
      "Which UPS was it, and how old was the battery?", [
        C("model.1", "amber_rack", "0:33", 22,
          "A 1500VA line-interactive unit, battery from 2019. Yes, I know."),
    ]),
    C("orphan", "late_to_the_party", "3:05", 12,
      "Same thing happened to me last year. Agreed, the battery date is the "
      "whole story \u2014 mine looked fine on the front panel too."),
    C("saving", "noctua_fan", "1:10", 15,
      "Saving this thread. Going to go check my battery dates right now."),
]

SMALL_REDDIT = {"post_id": "1jc0m8d", "subreddit": "homelab",
                "slug": "ups_died_in_the_middle_of_a_nas_firmware_update",
                "score": 241, "upvote_ratio": 0.97,
                "comment_base": "mhu0k00", "flair": "Discussion",
                # The orphan replied to a comment (posted at 2:49) that is not
                # in the file; its id is made up in generate().
                "orphan_parent_at": "2:49",
                # A `more` stub under rule.2.1 stands for 5 comments posted at:
                "more_under": "rule.2.1",
                "more_at": ["0:58", "1:04", "1:21", "1:43", "2:12"]}


# ---------------------------------------------------------------------------
# Flatten the threads, give every comment its time and ids.
# ---------------------------------------------------------------------------

def _jitter(key, mod):
    h = 0
    for ch in key:
        h = (h * 131 + ord(ch)) % 1000003
    return h % mod


REDDIT_IDS_PER_SECOND = 83     # site-wide comment rate: ids grow fast


def to_base36(n):
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while n:
        n, r = divmod(n, 36)
        out = digits[r] + out
    return out or "0"


def prepare(story, comments, hn_story_id=None, reddit=None):
    """Fill in time, depth, parent links, HN ids and Reddit ids."""
    flat = []

    def walk(nodes, parent, depth):
        for c in nodes:
            h, m = c["at"].split(":")
            c["time"] = story["time"] + int(h) * 3600 + int(m) * 60 + _jitter(c["key"], 60)
            c["parent"] = parent
            c["depth"] = depth
            flat.append(c)
            walk(c["kids"], c, depth + 1)

    walk(comments, None, 1)
    by_time = sorted(flat, key=lambda c: (c["time"], c["key"]))
    if hn_story_id is not None:
        last_id, last_t = hn_story_id, story["time"]
        for c in by_time:
            last_id += 1 + (c["time"] - last_t) // 5 + _jitter(c["key"], 4)
            last_t = c["time"]
            c["hn_id"] = last_id
    if reddit is not None:
        n, last_t = int(reddit["comment_base"], 36), story["time"]
        for c in by_time:
            n += 1 + (c["time"] - last_t) * REDDIT_IDS_PER_SECOND + _jitter(c["key"], 83)
            last_t = c["time"]
            c["rid"] = to_base36(n)
    return flat


def reddit_id_at(story, rd, at, salt):
    """A Reddit id for a comment that is not in the file, posted at `at`."""
    h, m = at.split(":")
    t = int(h) * 3600 + int(m) * 60 + _jitter(salt, 60)
    return to_base36(int(rd["comment_base"], 36) + t * REDDIT_IDS_PER_SECOND + _jitter(salt, 83))


def iso(t, z=True):
    s = datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
    return s + ("Z" if z else "")


# ---------------------------------------------------------------------------
# Text renderers.
# ---------------------------------------------------------------------------

def blocks(text):
    """Split canonical text into (kind, content) blocks: p, quote, code."""
    out = []
    for para in text.split("\n\n"):
        lines = para.split("\n")
        if all(l.startswith("    ") for l in lines):
            out.append(("code", [l[4:] for l in lines]))
        elif para.startswith("> "):
            out.append(("quote", para[2:]))
        else:
            out.append(("p", para))
    return out


INLINE = re.compile(r"(\*[^*\n]+\*)|(`[^`\n]+`)|(https?://[^\s<>\"]+)")
EMOJI = re.compile("[ ]*[\U0001F300-\U0001FAFF\uFE0F]+")


def inline(s, text_fn, em_fn, code_fn, url_fn):
    out, pos = [], 0
    for m in INLINE.finditer(s):
        out.append(text_fn(s[pos:m.start()]))
        tok = m.group(0)
        if m.group(1):
            out.append(em_fn(tok[1:-1]))
        elif m.group(2):
            out.append(code_fn(tok[1:-1]))
        else:
            trail = ""
            while tok[-1] in ".,;:)":
                trail = tok[-1] + trail
                tok = tok[:-1]
            out.append(url_fn(tok) + text_fn(trail))
        pos = m.end()
    out.append(text_fn(s[pos:]))
    return "".join(out)


def hn_esc(s):
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
             .replace('"', "&quot;").replace("'", "&#x27;").replace("/", "&#x2F;"))


def hn_html(text):
    """HN's comment HTML: <p> between paragraphs, none before the first."""
    text = EMOJI.sub("", text)
    parts = []

    def url(u):
        shown = u if len(u) <= 60 else u[:60] + "..."
        return '<a href="%s" rel="nofollow">%s</a>' % (hn_esc(u), hn_esc(shown))

    bl = blocks(text)
    for i, (kind, content) in enumerate(bl):
        if kind == "code":
            body = "\n".join("  " + l for l in content)
            if i < len(bl) - 1:
                body += "\n"
            h = "<pre><code>" + hn_esc(body) + "</code></pre>"
        else:
            s = ("> " + content) if kind == "quote" else content
            h = inline(s.strip(), hn_esc, lambda x: "<i>" + hn_esc(x) + "</i>",
                       lambda x: hn_esc("`" + x + "`"), url)
        if i == 0:
            parts.append(h)
        elif bl[i - 1][0] == "code":
            parts.append("\n" + h)
        else:
            parts.append("<p>" + h)
    return "".join(parts)


def md_esc(s):
    """What Reddit's JSON does to markdown source without raw_json=1."""
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def snu_esc(s):
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
             .replace('"', "&quot;").replace("'", "&#39;"))


def reddit_html(text):
    """The HTML Reddit's markdown renderer makes of the text."""
    out = []

    def para(s):
        return inline(s, snu_esc, lambda x: "<em>" + snu_esc(x) + "</em>",
                      lambda x: "<code>" + snu_esc(x) + "</code>",
                      lambda u: '<a href="%s">%s</a>' % (snu_esc(u), snu_esc(u)))

    for kind, content in blocks(text):
        if kind == "code":
            out.append("<pre><code>" + snu_esc("\n".join(content)) + "\n</code></pre>")
        elif kind == "quote":
            out.append("<blockquote>\n<p>" + para(content) + "</p>\n</blockquote>")
        else:
            out.append("<p>" + para(content) + "</p>")
    return '<div class="md">' + "\n\n".join(out) + "\n</div>"


# ---------------------------------------------------------------------------
# Hacker News: item page, Firebase items, Algolia item.
# ---------------------------------------------------------------------------

HN_STORY_ID = 41022317


def hn_visible(c):
    """HN hides a deleted comment that has no visible replies."""
    if not c["deleted"]:
        return True
    return any(hn_visible(k) for k in c["kids"])


def ago(delta):
    if delta < 3600:
        n = max(1, delta // 60)
        return "%d minute%s ago" % (n, "" if n == 1 else "s")
    if delta < 86400:
        n = delta // 3600
        return "%d hour%s ago" % (n, "" if n == 1 else "s")
    n = delta // 86400
    return "%d day%s ago" % (n, "" if n == 1 else "s")


def write_hn_page(story, comments, path):
    sid = HN_STORY_ID
    saved_at = story["time"] + 21 * 3600 + 4 * 60 + 33
    rows = []

    def walk(nodes, depth):
        for c in nodes:
            if hn_visible(c):
                rows.append((c, depth))
                walk(c["kids"], depth + 1)

    walk(comments, 0)
    ncomments = sum(1 for c, _ in rows if not c["deleted"] and not c["dead"])
    goto = "item%3Fid%3D" + str(sid)
    out = []
    out.append(
        '<html lang="en" op="item"><head><meta name="referrer" content="origin">'
        '<meta name="viewport" content="width=device-width, initial-scale=1.0">'
        '<link rel="stylesheet" type="text/css" href="news.css?Qm7rT2xLwPz0aKdC9fVn">'
        '<link rel="icon" href="y18.svg"><link rel="canonical" '
        'href="https://news.ycombinator.com/item?id=%d"><title>%s | Hacker News</title>'
        '</head><body><center><table id="hnmain" border="0" cellpadding="0" '
        'cellspacing="0" width="85%%" bgcolor="#f6f6ef">' % (sid, html.escape(story["title"], False)))
    out.append(
        '<tr><td bgcolor="#ff6600"><table border="0" cellpadding="0" cellspacing="0" '
        'width="100%%" style="padding:2px"><tr><td style="width:18px;padding-right:4px">'
        '<a href="https://news.ycombinator.com"><img src="y18.svg" width="18" height="18" '
        'style="border:1px white solid; display:block"></a></td><td style="line-height:12pt; '
        'height:10px;"><span class="pagetop"><b class="hnname"><a href="news">Hacker News</a>'
        '</b><a href="newest">new</a> | <a href="front">past</a> | <a href="newcomments">'
        'comments</a> | <a href="ask">ask</a> | <a href="show">show</a> | <a href="jobs">jobs'
        '</a> | <a href="submit" rel="nofollow">submit</a></span></td><td style="text-align:'
        'right;padding-right:4px;"><span class="pagetop"><a href="login?goto=%s">login</a>'
        '</span></td></tr></table></td></tr><tr style=\'height:10px\'/>' % goto)
    site = re.sub(r"^https?://([^/]+).*$", r"\1", story["url"])
    out.append(
        '<tr id="bigbox"><td><table class="fatitem" border="0"><tr class="athing submission" '
        'id="%d"><td align="right" valign="top" class="title"><span class="rank"></span></td>'
        '<td valign="top" class="votelinks"><center><a id=\'up_%d\' href=\'vote?id=%d&amp;how=up'
        '&amp;goto=%s\'><div class=\'votearrow\' title=\'upvote\'></div></a></center></td>'
        '<td class="title"><span class="titleline"><a href="%s">%s</a><span class="sitebit '
        'comhead"> (<a href="from?site=%s"><span class="sitestr">%s</span></a>)</span></span>'
        '</td></tr>' % (sid, sid, sid, goto, html.escape(story["url"]),
                        html.escape(story["title"], False), site, site))
    out.append(
        '<tr><td colspan="2"></td><td class="subtext"><span class="subline"><span class="score" '
        'id="score_%d">%d points</span> by <a href="user?id=%s" class="hnuser">%s</a> '
        '<span class="age" title="%s %d"><a href="item?id=%d">%s</a></span> <span id="unv_%d">'
        '</span> | <a href="hide?id=%d&amp;goto=%s">hide</a> | <a href="https://hn.algolia.com/'
        '?query=%s&type=story&dateRange=all&sort=byDate&storyText=false&prefix&page=0" '
        'class="hnpast">past</a> | <a href="item?id=%d">%d&nbsp;comments</a></span></td></tr>'
        % (sid, story["score"], story["author"], story["author"], iso(story["time"], False),
           story["time"], sid, ago(saved_at - story["time"]), sid, sid, goto,
           story["title"].replace(" ", "%20").replace(":", "%3A"), sid, ncomments))
    out.append(
        '<tr><td colspan="2"></td><td><div class="toptext">%s</div></td></tr>'
        '<tr style=\'height:6px\'/><tr><td colspan="2"></td><td><form action="comment" '
        'method="post"><input type="hidden" name="parent" value="%d"><input type="hidden" '
        'name="goto" value="item?id=%d"><textarea name="text" rows="8" cols="80" '
        'wrap="virtual" style="vertical-align:bottom"></textarea>&nbsp;<a href="formatdoc" '
        'tabindex="-1"><font size="-2" color="#AFAFAF">help</font></a><br><br>\n'
        '<input type="submit" value="add comment"></form></td></tr></table><br>\n'
        % (hn_html(story["text"]), sid, sid))
    out.append('<table border="0" class="comment-tree">')
    ids = [c["hn_id"] for c, _ in rows]
    inds = [d for _, d in rows]
    for i, (c, d) in enumerate(rows):
        cid = c["hn_id"]
        navs = []
        if d >= 2:
            root = next(ids[j] for j in range(i, -1, -1) if inds[j] == 0)
            navs.append('<a href="#%d" class="clicky" aria-hidden="true">root</a>' % root)
        if d >= 1:
            navs.append('<a href="#%d" class="clicky" aria-hidden="true">parent</a>'
                        % c["parent"]["hn_id"])
        for j in range(i - 1, -1, -1):
            if inds[j] < d:
                break
            if inds[j] == d:
                navs.append('<a href="#%d" class="clicky" aria-hidden="true">prev</a>' % ids[j])
                break
        n = 1
        for j in range(i + 1, len(rows)):
            if inds[j] <= d:
                navs.append('<a href="#%d" class="clicky" aria-hidden="true">next</a>' % ids[j])
                break
            n += 1
        navs_html = '<span class="navs"> | %s <a class="togg clicky" id="%d" n="%d" ' \
                    'href="javascript:void(0)">[\u2013]</a><span class="onstory"></span></span>' \
                    % (" | ".join(navs), cid, n)
        age = '<span class="age" title="%s %d"><a href="item?id=%d">%s</a></span>' % (
            iso(c["time"], False), c["time"], cid, ago(saved_at - c["time"]))
        if c["deleted"] or c["dead"]:
            vote = '<center><img src="s.gif" height="1" width="14"></center>'
        else:
            vote = ('<center><a id=\'up_%d\' href=\'vote?id=%d&amp;how=up&amp;goto=%s\'>'
                    '<div class=\'votearrow\' title=\'upvote\'></div></a></center>' % (cid, cid, goto))
        if c["deleted"]:
            head = '%s <span id="unv_%d"></span>%s' % (age, cid, navs_html)
            body = '<div class="comment">[deleted]<div class="reply"></div></div>'
        else:
            user = '<a href="user?id=%s" class="hnuser">%s</a> ' % (c["author"], c["author"])
            mark = " [flagged]" if c["dead"] else ""
            head = '%s%s <span id="unv_%d"></span>%s%s' % (user, age, cid, mark, navs_html)
            if c["dead"]:
                body = ('<div class="comment"><div class="commtext cdd">%s</div>'
                        '<div class="reply"></div></div>' % hn_html(c["text"]))
            else:
                body = ('<div class="comment"><div class="commtext c00">%s</div><div class="reply">'
                        '<p><font size="1"><u><a href="reply?id=%d&amp;goto=%s%%23%d" '
                        'rel="nofollow">reply</a></u></font></div></div>'
                        % (hn_html(c["text"]), cid, goto, cid))
        out.append(
            '<tr class="athing comtr" id="%d"><td><table border="0"><tr><td class="ind" '
            'indent="%d"><img src="s.gif" height="1" width="%d"></td><td valign="top" '
            'class="votelinks">%s</td><td class="default"><div style="margin-top:2px; '
            'margin-bottom:-10px;"><span class="comhead">%s</span></div><br>\n%s</td></tr>'
            '</table></td></tr>' % (cid, d, 40 * d, vote, head, body))
    out.append('</table><br><br>\n</td></tr><tr><td><img src="s.gif" height="10" width="0">'
               '<table width="100%" cellspacing="0" cellpadding="1"><tr><td bgcolor="#ff6600">'
               '</td></tr></table><br>\n<center><span class="yclinks"><a href="newsguidelines.html">'
               'Guidelines</a> | <a href="newsfaq.html">FAQ</a> | <a href="lists">Lists</a> | '
               '<a href="https://github.com/HackerNews/API">API</a> | <a href="security.html">'
               'Security</a> | <a href="https://www.ycombinator.com/legal/">Legal</a> | '
               '<a href="https://www.ycombinator.com/apply/">Apply to YC</a> | '
               '<a href="mailto:hn@ycombinator.com">Contact</a></span><br><br>\n'
               '<form method="get" action="//hn.algolia.com/">Search: <input type="text" '
               'name="q" size="17" autocorrect="off" spellcheck="false" autocapitalize="off" '
               'autocomplete="off"></form></center></td></tr></table></center></body>'
               '<script type="text/javascript" src="hn.js?Qm7rT2xLwPz0aKdC9fVn"></script></html>\n')
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("".join(out))
    return [(c, d + 1) for c, d in rows]


def write_hn_firebase(story, comments, path):
    sid = HN_STORY_ID
    ncomments = sum(1 for c in prepare_flat(comments) if not c["deleted"] and not c["dead"])
    items = [{"by": story["author"], "descendants": ncomments, "id": sid,
              "kids": [c["hn_id"] for c in comments], "score": story["score"],
              "text": hn_html(story["text"]), "time": story["time"],
              "title": story["title"], "type": "story", "url": story["url"]}]
    queue = list(comments)
    while queue:                       # breadth-first, like the saved fixtures
        c = queue.pop(0)
        it = {"id": c["hn_id"],
              "parent": c["parent"]["hn_id"] if c["parent"] else sid,
              "time": c["time"], "type": "comment"}
        if c["kids"]:
            it["kids"] = [k["hn_id"] for k in c["kids"]]
        if c["deleted"]:
            it["deleted"] = True
        else:
            it["by"] = c["author"]
            it["text"] = hn_html(c["text"])
        if c["dead"]:
            it["dead"] = True
        items.append(dict(sorted(it.items())))
        queue.extend(c["kids"])
    with open(path, "w", encoding="utf-8", newline="") as f:
        json.dump(items, f, ensure_ascii=False, indent=2)
        f.write("\n")


def prepare_flat(nodes):
    out = []
    for c in nodes:
        out.append(c)
        out.extend(prepare_flat(c["kids"]))
    return out


def algolia_order(nodes):
    return sorted(nodes, key=lambda c: (c["time"], c["hn_id"]))


def write_hn_algolia(story, comments, path):
    sid = HN_STORY_ID

    def node(c):
        return {"author": None if c["deleted"] else c["author"],
                "children": [node(k) for k in algolia_order(c["kids"])],
                "created_at": iso(c["time"])[:-1] + ".000Z",
                "created_at_i": c["time"], "id": c["hn_id"], "options": [],
                "parent_id": c["parent"]["hn_id"] if c["parent"] else sid,
                "points": None, "story_id": sid,
                "text": None if c["deleted"] else hn_html(c["text"]),
                "title": None, "type": "comment", "url": None}

    doc = {"author": story["author"],
           "children": [node(c) for c in algolia_order(comments)],
           "created_at": iso(story["time"])[:-1] + ".000Z",
           "created_at_i": story["time"], "id": sid, "options": [],
           "parent_id": None, "points": story["score"], "story_id": sid,
           "text": hn_html(story["text"]), "title": story["title"],
           "type": "story", "url": story["url"]}
    with open(path, "w", encoding="utf-8", newline="") as f:
        json.dump(doc, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")


# ---------------------------------------------------------------------------
# Reddit /comments/<id>.json
# ---------------------------------------------------------------------------

def reddit_post(story, rd, num_comments, link_url=None):
    pid = rd["post_id"]
    permalink = "/r/%s/comments/%s/%s/" % (rd["subreddit"], pid, rd["slug"])
    text = story["text"] + ("\n\nBlog post with the details: " + link_url if link_url else "")
    if rd.get("text_from"):
        text = text.replace(rd["text_from"], rd["text_to"])
    return {"kind": "t3", "data": {
        "approved_at_utc": None, "subreddit": rd["subreddit"],
        "selftext": md_esc(text), "author_fullname": "t2_" + to_base36(
            int(_jitter(story["author"], 10 ** 9)) + 36 ** 7),
        "saved": False, "gilded": 0, "clicked": False, "title": md_esc(story["title"]),
        "subreddit_name_prefixed": "r/" + rd["subreddit"], "hidden": False, "pwls": 6,
        "link_flair_css_class": "", "downs": 0, "hide_score": False,
        "name": "t3_" + pid, "quarantine": False, "link_flair_text_color": "dark",
        "upvote_ratio": rd["upvote_ratio"], "subreddit_type": "public",
        "ups": rd["score"], "total_awards_received": 0, "is_original_content": False,
        "is_reddit_media_domain": False, "is_meta": False, "link_flair_text": rd["flair"],
        "can_mod_post": False, "score": rd["score"], "approved_by": None,
        "is_created_from_ads_ui": False, "thumbnail": "self", "edited": False,
        "post_hint": "self", "content_categories": None, "is_self": True,
        "created": float(story["time"]), "link_flair_type": "text",
        "domain": "self." + rd["subreddit"], "allow_live_comments": False,
        "selftext_html": md_esc("<!-- SC_OFF -->" + reddit_html(text) + "<!-- SC_ON -->"),
        "likes": None, "banned_by": None, "archived": False, "no_follow": False,
        "is_crosspostable": False, "pinned": False, "over_18": False, "locked": False,
        "subreddit_id": "t5_" + to_base36(_jitter(rd["subreddit"], 10 ** 8) + 36 ** 5),
        "id": pid, "author": story["author"], "discussion_type": None,
        "num_comments": num_comments, "send_replies": True, "contest_mode": False,
        "author_patreon_flair": False, "permalink": permalink, "stickied": False,
        "url": "https://www.reddit.com" + permalink, "subreddit_subscribers": 512840,
        "created_utc": float(story["time"]), "num_crossposts": 0, "media": None,
        "is_video": False}}


def reddit_comment(c, story, rd, replies, rid_of):
    pid = rd["post_id"]
    deleted = c["deleted"]
    text = "[deleted]" if deleted else c["text"]
    parent = c.get("reddit_parent") or (
        "t1_" + rid_of(c["parent"]) if c["parent"] else "t3_" + pid)
    d = {"subreddit_id": "t5_" + to_base36(_jitter(rd["subreddit"], 10 ** 8) + 36 ** 5),
         "approved_at_utc": None, "author_is_blocked": False, "comment_type": None,
         "awarders": [], "mod_reason_by": None, "banned_by": None,
         "author_flair_type": "text", "total_awards_received": 0,
         "subreddit": rd["subreddit"], "author_flair_template_id": None, "likes": None,
         "replies": replies, "user_reports": [], "saved": False, "id": c["rid"],
         "banned_at_utc": None, "mod_reason_title": None, "gilded": 0,
         "archived": False, "collapsed_reason_code": None, "no_follow": c["score"] < 5,
         "author": "[deleted]" if deleted else c["author"], "can_mod_post": False,
         "created_utc": float(c["time"]), "send_replies": True, "parent_id": parent,
         "score": c["score"]}
    if not deleted:
        d["author_fullname"] = "t2_" + to_base36(_jitter(c["author"], 10 ** 9) + 36 ** 7)
    d.update({
        "approved_by": None, "mod_note": None, "all_awardings": [],
        "collapsed": deleted or c["dead"], "body": md_esc(text), "edited": False,
        "top_awarded_type": None, "author_flair_css_class": None,
        "name": "t1_" + c["rid"], "is_submitter": (not deleted and c["author"] == story["author"]),
        "downs": 0, "author_flair_richtext": [], "author_patreon_flair": False,
        "body_html": md_esc(reddit_html(text)), "removal_reason": None,
        "collapsed_reason": "comment score below threshold" if c["dead"] else None,
        "distinguished": None, "associated_award": None, "stickied": False,
        "author_premium": False, "can_gild": False, "gildings": {},
        "unrepliable_reason": None, "author_flair_text_color": None,
        "score_hidden": False,
        "permalink": "/r/%s/comments/%s/%s/%s/" % (rd["subreddit"], pid, rd["slug"], c["rid"]),
        "subreddit_type": "public", "locked": False, "report_reasons": None,
        "created": float(c["time"]), "author_flair_text": None, "treatment_tags": [],
        "link_id": "t3_" + pid, "subreddit_name_prefixed": "r/" + rd["subreddit"],
        "controversiality": 1 if c["dead"] else 0, "depth": c["depth"] - 1,
        "author_flair_background_color": None, "collapsed_because_crowd_control": None,
        "mod_reports": [], "num_reports": None, "ups": c["score"]})
    if deleted:
        d["collapsed_reason_code"] = "DELETED"
    elif c["dead"]:
        d["collapsed_reason_code"] = "LOW_SCORE"
    return {"kind": "t1", "data": d}


def listing(children, dist=None):
    return {"kind": "Listing", "data": {"after": None, "dist": dist, "modhash": "",
                                        "geo_filter": "", "children": children,
                                        "before": None}}


def more_stub(parent_rid, depth, ids, count):
    return {"kind": "more", "data": {"count": count, "name": "t1_" + ids[0],
                                     "id": ids[0], "parent_id": "t1_" + parent_rid,
                                     "depth": depth, "children": ids}}


def write_reddit(story, comments, rd, path, link_url=None, extra_more=None):
    """Returns the key rows [(comment, depth)] in document order and more total."""
    rows, more_total = [], [0]
    rid = lambda c: c["rid"]

    def build(nodes, depth, parent):
        children, hidden = [], []
        for c in nodes:
            if c["reddit_hidden"]:
                hidden.append(c)
                continue
            rows.append((c, depth))
            sub = build(c["kids"], depth + 1, c)
            c_json = reddit_comment(c, story, rd, listing(sub) if sub else "", rid)
            children.append(c_json)
        if hidden:
            ids = [x["rid"] for h in hidden for x in prepare_flat([h])]
            children.append(more_stub(parent["rid"], depth - 1, ids, len(ids)))
            more_total[0] += len(ids)
        if extra_more and parent is not None and parent["key"] == extra_more[0]:
            children.append(more_stub(parent["rid"], depth - 1, extra_more[1],
                                      len(extra_more[1])))
            more_total[0] += len(extra_more[1])
        return children

    top = build(comments, 1, None)
    num = len(prepare_flat(comments)) + (len(extra_more[1]) if extra_more else 0)
    doc = [listing([reddit_post(story, rd, num, link_url)], dist=1), listing(top)]
    with open(path, "w", encoding="ascii", newline="") as f:
        json.dump(doc, f, ensure_ascii=True)
    return rows, more_total[0]


# ---------------------------------------------------------------------------
# Generic CSV and NDJSON.
# ---------------------------------------------------------------------------

def generic_text(c):
    return "[deleted]" if c["deleted"] else c["text"]


def write_csv(comments, path):
    buf = io.StringIO(newline="")
    w = csv.writer(buf)                      # RFC 4180: CRLF, "" inside quotes
    w.writerow(["id", "parent", "author", "time", "text", "title", "score"])
    for c in prepare_flat(comments):
        w.writerow([c["hn_id"], c["parent"]["hn_id"] if c["parent"] else "",
                    "" if c["deleted"] else c["author"], iso(c["time"]),
                    generic_text(c), "", c["score"]])
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())


def write_ndjson(comments, path):
    with open(path, "w", encoding="utf-8", newline="") as f:
        for c in sorted(prepare_flat(comments), key=lambda c: (c["time"], c["hn_id"])):
            f.write(json.dumps({
                "id": str(c["hn_id"]),
                "parent": str(c["parent"]["hn_id"]) if c["parent"] else None,
                "author": None if c["deleted"] else c["author"],
                "time": c["time"], "text": generic_text(c), "score": c["score"]},
                ensure_ascii=False) + "\n")


# ---------------------------------------------------------------------------
# Answer keys, built from the thread model (the --check re-derives them from
# the written files with independent readers).
# ---------------------------------------------------------------------------

def preorder(nodes, order=lambda ns: ns, keep=lambda c: True, depth=1):
    out = []
    for c in order(nodes):
        if keep(c):
            out.append((c, depth))
            out.extend(preorder(c["kids"], order, keep, depth + 1))
    return out


def key_rows(rows, idf, parentf):
    return [(idf(c), parentf(c), d, "" if c["deleted"] else c["author"]) for c, d in rows]


def write_key(name, rows, more_missing):
    with open(os.path.join(GOLDEN, name + ".tree.tsv"), "w", encoding="utf-8", newline="") as f:
        f.write("id\tparent\tdepth\tauthor\n")
        for r in rows:
            f.write("%s\t%s\t%d\t%s\n" % r)
    return (name, len(rows), max(r[2] for r in rows),
            sum(1 for r in rows if r[3] == ""), more_missing)


def generate():
    os.makedirs(SAMPLES, exist_ok=True)
    os.makedirs(GOLDEN, exist_ok=True)
    prepare(ORCA_STORY, ORCA, hn_story_id=HN_STORY_ID, reddit=ORCA_REDDIT)
    prepare(SMALL_STORY, SMALL, reddit=SMALL_REDDIT)
    orphan = next(c for c in SMALL if c["key"] == "orphan")
    used = {c["rid"] for c in prepare_flat(SMALL)}
    absent = reddit_id_at(SMALL_STORY, SMALL_REDDIT, SMALL_REDDIT["orphan_parent_at"], "orphan-parent")
    more_ids = [reddit_id_at(SMALL_STORY, SMALL_REDDIT, at, "more%d" % i)
                for i, at in enumerate(SMALL_REDDIT["more_at"])]
    assert not used & set(more_ids + [absent]) and len(set(more_ids)) == len(more_ids)
    assert int(absent, 36) < int(orphan["rid"], 36)
    orphan["reddit_parent"] = "t1_" + absent
    p = lambda n: os.path.join(SAMPLES, n)
    hid = lambda c: str(c["hn_id"])
    hpar = lambda c: str(c["parent"]["hn_id"]) if c["parent"] else ""
    rpar = lambda c: (c["reddit_parent"][3:] if c.get("reddit_parent") else
                      c["parent"]["rid"] if c["parent"] else "")
    counts = []

    rows = write_hn_page(ORCA_STORY, ORCA, p("hn_orca_launch.html"))
    counts.append(write_key("hn_orca_launch.html", key_rows(rows, hid, hpar), 0))

    write_hn_firebase(ORCA_STORY, ORCA, p("hn_orca_items.json"))
    counts.append(write_key("hn_orca_items.json", key_rows(preorder(ORCA), hid, hpar), 0))

    write_hn_algolia(ORCA_STORY, ORCA, p("hn_orca_algolia.json"))
    counts.append(write_key("hn_orca_algolia.json",
                            key_rows(preorder(ORCA, algolia_order), hid, hpar), 0))

    rows, more = write_reddit(ORCA_STORY, ORCA, ORCA_REDDIT, p("reddit_orca_launch.json"),
                              link_url=ORCA_STORY["url"])
    counts.append(write_key("reddit_orca_launch.json",
                            key_rows(rows, lambda c: c["rid"], rpar), more))

    write_csv(ORCA, p("orca_launch.csv"))
    counts.append(write_key("orca_launch.csv", key_rows(preorder(ORCA), hid, hpar), 0))

    write_ndjson(ORCA, p("orca_launch.ndjson"))
    counts.append(write_key("orca_launch.ndjson",
                            key_rows(preorder(ORCA, algolia_order), hid, hpar), 0))

    rows, more = write_reddit(SMALL_STORY, SMALL, SMALL_REDDIT, p("reddit_deleted_parent.json"),
                              extra_more=(SMALL_REDDIT["more_under"], more_ids))
    counts.append(write_key("reddit_deleted_parent.json",
                            key_rows(rows, lambda c: c["rid"], rpar), more))

    # rows of samples written by other tools or by hand are kept as they are
    path = os.path.join(GOLDEN, "samples.counts.tsv")
    mine = {r[0] for r in counts}
    others = []
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            others = [l for l in f.read().splitlines()[1:] if l and l.split("\t")[0] not in mine]
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("file\tcomments\tmax_depth\tdeleted\tmore_missing\n")
        for r in counts:
            f.write("%s\t%d\t%d\t%d\t%d\n" % r)
        for l in others:
            f.write(l + "\n")
    return counts


# ---------------------------------------------------------------------------
# --check: read every written file back with small independent readers and
# compare the trees and counts with the answer keys.
# ---------------------------------------------------------------------------

class HNPageReader(html.parser.HTMLParser):
    """Rows of tr.athing.comtr: id, indent, author, deleted, dead."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows, self.cur, self.in_comhead, self.in_user = [], None, 0, False
        self.comment_depth = 0
        self.text_chunks = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = (a.get("class") or "").split()
        if tag == "tr" and "athing" in cls and "comtr" in cls:
            self.cur = {"id": a["id"], "indent": None, "author": "", "body": "",
                        "dead": False}
            self.rows.append(self.cur)
        if self.cur is None:
            return
        if tag == "td" and "ind" in cls:
            self.cur["indent"] = int(a["indent"])
        if tag == "img" and self.cur["indent"] is not None and "width" in a and \
                self.cur.get("img_width") is None:
            self.cur["img_width"] = int(a["width"])
        if tag == "span" and "comhead" in cls:
            self.in_comhead = 1
        elif tag == "span" and self.in_comhead:
            self.in_comhead += 1
        if tag == "a" and "hnuser" in cls and self.in_comhead:
            self.in_user = True
        if tag == "div" and "comment" in cls:
            self.comment_depth = 1
        elif tag == "div" and self.comment_depth:
            self.comment_depth += 1
            if "commtext" in cls and "cdd" in cls:
                self.cur["dead_text"] = True

    def handle_endtag(self, tag):
        if tag == "span" and self.in_comhead:
            self.in_comhead -= 1
        if tag == "a":
            self.in_user = False
        if tag == "div" and self.comment_depth:
            self.comment_depth -= 1

    def handle_data(self, data):
        if self.cur is None:
            return
        if self.in_user:
            self.cur["author"] += data
        elif self.in_comhead and "[flagged]" in data:
            self.cur["dead"] = True
        if self.comment_depth == 1:
            self.cur["body"] += data


def read_key(name):
    with open(os.path.join(GOLDEN, name + ".tree.tsv"), encoding="utf-8", newline="") as f:
        lines = f.read().split("\n")
    assert lines[0] == "id\tparent\tdepth\tauthor", name
    assert lines[-1] == "", name
    rows = []
    for l in lines[1:-1]:
        i, p, d, a = l.split("\t")
        rows.append((i, p, int(d), a))
    return rows


def tree_from_flat(records):
    """records: [(id, parent, author)] in file order -> preorder key rows.
    A record whose parent is absent is attached at the top (depth 1)."""
    ids = {r[0] for r in records}
    kids = {}
    tops = []
    for r in records:
        if r[1] and r[1] in ids:
            kids.setdefault(r[1], []).append(r)
        else:
            tops.append(r)
    out = []

    def walk(rs, d):
        for r in rs:
            out.append((r[0], r[1], d, r[2]))
            walk(kids.get(r[0], []), d + 1)

    walk(tops, 1)
    assert len(out) == len(records), "cycle or duplicate ids"
    return out


def check():
    ok = True

    def expect(cond, msg):
        nonlocal ok
        if not cond:
            ok = False
            print("FAIL:", msg)

    p = lambda n: os.path.join(SAMPLES, n)
    got = {}

    # HN page
    with open(p("hn_orca_launch.html"), encoding="utf-8") as f:
        r = HNPageReader()
        r.feed(f.read())
        r.close()
    stack, rows = [], []
    for row in r.rows:
        d = row["indent"]
        expect(row.get("img_width") == 40 * d, "spacer width of %s" % row["id"])
        del stack[d:]
        expect(len(stack) == d, "indent jump at %s" % row["id"])
        author = row["author"]
        if not author:
            expect(row["body"].strip() == "[deleted]", "authorless row %s" % row["id"])
        rows.append((row["id"], stack[-1] if stack else "", d + 1, author))
        stack.append(row["id"])
    got["hn_orca_launch.html"] = (rows, 0)
    expect(sum(1 for x in r.rows if x["dead"]) == 1, "one [flagged] row on the HN page")

    # Firebase
    with open(p("hn_orca_items.json"), encoding="utf-8") as f:
        items = json.load(f)
    byid = {it["id"]: it for it in items}
    story = items[0]
    expect(story["type"] == "story", "firebase: story first")
    rows = []

    def fwalk(kid_ids, d):
        for k in kid_ids:
            it = byid[k]
            expect(it["type"] == "comment", "firebase type")
            par = "" if it["parent"] == story["id"] else str(it["parent"])
            expect(("by" in it) != bool(it.get("deleted")), "firebase deleted/by %s" % k)
            rows.append((str(k), par, d, it.get("by", "")))
            fwalk(it.get("kids", []), d + 1)

    fwalk(story["kids"], 1)
    expect(len(rows) == len(items) - 1, "firebase: every item reachable")
    got["hn_orca_items.json"] = (rows, 0)
    expect(sum(1 for it in items if it.get("dead")) == 1, "one dead firebase item")

    # Algolia
    with open(p("hn_orca_algolia.json"), encoding="utf-8") as f:
        doc = json.load(f)
    rows = []

    def awalk(nodes, d):
        for n in nodes:
            par = "" if n["parent_id"] == doc["id"] else str(n["parent_id"])
            rows.append((str(n["id"]), par, d, n["author"] or ""))
            awalk(n["children"], d + 1)

    awalk(doc["children"], 1)
    got["hn_orca_algolia.json"] = (rows, 0)

    # Reddit
    def read_reddit(name):
        with open(p(name), encoding="ascii") as f:
            doc = json.load(f)
        expect(len(doc) == 2 and doc[0]["data"]["children"][0]["kind"] == "t3", name + " shape")
        post = doc[0]["data"]["children"][0]["data"]
        rows, more = [], [0]

        def rwalk(lst, d):
            for ch in lst["data"]["children"]:
                data = ch["data"]
                if ch["kind"] == "more":
                    more[0] += data["count"]
                    expect(data["depth"] == d - 1, "more depth")
                    continue
                expect(data["depth"] == d - 1, name + " depth field of " + data["id"])
                expect(data["name"] == "t1_" + data["id"], "name")
                expect(data["link_id"] == "t3_" + post["id"], "link_id")
                pid = data["parent_id"]
                par = "" if pid == "t3_" + post["id"] else pid[3:]
                a = data["author"]
                if a == "[deleted]":
                    expect(data["body"] == "[deleted]", "deleted body")
                    a = ""
                rows.append((data["id"], par, d, a))
                expect(html.unescape(data["body_html"]).startswith('<div class="md">'), "body_html")
                if data["replies"] != "":
                    rwalk(data["replies"], d + 1)
                else:
                    expect(data["replies"] == "", "replies")

        rwalk(doc[1], 1)
        return rows, more[0]

    got["reddit_orca_launch.json"] = read_reddit("reddit_orca_launch.json")
    got["reddit_deleted_parent.json"] = read_reddit("reddit_deleted_parent.json")

    # CSV: parse, round-trip byte for byte, tree from the parent column
    with open(p("orca_launch.csv"), encoding="utf-8", newline="") as f:
        raw = f.read()
    recs = list(csv.reader(io.StringIO(raw, newline="")))
    buf = io.StringIO(newline="")
    csv.writer(buf).writerows(recs)
    expect(buf.getvalue() == raw, "CSV round trip")
    expect(recs[0] == ["id", "parent", "author", "time", "text", "title", "score"], "CSV header")
    expect(all(len(x) == 7 and x[5] == "" for x in recs[1:]), "CSV columns / empty title")
    expect(any("\n" in x[4] for x in recs[1:]) and any('"' in x[4] for x in recs[1:]),
           "CSV has embedded newlines and quotes")
    for x in recs[1:]:
        datetime.datetime.strptime(x[3], "%Y-%m-%dT%H:%M:%SZ")
    got["orca_launch.csv"] = (tree_from_flat([(x[0], x[1], x[2]) for x in recs[1:]]), 0)

    # NDJSON
    recs = []
    with open(p("orca_launch.ndjson"), encoding="utf-8") as f:
        for line in f:
            o = json.loads(line)
            expect(set(o) == {"id", "parent", "author", "time", "text", "score"}, "ndjson keys")
            expect(isinstance(o["time"], int), "ndjson time int")
            recs.append((o["id"], o["parent"] or "", o["author"] or ""))
    got["orca_launch.ndjson"] = (tree_from_flat(recs), 0)

    # Compare with keys and counts
    with open(os.path.join(GOLDEN, "samples.counts.tsv"), encoding="utf-8") as f:
        lines = f.read().splitlines()
    expect(lines[0] == "file\tcomments\tmax_depth\tdeleted\tmore_missing", "counts header")
    counts = {l.split("\t")[0]: [int(v) for v in l.split("\t")[1:]] for l in lines[1:]}
    expect(set(got) <= set(counts), "counts cover every sample this tool writes")
    for name, (rows, more) in sorted(got.items()):
        key = read_key(name)
        expect(rows == key, "%s: tree differs from key" % name)
        if rows != key:
            for a, b in zip(rows, key):
                if a != b:
                    print("   first difference:", a, b)
                    break
        c = counts.get(name)
        want = [len(rows), max(r[2] for r in rows), sum(1 for r in rows if r[3] == ""), more]
        expect(c == want, "%s: counts %s, files hold %s" % (name, c, want))
        print("%-28s comments=%d max_depth=%d deleted=%d more_missing=%d"
              % (name, want[0], want[1], want[2], want[3]))

    # Cross-format sanity on the main thread
    hn_all = {r[0]: r for r in got["hn_orca_items.json"][0]}
    for other in ("hn_orca_algolia.json", "orca_launch.csv", "orca_launch.ndjson"):
        expect({r[0]: r[:2] + r[3:] for r in got[other][0]} ==
               {k: v[:2] + v[3:] for k, v in hn_all.items()}, other + " vs firebase")
    expect(set(r[0] for r in got["hn_orca_launch.html"][0]) <= set(hn_all), "page ids")
    rd_rows, rd_more = got["reddit_orca_launch.json"]
    expect(len(rd_rows) + rd_more == len(hn_all), "reddit comments + more == thread")
    times = {str(it["id"]): it["time"] for it in items}
    for it in items[1:]:
        expect(it["time"] > times[str(it["parent"])], "time after parent: %s" % it["id"])
    orphan = [r for r in got["reddit_deleted_parent.json"][0]
              if r[1] and r[1] not in {x[0] for x in got["reddit_deleted_parent.json"][0]}]
    expect(len(orphan) == 1, "exactly one orphan in reddit_deleted_parent.json")
    print("check:", "OK" if ok else "FAILED")
    return ok


def stats():
    flat = prepare_flat(ORCA)
    authors = {c["author"] for c in flat if not c["deleted"]}
    print("main thread: %d comments, %d distinct authors, max depth %d"
          % (len(flat), len(authors), max(c["depth"] for c in flat)))


if __name__ == "__main__":
    if "--check" in sys.argv[1:]:
        sys.exit(0 if check() else 1)
    for row in generate():
        print("%-28s comments=%d max_depth=%d deleted=%d more_missing=%d" % row)
    stats()
