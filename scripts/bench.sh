#!/usr/bin/env bash
# Builds the release preset and prints the scheduler benchmarks as `name value unit` lines,
# with CPython 3.11's asyncio run side by side and the ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
ls_setup release >&2
py=/usr/bin/python3
out=$(mktemp)
build/release/bench/loopscope_bench steps | tee -a "$out"
build/release/bench/loopscope_bench timers | tee -a "$out"
$py bench/cpython_steps.py | tee -a "$out"
$py bench/cpython_timers.py | tee -a "$out"
awk '
  { v[$1] = $2 }
  END {
    printf "steps_speedup_vs_cpython %.1f x\n", v["cpython_steps_seconds"] / v["steps_seconds"]
    printf "timers_speedup_vs_cpython %.1f x\n", v["cpython_timers_seconds"] / v["timers_seconds"]
  }' "$out"
rm -f "$out"
