#!/usr/bin/env bash
# Benchmark of a target that dies mid-run: runs TargetStopsAnsweringIT (the reference broker behind the
# rewriting proxy, which crashes on an unknown API key, and on a Connect worker's first JoinGroup) and
# prints how long each run took after the crash, and when the watch found the target dead.
# Usage: bench/dead-target.sh     Prints figures; asserts nothing (the test asserts outcomes, never speed).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

mvn -B -q -pl harness -am verify -Dit.test=TargetStopsAnsweringIT -Dtest=NoSuchTest \
  -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false > /dev/null 2>&1
code=$?
output=harness/target/failsafe-reports/io.kconform.harness.proof.TargetStopsAnsweringIT-output.txt
grep -E '^figure: ' "$output" | cut -c1-200
grep -oE 'stopped answering (during check|while the checks|between checks).* after [0-9.]+ s; [0-9]+ checks? not run' \
  "$output" | sort -u
echo "test exit code: $code"
