//! Snapshots of the generated code, formatted, for representative documents: changes to code
//! generation show up in review as diffs of `tests/snapshots/emit_snapshots__*.snap` (insta).
//!
//! A difference fails the test with a diff. Outside CI, insta also writes the new output beside
//! the snapshot (`*.snap.new`): review and accept it with `cargo insta review` (or
//! `INSTA_UPDATE=always cargo test -p typed-graphql-codegen --test emit_snapshots`). Under
//! `CI=true` nothing is written.

mod support;

use std::path::{Path, PathBuf};

use typed_graphql_codegen::emit::EmitOptions;
use typed_graphql_codegen::project::Project;
use typed_graphql_codegen::resolve::ResolveOptions;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots")
}

fn todo_options() -> EmitOptions {
    EmitOptions {
        resolve: ResolveOptions {
            scalars: vec![(
                "DateTime".to_owned(),
                syn::parse_quote!(::std::string::String),
            )],
            ..ResolveOptions::default()
        },
        ..EmitOptions::default()
    }
}

/// The todo schema the workspace's deserialization and trybuild tests compile against, so the
/// snapshots show the code those tests use.
fn todo_schema() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/graphql/todo/schema.graphql")
}

fn todo_project() -> Project {
    let ops = std::fs::read_to_string(dir().join("todo_ops.graphql")).expect("document");
    support::project(
        support::schema(&todo_schema()),
        [("todo_ops.graphql".to_owned(), ops)],
    )
}

#[test]
fn todo_operations() {
    let p = todo_project();
    insta::assert_snapshot!("todo_operations", support::generated(&p, &todo_options()));
}

#[test]
fn struct_mode_nests_shared_types() {
    let p = todo_project();
    let mut options = EmitOptions {
        crate_path: syn::parse_quote!(::my_runtime::graphql),
        ..todo_options()
    };
    options.resolve.only_operation = Some("AddTodo".to_owned());
    insta::assert_snapshot!("struct_mode", support::generated(&p, &options));
}
