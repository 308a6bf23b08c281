//! AppSync schemas as users write them (from the project's seed articles) load without
//! warnings, with the AWS scalars and directives built in and every position exact.

use typed_graphql_codegen::schema::{Schema, TypeKind};
use typed_graphql_codegen::{Diagnostic, SourceMap};

fn load(name: &str, text: &str) -> (Schema, Vec<Diagnostic>) {
    let mut sources = SourceMap::new();
    sources.add(name, text);
    match Schema::load(sources) {
        Ok(loaded) => loaded,
        Err(errors) => panic!("{name}: {errors:#?}"),
    }
}

fn at(l: Option<typed_graphql_codegen::Location>) -> (usize, usize, usize) {
    let l = l.expect("located");
    (l.start.line, l.start.column, l.len)
}

const TODOS: &str = include_str!("fixtures/appsync_todos.graphql");
const TASKS: &str = include_str!("fixtures/appsync_tasks.graphql");

#[test]
fn todo_api_with_tabs_and_an_empty_query_type() {
    let (schema, warnings) = load("todos.graphql", TODOS);
    assert!(warnings.is_empty(), "{warnings:#?}");
    assert_eq!(schema.query_type.as_deref(), Some("Query"));
    assert!(schema.get("Query").unwrap().fields().unwrap().is_empty());
    assert!(schema.get("AWSDateTime").unwrap().builtin);
    let new_todo = schema.field("Subscription", "newTodo").unwrap();
    assert_eq!(new_todo.directives[0].name, "aws_subscribe");
    assert_eq!(
        new_todo.directives[0].arguments[0].1.to_string(),
        "[\"addTodo\"]"
    );
    // Tab-indented: columns count characters (the tab is one), not graphql-parser's 8.
    assert_eq!(at(new_todo.location), (25, 2, 7));
    assert_eq!(at(new_todo.directives[0].location), (26, 2, 14));
    assert_eq!(at(new_todo.arguments["name"].location), (25, 10, 4));
    assert_eq!(at(schema.get("Query").unwrap().location), (36, 6, 5));
}

#[test]
fn task_api_with_descriptions_comments_and_auth_directives() {
    let (schema, warnings) = load("tasks.graphql", TASKS);
    assert!(warnings.is_empty(), "{warnings:#?}");
    let task = schema.get("Task").unwrap();
    assert_eq!(task.description.as_deref(), Some("A task on a board."));
    assert_eq!(
        task.directives
            .iter()
            .map(|d| d.name.as_str())
            .collect::<Vec<_>>(),
        ["aws_api_key", "aws_cognito_user_pools"]
    );
    let board = task.field("boardId").unwrap();
    assert_eq!(
        board.description.as_deref(),
        Some("The board the task belongs to: subscriptions filter on it.")
    );
    assert_eq!(at(board.location), (13, 3, 7));
    let on_created = schema.field("Subscription", "onTaskCreated").unwrap();
    assert_eq!(
        on_created.description.as_deref(),
        Some("Fires for every task created on `boardId`.")
    );
    assert_eq!(at(on_created.location), (48, 3, 13));
    let TypeKind::InputObject { fields, .. } = &schema.get("CreateTaskInput").unwrap().kind else {
        panic!("input")
    };
    assert_eq!(
        fields["status"].default_value.as_ref().unwrap().to_string(),
        "TODO"
    );
}

#[test]
fn both_files_as_one_schema_report_the_clash() {
    let mut sources = SourceMap::new();
    sources.add("todos.graphql", TODOS);
    sources.add("tasks.graphql", TASKS);
    let errors = Schema::load(sources).unwrap_err();
    let codes: Vec<&str> = errors.iter().map(|d| d.code).collect();
    assert!(codes.contains(&"schema-duplicate-type"), "{codes:?}");
    assert!(
        codes.contains(&"schema-duplicate-schema-definition"),
        "{codes:?}"
    );
}

#[test]
fn crlf_files_with_comments_keep_their_lines() {
    // Lines end at `\r\n` after a comment as anywhere else: positions must not drift.
    let text = TASKS.replace('\n', "\r\n");
    let (schema, warnings) = load("tasks.graphql", &text);
    assert!(warnings.is_empty(), "{warnings:#?}");
    let task = schema.get("Task").unwrap();
    assert_eq!(at(task.field("boardId").unwrap().location), (13, 3, 7));
    assert_eq!(
        at(schema
            .field("Subscription", "onTaskCreated")
            .unwrap()
            .location),
        (48, 3, 13)
    );
    assert_eq!(task.description.as_deref(), Some("A task on a board."));
}
