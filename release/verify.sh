#!/usr/bin/env bash
# verify.sh BINARY VERSION COMMIT [EMULATOR] — runs a release binary (under
# EMULATOR, e.g. qemu-aarch64-static, when it is for another CPU) and checks
# it against the source: `version` prints the stamped
# version and commit, `check` on the example Worker prints exactly what
# `go run ./cmd/pyworkers-lsp check` prints (same exit status), an LSP
# session round-trips (release/lsp_roundtrip.py), and a bare run on a
# terminal prints usage instead of waiting on stdin.
set -euo pipefail
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
version=$2 commit=$3
run=("$bin")
if [ -n "${4:-}" ]; then run=("$4" "$bin"); fi
cd "$(dirname "$0")/.."
fail() { echo "verify: $*" >&2; exit 1; }

out=$("${run[@]}" --version)
grep -q "^pyworkers-lsp $version\$" <<<"$out" || fail "--version: $out"
grep -q "commit: $commit" <<<"$out" || fail "--version lacks commit $commit: $out"
echo "ok   version: $(head -1 <<<"$out")${4:+ (run under $4)}"

example=testdata/examples/hello-worker
ref=$(mktemp -d)
trap 'rm -rf "$ref"' EXIT
go build -o "$ref/pyworkers-lsp" ./cmd/pyworkers-lsp
set +e
want=$("$ref/pyworkers-lsp" check "$example"); want_code=$?
got=$("${run[@]}" check "$example"); got_code=$?
set -e
[ "$got" = "$want" ] && [ "$got_code" = "$want_code" ] ||
	fail "check $example differs from the source build:"$'\n'"$got (exit $got_code)"$'\n'"want:"$'\n'"$want (exit $want_code)"
[ "$(grep -c ': PW' <<<"$got")" -gt 0 ] || fail "check $example found nothing"
echo "ok   check $example: $(tail -1 <<<"$got") (exit $got_code, same as the source build)"

python3 release/lsp_roundtrip.py "${run[@]}" serve | sed 's/^/     /'
echo "ok   LSP round trip"

if command -v script >/dev/null; then
	# util-linux script gives the binary a pseudo-terminal as stdin.
	out=$(timeout 20 script -qec "${run[*]}" /dev/null </dev/null || true)
	grep -q "editors start it" <<<"$out" || fail "bare run on a terminal: $out"
	echo "ok   bare run on a terminal prints usage"
fi
