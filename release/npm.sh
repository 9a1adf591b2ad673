#!/usr/bin/env bash
# npm.sh OUT VERSION TARGET... — packs the npm launcher package and one
# per-platform package per TARGET (from OUT/build/TARGET) into OUT/npm.
set -euo pipefail
out=$1 version=$2
shift 2
cd "$(dirname "$0")/.."
stage="$out/build/npm"
rm -rf "$stage" "$out/npm"
mkdir -p "$stage" "$out/npm"
node npm/stage.js "$stage" "$version" "$out/build" "$@"
for dir in "$stage"/*/; do
	(cd "$dir" && npm pack --silent --pack-destination "$out/npm" >/dev/null)
done
ls "$out/npm"
