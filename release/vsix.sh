#!/usr/bin/env bash
# vsix.sh OUT VERSION TARGET... — packages one platform-specific VS Code
# extension per TARGET (`vsce package --target`), each with the binary from
# OUT/build/TARGET in the extension's bin/, where the extension looks first.
# The static Linux binaries also serve Alpine (alpine-x64, alpine-arm64).
# The JavaScript is one esbuild bundle, so the package carries no node_modules.
set -euo pipefail
out=$1 version=$2
shift 2
cd "$(dirname "$0")/../editors/vscode"
if [ ! -x node_modules/.bin/vsce ] || [ ! -x node_modules/.bin/esbuild ] ||
	[ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
	npm ci --no-audit --no-fund
fi
npm run --silent bundle
ext=$PWD
stage="$out/build/vsix"
for t in "$@"; do
	case $t in
	linux-x64) vs="linux-x64 alpine-x64" exe=pyworkers-lsp ;;
	linux-arm64) vs="linux-arm64 alpine-arm64" exe=pyworkers-lsp ;;
	darwin-x64) vs=darwin-x64 exe=pyworkers-lsp ;;
	darwin-arm64) vs=darwin-arm64 exe=pyworkers-lsp ;;
	windows-x64) vs=win32-x64 exe=pyworkers-lsp.exe ;;
	*) echo "vsix.sh: unknown target $t" >&2; exit 2 ;;
	esac
	for v in $vs; do
		rm -rf "$stage"
		mkdir -p "$stage/bin" "$stage/dist"
		cp package.json README.md icon.png .vscodeignore "$stage/"
		cp dist/extension.js "$stage/dist/"
		[ -f ../../LICENSE ] && cp ../../LICENSE "$stage/"
		install -m 0755 "$out/build/$t/$exe" "$stage/bin/$exe"
		# The bundle is prebuilt: no prepublish step, and the version is the release's.
		node -e '
			const fs = require("fs"), f = process.argv[1], m = JSON.parse(fs.readFileSync(f, "utf8"));
			m.version = process.argv[2]; delete m.scripts; delete m.devDependencies; delete m.dependencies;
			fs.writeFileSync(f, JSON.stringify(m, null, 2) + "\n");' "$stage/package.json" "$version"
		license=--skip-license
		[ -f "$stage/LICENSE" ] && license=
		(cd "$stage" && "$ext/node_modules/.bin/vsce" package --no-dependencies $license \
			--target "$v" --out "$out/pyworkers-lsp-$v-$version.vsix" </dev/null)
	done
done
rm -rf "$stage"
