#!/bin/sh
# Run every benchmark and print its figures.  usage: bench/run.sh [BUILD_DIR]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
echo "== parse throughput and peak memory"
python3 "$here/bench_parse.py" "$build/threadmap"
echo "== Stack Exchange dump (500 MB generated): throughput and peak memory"
python3 "$here/bench_stackexchange.py" "$build/threadmap" 500
echo "== mail: mbox and maildir parse throughput and peak memory"
python3 "$here/bench_mail.py" "$build/threadmap"
echo "== sentiment accuracy on the development sets (../shared/dev)"
python3 "$here/bench_sentiment.py" "$build/threadmap" "$here/../../shared"
echo "== sentiment throughput, one thread, in process"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 "$here/gen_texts.py" "$tmp"
dev="$here/../../shared/dev/sentiment"
for f in "$dev"/*_GroundTruth.txt; do
  [ -f "$f" ] && cut -f3 "$f" > "$tmp/$(basename "$f" _GroundTruth.txt).txt"
done
for f in "$tmp"/*.txt; do "$build/bench_score" "$f"; done
echo "== diagrams: build, layout and render time (SVG)"
python3 "$here/bench_graph.py" "$build/threadmap"
echo "== stance and quotes on top of sentiment, in process"
python3 - "$tmp" <<'PY'
import json, random, sys
rng = random.Random(3)
words = "the model is really good at coding but I think the benchmark is misleading and honestly nobody should trust vendor numbers this is not bad at all though the pricing is a joke you are wrong exactly I agree source? they".split()
with open(sys.argv[1] + "/thread.ndjson", "w") as f:
    for i in range(95000):
        par = None if i < 50 else "c%d" % rng.randrange(max(0, i - 3000), i)
        f.write(json.dumps({"id": "c%d" % i, "parent": par, "author": "u%d" % rng.randrange(3000),
                            "text": " ".join(rng.choice(words) for _ in range(rng.randint(8, 60)))}) + "\n")
PY
"$build/bench_thread_score" "$tmp/thread.ndjson"
echo "== stance accuracy on the development pairs (../shared/dev)"
python3 "$here/bench_stance.py" "$build/threadmap" "$here/../../shared"
echo "== reports: time to write, page size (generated 5,000 comments and the real fixtures)"
python3 "$here/bench_report.py" "$build/threadmap" "$here/../../shared/fixtures"
echo "== pasted transcripts: accuracy of the inferred parent links (samples/transcript_*.txt)"
python3 "$here/bench_transcript.py" "$build/threadmap" "$here/.."
echo "== batch and streaming score over a generated dump (BENCH_DUMP_GB, default 0.25; the README's figures: 2)"
python3 "$here/bench_batch.py" "$build/threadmap"
