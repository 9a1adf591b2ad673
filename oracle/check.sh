#!/usr/bin/env bash
# Re-measures the runtime truth table on the pinned Pyodide releases and
# fails when it differs from internal/analysis/runtimefacts/truth.json.
#   bash oracle/check.sh           check (what .ci/run does)
#   bash oracle/check.sh --write   regenerate the committed table
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v node >/dev/null; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && apt-get install -y -qq --no-install-recommends nodejs npm
  else
    echo "oracle: node is missing and cannot be installed (need root and apt-get)" >&2
    exit 1
  fi
fi
# npm ci wipes node_modules; skip it when the installed tree matches the
# lockfile. npm's own cache (~/.npm) keeps the tarballs between clones.
if ! { [ -f node_modules/.package-lock.json ] && [ node_modules/.package-lock.json -nt package-lock.json ]; }; then
  npm ci --no-audit --no-fund --prefer-offline
fi
mode=--check
[ "${1:-}" = --write ] && mode=--write
node truth.mjs "$mode" ../internal/analysis/runtimefacts/truth.json
