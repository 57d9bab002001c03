#!/usr/bin/env bash
# Runs every check and test: format, lint, typecheck, unit, integration, browser end to end.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "== format";    npx prettier --check . --log-level warn
echo "== lint";      npx eslint --max-warnings=0 . && node scripts/check-import-cycles.mjs
echo "== typecheck"; npm run -s typecheck
echo "== tests"
node scripts/run-tests.mjs tests/unit tests/integration tests/e2e
