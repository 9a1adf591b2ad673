#!/usr/bin/env bash
# Editor integration tests against a freshly built pyworkers-lsp:
#   VS Code  - unit tests of the settings logic and the extension glue, the protocol test with the
#              capabilities vscode-languageclient sends, and packaging the .vsix
#   Neovim   - headless nvim opens a Worker, gets PW202, applies the quick fix: the system's nvim
#              (setup()) and, where that predates vim.lsp.enable, Debian unstable's (both shapes)
#   Emacs    - batch Emacs with Eglot (PW202 in Flymake) and with lsp-mode: diagnostic, quick fix
# Installs what is missing (apt as root: neovim, emacs-nox, elpa-eglot, elpa-lsp-mode; npm ci),
# then prints "N passed, N failed" and exits non-zero on any failure.
set -uo pipefail

editors=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$editors")
work=$(mktemp -d "${TMPDIR:-/tmp}/pyworkers-editors.XXXXXX")
trap 'rm -rf "$work"' EXIT
export DEBIAN_FRONTEND=noninteractive

passed=0
failed=0
failures=()
script_start=$SECONDS

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }

# step NAME COMMAND... runs one check, logs to a file, and shows the log only on failure.
step() {
  local name=$1 log start
  shift
  log="$work/$(echo "$name" | tr -c 'a-zA-Z0-9' '_').log"
  start=$(now)
  if "$@" >"$log" 2>&1; then
    passed=$((passed + 1))
    echo "PASS  $name ($(elapsed "$start"))"
  else
    failed=$((failed + 1))
    failures+=("$name")
    echo "FAIL  $name ($(elapsed "$start"))"
    tail -n 60 "$log" | sed 's/^/      /'
  fi
}

# emacs_has LIBRARY: Emacs is installed and finds LIBRARY (site dirs included, so no -Q).
emacs_has() {
  command -v emacs >/dev/null &&
    emacs --batch --eval "(kill-emacs (if (locate-library \"$1\") 0 1))" >/dev/null 2>&1
}

install_editors() {
  local missing=()
  command -v nvim >/dev/null || missing+=(neovim)
  command -v emacs >/dev/null || missing+=(emacs-nox)
  emacs_has eglot || missing+=(elpa-eglot) # built in from Emacs 29
  emacs_has lsp-mode || missing+=(elpa-lsp-mode)
  [ ${#missing[@]} -eq 0 ] && { echo "editors present"; return 0; }
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    echo "missing ${missing[*]} and cannot install them (need root and apt-get)"
    return 1
  fi
  echo "installing ${missing[*]}"
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

npm_install() {
  cd "$editors/vscode" || return 1
  # npm ci wipes node_modules; skip it when the installed tree matches the lockfile.
  if [ -f node_modules/.package-lock.json ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
    echo "node_modules up to date"
    return 0
  fi
  npm ci --no-audit --no-fund
}

build_server() {
  cd "$repo" && go build -o "$work/pyworkers-lsp" ./cmd/pyworkers-lsp
}

# nvim_test NVIM MODE runs the headless Neovim test with that nvim binary.
nvim_test() {
  cd "$work" && PYWORKERS_LSP="$work/pyworkers-lsp" PYWORKERS_NVIM_MODE=$2 \
    timeout 120 "$1" --headless --clean -c "luafile $editors/neovim/test/e2e.lua"
}

nvim_has_enable() {
  "$1" --headless --clean -c 'lua io.stdout:write(vim.lsp.enable and "yes" or "no")' -c 'qall!' 2>/dev/null | grep -q yes
}

# neovim_tests NVIM: setup() on every version, lsp/ with vim.lsp.enable where it exists (0.11+).
neovim_tests() {
  local version
  version=$("$1" --version | head -1 | cut -d' ' -f2)
  step "neovim $version: lua/pyworkers_lsp setup()" nvim_test "$1" setup
  if nvim_has_enable "$1"; then
    step "neovim $version: lsp/pyworkers_lsp.lua with vim.lsp.enable" nvim_test "$1" enable
  fi
}

# Debian's own Neovim may predate vim.lsp.config/enable (bookworm: 0.7.2); the 0.11+ config shape
# runs on Debian unstable's, unpacked into a cache by fetch-nvim.sh (PYWORKERS_NVIM_CURRENT=0 skips).
fetch_current_nvim() {
  bash "$editors/neovim/fetch-nvim.sh" >"$work/nvim-current"
}

echo "editor tests: $(go version | cut -d' ' -f3), node $(node --version 2>/dev/null || echo none)"
step "install editors" install_editors
step "npm ci (editors/vscode)" npm_install
step "build pyworkers-lsp" build_server

if [ -x "$work/pyworkers-lsp" ]; then
  export PYWORKERS_LSP="$work/pyworkers-lsp"
  if [ -d "$editors/vscode/node_modules" ]; then
    step "vscode: compile" bash -c "cd '$editors/vscode' && npm run --silent compile"
    step "vscode: unit tests (settings, extension glue)" bash -c "cd '$editors/vscode' && npm run --silent test:unit"
    step "vscode: protocol test (real server)" bash -c "cd '$editors/vscode' && timeout 120 node --test out/test/protocol.test.js"
    step "vscode: package .vsix" bash -c "cd '$editors/vscode' && npm run --silent package -- --out '$work/pyworkers-lsp.vsix' </dev/null"
  fi
  if command -v nvim >/dev/null; then
    neovim_tests nvim
  fi
  if [ "${PYWORKERS_NVIM_CURRENT:-1}" != 0 ] && ! nvim_has_enable nvim && command -v apt-get >/dev/null; then
    step "neovim: fetch Debian unstable's nvim (fetch-nvim.sh)" fetch_current_nvim
    if [ -s "$work/nvim-current" ]; then
      neovim_tests "$(cat "$work/nvim-current")"
    fi
  fi
  if command -v emacs >/dev/null; then
    step "emacs: pyworkers-lsp.el byte-compiles without warnings" bash -c \
      "cp '$editors/emacs/pyworkers-lsp.el' '$work/' && emacs --batch -Q --eval '(setq byte-compile-error-on-warn t)' -f batch-byte-compile '$work/pyworkers-lsp.el'"
  fi
  for client in eglot lsp-mode; do
    if emacs_has "$client"; then
      step "emacs $(emacs --version | head -1 | cut -d' ' -f3): $client" bash -c \
        "cd '$work' && timeout 120 emacs --batch -l '$editors/emacs/test/e2e-$client.el'"
    fi
  done
fi

echo "editor tests took $((SECONDS - script_start))s"
[ "$failed" -eq 0 ] || echo "failed: ${failures[*]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
