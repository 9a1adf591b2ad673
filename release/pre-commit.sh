#!/usr/bin/env bash
# pre-commit.sh ARGS... — the pre-commit hooks' entry: runs the prebuilt
# pyworkers-lsp of this checkout's release (release/VERSION, so a hook's
# `rev:` pins the binary too) from the Python wheel through uvx, else from
# the npm package through npx. Both cache the download, so only the first
# run fetches it; nothing is compiled.
set -euo pipefail
version=$(cat "$(dirname "$0")/VERSION")
if command -v uvx >/dev/null 2>&1; then
	exec uvx --from "pyworkers-lsp==$version" pyworkers-lsp "$@"
elif command -v npx >/dev/null 2>&1; then
	exec npx --yes "pyworkers-lsp@$version" "$@"
fi
echo "pyworkers-lsp pre-commit hook: needs uv (uvx) or Node.js (npx) to fetch the prebuilt pyworkers-lsp $version" >&2
exit 2
