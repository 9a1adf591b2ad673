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
# are not on PATH; a server that cannot be installed is left out and said
# so. The machine's load average is printed at the start and the end:
# numbers taken on a busy machine are slower for every server alike.
set -euo pipefail
cd "$(dirname "$0")/.."

cache=${PYWORKERS_BENCH_CACHE:-$HOME/.cache/pyworkers-bench}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$cache"

note() { echo "bench: $*" >&2; }

note "building pyworkers-lsp and lspload"
go build -o "$work/pyworkers-lsp" ./cmd/pyworkers-lsp
go build -o "$work/lspload" ./bench/lspload

servers=(-server "pyworkers-lsp=$work/pyworkers-lsp serve")
versions="pyworkers-lsp $(git describe --always --dirty 2>/dev/null || echo unknown)"

pyright=$(command -v pyright-langserver || true)
if [[ -z $pyright && -x $cache/npm/node_modules/.bin/pyright-langserver ]]; then
	pyright=$cache/npm/node_modules/.bin/pyright-langserver
fi
if [[ -z $pyright ]] && command -v npm >/dev/null; then
	note "installing pyright from npm into $cache/npm"
	if npm install --silent --no-audit --no-fund --prefix "$cache/npm" pyright >&2; then
		pyright=$cache/npm/node_modules/.bin/pyright-langserver
	fi
fi
if [[ -n $pyright ]]; then
	servers+=(-server "pyright=$pyright --stdio")
	versions+=", pyright $("$(dirname "$pyright")/pyright" --version 2>/dev/null | awk '{print $NF}')"
else
	note "pyright unavailable (no npm?): left out"
fi

if ! command -v pylsp >/dev/null; then
	note "installing python3-pylsp with apt-get"
	if [[ $(id -u) -eq 0 ]]; then
		apt-get install -y -qq python3-pylsp >&2 || { apt-get update -qq >&2 && apt-get install -y -qq python3-pylsp >&2; } || true
	elif command -v sudo >/dev/null; then
		sudo apt-get install -y -qq python3-pylsp >&2 || true
	fi
fi
if command -v pylsp >/dev/null; then
	servers+=(-server "pylsp=$(command -v pylsp)")
	versions+=", pylsp $(pylsp --version 2>/dev/null | awk '{print $NF}')"
else
	note "pylsp unavailable: left out"
fi

note "servers: $versions"
"$work/lspload" "${servers[@]}" -check "$work/pyworkers-lsp" -workdir "$work" -about "Versions: $versions." "$@"
