#!/usr/bin/env bash
# Installs the pinned Python tools the tests run against, into project venvs under .tools/:
#   .tools/lint  cfn-lint + checkov          (requirements/lint.lock.txt)
#   .tools/sam   aws-sam-cli + samtranslator  (requirements/sam.lock.txt)
#   .tools/moto  moto[server]                 (requirements/moto.lock.txt)
# checkov and the SAM CLI pin conflicting dependencies, hence separate venvs. Each venv is rebuilt
# only when its lock file changes (a stamp holds the lock's hash), so a second run takes a second.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
"$PYTHON" -c 'import sys; assert sys.version_info >= (3, 10), "Python 3.10+ is needed"' 

install() {
  local name="$1" lock="requirements/$1.lock.txt" venv=".tools/$1"
  local hash; hash=$(sha256sum "$lock" | cut -d' ' -f1)
  if [ -f "$venv/.stamp" ] && [ "$(cat "$venv/.stamp")" = "$hash" ]; then return 0; fi
  rm -rf "$venv"
  "$PYTHON" -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps -r "$lock"
  echo "$hash" > "$venv/.stamp"
  echo "installed $venv"
}

mkdir -p .tools
install lint & lint=$!
install sam & sam=$!
install moto & moto=$!
wait $lint && wait $sam && wait $moto

echo "cfn-lint: $(.tools/lint/bin/cfn-lint --version)"
echo "checkov:  $(.tools/lint/bin/checkov --version)"
echo "sam:      $(.tools/sam/bin/sam --version)"
echo "moto:     $(.tools/moto/bin/python -c 'import moto; print(moto.__version__)')"
