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
fn appsync_schema_declarations_are_checked_by_default() {
    // The document uses none of the flawed fields: the schema's declarations are still checked,
    // each finding once, without --schema-warnings.
    let args = [
        "--schema",
        "appsync-flawed-schema.graphql",
        "list-todos.graphql",
    ];
    let out = check(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    for expected in [
        "warning: `@aws_subscribe` on `Query.latest`, which is not a field of the subscription type\n --> appsync-flawed-schema.graphql:3:",
        "warning: subscription field `Subscription.onAnyTodo` has the non-null type `Todo!`",
        "warning: `@aws_subscribe` on `Subscription.onAnyTodo` lists `addTodos`, which is not a mutation of this schema",
        "= help: did you mean `addTodo`?",
        "warning: subscription `onBoard` returns `Todo` but its triggering mutation `addBoard` returns `Board`",
        "checked 1 document(s): 0 error(s), 4 warning(s)",
    ] {
        assert!(err.contains(expected), "missing `{expected}` in:\n{err}");
    }
    let mut denied = args.to_vec();
    denied.push("--deny-warnings");
    assert_eq!(check(&denied).status.code(), Some(1));

    // A document using a flawed subscription field does not repeat its findings.
    let out = check(&[
        "--schema",
        "appsync-flawed-schema.graphql",
        "on-any-todo.graphql",
    ]);
    let err = stderr(&out);
    assert_eq!(err.matches("has the non-null type").count(), 1, "{err}");
    assert!(err.contains("4 warning(s)"), "{err}");
}
#[test]
fn the_current_specification_syntax_is_accepted() {
    // A schema description, a VARIABLE_DEFINITION directive used on variables, braced unicode
    // escapes, block strings, descriptions on operations, fragments and variables.
    let out = check(&["--schema", "spec-2021.graphql", "spec-2021-ops.graphql"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // The directive's location is checked like any other.
    let misplaced = temp_document("misplaced.graphql", "query Q @log { todo(id: 1) { id } }");
    let out = check(&["--schema", "spec-2021.graphql", &misplaced]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("directive `@log` may not be used on QUERY"),
        "{}",
        stderr(&out)
    );
    std::fs::remove_file(misplaced).ok();
}

/// Writes `text` to a fresh file in the temporary directory and returns its path.
fn temp_document(name: &str, text: &str) -> String {
    let path = std::env::temp_dir().join(format!("tg-check-{}-{name}", std::process::id()));
    std::fs::write(&path, text).expect("writes");
    path.to_string_lossy().into_owned()
}

const TODO_SCHEMA: &str = "../../../tests/graphql/todo/schema.graphql";

#[test]
fn hostile_documents_get_a_verdict_or_a_named_limit() {
    // 5,000 copies of one field with a sub-selection: valid.
    let same = temp_document(
        "same.graphql",
        &format!("query Q {{ {} }}", "todos { id } ".repeat(5000)),
    );
    let out = check(&["--schema", TODO_SCHEMA, &same]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // 5,000 aliased fields with conflicting arguments: each reported once.
    let aliases: String = (0..5000)
        .map(|i| format!("a: todos(first: {i}) {{ id }} "))
        .collect();
    let aliases = temp_document("aliases.graphql", &format!("query Q {{ {aliases} }}"));
    let out = check(&["--schema", TODO_SCHEMA, &aliases]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("fields `a` conflict because they have differing arguments"));
    assert!(
        err.contains("4999 error(s)"),
        "{}",
        &err[err.len().saturating_sub(300)..]
    );
    // 20 MB of plain fields: refused before parsing, naming the limit and how to raise it.
    let line = "    id title done priority tags type createdAt\n";
    let plain = temp_document(
        "plain.graphql",
        &format!(
            "query P {{\n  todos {{\n{}  }}\n}}\n",
            line.repeat(20 * 1024 * 1024 / line.len())
        ),
    );
    let out = check(&["--schema", TODO_SCHEMA, &plain]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(
            "error: document too complex: it has more than 2000000 tokens (the limit `max_tokens`)"
        ),
        "{err}"
    );
    assert!(
        err.contains("`--max-tokens 20000000` for `typed-graphql check`"),
        "{err}"
    );
    for path in [same, aliases, plain] {
        std::fs::remove_file(path).ok();
    }
}

#[test]
fn limits_are_raised_and_lowered_by_flags() {
    // 100 same-named fields with different sub-selections: they merge, but each pair is compared.
    let doc = temp_document(
        "shapes.graphql",
        &format!(
            "query Q {{ {} }}",
            (0..100)
                .map(|i| format!("todos {{ f{i}: id }} "))
                .collect::<String>()
        ),
    );
    let out = check(&["--schema", TODO_SCHEMA, &doc]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = check(&[
        "--schema",
        TODO_SCHEMA,
        "--max-field-comparisons",
        "500",
        &doc,
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("document too complex: checking that its same-named fields merge takes more than 500 field comparisons (the limit `max_field_comparisons`)"),
        "{err}"
    );
    assert!(err.contains("--max-field-comparisons 5000"), "{err}");
    let out = check(&["--schema", TODO_SCHEMA, "--max-tokens", "100", &doc]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("more than 100 tokens"),
        "{}",
        stderr(&out)
    );
    std::fs::remove_file(doc).ok();
}

#[test]
fn subscriptions_refuse_skip_and_include_at_the_root() {
    let doc = temp_document(
        "skip.graphql",
        "subscription S($v: Boolean!) { todoAdded @skip(if: $v) { id } }",
    );
    let out = check(&["--schema", TODO_SCHEMA, &doc]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(
            "subscription `S` must not use `@skip` or `@include` in its top level selection"
        ),
        "{}",
        stderr(&out)
    );
    std::fs::remove_file(doc).ok();
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
