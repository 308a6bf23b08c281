#!/usr/bin/env bash
# Produces the measurements in ../PARSER.md: parse times in the unoptimised (dev) and release
# builds, the syntax / positions / error-message tables, and each parser crate's clean build
# time (with its dependencies, -j1 so it is CPU time not parallelism, dev profile as a proc
# macro's dependencies get it).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target/parser-compare}"
cd "$here"
cargo run -q -- "$root"
echo
cargo run -q --release -- "$root"
echo
echo "### Clean build of each parser crate with its dependencies (dev profile, -j1)"
echo
echo "| crate | wall time | crates built |"
echo "| --- | --- | --- |"
for f in graphql-parser cynic-parser apollo-parser apollo-parser-09; do
  t="$CARGO_TARGET_DIR/compile-$f"
  rm -rf "$t"
  start=$(date +%s.%N)
  CARGO_TARGET_DIR="$t" cargo build -q -j1 --no-default-features --features "$f"
  end=$(date +%s.%N)
  n=$(ls "$t/debug/deps/"*.rlib 2>/dev/null | wc -l)
  printf '| %s | %.1f s | %s |\n' "$f" "$(echo "$end - $start" | bc)" "$n"
  rm -rf "$t"
done
