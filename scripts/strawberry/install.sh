#!/usr/bin/env bash
# Installs strawberry-graphql (an independent GraphQL server with multipart subscriptions and
# both GraphQL-over-WebSocket protocols) and uvicorn (with `websockets` for WebSocket support)
# into <workspace>/.tools/strawberry-venv, for runtime/tests/multipart_strawberry.rs and
# runtime/tests/ws_interop.rs.
# Idempotent: does nothing when the pinned versions are already there. Exits non-zero with a
# message saying what failed.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
venv="$root/.tools/strawberry-venv"
# Pinned: the multipart framing these versions write is what the test and docs describe.
requirements=("strawberry-graphql[asgi]==0.341.2" "uvicorn==0.54.0" "starlette==1.10.0" "websockets==17.4")
# shellcheck source=../lib/python.sh
source "$root/scripts/lib/python.sh"
pip_venv strawberry "$venv" 10 "strawberry, uvicorn, websockets" "${requirements[@]}"
