#!/usr/bin/env bash
# Benchmark of how runs end: runs LeftoversIT (one external broker; a normal run, a failing run, SIGINT, SIGTERM
# and SIGKILL mid-run, then the run after the killed one) and prints how long each run took, and how long after
# its signal it ended with its cleanup and reports done.
# Usage: bench/leftovers.sh     Prints figures; asserts nothing (the test asserts leftovers, never speed).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

start=$(date +%s)
mvn -B -q -pl harness -am verify -Dit.test=LeftoversIT -Dtest=NoSuchTest \
  -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false > /dev/null 2>&1
code=$?
output=harness/target/failsafe-reports/io.kconform.harness.proof.LeftoversIT-output.txt
grep -E '^figure: ' "$output" | cut -c1-200
grep -E '(deleted [0-9]+ topics|an earlier run against this target was killed)' "$output" | cut -c1-200
echo "LeftoversIT with the build: $(( $(date +%s) - start )) s; test exit code: $code"
