#!/usr/bin/env python3
"""Generate a Reddit-dump-shaped NDJSON file of interleaved comment threads.

usage: gen_dump.py OUT SIZE_BYTES [--seed N] [--active K] [--submissions]

Records carry the fields of the Pushshift/Arctic Shift monthly comment dumps
(id, parent_id t1_/t3_, link_id, author, body, created_utc, score,
subreddit, permalink, ...), in time order, with about K threads receiving
comments at once, so the comments of one thread are spread over the file.
Bodies mix short replies and paragraphs (mean about 200 bytes, as in real
dumps), with quotes ("> "), Markdown links and HTML entities (&gt;, &amp;)
as the dumps escape them.  With --submissions each thread's submission
record (title, selftext, no parent) comes first.  Seeded: the same
arguments give the same bytes.  Prints threads and comments written.
"""
import json
import random
import sys

WORDS = ("the model is really good at coding but I think the benchmark is misleading and "
         "honestly nobody should trust vendor numbers without independent replication "
         "this is not bad at all though the pricing is a joke and support was terrible "
         "great job everyone I love how fast it runs on my laptop lol you are wrong exactly "
         "agree source? they said it would ship next week but nothing happened again "
         "battery life is awful the screen is gorgeous my kids love it would buy again").split()
OPENERS = ["", "", "", "I agree. ", "Nope, ", "Exactly this. ", "Source? ", "Sure, but ",
           "That's just wrong. ", "Fair point. ", "Honestly ", "lol ", "Not really. "]
SUBS = ["technology", "programming", "MachineLearning", "news", "gadgets", "AskReddit",
        "worldnews", "science", "linux", "datascience"]


def b36(n):
    s = ""
    while True:
        n, r = divmod(n, 36)
        s = "0123456789abcdefghijklmnopqrstuvwxyz"[r] + s
        if not n:
            return s


def main():
    args = sys.argv[1:]
    seed, active, subs = 7, 2000, False
    if "--seed" in args:
        i = args.index("--seed"); seed = int(args[i + 1]); del args[i:i + 2]
    if "--active" in args:
        i = args.index("--active"); active = int(args[i + 1]); del args[i:i + 2]
    if "--submissions" in args:
        args.remove("--submissions"); subs = True
    out, size = args[0], int(float(args[1]))
    rng = random.Random(seed)
    sentences = []
    for _ in range(5000):
        n = rng.randint(4, 22)
        sentences.append(" ".join(rng.choice(WORDS) for _ in range(n)) + rng.choice([".", ".", "!", "?", "..."]))

    def body(parent_text):
        k = rng.random()
        if k < 0.35:
            text = rng.choice(OPENERS) + rng.choice(sentences)
        elif k < 0.85:
            text = rng.choice(OPENERS) + " ".join(rng.choice(sentences) for _ in range(rng.randint(2, 5)))
        else:
            paras = [" ".join(rng.choice(sentences) for _ in range(rng.randint(2, 6))) for _ in range(rng.randint(2, 4))]
            text = "\n\n".join(paras)
        if parent_text and rng.random() < 0.08:
            text = "&gt; " + parent_text[:80] + "\n\n" + text
        if rng.random() < 0.04:
            text += " [link](https://example.com/a?b=1&amp;c=2)"
        return text

    next_thread, next_comment = 10_000_000, 60_000_000_000
    t0 = 1_700_000_000
    threads = []  # [link id, remaining, [comment ids], sub, [texts]]
    written, ncomments, nthreads = 0, 0, 0
    with open(out, "w", encoding="utf-8") as f:
        def new_thread():
            nonlocal next_thread, nthreads, written
            tid = b36(next_thread); next_thread += rng.randint(1, 50)
            # thread sizes: many small, some large (a heavy tail)
            r = rng.random()
            n = rng.randint(1, 8) if r < 0.5 else rng.randint(9, 80) if r < 0.93 else rng.randint(81, 1500)
            th = [tid, n, [], rng.choice(SUBS), []]
            nthreads += 1
            if subs:
                rec = {"author": "op_%d" % rng.randrange(50000), "created_utc": t0 + written // 300,
                       "id": tid, "num_comments": n, "score": rng.randint(1, 5000),
                       "selftext": rng.choice(sentences), "subreddit": th[3],
                       "title": rng.choice(sentences)[:90], "url": "https://example.com/" + tid}
                line = json.dumps(rec, ensure_ascii=False, separators=(",", ":")) + "\n"
                f.write(line)
                written += len(line.encode("utf-8"))
            return th
        while len(threads) < active:
            threads.append(new_thread())
        while written < size:
            k = rng.randrange(len(threads))
            th = threads[k]
            cid = b36(next_comment); next_comment += rng.randint(1, 9)
            if not th[2] or rng.random() < 0.3:
                parent, ptext = "t3_" + th[0], None
            else:
                j = rng.randrange(max(0, len(th[2]) - 40), len(th[2]))
                parent, ptext = "t1_" + th[2][j], th[4][j]
            text = body(ptext)
            deleted = rng.random() < 0.02
            rec = {"all_awardings": [], "author": "[deleted]" if deleted else "user_%d" % rng.randrange(200000),
                   "author_flair_text": None, "body": "[deleted]" if deleted else text,
                   "controversiality": 0, "created_utc": t0 + written // 300, "distinguished": None,
                   "edited": False, "gilded": 0, "id": cid, "link_id": "t3_" + th[0],
                   "parent_id": parent, "permalink": "/r/%s/comments/%s/_/%s/" % (th[3], th[0], cid),
                   "retrieved_on": t0 + 86400 * 30, "score": rng.randint(-20, 900), "stickied": False,
                   "subreddit": th[3], "subreddit_id": "t5_2qh%d" % SUBS.index(th[3])}
            line = json.dumps(rec, ensure_ascii=False, separators=(",", ":")) + "\n"
            f.write(line)
            written += len(line.encode("utf-8"))
            ncomments += 1
            th[2].append(cid)
            th[4].append(text)
            th[1] -= 1
            if th[1] <= 0:
                threads[k] = new_thread()
    print("%d threads, %d comments, %d bytes" % (nthreads, ncomments, written))


if __name__ == "__main__":
    main()
