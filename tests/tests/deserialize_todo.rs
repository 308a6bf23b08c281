//! Generated types against realistic JSON: scalars, lists with exact nullability, enums with
//! the fallback variant, aliases, `@skip`/`@include`, fragments (keys shared between views),
//! `__typename` dispatch, and variables that tell absent from null.

use serde_json::json;
use typed_graphql::{Maybe, Operation, OperationKind, Response};

#[typed_graphql::graphql(
    schema = "graphql/todo/schema.graphql",
    query = "graphql/todo/operations.graphql",
    scalars(DateTime = "String")
)]
pub mod todo {}

use todo::types::{Priority, Target, TodoFilter};

fn decode<Op: Operation>(value: serde_json::Value) -> Response<Op::Data> {
    serde_json::from_value(value).expect("decodes")
}

#[test]
fn scalars_lists_enums_aliases_and_include() {
    let response = decode::<todo::ListTodos>(json!({"data": {"todos": [
        {"id": 7, "heading": "Write tests", "done": false, "priority": "HIGH",
         "tags": ["a", "b"], "matrix": [[1, null], []], "type": "chore", "legacyRank": null,
         "createdAt": "2024-05-01T00:00:00Z", "owner": {"login": "ada"}},
        {"id": "t2", "heading": "Ship", "done": true, "priority": "URGENT",
         "tags": null, "matrix": null, "type": null, "legacyRank": 3,
         "createdAt": "2024-05-02T00:00:00Z"}
    ]}}));
    let todos = response.data.expect("data").todos;
    assert_eq!(todos[0].id, "7", "numeric IDs are accepted as text");
    assert_eq!(todos[0].heading, "Write tests");
    assert_eq!(todos[0].priority, Some(Priority::High));
    assert_eq!(todos[0].matrix, Some(vec![vec![Some(1), None], vec![]]));
    assert_eq!(todos[0].r#type.as_deref(), Some("chore"));
    assert_eq!(
        todos[0].owner.as_ref().map(|o| o.login.as_str()),
        Some("ada")
    );
    // A value added to the schema after this build lands in the fallback variant.
    assert_eq!(
        todos[1].priority,
        Some(Priority::UnknownValue("URGENT".into()))
    );
    assert_eq!(
        todos[1].priority.as_ref().map(Priority::as_str),
        Some("URGENT")
    );
    assert!(
        todos[1].owner.is_none(),
        "@include(if: false) leaves the field out"
    );
    assert_eq!(todos[1].tags, None);
    #[allow(deprecated)]
    let rank = todos[1].legacy_rank;
    assert_eq!(rank, Some(3));
}

#[test]
fn partial_data_with_errors() {
    let response = decode::<todo::Find>(json!({
        "data": {"find": null},
        "errors": [{"message": "not found", "path": ["find"]}]
    }));
    assert!(response.data.expect("partial data").find.is_none());
    assert_eq!(response.errors[0].message, "not found");
}

#[test]
fn variables_tell_absent_from_null() {
    let mut vars = todo::list_todos::Variables::new(true);
    assert_eq!(
        serde_json::to_value(&vars).unwrap(),
        json!({"withOwner": true})
    );
    vars.first = Maybe::Null;
    vars.filter = Maybe::Value(TodoFilter {
        done: Maybe::Value(false),
        not: Maybe::Value(Box::new(TodoFilter {
            and: Maybe::Value(vec![TodoFilter::default()]),
            ..TodoFilter::default()
        })),
        ..TodoFilter::default()
    });
    assert_eq!(
        serde_json::to_value(&vars).unwrap(),
        json!({"withOwner": true, "first": null, "filter": {"done": false, "not": {"and": [{}]}}})
    );
    let input = todo::types::AddTodoInput {
        priority: Maybe::Value(Priority::UnknownValue("LATER".into())),
        ..todo::types::AddTodoInput::new("x".into())
    };
    assert_eq!(
        serde_json::to_value(todo::add_todo::Variables::new(input)).unwrap(),
        json!({"input": {"title": "x", "priority": "LATER"}})
    );
    let one_of = todo::find::Variables::new(Target::Id("9".into()));
    assert_eq!(
        serde_json::to_value(&one_of).unwrap(),
        json!({"target": {"id": "9"}})
    );
    let request = todo::Find::request(one_of);
    let body = serde_json::to_value(&request).unwrap();
    assert_eq!(body["operationName"], "Find");
    assert_eq!(body["variables"], json!({"target": {"id": "9"}}));
}

#[test]
fn fragments_share_keys_with_the_selection() {
    let response = decode::<todo::Find>(json!({"data": {"find": {
        "id": "1", "title": "Same key in three views", "done": true, "priority": "LOW",
        "owner": {"login": "ada"}
    }}}));
    let find = response.data.unwrap().find.unwrap();
    assert_eq!(find.title, "Same key in three views");
    assert_eq!(find.todo_fields.title, "Same key in three views");
    assert_eq!(find.todo_fields.owner.unwrap().login, "ada");
    let meta = find.todo_meta.expect("included");
    assert!(meta.done);
    assert_eq!(meta.priority, Some(Priority::Low));
    // Skipped: the fragment's own keys are missing.
    let skipped = decode::<todo::Find>(json!({"data": {"find": {
        "id": "1", "title": "t", "owner": null
    }}}));
    assert!(skipped.data.unwrap().find.unwrap().todo_meta.is_none());
}

#[test]
fn typename_dispatch() {
    use todo::search::Search;
    let response = decode::<todo::Search>(json!({"data": {
        "search": [
            {"__typename": "Todo", "id": "1", "title": "t", "owner": null},
            {"__typename": "User", "id": "u", "login": "ada"},
            {"__typename": "Board", "id": "b"},
            {"__typename": "Robot", "id": "r"}
        ],
        "node": {"__typename": "Board", "id": "b", "name": "Main"}
    }}));
    let data = response.data.unwrap();
    match &data.search[0] {
        Search::Todo(t) => {
            assert_eq!(t.todo_fields.title, "t");
            assert_eq!(t.id, "1");
        }
        other => panic!("expected a Todo, got {other:?}"),
    }
    match &data.search[1] {
        Search::User(u) => assert_eq!((u.login.as_str(), u.id.as_str()), ("ada", "u")),
        other => panic!("expected a User, got {other:?}"),
    }
    // `... on Node` applies to every member of the union: shared, so Board (no parts of its
    // own) is in the other variant with the shared fields.
    match &data.search[2] {
        Search::Other(o) => assert_eq!((o.typename.as_str(), o.id.as_str()), ("Board", "b")),
        other => panic!("expected the other variant, got {other:?}"),
    }
    match &data.search[3] {
        Search::Other(o) => assert_eq!(o.typename, "Robot"),
        other => panic!("expected the other variant, got {other:?}"),
    }
    match data.node {
        Some(todo::search::Node::Board(b)) => assert_eq!(b.name, "Main"),
        other => panic!("expected a Board, got {other:?}"),
    }
}

#[test]
fn operation_constants() {
    assert_eq!(todo::TodoAdded::KIND, OperationKind::Subscription);
    assert_eq!(todo::AddTodo::NAME, "AddTodo");
    assert!(todo::Search::DOCUMENT.contains("search(text: $text) { __typename "));
    assert!(todo::Search::DOCUMENT
        .ends_with("fragment TodoFields on Todo { id title owner { login } }"));
    assert!(!todo::ListTodos::DOCUMENT.contains("fragment"));
}

// More fields than the runtime decodes as one tuple (16): the struct gets its own `visit_map`,
// with the same behaviour.
#[typed_graphql::graphql(
    schema = "graphql/todo/schema.graphql",
    query = "query Wide { todos { a1: id a2: id a3: id a4: id a5: id a6: id a7: id a8: id a9: id \
             a10: id a11: id a12: id a13: id a14: id a15: id a16: id heading: title done \
             priority tags } }",
    scalars(DateTime = "String")
)]
pub mod wide {}

#[test]
fn structs_with_many_fields() {
    let mut todo = json!({"unknown": {"nested": [1, 2]}, "heading": "h", "done": true,
                          "priority": "LOW", "tags": null});
    for i in 1..=16 {
        todo[format!("a{i}")] = json!(format!("id{i}"));
    }
    let data = decode::<wide::Wide>(json!({"data": {"todos": [todo.clone()]}}))
        .data
        .expect("data");
    let t = &data.todos[0];
    assert_eq!((t.a1.as_str(), t.a16.as_str()), ("id1", "id16"));
    assert_eq!((t.heading.as_str(), t.done), ("h", true));
    assert_eq!(t.priority, Some(wide::types::Priority::Low));
    assert_eq!(t.tags, None);
    // A nullable field left out is `None`; a non-null one is an error that names it.
    todo.as_object_mut().unwrap().remove("priority");
    todo.as_object_mut().unwrap().remove("a9");
    let err = typed_graphql::decode_value::<Response<<wide::Wide as Operation>::Data>>(
        json!({"data": {"todos": [todo]}}),
    )
    .unwrap_err();
    assert_eq!(err.path, "data.todos[0]");
    assert_eq!(err.message, "missing field `a9`");
}

// `derives(serde::Serialize)`: response types serialise with the wire names (aliases included),
// and variables, which always serialise, do not derive it twice.
#[typed_graphql::graphql(
    schema = "graphql/todo/schema.graphql",
    query = "query Ser { todos { id heading: title createdAt } }",
    scalars(DateTime = "String"),
    derives(serde::Serialize)
)]
pub mod ser {}

#[test]
fn derived_serialize_keeps_wire_names() {
    let body = json!({"todos": [{"id": "1", "heading": "h", "createdAt": "2024-05-01"}]});
    let data: <ser::Ser as Operation>::Data =
        serde_json::from_value(body.clone()).expect("decodes");
    assert_eq!(serde_json::to_value(&data).expect("serialises"), body);
}
