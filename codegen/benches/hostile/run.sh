#!/usr/bin/env bash
# The hostile-document benchmark (codegen/benches/README.md): the release CLI's
# `typed-graphql check` and graphql-js 17 on the same three documents, each pinned to one core
# (taskset -c 0). Ours: the whole process (schema load, parse, validate, print), wall and CPU
# time. graphql-js: parse + validate timed inside node after the schema is built. With
# BASELINE_CLI=<path to a typed-graphql binary built from main>, the baseline runs too (each
# run stops after TIMEOUT seconds, default 60). Needs Node.js (scripts/graphql-js/install.sh).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
work="${TMPDIR:-/tmp}/typed-graphql-hostile"
schema="$root/tests/graphql/todo/schema.graphql"
timeout="${TIMEOUT:-60}"
python3 "$here/generate.py" "$work"
cargo build -q --release -p typed-graphql-cli --manifest-path "$root/Cargo.toml"
bash "$root/scripts/graphql-js/install.sh" >/dev/null
cli="$root/target/release/typed-graphql"

# Runs a CLI on a document: "<wall s> (CPU <s>) | <first error or summary line>".
run() {
  local bin="$1" file="$2" out
  out=$( { /usr/bin/time -f "TIME %e %U %S" taskset -c 0 timeout "$timeout" "$bin" check --schema "$schema" "$file" 2>&1 || true; } )
  local t; t=$(grep '^TIME' <<<"$out" | tail -1)
  local verdict; verdict=$(grep -E '^(error|checked)' <<<"$out" | head -1 | cut -c1-100)
  read -r _ wall user sys <<<"$t"
  if [ -z "$verdict" ]; then verdict="stopped after ${timeout} s"; fi
  printf '%s s (CPU %.2f s) | %s' "$wall" "$(echo "$user + $sys" | bc)" "${verdict//|/\\|}"
}

header="| document | typed-graphql check (release, 1 core) | verdict |"
[ -n "${BASELINE_CLI:-}" ] && header="$header baseline (main) | verdict |"
echo "$header graphql-js 17 (1 core) | verdict |"
echo "$header graphql-js 17 (1 core) | verdict |" | sed 's/[^|][^|]*|/ --- |/g'
for doc in same-field conflicting-aliases plain-fields plain-fields-at-limit; do
  file="$work/$doc.graphql"
  row="| $doc ($(du -h "$file" | cut -f1)) | $(run "$cli" "$file") |"
  if [ -n "${BASELINE_CLI:-}" ]; then row="$row $(run "$BASELINE_CLI" "$file") |"; fi
  IFS=$'\t' read -r _ js jsverdict jsfirst < <(taskset -c 0 node "$here/graphql-js-time.mjs" \
    "$root/.tools/graphql-js/node_modules" "$schema" "$file")
  echo "$row $(printf '%.2f' "$(echo "$js / 1000" | bc -l)") s | $jsverdict${jsfirst:+: ${jsfirst//|/\\|}} |"
done
