#!/usr/bin/env bash
# Benchmark of `./kconform compare` (every file verified, the matrix built, compare.html and compare.md written)
# beside `./kconform --version` (the JVM's start alone), with the sizes of what it writes.
# Usage: bench/compare.sh RESULTS_JSON RESULTS_JSON... [runs in $RUNS, default 5]   Prints figures; asserts nothing.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs=${RUNS:-5}
[ $# -ge 1 ] || { echo "usage: bench/compare.sh RESULTS_JSON..." >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

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

compare_ms=$(median_ms ./kconform compare "$@" --output "$out" --overwrite)
version_ms=$(median_ms ./kconform --version)
echo "kconform compare of $# files ($(du -ch "$@" | tail -1 | cut -f1) of results.json): median ${compare_ms} ms of $runs runs"
echo "kconform --version (JVM start):   median ${version_ms} ms of $runs runs"
echo "compare.html: $(stat -c %s "$out/compare.html") bytes, $(grep -c '<tr id=' "$out/compare.html") check rows;" \
  "compare.md: $(stat -c %s "$out/compare.md") bytes, $(wc -l < "$out/compare.md") lines"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) processors"
