#!/usr/bin/env bash
# Benchmark of the default certification run (`./kconform run` against the embedded Apache Kafka
# 4.4.0): wall time, processor time (every JVM of the run: harness, storage formatting, broker), broker
# readiness, and the peak resident memory (VmHWM) of each JVM.
# Usage: bench/default-run.sh [extra kconform run options]     Prints figures; asserts nothing.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

./kconform --version > /dev/null   # builds first if needed, outside the measurement
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# `times` in this shell (not a subshell, whose children are its own): user and system time of its finished children.
times > "$work/times-before"

start=$(date +%s%N)
./kconform run --no-color --output "$work/report" "$@" > "$work/console.txt" 2>&1 &
harness=$!
harness_peak=0
broker_peak=0
while kill -0 "$harness" 2> /dev/null; do
  kb=$(awk '/^VmHWM/ {print $2}' "/proc/$harness/status" 2> /dev/null || true)
  [ -n "$kb" ] && [ "$kb" -gt "$harness_peak" ] && harness_peak=$kb
  for child in $(pgrep -P "$harness" 2> /dev/null); do
    if tr '\0' ' ' < "/proc/$child/cmdline" 2> /dev/null | grep -q 'kafka.Kafka '; then
      kb=$(awk '/^VmHWM/ {print $2}' "/proc/$child/status" 2> /dev/null || true)
      [ -n "$kb" ] && [ "$kb" -gt "$broker_peak" ] && broker_peak=$kb
    fi
  done
  sleep 0.2
done
wait "$harness"
code=$?
end=$(date +%s%N)

awk -v ns=$((end - start)) -v code="$code" 'BEGIN { printf "default run: %.1f s wall time, exit %d\n", ns / 1e9, code }'
# The harness JVM with the JVMs it started and waited for (formatting, broker), less the build check before.
times > "$work/times-after"
awk 'FNR == 2 { split($1, u, "m"); split($2, s, "m"); user[FILENAME] = u[1] * 60 + u[2]; sys[FILENAME] = s[1] * 60 + s[2] }
  END { a = ARGV[2]; b = ARGV[1]; printf "processor time: %.1f s user, %.1f s system\n", user[a] - user[b], sys[a] - sys[b] }' \
  "$work/times-before" "$work/times-after"
grep -o 'broker ready: .*' "$work/console.txt" | head -1
printf 'peak resident memory: harness JVM %d MB, broker JVM %d MB\n' $((harness_peak / 1024)) $((broker_peak / 1024))
# Outcomes from results.json: the console condenses the passing sweep checks into one line.
grep -oE '"outcome" *: *"[A-Z]+"' "$work/report/results.json" | grep -oE '[A-Z]+"$' | tr -d '"' | sort | uniq -c \
  | awk '{printf "%s %s  ", $2, $1} END {print ""}'
grep -m1 -E 'Certified|Not certified|Not assessed' "$work/console.txt" || true
# The liveness watch's own figures: how many ApiVersions round trips it made, and the slowest answer.
grep -o 'liveness watch of .*' "$work/report/kconform.log" || true
