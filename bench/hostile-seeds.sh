#!/usr/bin/env bash
# The longer seeded run of the hostile-endpoint proof: N seeds of HostileServer's random mode (per request it
# answers ApiVersions correctly for a while, then sends garbage, HTTP, a TLS alert, truncated, oversized or
# dripping frames, another correlation id, silence or a closed connection), one `kconform run` against each,
# with the ApiVersions checks selected. Prints figures: seeds run, hangs (no end within the guard), stack
# traces on the console, runs without a report, exit codes, wall time. Asserts nothing.
# Usage: bench/hostile-seeds.sh [SEEDS=100] [WORKERS=2] [FIRST_SEED=1]
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seeds=${1:-100}
workers=${2:-2}
first=${3:-1}
guard=300   # seconds: a run still going after this is counted as a hang

./kconform --version > /dev/null   # builds the harness and its lib/ first if needed
mvn -B -q -o test-compile -pl harness -am > /dev/null 2>&1 || mvn -B -q test-compile -pl harness -am > /dev/null \
  || { echo "hostile-seeds: test-compile failed" >&2; exit 2; }
cp="harness/target/test-classes:harness/target/kconform-harness.jar:harness/target/lib/*"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -n "${KEEP:-}" ] && trap 'echo "kept: $work"' EXIT   # KEEP=1 keeps every seed's console and reports

start=$(date +%s)
per=$(( (seeds + workers - 1) / workers ))
pids=()
for ((w = 0; w < workers; w++)); do
  lo=$(( first + w * per )); hi=$(( lo + per - 1 )); last=$(( first + seeds - 1 ))
  [ "$hi" -gt "$last" ] && hi=$last
  [ "$lo" -gt "$hi" ] && continue
  java -Xmx1g -cp "$cp" io.kconform.harness.hostile.HostileSeeds "$lo" "$hi" "$work/w$w" "$guard" \
    > "$work/w$w.txt" 2> "$work/w$w.err" &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid"; done
end=$(date +%s)

cat "$work"/w*.txt | sort -n -k2 > "$work/all.txt"
run=$(grep -c '^seed ' "$work/all.txt")
hangs=$(grep -c ' exit hang ' "$work/all.txt")
traces=$(grep -c ' stacktrace yes' "$work/all.txt")
noreport=$(grep -c ' report no ' "$work/all.txt")
echo "hostile seeds: $seeds asked, $run run ($workers at a time, seeds $first-$(( first + seeds - 1 )))"
echo "hangs (no end within ${guard} s): $hangs"
echo "runs with a stack trace or internal error on the console: $traces"
echo "runs without a report (results.json + report.html): $noreport"
echo "exit codes: $(awk '{print $4}' "$work/all.txt" | sort | uniq -c | awk '{printf "%s×%s ", $2, $1}')"
echo "seconds per run: $(awk '{s+=$6; if($6>m)m=$6} END {if (NR) printf "mean %.1f, max %.1f", s/NR, m}' "$work/all.txt")"
echo "wall time: $(( end - start )) s"
echo "why exit 3 (console's last Exit line):"
grep ' exit 3 ' "$work/all.txt" | sed 's/.*) Exit 3: /  /' | cut -c1-80 | sort | uniq -c
grep -E ' exit hang | stacktrace yes| report no ' "$work/all.txt" | head -20
