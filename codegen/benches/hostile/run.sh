#!/usr/bin/env bash
# The hostile-document benchmark (codegen/benches/README.md): the release CLI's
# `typed-graphql check` and graphql-js 17 on the same three documents, each pinned to one core
# (taskset -c 0), wall time of the whole process (graphql-js: parse + validate, timed inside node
# after the schema is built). Needs Node.js (scripts/graphql-js/install.sh).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
work="${TMPDIR:-/tmp}/typed-graphql-hostile"
schema="$root/tests/graphql/todo/schema.graphql"
python3 "$here/generate.py" "$work"
cargo build -q --release -p typed-graphql-cli --manifest-path "$root/Cargo.toml"
bash "$root/scripts/graphql-js/install.sh" >/dev/null
cli="$root/target/release/typed-graphql"
echo "| document | typed-graphql check (release, 1 core) | verdict | graphql-js 17 (1 core) | verdict |"
echo "| --- | --- | --- | --- | --- |"
for doc in same-field conflicting-aliases plain-fields; do
  file="$work/$doc.graphql"
  start=$(date +%s%N)
  set +e
  verdict=$(taskset -c 0 "$cli" check --schema "$schema" "$file" 2>&1 | grep -E "^(error|checked)" | head -1 | cut -c1-110)
  set -e
  ours=$(( ($(date +%s%N) - start) / 1000000 ))
  IFS=$'\t' read -r _ js jsverdict jsfirst < <(taskset -c 0 node "$here/graphql-js-time.mjs" \
    "$root/.tools/graphql-js/node_modules" "$schema" "$file")
  echo "| $doc ($(du -h "$file" | cut -f1)) | ${ours} ms | ${verdict//|/\\|} | ${js} ms | $jsverdict: ${jsfirst//|/\\|} |"
done
