#!/usr/bin/env bash
# The whole test suite: unit, PostgreSQL, loopback HTTP and headless-browser tests.
# Starts its own throwaway PostgreSQL unless CONNECTOR_TEST_POSTGRES is set.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/prerequisites.sh --browser

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test Connector.sln --nologo "$@" 2>&1 | tee "$log" || status=$?

# One closing line over every test assembly: "N passed, N failed, N skipped".
awk '/(Passed|Failed)! +- +Failed: /{
       for (i = 1; i <= NF; i++) { gsub(",", "", $(i+1)); if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
       n++ }
     END { if (n > 0) printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
