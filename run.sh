#!/usr/bin/env bash
# Runs the connector. With no Leat token configured it runs in sandbox mode: a throwaway local
# PostgreSQL, the Leat fake, and sample traffic; it prints where to look. Extra arguments go to the
# connector (e.g. `./run.sh migrate`, `./run.sh jobs list --state failed`).
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/prerequisites.sh
exec dotnet run --project src/Connector.Host -- "$@"
