#!/usr/bin/env bash
# build.sh — cross-compiles pyworkers-lsp and packages it for every channel.
#
#   bash release/build.sh [--targets linux-x64,linux-arm64,darwin-x64,darwin-arm64,windows-x64]
#                         [--version 0.1.0] [--out dist] [--skip-packages]
#                         [--require-license]
#
# Writes to dist/:
#   pyworkers-lsp-<version>-<os>-<arch>.tar.gz (.zip for Windows)   release archives
#   npm/*.tgz                                                       npm launcher + per-platform packages
#   *.whl                                                           platform wheels
#   *.vsix                                                          platform VS Code extensions
#   SHA256SUMS
# The binary links tree-sitter through cgo, so each target is compiled with
# `zig cc` (release/zig.sh fetches it from the npm registry and caches it in
# ~/.cache/pyworkers-release). Builds are reproducible: -trimpath, no VCS
# stamping, version and commit passed with -ldflags, fixed archive mtimes.
# Each Linux binary is checked by running it (release/verify.sh; the other
# CPU's under qemu-user-static, release/qemu.sh); the others by object format,
# CPU, imported libraries and the stamped commit (release/inspect).
#
# PYWORKERS_GO_BUILD_FLAGS adds go build flags (e.g. -debug-trace=FILE to
# see where a cold build spends its time); GOFLAGS is ignored.
#
# Licence: every package carries the repository's LICENSE file when there is
# one (archive, wheel dist-info/licenses, npm packages, VSIX). Without one the
# build still runs, for testing, but says so loudly: the VSIXs are packed with
# `vsce --skip-license`, and npm and wheel metadata name no licence.
# --require-license makes a missing LICENSE an error (use it to publish).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
all=linux-x64,linux-arm64,darwin-x64,darwin-arm64,windows-x64
targets=$all
version=$(cat release/VERSION)
out=dist
packages=1
require_license=0
while [ $# -gt 0 ]; do
	case $1 in
	--targets) targets=$2; shift 2 ;;
	--targets=*) targets=${1#*=}; shift ;;
	--version) version=$2; shift 2 ;;
	--version=*) version=${1#*=}; shift ;;
	--out) out=$2; shift 2 ;;
	--out=*) out=${1#*=}; shift ;;
	--skip-packages) packages=0; shift ;;
	--require-license) require_license=1; shift ;;
	-h | --help) sed -n '2,29p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "build.sh: unknown argument $1" >&2; exit 2 ;;
	esac
done
mkdir -p "$out"
out=$(cd "$out" && pwd)

# license_notice says, on stderr, that the packages carry no licence terms.
license_notice() {
	[ -f LICENSE ] && return 0
	echo "warning: no LICENSE file in $repo: the archives, wheels, npm packages and VSIXs carry no" >&2
	echo "warning: licence terms (vsce --skip-license). Add LICENSE before publishing them." >&2
}
if [ ! -f LICENSE ] && [ "$require_license" = 1 ]; then
	echo "build.sh: --require-license: $repo has no LICENSE file" >&2
	exit 1
fi
license_notice

commit=$(git rev-parse HEAD 2>/dev/null || echo unknown)
# Archive and zip entries get the commit's time, so two builds of one commit
# are byte-identical.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}
cache=${PYWORKERS_RELEASE_CACHE:-$HOME/.cache/pyworkers-release}
export ZIG_GLOBAL_CACHE_DIR=$cache/zig-cache ZIG_LOCAL_CACHE_DIR=$cache/zig-cache
zig=$(bash release/zig.sh)
sdk=$cache/darwin-sdk
bash release/darwin-sdk.sh "$sdk"

# target TARGET sets goos, goarch, zigtarget and exe for one target name.
target() {
	exe=pyworkers-lsp
	case $1 in
	linux-x64) goos=linux goarch=amd64 zigtarget=x86_64-linux-musl ;;
	linux-arm64) goos=linux goarch=arm64 zigtarget=aarch64-linux-musl ;;
	darwin-x64) goos=darwin goarch=amd64 zigtarget=x86_64-macos.12.0 ;;
	darwin-arm64) goos=darwin goarch=arm64 zigtarget=aarch64-macos.12.0 ;;
	windows-x64) goos=windows goarch=amd64 zigtarget=x86_64-windows-gnu exe=pyworkers-lsp.exe ;;
	*) echo "build.sh: unknown target $1 (known: $all)" >&2; exit 2 ;;
	esac
}

# compile TARGET builds dist/build/TARGET/pyworkers-lsp[.exe].
compile() {
	target "$1"
	local dir="$out/build/$1" cc ldflags="-X main.version=$version -X main.commit=$commit"
	mkdir -p "$dir"
	cc="$zig cc -target $zigtarget"
	case $goos in
	# Static musl: runs on any Linux, glibc or not, old or new.
	linux) ldflags="$ldflags -s -w -linkmode external -extldflags -static" ;;
	# No -s: Go passes -Wl,-x for it, which zig's Mach-O linker rejects.
	darwin) ldflags="$ldflags -w"; cc="$cc -F$sdk/Frameworks -L$sdk/lib" ;;
	# No Go build ID: it hashes the linked file before release/pe_repro.py
	# fixes the link's hash fields, so it would differ between links.
	windows) ldflags="$ldflags -s -w -buildid=" ;;
	esac
	local start=$SECONDS
	CGO_ENABLED=1 GOOS=$goos GOARCH=$goarch CC="$cc" CXX="${cc/ cc / c++ }" GOFLAGS= \
		go build -trimpath -buildvcs=false -tags netgo,osusergo -ldflags "$ldflags" ${PYWORKERS_GO_BUILD_FLAGS:-} \
		-o "$dir/$exe" ./cmd/pyworkers-lsp
	[ "$goos" = windows ] && python3 release/pe_repro.py "$dir/$exe"
	# cgo's compiler probes leave empty objects in the package directory
	# when the compiler is zig targeting macOS.
	find "$repo" -name 'cgo-gcc-input-*.o' -size 0 -delete
	echo "built $1 in $((SECONDS - start))s: $(du -h "$dir/$exe" | cut -f1)"
}

# archive TARGET writes the release archive: the binary, README, and LICENSE
# when the repository has one.
archive() {
	target "$1"
	local name="pyworkers-lsp-$version-$1" stage="$out/build/stage-$1"
	rm -rf "$stage"
	mkdir -p "$stage/$name"
	cp "$out/build/$1/$exe" README.md "$stage/$name/"
	[ -f LICENSE ] && cp LICENSE "$stage/$name/"
	if [ "$goos" = windows ]; then
		python3 release/zipdir.py "$out/$name.zip" "$stage" "$name"
	else
		tar --sort=name --mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 --numeric-owner \
			-C "$stage" -cf - "$name" | gzip -n -9 >"$out/$name.tar.gz"
	fi
	rm -rf "$stage"
}

# verify TARGET inspects the binary (format, CPU, libraries, commit) and runs
# a Linux one (natively, or for another CPU under qemu user-mode emulation).
verify() {
	target "$1"
	local bin="$out/build/$1/$exe" emu
	go run ./release/inspect "$bin" "$goos" "$goarch" "$commit"
	[ "$goos" = linux ] || return 0
	if emu=$(bash release/qemu.sh "$goarch"); then
		bash release/verify.sh "$bin" "$version" "$commit" $emu
	else
		echo "warning: $1 cannot run on this machine; checked by inspection only" >&2
	fi
}

IFS=, read -ra list <<<"$targets"
for t in "${list[@]}"; do
	compile "$t"
	verify "$t"
	archive "$t"
done

if [ "$packages" = 1 ]; then
	bash release/npm.sh "$out" "$version" "${list[@]}"
	python3 release/wheel.py --out "$out" --version "$version" --build "$out/build" "${list[@]}"
	bash release/vsix.sh "$out" "$version" "${list[@]}"
fi

(
	cd "$out"
	rm -f SHA256SUMS
	shopt -s nullglob
	files=(*.tar.gz *.zip *.whl *.vsix npm/*.tgz)
	sha256sum -- "${files[@]}" | sort -k2 >SHA256SUMS
)
license_notice
echo "dist: $out"
(cd "$out" && shopt -s nullglob && ls -l -- *.tar.gz *.zip *.whl *.vsix npm/*.tgz | awk '{printf "  %8.1f MB  %s\n", $5 / 1048576, $9}')
