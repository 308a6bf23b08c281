# Sourced by the install.sh of peers that come from npm: `npm_peer NAME MIN_NODE CHECK PACKAGE...`
# installs PACKAGEs (`name@version`, scoped names too) into <workspace>/.tools/NAME with
# `graphql` pinned for every dependent when it is listed (two copies of graphql break servers),
# then runs the JavaScript CHECK there (requiring what the peer needs). Idempotent: does nothing
# when the same packages are already there. Returns non-zero with a message saying what failed.

npm_peer() {
  local name="$1" min_node="$2" check="$3"
  shift 3
  local root dir wanted stamp major
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  dir="$root/.tools/$name"
  wanted="$*"
  stamp="$dir/.installed"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$wanted" && -d "$dir/node_modules" ]]; then
    return 0
  fi
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "$name install: node and npm are required (Node.js $min_node+)" >&2
    return 1
  fi
  major="$(node -p 'process.versions.node.split(".")[0]')"
  if (( major < min_node )); then
    echo "$name install: node $(node --version) is too old; $name needs Node.js $min_node+" >&2
    return 1
  fi
  mkdir -p "$dir"
  # package.json from the `name@version` arguments (the version after the last `@`).
  (cd "$dir" && node -e '
    const deps = {};
    for (const spec of process.argv.slice(1)) {
      const at = spec.lastIndexOf("@");
      deps[spec.slice(0, at)] = spec.slice(at + 1);
    }
    const pkg = { private: true, dependencies: deps };
    if (deps.graphql) pkg.overrides = { graphql: deps.graphql };
    require("fs").writeFileSync("package.json", JSON.stringify(pkg, null, 2) + "\n");
  ' "$@")
  rm -f "$stamp"
  if ! (cd "$dir" && npm install --no-audit --no-fund --omit=dev --loglevel=error >npm-install.log 2>&1); then
    echo "$name install: npm install failed (registry reachable? see $dir/npm-install.log):" >&2
    tail -n 20 "$dir/npm-install.log" >&2
    return 1
  fi
  if ! (cd "$dir" && node -e "$check" 2>npm-load.log); then
    echo "$name install: the packages installed but do not load:" >&2
    cat "$dir/npm-load.log" >&2
    return 1
  fi
  echo "$wanted" > "$stamp"
  echo "$name install: ready in $dir"
}
