#!/usr/bin/env bash
# Installs graphql-js (the reference implementation) for the differential validation test.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
dir="$root/.tools/graphql-js"
version="17.1.0"
if [ -f "$dir/node_modules/graphql/package.json" ] && grep -q "\"version\": \"$version\"" "$dir/node_modules/graphql/package.json"; then
  exit 0
fi
command -v npm >/dev/null || { echo "graphql-js install: npm is required (Node.js)" >&2; exit 1; }
mkdir -p "$dir"
cd "$dir"
printf '{ "private": true, "dependencies": { "graphql": "%s" } }\n' "$version" > package.json
npm install --no-audit --no-fund --silent >/dev/null
echo "graphql-js $version installed in $dir"
