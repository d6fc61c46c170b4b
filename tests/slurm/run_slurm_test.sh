#!/bin/sh
# make test-slurm: a single-node Slurm (Debian's slurm-wlm and munge) started
# on localhost in a private folder, a 4-task job array running
# scripts/slurm_batch.sh over a sample archive, the shards merged, and the
# result compared byte for byte with one single-machine `threadmap batch`.
#   usage: tests/slurm/run_slurm_test.sh THREADMAP SOURCE_DIR
# Exit 77 (skipped) when slurmctld, slurmd or munged are not installed or
# the test cannot run as root (slurmd must start jobs as their user).
set -eu
cli=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
for p in slurmctld slurmd munged sbatch; do
  command -v "$p" >/dev/null 2>&1 || [ -x "/usr/sbin/$p" ] || { echo "skip: $p not installed"; exit 77; }
done
[ "$(id -u)" = 0 ] || { echo "skip: needs root to run slurmd"; exit 77; }
PATH=$PATH:/usr/sbin
w=$(mktemp -d /tmp/tm-slurm-XXXXXX)
host=$(hostname -s)
pids=""
cleanup() {
  for p in $pids; do kill "$p" 2>/dev/null || true; done
  sleep 1
  for p in $pids; do kill -9 "$p" 2>/dev/null || true; done
  rm -rf "$w"
}
trap cleanup EXIT INT TERM

# munge with its own key and socket
mkdir -p "$w/munge" "$w/spool" "$w/state" "$w/log"
chmod 700 "$w/munge"
dd if=/dev/urandom of="$w/munge/munge.key" bs=1024 count=1 2>/dev/null
chmod 400 "$w/munge/munge.key"
munged --key-file="$w/munge/munge.key" --socket="$w/munge/socket" \
  --pid-file="$w/munge/munged.pid" --log-file="$w/log/munged.log" \
  --seed-file="$w/munge/seed" --force
sleep 1
pids="$(cat "$w/munge/munged.pid")"

cpus=$(nproc)
mem=$(awk '/MemTotal/ {print int($2 / 1024 / 2)}' /proc/meminfo)
cat > "$w/slurm.conf" <<CONF
ClusterName=tmtest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=16817
SlurmdPort=16818
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$w/munge/socket
CredType=cred/munge
StateSaveLocation=$w/state
SlurmdSpoolDir=$w/spool
SlurmctldPidFile=$w/slurmctld.pid
SlurmdPidFile=$w/slurmd.pid
SlurmctldLogFile=$w/log/slurmctld.log
SlurmdLogFile=$w/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/builtin
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=tm Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$w/slurm.conf"
slurmctld -D -f "$SLURM_CONF" >"$w/log/slurmctld.out" 2>&1 &
pids="$pids $!"
slurmd -D -f "$SLURM_CONF" -N "$host" >"$w/log/slurmd.out" 2>&1 &
pids="$pids $!"
up=0
for i in $(seq 1 60); do
  if sinfo -h -o %t 2>/dev/null | grep -Eq '^(idle|mix|alloc)'; then up=1; break; fi
  sleep 1
done
if [ $up = 0 ]; then
  echo "FAIL: Slurm did not come up"; sinfo 2>&1 || true
  tail -20 "$w/log/slurmctld.log" "$w/log/slurmd.log" 2>/dev/null || true
  exit 1
fi

# the sample archive: every sample thread, a Reddit-shaped dump, compressed copies
arch="$w/archive"
mkdir -p "$arch/threads"
cp "$src"/samples/*.json "$src"/samples/*.html "$src"/samples/*.csv "$arch/threads/"
python3 "$src/bench/gen_dump.py" "$arch/RC_sample.ndjson" 600000 --active 60 --submissions >/dev/null
gzip -c "$arch/RC_sample.ndjson" > "$arch/RC_sample_copy.ndjson.gz"

# the job array: 4 tasks, each one shard, then merge
export TM_CLI="$cli" TM_INPUTS="$arch" TM_OUT="$w/shards" TM_GRAPHS="reply:svg"
jid=$(sbatch --parsable --array=0-3 --chdir="$w" --output="$w/log/task-%a.out" \
  --export=ALL "$src/scripts/slurm_batch.sh")
echo "submitted array job $jid"
for i in $(seq 1 300); do
  left=$(squeue -h -j "$jid" 2>/dev/null | wc -l)
  [ "$left" = 0 ] && break
  sleep 1
done
for t in 0 1 2 3; do
  [ -f "$w/shards/shard-$t-of-4/summary.ndjson" ] || { echo "FAIL: task $t wrote nothing"; cat "$w/log/task-$t.out" 2>/dev/null; exit 1; }
done
"$cli" merge "$w"/shards/shard-*-of-4 -o "$w/merged" -q
"$cli" batch "$arch" -o "$w/single" --graph reply:svg -q --jobs 2 || true
n=$(wc -l < "$w/single/summary.ndjson")
if diff -r "$w/single" "$w/merged" >/dev/null; then
  echo "ok: 4-task Slurm array ($n threads) merged = single-machine run"
  for t in 0 1 2 3; do printf 'task %s: %s threads\n' "$t" "$(wc -l < "$w/shards/shard-$t-of-4/summary.ndjson")"; done
  exit 0
fi
echo "FAIL: merged result differs from the single run"
diff -r "$w/single" "$w/merged" | head -20
exit 1
