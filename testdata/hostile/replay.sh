#!/usr/bin/env bash
# Replays every hostile case (testdata/hostile/README.md) against a built
# pyworkers-lsp: the check cases, the clients that stop reading, the
# hostile documents opened in the server and the memory released after
# closing documents and draining replies. Each case prints one HOSTILE
# line with its wall-clock time, CPU time and peak RSS; a case over its
# bound fails.
#
#   bash testdata/hostile/replay.sh                  # builds this checkout
#   bash testdata/hostile/replay.sh /path/to/pyworkers-lsp   # another build (an older one, to compare)
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${1:-}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
if [ -z "$bin" ]; then
  CGO_ENABLED=1 go build -o "$scratch/pyworkers-lsp" ./cmd/pyworkers-lsp
  bin=$scratch/pyworkers-lsp
fi
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
echo "replaying against $bin (load: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime))"
status=0
PYWORKERS_HOSTILE_BIN=$bin PYWORKERS_HOSTILE_REPORT=1 \
  go test -count=1 -v -timeout 30m -run 'TestHostile' ./cmd/pyworkers-lsp >"$scratch/out" 2>&1 || status=$?
grep -E 'HOSTILE|^\s*--- (PASS|FAIL)|^(ok|FAIL)\b|hostile_(lsp_)?test\.go:[0-9]+: [^H]' "$scratch/out" || cat "$scratch/out"
exit $status
