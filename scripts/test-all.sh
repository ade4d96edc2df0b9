#!/usr/bin/env bash
# Everything the test suite needs, then every test: the README's test command runs this.
# Installs the pinned Python validators (.tools/) and Chromium, then runs the fast lane (`npm test`:
# build, typecheck, unit, golden, property: every test outside test/integration), then the integration
# lane (cfn-lint, checkov, sam, moto round trips, the built handler in a child process, the diagram in
# Chromium), then the benchmark smoke.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -d node_modules ] || npm ci
bash scripts/setup-tools.sh
bash scripts/setup-browser.sh
npm test                   # fast lane; it also builds dist/, which the integration tests run
npm run test:integration
npm run bench -- --quick   # smoke: the benchmark runs end to end (N=10), in the same run as SAM's translator
