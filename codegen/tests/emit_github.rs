//! Code generation at real scale: 23 operations over GitHub's public schema (the documents the
//! workspace's trybuild test compiles). Checks that every operation's `DOCUMENT` is itself a
//! valid document (the operation, exactly the fragments it uses, `__typename` added), that
//! generation stays lean, and snapshots two representative operations.
//!
//! `cargo test -p typed-graphql-codegen --test emit_github -- --nocapture` prints the generated
//! line count of each operation.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use typed_graphql_codegen::emit::{self, EmitOptions};
use typed_graphql_codegen::project::Project;
use typed_graphql_codegen::resolve;
use typed_graphql_codegen::source::SourceMap;
use typed_graphql_codegen::Schema;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn schema() -> Arc<Schema> {
    static SCHEMA: OnceLock<Arc<Schema>> = OnceLock::new();
    SCHEMA
        .get_or_init(|| {
            let path = root().join("fixtures/schemas/github.graphql");
            let mut sources = SourceMap::new();
            sources.add(
                "github.graphql",
                std::fs::read_to_string(path).expect("schema"),
            );
            Arc::new(Schema::load(sources).expect("GitHub's schema loads").0)
        })
        .clone()
}

fn project() -> Project {
    let mut project = Project::new(schema());
    let dir = root().join("tests/graphql/github");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("documents")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "graphql"))
        .collect();
    files.sort();
    for file in files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        project
            .add_document(name, std::fs::read_to_string(&file).unwrap())
            .expect("parses");
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
    EmitOptions {
        scalars: scalars
            .iter()
            .map(|(n, t)| ((*n).to_owned(), syn::parse_str(t).unwrap()))
            .collect(),
        ..EmitOptions::default()
    }
}

#[test]
fn every_document_sent_is_valid_on_its_own() {
    let project = project();
    let ir = resolve::resolve(&project, &options()).expect("resolves");
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
    let ir = resolve::resolve(&project, &options()).expect("resolves");
    for op in &ir.operations {
        // Struct mode generates one operation with the shared types it uses: its full cost.
        let options = EmitOptions {
            only_operation: Some(op.type_name.clone()),
            ..options()
        };
        let tokens = emit::generate(&project, &options).expect("generates");
        let lines = emit::expand_to_string(&tokens).lines().count();
        println!("{:<24} {lines:>4} lines", op.name);
        assert!(
            lines < 700,
            "{} generates {lines} lines: shared types or dispatch got duplicated?",
            op.name
        );
        total += lines;
    }
    let all = emit::expand_to_string(&emit::generate(&project, &options()).unwrap());
    let all_lines = all.lines().count();
    println!("all 23 operations in one module: {all_lines} lines (sum alone: {total})");
    assert!(all_lines < total, "shared types are generated once");
}

#[test]
fn snapshots_of_two_operations() {
    let project = project();
    for name in ["NodeById", "SearchIssues"] {
        let options = EmitOptions {
            only_operation: Some(name.to_owned()),
            ..options()
        };
        let text = emit::expand_to_string(&emit::generate(&project, &options).unwrap());
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("tests/snapshots/github_{name}.rs.snap"));
        if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
            std::fs::write(&path, &text).unwrap();
        } else {
            let expected = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(
                expected == text,
                "snapshot {} differs; run with UPDATE_SNAPSHOTS=1 and review the diff",
                path.display()
            );
        }
    }
}
