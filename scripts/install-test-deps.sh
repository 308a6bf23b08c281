#!/usr/bin/env bash
# Installs the independent implementations the interop tests run against, into .tools/
# (idempotent; the tests call the same per-tool scripts themselves when something is missing).
set -euo pipefail
cd "$(dirname "$0")"
for install in */install.sh; do
  echo "==> ${install%/install.sh}"
  bash "$install"
done
