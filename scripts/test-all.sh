#!/usr/bin/env bash
# Everything the test suite needs, then every test: the README's test command runs this.
# Installs the pinned Python validators (.tools/), builds, and runs unit, golden, property and
# integration tests (cfn-lint, checkov, sam, moto round trips, the built handler in a child process).
set -euo pipefail
cd "$(dirname "$0")/.."

[ -d node_modules ] || npm ci
bash scripts/setup-tools.sh
bash scripts/setup-browser.sh
npm test
npm run bench -- --quick   # smoke: the benchmark runs end to end (N=10), in the same run as SAM's translator
