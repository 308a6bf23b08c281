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
# shellcheck source=../lib/npm.sh
source "$root/scripts/lib/npm.sh"
if up_to_date "$dir" "$wanted" "$dir/node_modules/graphql-ws"; then
  exit 0
fi
# graphql-ws 6 needs Node.js 20.
require_node ws-servers 20
rm -f "$dir/.installed"
npm_install ws-servers "$dir" "{
  \"private\": true,
  \"dependencies\": {
    \"graphql\": \"$graphql\",
    \"graphql-ws\": \"$graphql_ws\",
    \"ws\": \"$ws\",
    \"subscriptions-transport-ws\": \"$transport\"
  },
  \"overrides\": { \"graphql\": \"$graphql\" }
}"
if ! node -e 'require("graphql-ws/use/ws"); require("subscriptions-transport-ws"); require("ws")' 2>npm-load.log; then
  echo "ws-servers install: the packages installed but do not load:" >&2
  cat npm-load.log >&2
  exit 1
fi
mark_installed ws-servers "$dir" "$wanted"
