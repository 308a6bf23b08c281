//! `typed-graphql expand` as users run it: the generated Rust on stdout, errors as `check`'s.

use std::process::{Command, Output};

fn expand(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_typed-graphql"))
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"))
        .arg("expand")
        .args(args)
        .output()
        .expect("the CLI runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn prints_the_generated_code_formatted() {
    let out = expand(&[
        "--schema",
        "appsync-schema.graphql",
        "add-todo.graphql",
        "on-add-todo.graphql",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let code = text(&out.stdout);
    // Valid Rust, one item per operation plus its types module.
    let file = syn::parse_file(&code).expect("the output is Rust");
    assert!(file.items.len() >= 4, "{code}");
    for expected in [
        "pub struct AddTodo;",
        "pub struct OnAddTodo;",
        "impl ::typed_graphql::SubscriptionOperation for OnAddTodo",
        "pub mod add_todo {",
        "pub mod on_add_todo {",
        // The compact document that is sent.
        r#""mutation AddTodo($input: AddTodoInput!) { addTodo(input: $input) { id title } }""#,
    ] {
        assert!(code.contains(expected), "missing `{expected}` in:\n{code}");
    }
    // Formatted: one item per line, indented, not a single token line.
    assert!(code.lines().count() > 40, "{code}");
    assert!(code.contains("\n    pub struct Variables {\n"), "{code}");
}

#[test]
fn options_are_the_attributes() {
    let out = expand(&[
        "-s",
        "appsync-schema.graphql",
        "--operation",
        "AddTodo",
        "--id",
        "String",
        "--derive",
        "PartialEq,Eq",
        "--crate",
        "::my_app::gql",
        "add-todo.graphql",
        "on-add-todo.graphql",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let code = text(&out.stdout);
    // Struct mode: the operation type is the user's struct, so only its module is generated.
    assert!(code.contains("pub mod add_todo {"), "{code}");
    assert!(!code.contains("on_add_todo"), "{code}");
    assert!(code.contains("pub id: String,"), "{code}");
    assert!(code.contains("PartialEq, Eq"), "{code}");
    assert!(code.contains("::my_app::gql::"), "{code}");
    assert!(!code.contains("::typed_graphql::"), "{code}");
}

#[test]
fn invalid_documents_are_reported_like_check() {
    let out = expand(&["--schema", "appsync-schema.graphql", "invalid.graphql"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "no code for invalid documents");
    let err = text(&out.stderr);
    assert!(
        err.contains("error: cannot query field `titel` on type `Todo`\n --> invalid.graphql:3:5"),
        "{err}"
    );
    assert!(err.contains("help: did you mean `title`?"), "{err}");
}

#[test]
fn bad_flags_are_usage_errors() {
    let out = expand(&[
        "--schema",
        "appsync-schema.graphql",
        "--scalar",
        "AWSDateTime=Vec<",
        "add-todo.graphql",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("`Vec<` is not a Rust type"));
    // A scalar the schema lacks: the macro's message, with the nearest scalar.
    let out = expand(&[
        "--schema",
        "appsync-schema.graphql",
        "--scalar",
        "AWSDateTim=String",
        "add-todo.graphql",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "no code for a wrong mapping");
    assert!(
        text(&out.stderr).contains(
            "`--scalar`: the schema has no scalar `AWSDateTim`; did you mean `AWSDateTime`?"
        ),
        "{}",
        text(&out.stderr)
    );
    let out = expand(&[
        "--schema",
        "appsync-schema.graphql",
        "--operation",
        "AddTdo",
        "add-todo.graphql",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("did you mean `AddTodo`?"));
    let out = expand(&["--schema", "missing.graphql", "add-todo.graphql"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("cannot read `missing.graphql`"));
}
