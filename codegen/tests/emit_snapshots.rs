//! Snapshots of the generated code, formatted, for representative documents: changes to code
//! generation show up in review as diffs of `tests/snapshots/*.rs.snap`.
//!
//! `UPDATE_SNAPSHOTS=1 cargo test -p typed-graphql-codegen --test emit_snapshots` rewrites them.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use typed_graphql_codegen::emit::{self, EmitOptions};
use typed_graphql_codegen::project::Project;
use typed_graphql_codegen::source::SourceMap;
use typed_graphql_codegen::Schema;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots")
}

fn schema(path: &Path) -> Arc<Schema> {
    let text = std::fs::read_to_string(path).expect("schema file");
    let mut sources = SourceMap::new();
    sources.add(path.display().to_string(), text);
    let (schema, _warnings) = Schema::load(sources).expect("schema loads");
    Arc::new(schema)
}

fn project(schema_path: &Path, documents: &[(&str, String)]) -> Project {
    let mut project = Project::new(schema(schema_path));
    for (name, text) in documents {
        project
            .add_document(*name, text.clone())
            .expect("document parses");
    }
    let errors: Vec<String> = project
        .validate()
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.render(&project.sources))
        .collect();
    assert!(
        errors.is_empty(),
        "invalid documents:\n{}",
        errors.join("\n")
    );
    project
}

/// Compares `actual` with the snapshot `name`, or rewrites it under `UPDATE_SNAPSHOTS=1`.
fn check(name: &str, actual: &str) {
    let path = dir().join(format!("{name}.rs.snap"));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, actual).expect("write snapshot");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    if expected != actual {
        let first = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(expected.lines().count().min(actual.lines().count()));
        panic!(
            "snapshot `{name}` differs from line {} on; run with UPDATE_SNAPSHOTS=1 and review \
             the diff.\n--- actual ---\n{actual}",
            first + 1
        );
    }
}

fn generated(project: &Project, options: &EmitOptions) -> String {
    match emit::generate(project, options) {
        Ok(tokens) => emit::expand_to_string(&tokens),
        Err(errors) => panic!(
            "generation failed:\n{}",
            errors
                .iter()
                .map(|d| d.render(&project.sources))
                .collect::<String>()
        ),
    }
}

fn todo_options() -> EmitOptions {
    EmitOptions {
        scalars: vec![(
            "DateTime".to_owned(),
            syn::parse_quote!(::std::string::String),
        )],
        ..EmitOptions::default()
    }
}

/// The todo schema the workspace's deserialization and trybuild tests compile against, so the
/// snapshots show the code those tests use.
fn todo_schema() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/graphql/todo/schema.graphql")
}

fn read(name: &str) -> String {
    std::fs::read_to_string(dir().join(name)).expect("document")
}

#[test]
fn todo_operations() {
    let p = project(
        &todo_schema(),
        &[("todo_ops.graphql", read("todo_ops.graphql"))],
    );
    check("todo_operations", &generated(&p, &todo_options()));
}

#[test]
fn struct_mode_nests_shared_types() {
    let p = project(
        &todo_schema(),
        &[("todo_ops.graphql", read("todo_ops.graphql"))],
    );
    let options = EmitOptions {
        only_operation: Some("AddTodo".to_owned()),
        crate_path: syn::parse_quote!(::my_runtime::graphql),
        ..todo_options()
    };
    check("struct_mode", &generated(&p, &options));
}
