// Every row of the type mapping, compiled under `#![deny(warnings)]` and checked at run time:
// built-in scalars, ID (default and overridden), custom scalars (mapped, or from a module in
// scope), AWS scalars, nullability of lists, enums, input objects, struct mode, extra derives,
// and the runtime re-exported under another path.
#![deny(warnings)]

use serde_json::json;
use typed_graphql::{Maybe, Operation, OperationKind};

// The runtime under another name: generated code must use only the `crate` path given.
pub use typed_graphql as rt;

#[typed_graphql::graphql(
    schema = "../../graphql/todo/schema.graphql",
    query = "../../graphql/todo/operations.graphql",
    scalars(DateTime = "String")
)]
pub mod todo {}

/// Types for custom scalars, found by name through `scalars_module`.
pub mod my_scalars {
    #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
    pub struct DateTime(pub String);
}

// Struct mode, ID overridden, custom scalars from a module, extra derives, re-exported runtime.
#[typed_graphql::graphql(
    schema = "../../graphql/todo/schema.graphql",
    query = "query One($id: ID!, $done: Boolean) { node(id: $id) { id } todos(filter: {done: $done}) { id createdAt priority } find(target: {id: $id}) { id } }",
    id = "String",
    scalars_module = "crate::my_scalars",
    derives(PartialEq),
    crate = "crate::rt"
)]
pub struct One;

#[typed_graphql::graphql(
    schema = "../../graphql/appsync/schema.graphql",
    query = "../../graphql/appsync/operations.graphql"
)]
pub mod events {}

fn builtins_and_lists() {
    let data: <todo::ListTodos as Operation>::Data = serde_json::from_value(json!({"todos": [{
        "id": "1", "heading": "h", "done": true, "priority": null, "tags": ["x"],
        "matrix": [[1, null]], "type": "t", "legacyRank": 2, "createdAt": "2024-01-01"
    }]}))
    .unwrap();
    let t = &data.todos[0];
    let _: &typed_graphql::scalars::Id = &t.id; // ID -> scalars::Id by default
    let _: &String = &t.heading; // String -> String
    let _: bool = t.done; // Boolean -> bool
    let _: &Option<todo::types::Priority> = &t.priority; // nullable enum -> Option
    let _: &Option<Vec<String>> = &t.tags; // [String!] -> Option<Vec<String>>
    let _: &Option<Vec<Vec<Option<i32>>>> = &t.matrix; // [[Int]!] -> Option<Vec<Vec<Option<i32>>>>
    let _: &String = &t.created_at; // DateTime mapped to String
    assert_eq!(t.matrix, Some(vec![vec![Some(1), None]]));
    assert!(t.owner.is_none());
    assert_eq!(todo::ListTodos::KIND, OperationKind::Query);
}

fn struct_mode_and_overrides() {
    let vars = one::Variables {
        id: "9".to_owned(), // ID overridden to String
        done: Maybe::Value(false),
    };
    assert_eq!(
        serde_json::to_value(&vars).unwrap(),
        json!({"id": "9", "done": false})
    );
    let data: one::Data = serde_json::from_value(json!({
        "node": {"id": "n"},
        "todos": [{"id": "1", "createdAt": "2024-01-01", "priority": "LOW"}],
        "find": null
    }))
    .unwrap();
    let created: &my_scalars::DateTime = &data.todos[0].created_at;
    assert_eq!(data.todos[0].priority, Some(one::types::Priority::Low));
    assert_eq!(created.0, "2024-01-01");
    // derives(PartialEq) applies to response types.
    assert_eq!(data.todos[0].clone(), data.todos[0]);
    assert_eq!(<One as Operation>::NAME, "One");
    let request = One::request(vars);
    assert!(request.document().starts_with("query One($id: ID!, $done: Boolean)"));
}

fn aws_scalars() {
    use typed_graphql::scalars::*;
    let data: events::get_event::Data = serde_json::from_value(json!({"getEvent": {
        "id": "e1", "name": "launch",
        "payload": "{\"seats\":[1,2],\"vip\":true}",
        "startsAt": "2024-05-01T12:30:00.000Z", "day": "2024-05-01", "at": "12:30:00Z",
        "createdAt": 1714566600, "contact": "a@b.c", "site": "https://example.com",
        "phone": "+1 555 0100", "origin": "10.0.0.1/8"
    }}))
    .unwrap();
    let e = data.get_event.unwrap();
    let payload: &AwsJson = e.payload.as_ref().unwrap();
    assert_eq!(payload.value(), &json!({"seats": [1, 2], "vip": true}));
    let _: &AwsDateTime = &e.starts_at;
    let _: &Option<AwsDate> = &e.day;
    let _: &Option<AwsTime> = &e.at;
    let _: AwsTimestamp = e.created_at;
    let _: &Option<AwsEmail> = &e.contact;
    let _: &Option<AwsUrl> = &e.site;
    let _: &Option<AwsPhone> = &e.phone;
    let _: &Option<AwsIpAddress> = &e.origin;
    assert_eq!(e.created_at.seconds(), 1_714_566_600);
    assert_eq!(e.origin.unwrap().as_str(), "10.0.0.1/8");
    // AWSJSON goes back to AppSync as a JSON-encoded string.
    let mut input = events::types::CreateEventInput::new(
        "launch".into(),
        AwsDateTime::from("2024-05-01T12:30:00.000Z"),
    );
    input.payload = Maybe::Value(AwsJson::from(json!({"seats": 3})));
    input.created_at = Maybe::Null;
    assert_eq!(
        serde_json::to_value(events::create_event::Variables::new(input)).unwrap(),
        json!({"input": {
            "name": "launch", "startsAt": "2024-05-01T12:30:00.000Z",
            "payload": "{\"seats\":3}", "createdAt": null
        }})
    );
    assert_eq!(events::OnCreateEvent::KIND, OperationKind::Subscription);
}

fn main() {
    builtins_and_lists();
    struct_mode_and_overrides();
    aws_scalars();
}
