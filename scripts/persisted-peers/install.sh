#!/usr/bin/env bash
# Installs two independent servers of persisted operations into <workspace>/.tools/persisted-peers,
# for runtime/tests/persisted_peers.rs: Apollo Server (Automatic Persisted Queries, built in) and
# GraphQL Yoga with its persisted-operations plugin (trusted documents only). Idempotent: does
# nothing when the pinned versions are already there. Exits non-zero with a message saying what
# failed.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
dir="$root/.tools/persisted-peers"
apollo="5.5.1"
yoga="5.24.1"
plugin="3.24.1"
graphql="16.11.0"
wanted="@apollo/server@$apollo graphql-yoga@$yoga @graphql-yoga/plugin-persisted-operations@$plugin graphql@$graphql"
stamp="$dir/.installed"

if [[ -f "$stamp" && "$(cat "$stamp")" == "$wanted" && -d "$dir/node_modules/@apollo/server" ]]; then
  exit 0
fi

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "persisted-peers install: node and npm are required (Node.js 20+)" >&2
  exit 1
fi
major="$(node -p 'process.versions.node.split(".")[0]')"
if (( major < 20 )); then
  echo "persisted-peers install: node $(node --version) is too old; Apollo Server 5 needs Node.js 20+" >&2
  exit 1
fi

mkdir -p "$dir"
cd "$dir"
cat > package.json <<JSON
{
  "private": true,
  "dependencies": {
    "@apollo/server": "$apollo",
    "graphql-yoga": "$yoga",
    "@graphql-yoga/plugin-persisted-operations": "$plugin",
    "graphql": "$graphql"
  },
  "overrides": { "graphql": "$graphql" }
}
JSON
rm -f "$stamp"
if ! npm install --no-audit --no-fund --omit=dev --loglevel=error >npm-install.log 2>&1; then
  echo "persisted-peers install: npm install failed (registry reachable? see $dir/npm-install.log):" >&2
  tail -n 20 npm-install.log >&2
  exit 1
fi
if ! node -e 'require("@apollo/server"); require("graphql-yoga"); require("@graphql-yoga/plugin-persisted-operations")' 2>/dev/null; then
  echo "persisted-peers install: the packages installed but do not load" >&2
  exit 1
fi
echo "$wanted" > "$stamp"
echo "persisted-peers install: ready in $dir"
