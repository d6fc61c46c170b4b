#!/bin/sh
# Run every benchmark and print its figures.  usage: bench/run.sh [BUILD_DIR]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
python3 "$here/bench_parse.py" "$build/threadmap"
