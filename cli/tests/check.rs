//! `typed-graphql check` as users run it: exit codes, rustc-shaped diagnostics on stderr.

use std::process::{Command, Output};

fn check(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_typed-graphql"))
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"))
        .arg("check")
        .args(args)
        .output()
        .expect("the CLI runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn invalid_documents_exit_1_with_located_snippets() {
    let out = check(&["--schema", "appsync-schema.graphql", "invalid.graphql"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(
            "error: cannot query field `titel` on type `Todo`\n --> invalid.graphql:3:5\n  |\n3 |     titel\n  |     ^^^^^ unknown field on `Todo`\n  |\n  = help: did you mean `title`?\n"
        ),
        "{err}"
    );
    assert!(err.contains("2 error(s)"), "{err}");
}

#[test]
fn documents_form_one_project() {
    // The fragment is defined in one file and spread in another.
    let out = check(&[
        "--schema",
        "appsync-schema.graphql",
        "uses-fragment.graphql",
        "fragment-def.graphql",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Alone, the spread names an unknown fragment.
    let out = check(&[
        "--schema",
        "appsync-schema.graphql",
        "uses-fragment.graphql",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("unknown fragment `TodoFields`"));
}

#[test]
fn appsync_warnings_keep_exit_0_unless_denied() {
    let args = [
        "--schema",
        "appsync-schema.graphql",
        "on-add-todo.graphql",
        "add-todo.graphql",
    ];
    let out = check(&args);
    assert_eq!(out.status.code(), Some(0));
    let err = stderr(&out);
    assert!(
        err.contains("warning: subscription `OnAddTodo` selects `onAddTodo.done`, which mutation `AddTodo` does not request"),
        "{err}"
    );
    assert!(err.contains("Cannot return null for non-nullable type: 'Boolean' within parent 'Todo' (/onAddTodo/done)"));
    assert!(err.contains("warning: subscription `OnAddTodo` filters on `boardId`"));
    let mut denied = args.to_vec();
    denied.push("--deny-warnings");
    assert_eq!(check(&denied).status.code(), Some(1));
    // The mutation given only as context still feeds the check.
    let out = check(&[
        "--schema",
        "appsync-schema.graphql",
        "on-add-todo.graphql",
        "--context",
        "add-todo.graphql",
    ]);
    assert!(stderr(&out).contains("2 warning(s)"), "{}", stderr(&out));
}

#[test]
fn usage_and_io_errors_exit_2() {
    let out = check(&["--schema", "missing.graphql", "invalid.graphql"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cannot read `missing.graphql`"));
    let out = check(&["--schema", "invalid.graphql", "invalid.graphql"]);
    assert_eq!(out.status.code(), Some(2), "a document is not a schema");
    let out = check(&[]);
    assert_eq!(out.status.code(), Some(2), "clap's usage error");
}

#[test]
fn github_schema_warnings_are_summarised() {
    let out = check(&[
        "--schema",
        "../../../fixtures/schemas/github.graphql",
        "fragment-def.graphql",
    ]);
    let err = stderr(&out);
    assert!(err.contains("note: the schema has 14 warning(s)"), "{err}");
}

#[test]
fn a_binary_document_is_named_not_echoed() {
    // 4 KB of binary (NUL bytes, invalid UTF-8, no line breaks), as a PNG or an executable.
    let bytes: Vec<u8> = (0..4096u32).map(|i| (i * 151 % 256) as u8).collect();
    let path =
        std::env::temp_dir().join(format!("typed-graphql-binary-{}.bin", std::process::id()));
    std::fs::write(&path, &bytes).unwrap();
    let out = check(&["--schema", "appsync-schema.graphql", path.to_str().unwrap()]);
    std::fs::remove_file(&path).ok();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("is a binary file, not GraphQL text"), "{err}");
    assert!(
        err.len() < 600,
        "the file's bytes are not echoed ({} bytes):\n{err}",
        err.len()
    );
}
