#!/usr/bin/env bash
# Builds the release preset and prints the scheduler benchmarks as `name value unit` lines,
# with CPython 3.11's asyncio run side by side and the ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
ls_setup release >&2
py=/usr/bin/python3
out=$(mktemp)
# Runs "$@" $1 times, each a fresh process, and prints each figure's median in the order the
# figures come (this machine is shared: a single run moves by 2x).
median_of() {
  local runs=$1
  shift
  for ((i = 0; i < runs; i++)); do "$@"; done | awk '
    !($1 in count) { order[++names] = $1; unit[$1] = $3 }
    { values[$1, ++count[$1]] = $2 }
    END {
      for (j = 1; j <= names; j++) {
        name = order[j]; m = count[name]
        for (a = 2; a <= m; a++) {  # insertion sort of this figure s values
          v = values[name, a]
          for (b = a - 1; b >= 1 && values[name, b] + 0 > v + 0; b--)
            values[name, b + 1] = values[name, b]
          values[name, b + 1] = v
        }
        print name, values[name, int((m + 1) / 2)], unit[name]
      }
    }'
}
# The C++ workloads: the median of 5 fresh processes.
median_of 5 build/release/bench/loopscope_bench steps | tee -a "$out"
median_of 5 build/release/bench/loopscope_bench timers | tee -a "$out"
median_of 5 build/release/bench/loopscope_bench heap | tee -a "$out"
$py bench/cpython_steps.py | tee -a "$out"
$py bench/cpython_timers.py | tee -a "$out"
# The same workloads as asyncio scripts: loopscope run vs CPython (workload 2 on the
# reference runner's virtual clock). Each prints py_<name>_seconds; prefix who ran it.
build/release/app/loopscope run bench/py_steps.py | sed 's/^/loopscope_/' | tee -a "$out"
build/release/app/loopscope run bench/py_timers.py | sed 's/^/loopscope_/' | tee -a "$out"
$py bench/py_steps.py | sed 's/^/cpython_/' | tee -a "$out"
$py tests/conformance/reference_run.py bench/py_timers.py | sed 's/^/cpython_/' | tee -a "$out"
build/release/bench/loopscope_bench_gui | tee -a "$out"
# What-if: a 1,000-task graph re-run after an edit, its chart laid out and painted (median).
build/release/bench/loopscope_bench_whatif | tee -a "$out"
awk '
  { v[$1] = $2 }
  END {
    printf "steps_speedup_vs_cpython %.1f x\n", v["cpython_steps_seconds"] / v["steps_seconds"]
    printf "timers_speedup_vs_cpython %.1f x\n", v["cpython_timers_seconds"] / v["timers_seconds"]
    printf "py_steps_ratio_loopscope_to_cpython %.2f ratio\n", v["loopscope_py_steps_seconds"] / v["cpython_py_steps_seconds"]
    printf "py_timers_ratio_loopscope_to_cpython %.2f ratio\n", v["loopscope_py_timers_seconds"] / v["cpython_py_timers_seconds"]
  }' "$out"
rm -f "$out"
