#!/usr/bin/env bash
# Finds or installs the language servers the benchmark compares against and
# prints one NAME=COMMAND line per server that is available (for lspload's
# -server flag), then a "versions:" line:
#
#   pyright  from npm, installed once under $PYWORKERS_BENCH_CACHE
#            (default ~/.cache/pyworkers-bench/npm) and reused after;
#   pylsp    from PATH, else Debian's python3-pylsp (apt-get, as root or
#            with sudo).
#
# A server that cannot be found or installed is left out and said so on
# stderr. Used by bench/run.sh; alone:
#
#   bash bench/comparison-servers.sh
set -euo pipefail

cache=${PYWORKERS_BENCH_CACHE:-$HOME/.cache/pyworkers-bench}
mkdir -p "$cache"
note() { echo "bench: $*" >&2; }
versions=()

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
	echo "pyright=$pyright --stdio"
	versions+=("pyright $("$(dirname "$pyright")/pyright" --version 2>/dev/null | awk '{print $NF}')")
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
	echo "pylsp=$(command -v pylsp)"
	versions+=("pylsp $(pylsp --version 2>/dev/null | awk '{print $NF}')")
else
	note "pylsp unavailable: left out"
fi

joined=$(printf '%s, ' "${versions[@]}")
echo "versions:${joined%, }"
