#!/usr/bin/env bash
# First build of a user's crate, dependencies included, from nothing: typed-graphql against
# graphql_client doing the same query.
#
# Generates throwaway crates in target/first-build/ (never part of the workspace):
#   typed/       the README's "Using it in your crate" crate, exactly as written there
#                (Cargo.toml dependencies and src/main.rs), default features
#   typed-http/  the same crate with `default-features = false, features = ["http"]`
#   gqlc/        graphql_client 0.16 + reqwest 0.12 (rustls) + tokio running the same
#                `ListTodos` query with graphql_client's reqwest helper
# Each is built with `cargo build` into its own empty target directory (every dependency
# compiled), after `cargo fetch` (downloads are not timed). The builds run one after the other
# in one run, so the machine's load hits them alike; RUNS repetitions (1 by default) are
# interleaved and the median is reported.
#
# Usage: benches/first-build/run.sh        RUNS=3 benches/first-build/run.sh
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
OUT="${OUT:-$ROOT/target/first-build}"
RUNS="${RUNS:-1}"
GQLC_VERSION="${GQLC_VERSION:-0.16.0}"
export CARGO_TERM_COLOR=never
unset CARGO_TARGET_DIR CARGO_BUILD_TARGET_DIR RUSTFLAGS

# The README's section "Using it in your crate": its first toml and first rust block.
section() { awk '/^## Using it in your crate/{on=1; next} /^## /{on=0} on' "$ROOT/README.md"; }
block() { # $1: fence language (`rust` also matches `rust,no_run`)
  section | awk -v lang="$1" '
    !inside && $0 ~ "^```" lang "([,].*)?$" && !done { inside=1; next }
    inside && /^```/ { inside=0; done=1; next }
    inside { sub(/^# /, ""); if ($0 != "#") print }'
}

setup() { # $1 dir, $2 package name, $3 dependencies
  rm -rf "$1"
  mkdir -p "$1/src" "$1/graphql"
  cp "$ROOT/examples/graphql/schema.graphql" "$ROOT/examples/graphql/todos.graphql" "$1/graphql/"
  printf '[package]\nname = "%s"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n\n%s\n\n[workspace]\n' \
    "$2" "$3" > "$1/Cargo.toml"
}

DEPS="$(block toml | sed "s#path = \"../typed-graphql/runtime\"#path = \"$ROOT/runtime\"#")"
grep -q "path = \"$ROOT/runtime\"" <<<"$DEPS" || { echo "README: no typed-graphql path dependency found" >&2; exit 2; }
MAIN="$(block rust)"

setup "$OUT/typed" fb-typed "$DEPS"
printf '%s\n' "$MAIN" > "$OUT/typed/src/main.rs"
setup "$OUT/typed-http" fb-typed-http \
  "$(sed -E "s#^typed-graphql = \\{ path = \"([^\"]*)\" \\}.*#typed-graphql = { path = \"\\1\", default-features = false, features = [\"http\"] }#" <<<"$DEPS")"
printf '%s\n' "$MAIN" > "$OUT/typed-http/src/main.rs"
grep -q 'features = \["http"\]' "$OUT/typed-http/Cargo.toml" || { echo "could not make the http-only variant" >&2; exit 2; }

setup "$OUT/gqlc" fb-gqlc "[dependencies]
graphql_client = { version = \"=$GQLC_VERSION\", features = [\"reqwest-rustls\"] }
reqwest = { version = \"0.12\", default-features = false, features = [\"json\", \"rustls-tls\"] }
serde = { version = \"1\", features = [\"derive\"] }
tokio = { version = \"1\", features = [\"rt-multi-thread\", \"macros\"] }"
cat > "$OUT/gqlc/src/main.rs" <<'RS'
use graphql_client::GraphQLQuery;

// The AppSync scalars of the schema, as graphql_client wants them.
#[allow(clippy::upper_case_acronyms)]
type AWSDateTime = String;
#[allow(clippy::upper_case_acronyms, dead_code)]
type AWSJSON = String;

#[derive(GraphQLQuery)]
#[graphql(schema_path = "graphql/schema.graphql", query_path = "graphql/list_todos.graphql", response_derives = "Debug")]
pub struct ListTodos;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let endpoint = std::env::var("GRAPHQL_ENDPOINT");
    let client = reqwest::Client::new();
    let response = graphql_client::reqwest::post_graphql::<ListTodos, _>(
        &client,
        endpoint.as_deref().unwrap_or("http://127.0.0.1:4000/graphql"),
        list_todos::Variables { board_id: None },
    )
    .await?;
    for todo in response.data.ok_or("no data")?.todos {
        println!("{}: {} (done: {})", todo.id, todo.title, todo.done);
    }
    Ok(())
}
RS
# graphql_client generates every operation of its query file: give it ListTodos alone.
awk '/^query ListTodos/,/^}/' "$ROOT/examples/graphql/todos.graphql" > "$OUT/gqlc/graphql/list_todos.graphql"
awk '/^fragment TodoFields/,/^}/' "$ROOT/examples/graphql/todos.graphql" >> "$OUT/gqlc/graphql/list_todos.graphql"

CRATES="gqlc typed typed-http"
for c in $CRATES; do (cd "$OUT/$c" && cargo fetch -q); done

declare -A TIMES
for run in $(seq 1 "$RUNS"); do
  for c in $CRATES; do
    rm -rf "$OUT/$c/target"
    start=$(date +%s.%N)
    (cd "$OUT/$c" && cargo build -q --offline ${TIMINGS:+--timings}) >"$OUT/$c.log" 2>&1 || { cat "$OUT/$c.log" >&2; exit 1; }
    end=$(date +%s.%N)
    t=$(echo "$end - $start" | bc)
    TIMES[$c]="${TIMES[$c]:-} $t"
    units=$(cd "$OUT/$c" && cargo tree -q --prefix none -e normal,build --offline | sort -u | wc -l)
    echo "run $run: $c built in ${t}s ($units crates in its graph)" >&2
  done
done

median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
g=$(median <<<"${TIMES[gqlc]}")
echo
echo "| crate | first build (s) | crates | / graphql_client |"
echo "|---|---|---|---|"
for c in typed typed-http gqlc; do
  t=$(median <<<"${TIMES[$c]}")
  units=$(cd "$OUT/$c" && cargo tree -q --prefix none -e normal,build --offline | sort -u | wc -l)
  printf '| %s | %.1f | %s | %.2f |\n' "$c" "$t" "$units" "$(echo "$t / $g" | bc -l)"
done
echo
echo "rustc $(rustc --version | cut -d' ' -f2), $(nproc) cores, load before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
