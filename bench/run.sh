#!/usr/bin/env bash
# Runs the benchmark suite and prints a markdown report: edit latency in
# editing scenarios (type in a string, a new function, a new method, an
# import added and removed, a rename, a paste, a deleted method; flat
# module and one-class Worker at 5,000 and 20,000 lines, with code action
# and hover latency), and cold start, of pyworkers-lsp against pyright and
# pylsp measured in the same run, where our time goes, memory with 1,000 open
# files and over a 10,000-edit soak, and `check` throughput against a
# parse-only pass.
#
#   bash bench/run.sh                 # everything (about 10-15 minutes)
#   bash bench/run.sh -edits 50       # extra flags go to lspload (go run ./bench/lspload -h)
#
# pyright comes from npm (installed under $PYWORKERS_BENCH_CACHE, default
# ~/.cache/pyworkers-bench) and pylsp from Debian's python3-pylsp when they
# are not on PATH (bench/comparison-servers.sh); a server that cannot be
# installed is left out and said so. The machine's load average is printed at the start and the end:
# numbers taken on a busy machine are slower for every server alike.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

note() { echo "bench: $*" >&2; }

note "building pyworkers-lsp and lspload"
go build -o "$work/pyworkers-lsp" ./cmd/pyworkers-lsp
go build -o "$work/lspload" ./bench/lspload

servers=(-server "pyworkers-lsp=$work/pyworkers-lsp serve")
versions="pyworkers-lsp $(git describe --always --dirty 2>/dev/null || echo unknown)"

while IFS= read -r line; do
	case $line in
	versions:*) [[ -n ${line#versions:} ]] && versions+=", ${line#versions:}" ;;
	*) servers+=(-server "$line") ;;
	esac
done < <(bash bench/comparison-servers.sh)

note "servers: $versions"
"$work/lspload" "${servers[@]}" -check "$work/pyworkers-lsp" -workdir "$work" -about "Versions: $versions." "$@"
