#!/usr/bin/env bash
# Benchmark of `./kconform targets` (every target of targets.yaml checked as run would check it, nothing
# started, reached or downloaded) beside `./kconform --version` (the JVM's start alone), so that the cost of
# the checks shows as the difference of the medians.
# Usage: bench/targets-check.sh [runs, default 7] [targets file]     Prints figures; asserts nothing.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs=${1:-7}
file=${2:-targets.yaml}

./kconform --version > /dev/null   # builds first if needed, outside the measurement

median_ms() {
  local times=()
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s%N)
    "$@" > /dev/null 2>&1
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

targets_ms=$(median_ms ./kconform targets --targets "$file")
version_ms=$(median_ms ./kconform --version)
echo "kconform targets --targets $file: median ${targets_ms} ms of $runs runs"
echo "kconform --version (JVM start):   median ${version_ms} ms of $runs runs"
echo "the checks themselves:           about $(( targets_ms - version_ms )) ms"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) processors"
