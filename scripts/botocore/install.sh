#!/usr/bin/env bash
# Installs botocore (AWS's own Python SigV4 signer) into <workspace>/.tools/botocore-venv, for
# runtime/tests/sigv4_botocore.rs, which compares our AppSync signatures with botocore's byte for
# byte, and for scripts/botocore/vectors.py, which generated the fixed vectors in
# runtime/tests/vectors/appsync_wire.json (run by hand; the vector test needs no Python).
# Idempotent: does nothing when the pinned version is already there. Exits non-zero with a
# message saying what failed.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
venv="$root/.tools/botocore-venv"
# Pinned so that a botocore release cannot change what the test compares against.
requirements=("botocore==1.44.5")
stamp="$venv/.installed"
wanted="${requirements[*]}"

if [[ -f "$stamp" && "$(cat "$stamp")" == "$wanted" && -x "$venv/bin/python" ]]; then
  exit 0
fi

python=${PYTHON:-python3}
if ! command -v "$python" >/dev/null 2>&1; then
  echo "botocore install: $python not found; install Python 3.9+ (with venv) or set PYTHON" >&2
  exit 1
fi
if ! "$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 9) else 1)'; then
  echo "botocore install: $("$python" --version 2>&1) is too old; botocore needs Python 3.9+" >&2
  exit 1
fi

mkdir -p "$root/.tools"
if [[ ! -x "$venv/bin/python" ]]; then
  if ! "$python" -m venv "$venv"; then
    echo "botocore install: '$python -m venv' failed (on Debian/Ubuntu: apt-get install python3-venv)" >&2
    rm -rf "$venv"
    exit 1
  fi
fi
if ! "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${requirements[@]}"; then
  echo "botocore install: pip could not install ${wanted} from PyPI (network? proxy?)" >&2
  exit 1
fi
if ! "$venv/bin/python" -c 'import botocore.auth' 2>/dev/null; then
  echo "botocore install: botocore installed but does not import" >&2
  exit 1
fi
echo "$wanted" > "$stamp"
echo "botocore install: ready in $venv"
