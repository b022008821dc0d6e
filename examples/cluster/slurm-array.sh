#!/bin/bash
# One experiment split over a Slurm job array: task i runs shard i of 8 (SESAME reads
# SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT itself; 1-based arrays work too).
#   sbatch examples/cluster/slurm-array.sh
#   # when all tasks are done:
#   npx sesame merge shards/study-* --out experiments/study
#SBATCH --job-name=sesame-study
#SBATCH --array=0-7
#SBATCH --cpus-per-task=8
#SBATCH --mem=16G
#SBATCH --time=04:00:00
#SBATCH --output=logs/sesame-study-%a.out
set -euo pipefail
cd "${SLURM_SUBMIT_DIR}"
# Resumable: a task that is re-queued skips the runs it already finished.
npx sesame experiment examples/study.yaml \
  --workers "${SLURM_CPUS_PER_TASK}" \
  --out "shards/study-${SLURM_ARRAY_TASK_ID}"
