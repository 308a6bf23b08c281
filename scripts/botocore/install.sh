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
# shellcheck source=../lib/python.sh
source "$root/scripts/lib/python.sh"
pip_venv botocore "$venv" 9 "botocore.auth" "${requirements[@]}"
