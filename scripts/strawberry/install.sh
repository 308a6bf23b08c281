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
stamp="$venv/.installed"
wanted="${requirements[*]}"

if [[ -f "$stamp" && "$(cat "$stamp")" == "$wanted" && -x "$venv/bin/python" ]]; then
  exit 0
fi

python=${PYTHON:-python3}
if ! command -v "$python" >/dev/null 2>&1; then
  echo "strawberry install: $python not found; install Python 3.10+ (with venv) or set PYTHON" >&2
  exit 1
fi
if ! "$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)'; then
  echo "strawberry install: $("$python" --version 2>&1) is too old; strawberry needs Python 3.10+" >&2
  exit 1
fi

mkdir -p "$root/.tools"
if [[ ! -x "$venv/bin/python" ]]; then
  if ! "$python" -m venv "$venv"; then
    echo "strawberry install: '$python -m venv' failed (on Debian/Ubuntu: apt-get install python3-venv)" >&2
    rm -rf "$venv"
    exit 1
  fi
fi
if ! "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${requirements[@]}"; then
  echo "strawberry install: pip could not install ${wanted} from PyPI (network? proxy?)" >&2
  exit 1
fi
if ! "$venv/bin/python" -c 'import strawberry, uvicorn, websockets' 2>/dev/null; then
  echo "strawberry install: the packages installed but do not import" >&2
  exit 1
fi
echo "$wanted" > "$stamp"
echo "strawberry install: ready in $venv"
