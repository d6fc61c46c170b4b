#!/bin/sh
#SBATCH --job-name=threadmap
#SBATCH --cpus-per-task=2
#SBATCH --mem=4G
# A Slurm job array over an archive: each array task runs one shard of
# `threadmap batch`; `threadmap merge` combines the shards afterwards.
#
#   TM_INPUTS=/data/reddit TM_OUT=/scratch/tm sbatch --array=0-15 scripts/slurm_batch.sh
#   # when the array is done:
#   threadmap merge /scratch/tm/shard-*-of-16 -o /scratch/tm/all
#
# Environment: TM_INPUTS (files or folders, space-separated), TM_OUT (a folder
# on a file system every node sees), TM_GRAPHS (optional, e.g.
# "reply:svg argument:png"), TM_CLI (default: threadmap on PATH), TM_MEM
# (default: 3/4 of the job's memory), TM_ARGS (more batch options).
# Every task reads every input and keeps the threads whose key hashes to
# its shard, so the union of the shards is exactly one full run; a task
# that fails or is pre-empted can be re-submitted and resumes from its
# manifest.
set -eu
: "${TM_INPUTS:?set TM_INPUTS to the archive}"
: "${TM_OUT:?set TM_OUT to the output folder}"
cli=${TM_CLI:-threadmap}
i=${SLURM_ARRAY_TASK_ID:?run as a job array (sbatch --array=0-N)}
n=${SLURM_ARRAY_TASK_COUNT:-}
if [ -z "$n" ]; then
  n=$(( ${SLURM_ARRAY_TASK_MAX:?} - ${SLURM_ARRAY_TASK_MIN:-0} + 1 ))
fi
i=$(( i - ${SLURM_ARRAY_TASK_MIN:-0} ))
jobs=${SLURM_CPUS_PER_TASK:-1}
mem=${TM_MEM:-}
if [ -z "$mem" ] && [ -n "${SLURM_MEM_PER_NODE:-}" ]; then mem="$(( SLURM_MEM_PER_NODE * 3 / 4 ))M"; fi
graphs=""
for g in ${TM_GRAPHS:-}; do graphs="$graphs --graph $g"; done
out="$TM_OUT/shard-$i-of-$n"
mkdir -p "$out"
# shellcheck disable=SC2086
exec "$cli" batch $TM_INPUTS -o "$out" --shard "$i/$n" --jobs "$jobs" \
  ${mem:+--mem "$mem"} --tmpdir "${TMPDIR:-/tmp}" $graphs -q ${TM_ARGS:-}
