#!/usr/bin/env bash
# Brings a current Neovim (0.11+: vim.lsp.config / vim.lsp.enable) onto a Debian machine whose own
# release ships an older one, without installing anything system-wide: the neovim package of
# Debian unstable and the libraries it links to (glibc included, since unstable builds need a newer
# one) are downloaded with apt-get into a private apt state and unpacked with dpkg -x into a cache
# directory. The printed path is a wrapper that starts that nvim through the unpacked dynamic
# loader, so the system's libraries are never mixed in and programs nvim starts (language servers)
# run with the system's own libraries.
#
#   editors/neovim/fetch-nvim.sh          # prints the wrapper's path, e.g. ~/.cache/.../bin/nvim
#
# The mirror is the one the system's apt already uses. Needs apt-get and dpkg (no root).
set -euo pipefail

suite=${PYWORKERS_NVIM_SUITE:-sid}
cache=${PYWORKERS_NVIM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pyworkers-lsp/nvim-$suite}
wrapper=$cache/bin/nvim

if [ -x "$wrapper" ] && "$wrapper" --version >/dev/null 2>&1; then
  echo "$wrapper"
  exit 0
fi

case $(dpkg --print-architecture) in
  amd64) multiarch=x86_64-linux-gnu loader=ld-linux-x86-64.so.2 ;;
  arm64) multiarch=aarch64-linux-gnu loader=ld-linux-aarch64.so.1 ;;
  *) echo "fetch-nvim: unsupported architecture $(dpkg --print-architecture)" >&2; exit 1 ;;
esac

# The Debian archive the system is set up with (deb822 or one-line sources).
mirror=$(
  { grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}'
    grep -hs '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list | awk '{for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; break }}'
  } | grep -v -- '-security' | head -n 1 || true
)
if [ -z "$mirror" ]; then
  echo "fetch-nvim: no Debian archive in the system's apt sources" >&2
  exit 1
fi

state=$cache/apt
rm -rf "$cache"
mkdir -p "$state/lists/partial" "$state/cache/archives/partial" "$state/debs" "$cache/root" "$cache/bin"
echo "deb $mirror $suite main" >"$state/sources.list"
apt_opts=(
  -o "Dir::Etc::SourceList=$state/sources.list" -o Dir::Etc::SourceParts=/dev/null
  -o "Dir::State::Lists=$state/lists" -o "Dir::Cache=$state/cache" -o Dir::State::status=/dev/null
  -o APT::Sandbox::User=root -o Debug::NoLocking=1
)
apt-get "${apt_opts[@]}" -qq update >&2

# neovim, each of its dependencies (the first of any alternatives), and what those need at run
# time beyond the system's own: libgcc_s for LuaJIT's unwinder.
deps=$(apt-cache "${apt_opts[@]}" show "neovim/$suite" | awk '/^(Pre-)?Depends:/ { sub(/^[^:]*: /, ""); print }' |
  tr ',' '\n' | sed 's/|.*//; s/(.*)//; s/:any//; s/[[:space:]]//g' | grep -v '^$' | sort -u)
cd "$state/debs"
# shellcheck disable=SC2086 # one package name per word
apt-get "${apt_opts[@]}" -qq download neovim $deps libgcc-s1 >&2
for deb in ./*.deb; do
  dpkg -x "$deb" "$cache/root"
done

lib=$cache/root/usr/lib/$multiarch
cat >"$wrapper" <<EOF
#!/bin/sh
# Debian $suite's nvim, started by its own glibc's loader (written by editors/neovim/fetch-nvim.sh).
VIMRUNTIME='$cache/root/usr/share/nvim/runtime' exec '$lib/$loader' --library-path '$lib' '$cache/root/usr/bin/nvim' "\$@"
EOF
chmod +x "$wrapper"
cd "$cache" && rm -rf "$state"
"$wrapper" --version | head -n 1 >&2
echo "$wrapper"
