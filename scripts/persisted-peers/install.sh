#!/usr/bin/env bash
# Installs two independent servers of persisted operations into <workspace>/.tools/persisted-peers,
# for runtime/tests/persisted_peers.rs: Apollo Server (Automatic Persisted Queries, built in) and
# GraphQL Yoga with its persisted-operations plugin (trusted documents only). Pinned versions;
# idempotent (see ../npm-peer.sh). Exits non-zero with a message saying what failed.
set -euo pipefail
# shellcheck source=../npm-peer.sh
source "$(dirname "$0")/../npm-peer.sh"
npm_peer persisted-peers 20 \
  'require("@apollo/server"); require("graphql-yoga"); require("@graphql-yoga/plugin-persisted-operations")' \
  @apollo/server@5.5.1 graphql-yoga@5.24.1 @graphql-yoga/plugin-persisted-operations@3.24.1 graphql@16.11.0
