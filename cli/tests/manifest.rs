//! `typed-graphql manifest` writes the same ids as the macro: each operation's entry is keyed by
//! the `DOCUMENT_SHA256` the `#[graphql]` macro generates for it, over the exact `DOCUMENT` it
//! sends, in Apollo's format and in the `{hash: document}` map.

use std::process::{Command, Output};

use serde_json::Value;
use typed_graphql::Operation;

#[typed_graphql::graphql(
    schema = "../tests/graphql/todo/schema.graphql",
    query = "../tests/graphql/todo/operations.graphql",
    scalars(DateTime = "String")
)]
mod todo {}

/// Name, kind, document and hash of each generated operation.
fn generated() -> Vec<(&'static str, &'static str, &'static str, &'static str)> {
    fn of<Op: Operation>(
        kind: &'static str,
    ) -> (&'static str, &'static str, &'static str, &'static str) {
        (
            Op::NAME,
            kind,
            Op::DOCUMENT,
            Op::DOCUMENT_SHA256.expect("generated"),
        )
    }
    vec![
        of::<todo::ListTodos>("query"),
        of::<todo::AddTodo>("mutation"),
        of::<todo::Search>("query"),
        of::<todo::Find>("query"),
        of::<todo::TodoAdded>("subscription"),
    ]
}

fn manifest(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_typed-graphql"))
        .current_dir(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/graphql/todo"
        ))
        .arg("manifest")
        .args(["--schema", "schema.graphql", "operations.graphql"])
        .args(args)
        .output()
        .expect("the CLI runs")
}

fn json(out: &Output) -> Value {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("the manifest is JSON")
}

#[test]
fn apollo_manifest_has_the_macros_hashes() {
    let manifest = json(&manifest(&[]));
    assert_eq!(manifest["format"], "apollo-persisted-query-manifest");
    assert_eq!(manifest["version"], 1);
    let operations = manifest["operations"].as_array().unwrap();
    let written: Vec<(&str, &str, &str, &str)> = operations
        .iter()
        .map(|op| {
            (
                op["name"].as_str().unwrap(),
                op["type"].as_str().unwrap(),
                op["body"].as_str().unwrap(),
                op["id"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(written, generated());
    // The members in the order Apollo's generator writes them.
    let text = String::from_utf8(manifest_bytes(&[])).unwrap();
    let order = [
        "\"format\"",
        "\"version\"",
        "\"operations\"",
        "\"id\"",
        "\"name\"",
        "\"type\"",
        "\"body\"",
    ];
    let positions: Vec<usize> = order.iter().map(|key| text.find(key).unwrap()).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{text}");
}

fn manifest_bytes(args: &[&str]) -> Vec<u8> {
    manifest(args).stdout
}

#[test]
fn map_manifest_has_the_macros_hashes() {
    let map = json(&manifest(&["--format", "map"]));
    let map = map.as_object().unwrap();
    assert_eq!(map.len(), generated().len());
    for (name, _, document, hash) in generated() {
        assert_eq!(map[hash], document, "{name}");
    }
}

#[test]
fn writes_a_file_and_refuses_invalid_documents() {
    let dir = std::env::temp_dir().join(format!("tg-manifest-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("manifest.json");
    let out = manifest(&["-o", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("wrote 5 operation(s)"));
    let written: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(written["operations"].as_array().unwrap().len(), 5);
    std::fs::remove_dir_all(&dir).unwrap();

    let out = Command::new(env!("CARGO_BIN_EXE_typed-graphql"))
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"))
        .args([
            "manifest",
            "--schema",
            "appsync-schema.graphql",
            "invalid.graphql",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot query field `titel`"));

    let out = manifest(&["--format", "yaml"]);
    assert_eq!(out.status.code(), Some(2));
}
