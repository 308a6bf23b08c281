//! Code generation at real scale: 23 operations over GitHub's public schema (the documents the
//! workspace's trybuild test compiles). Checks that every operation's `DOCUMENT` is itself a
//! valid document (the operation, exactly the fragments it uses, `__typename` added), that
//! generation stays lean, and snapshots two representative operations.
//!
//! `cargo test -p typed-graphql-codegen --test emit_github -- --nocapture` prints the generated
//! line count of each operation. The snapshots are insta's (`tests/snapshots/emit_github__*.snap`;
//! see `emit_snapshots.rs` for how to review a change).

mod support;

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use typed_graphql_codegen::emit::EmitOptions;
use typed_graphql_codegen::project::Project;
use typed_graphql_codegen::resolve;
use typed_graphql_codegen::Schema;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn schema() -> Arc<Schema> {
    static SCHEMA: OnceLock<Arc<Schema>> = OnceLock::new();
    SCHEMA
        .get_or_init(|| support::schema(&root().join("fixtures/schemas/github.graphql")))
        .clone()
}

fn project() -> Project {
    let dir = root().join("tests/graphql/github");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("documents")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "graphql"))
        .collect();
    files.sort();
    let documents = files.into_iter().map(|file| {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        (name, std::fs::read_to_string(&file).unwrap())
    });
    support::project(schema(), documents)
}

fn options() -> EmitOptions {
    let scalars = [
        ("DateTime", "::std::string::String"),
        ("URI", "::std::string::String"),
        ("GitObjectID", "::std::string::String"),
        ("GitTimestamp", "::std::string::String"),
        ("HTML", "::std::string::String"),
        ("X509Certificate", "::std::string::String"),
        ("Date", "::std::string::String"),
        ("BigInt", "::std::string::String"),
    ];
    let mut options = EmitOptions::default();
    options.resolve.scalars = scalars
        .iter()
        .map(|(n, t)| ((*n).to_owned(), syn::parse_str(t).unwrap()))
        .collect();
    options
}

#[test]
fn every_document_sent_is_valid_on_its_own() {
    let project = project();
    let ir = resolve::resolve(&project, &options().resolve).expect("resolves");
    assert_eq!(ir.operations.len(), 23);
    for op in &ir.operations {
        let mut alone = Project::new(schema());
        alone
            .add_document("sent.graphql", op.document.clone())
            .expect("the sent document parses");
        let errors: Vec<String> = alone
            .validate()
            .iter()
            .map(|d| d.render(&alone.sources))
            .collect();
        assert!(
            errors.is_empty(),
            "{}'s document is invalid alone (unused or missing fragments?):\n{}\n{}",
            op.name,
            op.document,
            errors.join("\n")
        );
    }
    let search = ir
        .operations
        .iter()
        .find(|o| o.name == "SearchIssues")
        .unwrap();
    assert!(
        search.document.contains("nodes { __typename ... on Issue"),
        "{}",
        search.document
    );
    assert!(!search.document.contains("RepoSummary"));
}

#[test]
fn generated_code_stays_lean() {
    let project = project();
    let mut total = 0;
    let ir = resolve::resolve(&project, &options().resolve).expect("resolves");
    for op in &ir.operations {
        // Struct mode generates one operation with the shared types it uses: its full cost.
        let mut options = options();
        options.resolve.only_operation = Some(op.type_name.clone());
        let lines = support::generated(&project, &options).lines().count();
        println!("{:<24} {lines:>4} lines", op.name);
        assert!(
            lines < 700,
            "{} generates {lines} lines: shared types or dispatch got duplicated?",
            op.name
        );
        total += lines;
    }
    let all = support::generated(&project, &options());
    let all_lines = all.lines().count();
    println!("all 23 operations in one module: {all_lines} lines (sum alone: {total})");
    assert!(all_lines < total, "shared types are generated once");
}

#[test]
fn snapshots_of_two_operations() {
    let project = project();
    for name in ["NodeById", "SearchIssues"] {
        let mut options = options();
        options.resolve.only_operation = Some(name.to_owned());
        insta::assert_snapshot!(
            format!("github_{name}"),
            support::generated(&project, &options)
        );
    }
}
