use std::sync::Arc;

use super::*;
use crate::project::Project;
use crate::schema::Schema;
use crate::Diagnostic;

const SCHEMA: &str = r#"
type User { id: ID! name: String! email: String }
type Tag { label: String! color: String }
type Todo {
  id: ID!
  boardId: ID!
  title: String!
  done: Boolean!
  note: String
  author: User!
  tags: [Tag!]!
}
input AddTodoInput { boardId: ID! title: String! }
type Query { todo(id: ID!): Todo }
type Mutation {
  addTodo(input: AddTodoInput!): Todo!
  importTodo(input: AddTodoInput!): Todo
  rename(id: ID!, title: String!): Todo
}
type Subscription {
  onAddTodo(boardId: ID): Todo @aws_subscribe(mutations: ["addTodo", "importTodo"])
  onRename: Todo @aws_subscribe(mutations: ["rename"])
}
"#;

fn project(docs: &[&str], context: &[&str]) -> Project {
    let schema = Schema::from_sdl(SCHEMA).expect("test schema loads");
    let mut project = Project::new(Arc::new(schema));
    for (i, doc) in docs.iter().enumerate() {
        project
            .add_document(format!("doc{i}.graphql"), *doc)
            .expect("document parses");
    }
    for (i, doc) in context.iter().enumerate() {
        project
            .add_context_document(format!("context{i}.graphql"), *doc)
            .expect("context parses");
    }
    let errors: Vec<String> = project
        .validate()
        .iter()
        .map(|d| d.render(&project.sources))
        .collect();
    assert!(
        errors.is_empty(),
        "test documents must be valid: {errors:#?}"
    );
    project
}

fn warnings(docs: &[&str], context: &[&str], strict: bool) -> Vec<Diagnostic> {
    check(&project(docs, context), strict)
}

fn messages(ws: &[Diagnostic]) -> Vec<&str> {
    ws.iter().map(|w| w.message.as_str()).collect()
}

const SUB: &str = "subscription OnAdd { onAddTodo { id title done } }";

#[test]
fn complete_mutation_is_silent() {
    let m = "mutation Add($i: AddTodoInput!) { addTodo(input: $i) { id title done note } }";
    assert!(warnings(&[SUB, m], &[], false).is_empty());
}

#[test]
fn missing_non_null_field_predicts_appsync_error() {
    let m = "mutation Add($i: AddTodoInput!) { addTodo(input: $i) { id title } }";
    let ws = warnings(&[SUB, m], &[], false);
    assert_eq!(
        messages(&ws),
        ["subscription `OnAdd` selects `onAddTodo.done`, which mutation `Add` does not request"]
    );
    let w = &ws[0];
    assert_eq!(w.code, SELECTS_UNRETURNED_FIELDS);
    assert_eq!(w.location.unwrap().start.line, 1);
    assert_eq!(w.location.unwrap().start.column, 43);
    assert_eq!(
        w.help,
        ["add `done` to the selection of `addTodo` in mutation `Add`"]
    );
    assert!(
        w.notes[0].contains(
            "Cannot return null for non-nullable type: 'Boolean' within parent 'Todo' (/onAddTodo/done)"
        ),
        "{:?}",
        w.notes
    );
    assert_eq!(w.secondary.len(), 1, "points at the mutation's selection");
}

#[test]
fn missing_nullable_field_is_always_null() {
    let sub = "subscription S { onAddTodo { id note } }";
    let m = "mutation M($i: AddTodoInput!) { addTodo(input: $i) { id } }";
    let ws = warnings(&[sub, m], &[], false);
    assert_eq!(ws.len(), 1);
    assert!(
        ws[0].notes[0].contains("always be null"),
        "{:?}",
        ws[0].notes
    );
}

#[test]
fn aliases_on_either_side_match_by_field_name() {
    let sub = "subscription S { added: onAddTodo { theId: id title } }";
    let m = "mutation M($i: AddTodoInput!) { created: addTodo(input: $i) { id heading: title } }";
    assert!(warnings(&[sub, m], &[], false).is_empty());
}

#[test]
fn fragments_and_inline_fragments_on_both_sides() {
    let sub = "subscription S { onAddTodo { ...TodoFields } } fragment TodoFields on Todo { id done author { name } }";
    let m_ok = "mutation M($i: AddTodoInput!) { addTodo(input: $i) { ... on Todo { id done } author { ...U } } } fragment U on User { name }";
    assert!(warnings(&[sub, m_ok], &[], false).is_empty());
    let m_bad =
        "mutation M($i: AddTodoInput!) { addTodo(input: $i) { ... on Todo { id } author { id } } }";
    let ws = warnings(&[sub, m_bad], &[], false);
    assert_eq!(
        messages(&ws),
        [
            "subscription `S` selects `onAddTodo.done`, which mutation `M` does not request",
            "subscription `S` selects `onAddTodo.author.name`, which mutation `M` does not request",
        ]
    );
    assert_eq!(
        ws[1].help,
        ["add `name` to the selection of `addTodo.author` in mutation `M`"]
    );
}

#[test]
fn nested_lists_are_compared_on_the_same_path() {
    let sub = "subscription S { onAddTodo { id tags { label color } } }";
    let m = "mutation M($i: AddTodoInput!) { addTodo(input: $i) { id tags { label } } }";
    let ws = warnings(&[sub, m], &[], false);
    assert_eq!(
        messages(&ws),
        ["subscription `S` selects `onAddTodo.tags.color`, which mutation `M` does not request"]
    );
    let m_no_tags = "mutation M($i: AddTodoInput!) { addTodo(input: $i) { id } }";
    let ws = warnings(&[sub, m_no_tags], &[], false);
    assert_eq!(
        ws.len(),
        1,
        "a missing object is reported once, not per sub-field"
    );
}

#[test]
fn each_triggering_mutation_is_checked() {
    let complete = "mutation Add($i: AddTodoInput!) { addTodo(input: $i) { id title done } }";
    let partial = "mutation Import($i: AddTodoInput!) { importTodo(input: $i) { id title } }";
    let ws = warnings(&[SUB, complete, partial], &[], false);
    assert_eq!(
        messages(&ws),
        ["subscription `OnAdd` selects `onAddTodo.done`, which mutation `Import` does not request"]
    );
}

#[test]
fn mutations_kept_in_another_file_are_known() {
    let m = "mutation Add($i: AddTodoInput!) { addTodo(input: $i) { id } }";
    let ws = warnings(&[SUB], &[m], false);
    assert_eq!(ws.len(), 2, "title and done: {:?}", messages(&ws));
    assert_eq!(
        ws[0].secondary[0].location.file,
        ws[1].secondary[0].location.file
    );
    let ctx_file = ws[0].secondary[0].location.file;
    assert_ne!(
        ctx_file,
        ws[0].location.unwrap().file,
        "points into the mutations file"
    );
}

#[test]
fn filter_on_unselected_field_never_matches() {
    let sub = "subscription S($b: ID) { onAddTodo(boardId: $b) { id } }";
    let without = "mutation M($i: AddTodoInput!) { addTodo(input: $i) { id } }";
    let ws = warnings(&[sub, without], &[], false);
    assert_eq!(ws.len(), 1);
    assert_eq!(ws[0].code, FILTER_NEVER_MATCHES);
    assert!(
        ws[0].message.contains("filters on `boardId`"),
        "{}",
        ws[0].message
    );
    let with = "mutation M($i: AddTodoInput!) { addTodo(input: $i) { id boardId } }";
    assert!(warnings(&[sub, with], &[], false).is_empty());
}

#[test]
fn silent_without_triggering_mutation_unless_strict() {
    assert!(warnings(&[SUB], &[], false).is_empty());
    let ws = warnings(&[SUB], &[], true);
    assert_eq!(ws.len(), 1);
    assert_eq!(ws[0].code, NO_TRIGGERING_MUTATION);
    assert!(
        ws[0].message.contains("`addTodo`, `importTodo`"),
        "{}",
        ws[0].message
    );
}

#[test]
fn typename_is_always_available() {
    let sub = "subscription S { onAddTodo { __typename id } }";
    let m = "mutation M($i: AddTodoInput!) { addTodo(input: $i) { id } }";
    assert!(warnings(&[sub, m], &[], false).is_empty());
}

#[test]
fn schema_declarations_are_checked() {
    let sdl = r#"
        type Todo { id: ID! boardId: ID! }
        type Board { id: ID! }
        type Query { todo: Todo @aws_subscribe(mutations: ["addTodo"]) }
        type Mutation { addTodo: Todo!  addBoard: Board }
        type Subscription {
          a: Todo! @aws_subscribe(mutations: ["addTodo"])
          b: Todo @aws_subscribe(mutations: ["addTodos"])
          c: Todo @aws_subscribe(mutations: ["addBoard"])
          d(owner: ID, boardId: String): Todo @aws_subscribe(mutations: ["addTodo"])
          ok(boardId: ID): Todo @aws_subscribe(mutations: ["addTodo"])
        }
    "#;
    let schema = Schema::from_sdl(sdl).expect("loads");
    let ws = check_schema(&schema);
    let codes: Vec<&str> = ws.iter().map(|w| w.code).collect();
    assert_eq!(
        codes,
        [
            SUBSCRIBE_OUTSIDE_SUBSCRIPTION,
            NON_NULL_SUBSCRIPTION,
            UNKNOWN_MUTATION,
            TYPE_MISMATCH,
            FILTER_ARGUMENT_UNMATCHED,
            FILTER_ARGUMENT_UNMATCHED,
        ],
        "{:#?}",
        messages(&ws)
    );
    assert_eq!(ws[2].help, ["did you mean `addTodo`?"]);
    assert!(
        ws.iter().all(|w| w.location.is_some()),
        "every finding is located"
    );
}
