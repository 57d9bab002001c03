#!/usr/bin/env bash
# Runs every check and test: format, lint, typecheck, unit, integration, browser end to end.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "== format";    npx prettier --check . --log-level warn
echo "== lint";      npx eslint --max-warnings=0 . && node scripts/check-import-cycles.mjs
echo "== typecheck"; npm run -s typecheck
echo "== tests"
# The reference server's PostgreSQL store is tested on a throwaway loopback cluster; starting
# it here makes a failure to start plain (the tests would also start it themselves).
bash scripts/postgres-test.sh >/dev/null
node scripts/run-tests.mjs tests/unit tests/integration tests/e2e
