#!/usr/bin/env bash
# reproduce.sh [--targets T,...] [--fresh-gocache] — builds the release twice
# into two fresh output directories and compares their SHA256SUMS: every
# archive, npm tarball, wheel and VSIX must be byte-identical.
#
# The second build normally reuses Go's build cache, so only linking and
# packaging run again; --fresh-gocache gives it an empty GOCACHE, so every
# Go package and the tree-sitter C are compiled again too (slow: the cold
# build of the Go side).
set -euo pipefail
cd "$(dirname "$0")/.."
targets=linux-x64
fresh=0
while [ $# -gt 0 ]; do
	case $1 in
	--targets) targets=$2; shift 2 ;;
	--targets=*) targets=${1#*=}; shift ;;
	--fresh-gocache) fresh=1; shift ;;
	*) echo "reproduce.sh: unknown argument $1" >&2; exit 2 ;;
	esac
done
work=$(mktemp -d "${TMPDIR:-/tmp}/pyworkers-reproduce.XXXXXX")
trap 'rm -rf "$work"' EXIT

bash release/build.sh --targets "$targets" --out "$work/a" >"$work/a.log" 2>&1 ||
	{ tail -40 "$work/a.log"; exit 1; }
if [ "$fresh" = 1 ]; then
	GOCACHE="$work/gocache" bash release/build.sh --targets "$targets" --out "$work/b" >"$work/b.log" 2>&1 ||
		{ tail -40 "$work/b.log"; exit 1; }
	chmod -R u+w "$work/gocache"
else
	bash release/build.sh --targets "$targets" --out "$work/b" >"$work/b.log" 2>&1 ||
		{ tail -40 "$work/b.log"; exit 1; }
fi
grep -h '^built ' "$work/a.log" | sed 's/^/first:  /'
grep -h '^built ' "$work/b.log" | sed 's/^/second: /'
if diff -u "$work/a/SHA256SUMS" "$work/b/SHA256SUMS"; then
	echo "reproducible: $(wc -l <"$work/a/SHA256SUMS") files byte-identical across two builds ($targets$([ "$fresh" = 1 ] && echo ', second with an empty GOCACHE'))"
	cat "$work/a/SHA256SUMS"
	exit 0
fi
# Say which binaries differ, which points at the compile or link step
# rather than the packaging.
for bin in "$work"/a/build/*/pyworkers-lsp*; do
	rel=${bin#"$work"/a/}
	[ -f "$bin" ] || continue
	cmp -s "$bin" "$work/b/$rel" || echo "binary differs: $rel"
done
exit 1
