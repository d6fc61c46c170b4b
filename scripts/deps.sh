#!/bin/sh
# Install the Debian 12 packages threadmap needs to build, test and run.
# As root it runs apt-get; otherwise through `sudo -n` when that works;
# otherwise it prints the exact apt-get line and stops.
#   usage: scripts/deps.sh [build|test|slurm]
set -eu
mode=${1:-build}
# build: compiler, CMake, pkg-config and the libraries (see README "Dependencies")
pkgs="gcc make cmake pkg-config libxml2-dev libutf8proc-dev libcjson-dev libgraphviz-dev libgmime-3.0-dev libzstd-dev zlib1g-dev fonts-dejavu-core fonts-wqy-microhei"
if [ "$mode" = test ]; then
  # cmocka for unit tests, python3 for the conformance and CLI checks
  # chromium: the browser test opens the HTML report headless (tests/cli/test_browser.py)
  # zstd: the batch tests compress a dump with --long=31
  pkgs="$pkgs libcmocka-dev python3 chromium zstd"
fi
if [ "$mode" = slurm ]; then
  # make test-slurm: a single-node Slurm on localhost
  pkgs="slurm-wlm munge zstd"
fi
missing=""
for p in $pkgs; do
  st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  case "$st" in
    *"install ok installed"*) ;;
    *) missing="$missing $p" ;;
  esac
done
[ -z "$missing" ] && exit 0
echo "threadmap: installing missing packages:$missing"
if [ "$(id -u)" = 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO="sudo -n"
else
  echo "threadmap: cannot install packages (not root, no password-less sudo). Run:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y$missing" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
