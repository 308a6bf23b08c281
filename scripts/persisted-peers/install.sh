#!/usr/bin/env bash
# Installs two independent servers of persisted operations into <workspace>/.tools/persisted-peers,
# for runtime/tests/persisted_peers.rs: Apollo Server (Automatic Persisted Queries, built in) and
# GraphQL Yoga with its persisted-operations plugin (trusted documents only).
# Idempotent: does nothing when the pinned versions are already there. Exits non-zero with a
# message saying what failed.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
dir="$root/.tools/persisted-peers"
apollo="5.5.1"
yoga="5.24.1"
plugin="3.24.1"
graphql="16.11.0"
wanted="@apollo/server@$apollo graphql-yoga@$yoga @graphql-yoga/plugin-persisted-operations@$plugin graphql@$graphql"

# shellcheck source=../lib/npm.sh
source "$root/scripts/lib/npm.sh"
if up_to_date "$dir" "$wanted" "$dir/node_modules/@apollo/server"; then
  exit 0
fi
# Apollo Server 5 needs Node.js 20.
require_node persisted-peers 20
rm -f "$dir/.installed"
npm_install persisted-peers "$dir" "{
  \"private\": true,
  \"dependencies\": {
    \"@apollo/server\": \"$apollo\",
    \"graphql-yoga\": \"$yoga\",
    \"@graphql-yoga/plugin-persisted-operations\": \"$plugin\",
    \"graphql\": \"$graphql\"
  },
  \"overrides\": { \"graphql\": \"$graphql\" }
}"
if ! node -e 'require("@apollo/server"); require("graphql-yoga"); require("@graphql-yoga/plugin-persisted-operations")' 2>npm-load.log; then
  echo "persisted-peers install: the packages installed but do not load:" >&2
  cat npm-load.log >&2
  exit 1
fi
mark_installed persisted-peers "$dir" "$wanted"
