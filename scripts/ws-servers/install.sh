#!/usr/bin/env bash
# Installs two independent GraphQL-over-WebSocket servers into <workspace>/.tools/ws-servers,
# for runtime/tests/ws_interop.rs: the `graphql-ws` library's server (graphql-transport-ws,
# on `ws`) and Apollo's `subscriptions-transport-ws` server (legacy graphql-ws).
# Idempotent: does nothing when the pinned versions are already there. Exits non-zero with a
# message saying what failed.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
dir="$root/.tools/ws-servers"
graphql="16.9.0"
graphql_ws="6.4.2"
ws="8.23.0"
transport="0.11.0"
wanted="graphql@$graphql graphql-ws@$graphql_ws ws@$ws subscriptions-transport-ws@$transport"
stamp="$dir/.installed"

if [[ -f "$stamp" && "$(cat "$stamp")" == "$wanted" && -d "$dir/node_modules/graphql-ws" ]]; then
  exit 0
fi

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "ws-servers install: node and npm are required (Node.js 20+)" >&2
  exit 1
fi
major="$(node -p 'process.versions.node.split(".")[0]')"
if (( major < 20 )); then
  echo "ws-servers install: node $(node --version) is too old; graphql-ws $graphql_ws needs Node.js 20+" >&2
  exit 1
fi

mkdir -p "$dir"
cd "$dir"
cat > package.json <<JSON
{
  "private": true,
  "dependencies": {
    "graphql": "$graphql",
    "graphql-ws": "$graphql_ws",
    "ws": "$ws",
    "subscriptions-transport-ws": "$transport"
  },
  "overrides": { "graphql": "$graphql" }
}
JSON
rm -f "$stamp"
if ! npm install --no-audit --no-fund --omit=dev --loglevel=error >npm-install.log 2>&1; then
  echo "ws-servers install: npm install failed (registry reachable? see $dir/npm-install.log):" >&2
  tail -n 20 npm-install.log >&2
  exit 1
fi
if ! node -e 'require("graphql-ws/use/ws"); require("subscriptions-transport-ws"); require("ws")' 2>npm-load.log; then
  echo "ws-servers install: the packages installed but do not load:" >&2
  cat npm-load.log >&2
  exit 1
fi
echo "$wanted" > "$stamp"
echo "ws-servers install: ready in $dir"
