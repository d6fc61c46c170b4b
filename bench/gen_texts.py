#!/usr/bin/env python3
"""Generate text corpora for the sentiment throughput benchmark (seeded).

usage: gen_texts.py OUTDIR
Writes prose.txt (Reddit-like comments, ~60 MB), emoticons.txt (emoticon-
and emoji-heavy lines), punct.txt (punctuation storms such as "!!!!????...")
and one_long.txt (a single 5 MB comment on one line).
"""
import os
import random
import sys

out = sys.argv[1]
rng = random.Random(42)
words = ("the model is really good at coding but I think the benchmark is misleading and "
         "honestly nobody should trust vendor numbers without independent replication "
         "this is not bad at all, though the pricing is a joke and support was terrible "
         "great job everyone, I love how fast it runs on my laptop lol").split()
emo = [":)", ":-(", ":D", "xD", "<3", ";)", ":'(", "^_^", "-_-", "\U0001F602", "\U0001F644", "\U0001F525", "\U0001F44D", "\U0001F680"]


def sentence():
    return " ".join(rng.choice(words) for _ in range(rng.randint(5, 25))) + rng.choice([".", "!", "?", "..."])


with open(os.path.join(out, "prose.txt"), "w") as f:
    size = 0
    while size < 60_000_000:
        line = " ".join(sentence() for _ in range(rng.randint(1, 8)))
        f.write(line + "\n")
        size += len(line) + 1
with open(os.path.join(out, "emoticons.txt"), "w") as f:
    for _ in range(100000):
        f.write(" ".join(rng.choice(emo + words[:5]) for _ in range(30)) + "\n")
with open(os.path.join(out, "punct.txt"), "w") as f:
    for _ in range(100000):
        f.write("".join(rng.choice("!?.,;:()-*#/:)(") for _ in range(120)) + " ok\n")
with open(os.path.join(out, "one_long.txt"), "w") as f:
    parts, size = [], 0
    while size < 5_000_000:
        s = sentence()
        parts.append(s)
        size += len(s) + 1
    f.write(" ".join(parts) + "\n")
