#!/usr/bin/env bash
# Benchmark of the history checks (`eos.history.*`) on the embedded Apache Kafka 4.4.0: one `kconform run` per
# seed, each printing the seed, the run's wall time (broker start included) and per check its outcome and time,
# the history's operation counts and the anomalies the checker found, as the evidence in results.json gives them.
# Usage: bench/history.sh [DURATION_SECONDS=3] [SEED ...]   (default seeds: 13 1 -7)
# Prints figures; asserts nothing. Reads results.json with jq.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v jq > /dev/null || { echo "bench/history.sh needs jq to read results.json" >&2; exit 2; }
duration=${1:-3}
shift $(( $# > 0 ? 1 : 0 ))
seeds=("$@")
[ ${#seeds[@]} -eq 0 ] && seeds=(13 1 -7)

./kconform --version > /dev/null   # builds first if needed, outside the measurement
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -n "${KEEP:-}" ] && trap 'echo "kept: $work"' EXIT   # KEEP=1 keeps every seed's console and reports

echo "history checks, ${duration} s of workload per check, seeds: ${seeds[*]}"
run=0
for seed in "${seeds[@]}"; do
  run=$((run + 1))
  out="$work/run$run-seed$seed"   # one folder per run: a seed may be given twice, to see how runs of it differ
  start=$(date +%s%N)
  ./kconform run --no-color --check 'eos.history.*' --history-seed "$seed" --history-duration "$duration" \
    --output "$out" > "$out.txt" 2>&1
  code=$?
  end=$(date +%s%N)
  awk -v seed="$seed" -v ns=$((end - start)) -v code="$code" \
    'BEGIN { printf "seed %s: %.1f s wall time, exit %d\n", seed, ns / 1e9, code }'
  results="$out/results.json"
  if [ ! -f "$results" ]; then
    echo "  no results.json; console:"; tail -5 "$out.txt" | sed 's/^/    /'
    continue
  fi
  jq -r '.targets[].checks[] | select(.execution != "NOT_SELECTED")
    | "  \(.id): \(.outcome) in \(.durationMs / 1000) s",
      (.evidence[] | select(test("^(history|anomalies): ")) | "    \(.)")' "$results"
done
