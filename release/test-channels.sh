#!/usr/bin/env bash
# test-channels.sh DIST [TARGET] — installs the built artifacts for TARGET
# (default linux-x64, the host's) the way users get them and runs them in a
# scratch Worker project, with no Go and no C compiler on PATH:
#   npm    the launcher + platform tarballs into a scratch project (offline
#          from the tarballs), `npx pyworkers-lsp check .` and an LSP round trip
#   wheel  into a fresh venv with `pip install --no-index`, `pyworkers-lsp
#          check .`, `python -m pyworkers_lsp`, and an LSP round trip
#   vsix   the binary is inside the package, and the extension's protocol test
#          passes against it, found by the extension's lookup, PATH without it
#   archive  the release archive's binary runs `check .`
# Each step's commands run under `env -i PATH=<node, npm, python3, sh and
# coreutils only> HOME=<an empty scratch directory>`, so no npm or pip cache,
# config or user install can help.
# Prints "N passed, N failed"; exits non-zero on any failure.
set -uo pipefail
dist=$(cd "${1:?usage: test-channels.sh DIST [TARGET]}" && pwd)
target=${2:-linux-x64}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/pyworkers-channels.XXXXXX")
trap 'rm -rf "$work"' EXIT
passed=0 failed=0

step() {
	local name=$1 log="$work/step.log" start=$SECONDS
	shift
	if "$@" >"$log" 2>&1; then
		passed=$((passed + 1))
		echo "PASS  $name ($((SECONDS - start))s)"
		sed 's/^/      /' "$log" | tail -n 12
	else
		failed=$((failed + 1))
		echo "FAIL  $name ($((SECONDS - start))s)"
		sed 's/^/      /' "$log" | tail -n 40
	fi
}

# The PATH of a user with Node and Python but no Go and no C compiler: this
# machine's /usr/bin holds gcc, so the tests get a directory of links to
# node, npm, python3, a shell and the few utilities npm and pip call.
userbin="$work/user-bin"
mkdir -p "$userbin"
for tool in node npm npx python3 sh bash env uname cat ls mkdir rm cp mv chmod ln dirname basename \
	sed grep tr head tail sort wc find readlink realpath tar gzip unzip id true false; do
	path=$(PATH=/usr/bin:/bin command -v "$tool") && ln -s "$path" "$userbin/$tool"
done

# clean CMD...: runs CMD in that user's environment, with a fresh home.
mkdir -p "$work/home"
clean() { env -i PATH="$userbin" HOME="$work/home" "$@"; }

# project DIR: a scratch Worker project with the example Worker's findings.
project() {
	mkdir -p "$1"
	cp -r "$repo/testdata/examples/hello-worker/." "$1/"
}

# expect_check DIR CMD...: `check .` in DIR finds the example's problems
# (exit 1 and PW201/PW202), as the source build does.
expect_check() {
	local dir=$1 out code
	shift
	out=$(cd "$dir" && clean "$@" check . 2>&1)
	code=$?
	echo "$out"
	[ "$code" = 1 ] && grep -q 'PW202' <<<"$out" && grep -q '^Found 3 problems in 1 file' <<<"$out"
}

no_toolchain() {
	for t in go gcc cc c++ clang zig ld; do
		if clean sh -c "command -v $t" >/dev/null; then
			echo "$t is on the test PATH: the test would not prove anything"
			return 1
		fi
	done
	echo "PATH=$userbin: $(ls "$userbin" | tr '\n' ' ')"
	echo "no go, gcc, cc, c++, clang, zig or ld; node $(clean node --version), $(clean python3 --version)"
}

npm_channel() {
	local p="$work/npm-project" platform=${target/windows/win32}
	project "$p"
	echo '{ "name": "scratch-worker", "private": true }' >"$p/package.json"
	# --offline: everything comes from the tarballs; the other platforms'
	# optional packages are skipped, as npm does on a real install.
	(cd "$p" && clean npm install --offline --no-audit --no-fund \
		"$dist"/npm/pyworkers-lsp-[0-9]*.tgz "$dist"/npm/pyworkers-lsp-cli-"$platform"-*.tgz) || return 1
	ls "$p/node_modules/@pyworkers-lsp"
	expect_check "$p" npx --no-install pyworkers-lsp || return 1
	(cd "$p" && clean npx --no-install pyworkers-lsp --version) || return 1
	# serve through the launcher: LSP on stdio must pass through node untouched.
	(cd "$p" && clean python3 "$repo/release/lsp_roundtrip.py" "$p/node_modules/.bin/pyworkers-lsp" serve)
}

wheel_channel() {
	local venv="$work/venv" p="$work/wheel-project"
	project "$p"
	clean python3 -m venv "$venv" || return 1
	clean "$venv/bin/pip" install --no-index --disable-pip-version-check -q "$dist"/pyworkers_lsp-*"${wheel_tag:?}"*.whl || return 1
	ls -l "$venv/bin/pyworkers-lsp"
	expect_check "$p" "$venv/bin/pyworkers-lsp" || return 1
	(cd "$p" && clean "$venv/bin/python" -m pyworkers_lsp --version) || return 1
	(cd "$p" && clean PATH="$venv/bin:$userbin" python3 "$repo/release/lsp_roundtrip.py")
}

vsix_channel() {
	local vsix=("$dist"/pyworkers-lsp-"${target/windows/win32}"-*.vsix) dir="$work/vsix"
	[ -f "${vsix[0]}" ] || { echo "no VSIX for $target in $dist"; return 1; }
	unzip -q "${vsix[0]}" -d "$dir" || return 1
	grep -o 'TargetPlatform="[^"]*"' "$dir/extension.vsixmanifest"
	ls -l "$dir/extension/bin/" "$dir/extension/dist/"
	[ -x "$dir/extension/bin/pyworkers-lsp" ] || return 1
	[ ! -d "$dir/extension/node_modules" ] || { echo "node_modules packed: the bundle should hold them"; return 1; }
	! clean sh -c 'command -v pyworkers-lsp' || { echo "pyworkers-lsp is on PATH"; return 1; }
	local out
	out=$(cd "$repo/editors/vscode" && clean PYWORKERS_EXTENSION_DIR="$dir/extension" \
		node --test out/test/protocol.test.js 2>&1) || { echo "$out"; return 1; }
	echo "$out" | grep -E '^# (tests|pass|fail|skipped|cancelled) '
	# A skipped protocol test would pass without running the binary.
	grep -q '^# skipped 0$' <<<"$out" && grep -q '^# fail 0$' <<<"$out" && grep -q '^# cancelled 0$' <<<"$out" &&
		! grep -q '^# pass 0$' <<<"$out"
}

archive_channel() {
	local p="$work/archive-project" a=("$dist"/pyworkers-lsp-*-"$target".tar.gz)
	project "$p"
	tar -xzf "${a[0]}" -C "$work" || return 1
	expect_check "$p" "$work/$(basename "${a[0]}" .tar.gz)/pyworkers-lsp"
}

# The launchers (npm's node script, the wheel's entry point, the editor)
# exec the binary directly, so only the host's own target can be installed
# and run; build.sh runs the other Linux CPU's binary under qemu instead.
case $target-$(uname -m) in
linux-x64-x86_64) wheel_tag=manylinux_2_17_x86_64 ;;
linux-arm64-aarch64) wheel_tag=manylinux_2_17_aarch64 ;;
*) echo "test-channels.sh: $target does not run natively on this $(uname -m) machine" >&2; exit 2 ;;
esac

echo "channel tests for $target from $dist"
step "no Go or C compiler in the test environment" no_toolchain
step "archive: check ." archive_channel
step "npm: tarballs into a scratch project, npx pyworkers-lsp check . and serve" npm_channel
step "wheel: pip install --no-index into a fresh venv, check . and serve" wheel_channel
# The extension's protocol test is compiled TypeScript (out/ is not
# committed): compile it here on a fresh clone, with the pinned toolchain.
if [ ! -d "$repo/editors/vscode/out/test" ]; then
	(cd "$repo/editors/vscode" && { [ -d node_modules ] || npm ci --no-audit --no-fund; } && npm run compile) >&2 || true
fi
if [ -d "$repo/editors/vscode/out/test" ]; then
	step "vsix: the bundled binary passes the extension's protocol test" vsix_channel
else
	step "vsix: compiled extension tests present (npm ci && npm run compile failed)" false
fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
