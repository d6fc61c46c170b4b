#!/bin/sh
# Run every benchmark and print its figures.  usage: bench/run.sh [BUILD_DIR]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
echo "== parse throughput and peak memory"
python3 "$here/bench_parse.py" "$build/threadmap"
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
