#!/usr/bin/env bash
# Installs the system packages the connector needs and a fresh Debian machine may lack:
#   postgresql  - server binaries for the throwaway local database (sandbox run and tests)
#   chromium    - headless browser for the dashboard tests (only with --browser)
# Idempotent: installs nothing when everything is present.
set -euo pipefail

need=()
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && [ -z "${ConnectionStrings__Connector:-}${CONNECTOR_TEST_POSTGRES:-}" ]; then
  need+=(postgresql)
fi
if [ "${1:-}" = "--browser" ] && ! command -v chromium >/dev/null 2>&1; then
  need+=(chromium)
fi
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi

echo "Installing ${need[*]} ..." >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
# Debian's package starts a cluster service; the connector starts its own throwaway server instead.
if command -v pg_lsclusters >/dev/null 2>&1; then
  $sudo service postgresql stop >/dev/null 2>&1 || true
fi
