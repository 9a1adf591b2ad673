#!/usr/bin/env bash
# darwin-sdk.sh DIR — writes link-only stubs (text-based .tbd files) for the
# macOS libraries that the Go standard library loads besides libSystem, so
# that `zig cc` can link a cgo binary for macOS without an Apple SDK:
#   DIR/Frameworks/<Name>.framework/<Name>.tbd   (use -F DIR/Frameworks)
#   DIR/lib/lib<name>.tbd                         (use -L DIR/lib)
#
# Why: pyworkers-lsp links net/http (through go.uber.org/zap), hence
# crypto/x509 and net, whose darwin code binds CoreFoundation, Security and
# libresolv dynamically (//go:cgo_import_dynamic) and asks the external linker
# for "-framework CoreFoundation -framework Security -lresolv". The macOS
# loader resolves those symbols from the real libraries at run time; the
# linker only needs to know which library exports which name. The lists are
# read from the Go toolchain that builds the binary, so they always match it.
set -euo pipefail
out=${1:?usage: darwin-sdk.sh DIR}
src="$(go env GOROOT)/src"
# "symbol library" pairs for every darwin library other than libSystem,
# which zig ships itself.
pairs=$(grep -rh --include='*.go' '^//go:cgo_import_dynamic' "$src/crypto" "$src/internal/syscall" "$src/net" |
	awk 'NF == 4 { gsub(/"/, "", $4); print $3, $4 }' |
	grep -E ' /(System/Library/Frameworks/|usr/lib/)' | grep -v libSystem | sort -u)
[ -n "$pairs" ] || { echo "darwin-sdk: no darwin imports found under $src" >&2; exit 1; }
for lib in $(echo "$pairs" | awk '{print $2}' | sort -u); do
	syms=$(echo "$pairs" | awk -v lib="$lib" '$2 == lib { print "_" $1 }' | paste -sd, - | sed 's/,/, /g')
	case $lib in
	*.framework/*)
		name=${lib##*/}
		file="$out/Frameworks/$name.framework/$name.tbd" ;;
	*.dylib)
		name=${lib##*/}
		name=${name%%.*}
		file="$out/lib/$name.tbd" ;;
	*) echo "darwin-sdk: unexpected library $lib" >&2; exit 1 ;;
	esac
	mkdir -p "$(dirname "$file")"
	cat >"$file" <<TBD
--- !tapi-tbd
tbd-version:     4
targets:         [ x86_64-macos, arm64-macos ]
install-name:    '$lib'
current-version: 1
exports:
  - targets:     [ x86_64-macos, arm64-macos ]
    symbols:     [ $syms ]
...
TBD
done
