#!/usr/bin/env bash
# Installs AWS's AppSync simulator (@aws-amplify/amplify-appsync-simulator, the engine behind
# `amplify mock api`) into <workspace>/.tools/appsync-simulator, for
# runtime/tests/appsync_simulator.rs. Idempotent: does nothing when the pinned versions are
# already there. Exits non-zero with a message saying what failed.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
dir="$root/.tools/appsync-simulator"
simulator="2.16.20"
# The override is required: without it npm hoists graphql@14 (for @graphql-tools) next to the
# simulator's graphql@15 and the first subscription kills the process with "Cannot use
# GraphQLSchema ... from another module or realm".
graphql="15.11.0"
wanted="@aws-amplify/amplify-appsync-simulator@$simulator graphql@$graphql"
# shellcheck source=../lib/npm.sh
source "$root/scripts/lib/npm.sh"
if up_to_date "$dir" "$wanted" "$dir/node_modules/@aws-amplify/amplify-appsync-simulator"; then
  exit 0
fi
require_node appsync-simulator 18
rm -f "$dir/.installed"
npm_install appsync-simulator "$dir" "{
  \"private\": true,
  \"dependencies\": {
    \"@aws-amplify/amplify-appsync-simulator\": \"$simulator\",
    \"graphql\": \"$graphql\"
  },
  \"overrides\": { \"graphql\": \"$graphql\" }
}"
# One graphql only: two copies break the simulator at the first subscription.
versions="$(node -e '
  const seen = new Set();
  const walk = (d) => { const fs = require("fs"), p = require("path");
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (!e.isDirectory()) continue;
      const f = p.join(d, e.name);
      if (e.name === "graphql" && fs.existsSync(p.join(f, "package.json")))
        seen.add(require(p.resolve(f, "package.json")).version);
      if (e.name.startsWith("@") || e.name === "node_modules" || fs.existsSync(p.join(f, "node_modules")))
        walk(e.name === "node_modules" || e.name.startsWith("@") ? f : p.join(f, "node_modules"));
    } };
  walk("node_modules"); console.log([...seen].join(" "));')"
if [[ "$versions" != "$graphql" ]]; then
  echo "appsync-simulator install: expected graphql $graphql only, found: $versions" >&2
  exit 1
fi
if ! node -e 'require("@aws-amplify/amplify-appsync-simulator")' 2>/dev/null; then
  echo "appsync-simulator install: the package installed but does not load" >&2
  exit 1
fi
mark_installed appsync-simulator "$dir" "$wanted"
