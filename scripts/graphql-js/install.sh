#!/usr/bin/env bash
# Installs graphql-js (the reference implementation) into <workspace>/.tools/graphql-js, for
# codegen/tests/differential.rs. Idempotent: does nothing when the pinned version is already
# there. Exits non-zero with a message saying what failed.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
dir="$root/.tools/graphql-js"
version="17.1.0"
wanted="graphql@$version"

# shellcheck source=../lib/npm.sh
source "$root/scripts/lib/npm.sh"
if up_to_date "$dir" "$wanted" "$dir/node_modules/graphql/package.json"; then
  exit 0
fi
require_node graphql-js 20
rm -f "$dir/.installed"
npm_install graphql-js "$dir" "{ \"private\": true, \"dependencies\": { \"graphql\": \"$version\" } }"
if ! (cd "$dir" && node --input-type=module -e 'await import("graphql")') 2>/dev/null; then
  echo "graphql-js install: the package installed but does not load" >&2
  exit 1
fi
mark_installed graphql-js "$dir" "$wanted"
