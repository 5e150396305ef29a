#!/usr/bin/env bash
# Repeatability benchmark: the same `./kconform run` of the golden targets (kafka-4.4 and kafka-3.9 of
# targets.yaml, side by side as GoldenOutcomesIT runs them) twice, one run after the other; prints, per
# target, how many checks had another outcome in the second run than in the first, and which.
# Usage: bench/repeat-run.sh [target ...]     (default: kafka-4.4 kafka-3.9; any target of targets.yaml)
# Prints figures; asserts nothing. Reads results.json with jq.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

command -v jq > /dev/null || { echo "bench/repeat-run.sh needs jq to read results.json" >&2; exit 2; }
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(kafka-4.4 kafka-3.9)
selection=()
for target in "${targets[@]}"; do selection+=(--target "$target"); done

./kconform --version > /dev/null   # builds first if needed, outside the measurement
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for run in 1 2; do
  start=$(date +%s%N)
  ./kconform run --no-color --output "$work/run-$run" "${selection[@]}" > "$work/console-$run.txt" 2>&1
  code=$?
  end=$(date +%s%N)
  awk -v run="$run" -v ns=$((end - start)) -v code="$code" \
    'BEGIN { printf "run %d: %.1f s wall time, exit %d\n", run, ns / 1e9, code }'
  if [ ! -f "$work/run-$run/results.json" ]; then
    echo "run $run wrote no results.json; its console:" >&2
    tail -20 "$work/console-$run.txt" >&2
    exit 1
  fi
  # target, check, outcome, the start of the message: one line per check
  jq -r '.targets[] | .name as $target | .checks[]
         | [$target, .id, .outcome, ((.message // "") | gsub("[\t\n]"; " ") | .[0:140])] | @tsv' \
    "$work/run-$run/results.json" | sort > "$work/outcomes-$run.tsv"
done

for target in "${targets[@]}"; do
  awk -F '\t' -v target="$target" '$1 == target' "$work/outcomes-1.tsv" > "$work/first.tsv"
  awk -F '\t' -v target="$target" '$1 == target' "$work/outcomes-2.tsv" > "$work/second.tsv"
  # checks of either run, matched by id; a check missing from one run counts as a difference
  awk -F '\t' '
    FILENAME == ARGV[1] { first[$2] = $3; m1[$2] = $4; ids[$2] = 1; next }
    { second[$2] = $3; m2[$2] = $4; ids[$2] = 1 }
    END {
      for (id in ids) {
        a = (id in first) ? first[id] : "absent"; b = (id in second) ? second[id] : "absent"
        # the message of the second run unless it passed there
        m = (b != "PASS" && m2[id] != "") ? m2[id] : m1[id]
        if (a != b) printf "  %s: %s, then %s  %s\n", id, a, b, m
      }
    }' "$work/first.tsv" "$work/second.tsv" | sort > "$work/differed.txt"
  total=$(cut -f 2 "$work/first.tsv" "$work/second.tsv" | sort -u | wc -l)
  echo "$target: $(wc -l < "$work/differed.txt") of $total checks differed between the two runs"
  cat "$work/differed.txt"
done
