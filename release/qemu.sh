#!/usr/bin/env bash
# qemu.sh GOARCH — prints the command that runs a static Linux binary of
# GOARCH on this machine: nothing when the CPU is the host's, else the
# qemu user-mode emulator (Debian's qemu-user-static, installed with apt when
# it is missing and we are root). Exits 1, saying why, when there is no way.
# The release binaries are static musl executables, so user-mode emulation
# needs no target libraries and no binfmt_misc registration.
set -euo pipefail
goarch=${1:?usage: qemu.sh GOARCH}
case "$goarch-$(uname -m)" in
amd64-x86_64 | arm64-aarch64) exit 0 ;;
esac
case $goarch in
arm64) emu=qemu-aarch64-static ;;
amd64) emu=qemu-x86_64-static ;;
*) echo "qemu.sh: no emulator known for $goarch" >&2; exit 1 ;;
esac
if ! command -v "$emu" >/dev/null; then
	if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
		echo "qemu.sh: $emu is missing and cannot be installed (need root and apt-get: apt-get install qemu-user-static)" >&2
		exit 1
	fi
	# The lock may be held by another install on a shared machine: retry.
	for attempt in 1 2 3 4 5; do
		if apt-get install -y -qq --no-install-recommends qemu-user-static >&2 ||
			{ apt-get update -qq >&2 && apt-get install -y -qq --no-install-recommends qemu-user-static >&2; }; then
			break
		fi
		echo "qemu.sh: apt-get failed (attempt $attempt), retrying" >&2
		sleep 20
	done
	command -v "$emu" >/dev/null || { echo "qemu.sh: installing qemu-user-static did not provide $emu" >&2; exit 1; }
fi
command -v "$emu"
