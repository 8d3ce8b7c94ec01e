#!/usr/bin/env bash
# The whole test suite: unit, PostgreSQL, loopback HTTP and headless-browser tests.
# Starts its own throwaway PostgreSQL unless CONNECTOR_TEST_POSTGRES is set.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/prerequisites.sh --browser
dotnet test Connector.sln --nologo "$@"
