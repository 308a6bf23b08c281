# Shared steps of the Node.js install scripts (sourced, not run): check node and npm, then
# `npm install` a package.json into a tools folder.

# shellcheck source=stamp.sh
source "$(dirname "${BASH_SOURCE[0]}")/stamp.sh"

# require_node NAME MAJOR: exits with a message unless node and npm (Node.js MAJOR+) are there.
require_node() {
  local name="$1" wanted="$2" major
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "$name install: node and npm are required (Node.js $wanted+)" >&2
    exit 1
  fi
  major="$(node -p 'process.versions.node.split(".")[0]')"
  if (( major < wanted )); then
    echo "$name install: node $(node --version) is too old; it needs Node.js $wanted+" >&2
    exit 1
  fi
}

# npm_install NAME DIR PACKAGE_JSON: writes PACKAGE_JSON to DIR/package.json and installs it
# there (production dependencies); exits with the log's tail on failure. Leaves DIR current.
npm_install() {
  local name="$1" dir="$2" package_json="$3"
  mkdir -p "$dir"
  cd "$dir"
  printf '%s\n' "$package_json" > package.json
  if ! npm install --no-audit --no-fund --omit=dev --loglevel=error >npm-install.log 2>&1; then
    echo "$name install: npm install failed (registry reachable? see $dir/npm-install.log):" >&2
    tail -n 20 npm-install.log >&2
    exit 1
  fi
}
