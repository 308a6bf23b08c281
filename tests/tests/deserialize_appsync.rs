//! AppSync's scalars in generated types: AWSJSON arrives as a JSON-encoded string and goes back
//! as one; timestamps are integers; the other AWS scalars are strings kept as sent.

use serde_json::json;
use typed_graphql::scalars::{AwsDateTime, AwsJson};
use typed_graphql::{Maybe, Response};

#[typed_graphql::graphql(
    schema = "graphql/appsync/schema.graphql",
    query = "graphql/appsync/operations.graphql"
)]
pub mod events {}

#[test]
fn awsjson_is_decoded_from_its_string() {
    let response: Response<events::on_create_event::Data> = serde_json::from_value(json!({
        "data": {"onCreateEvent": {
            "id": "e1", "name": "launch", "payload": "{\"seats\":[1,2],\"tags\":{\"a\":null}}",
            "startsAt": "2024-05-01T12:30:00.000Z", "day": null, "at": null,
            "createdAt": 1714566600, "contact": null, "site": null, "phone": null, "origin": null
        }}
    }))
    .unwrap();
    let event = response.data.unwrap().on_create_event.unwrap();
    let payload = event.payload.unwrap();
    assert_eq!(payload.value()["seats"], json!([1, 2]));
    assert_eq!(payload.value()["tags"], json!({"a": null}));
    assert_eq!(event.created_at.seconds(), 1_714_566_600);
    assert_eq!(event.starts_at.as_str(), "2024-05-01T12:30:00.000Z");
}

#[test]
fn awsjson_is_sent_as_a_string() {
    let mut input = events::types::CreateEventInput::new(
        "launch".into(),
        AwsDateTime::from("2024-05-01T12:30:00.000Z"),
    );
    input.payload = Maybe::Value(AwsJson::from(json!({"seats": [1, 2]})));
    let body = serde_json::to_value(events::CreateEvent::request(
        events::create_event::Variables::new(input),
    ))
    .unwrap();
    assert_eq!(
        body["variables"]["input"]["payload"],
        json!("{\"seats\":[1,2]}")
    );
    assert!(
        body["variables"]["input"].get("createdAt").is_none(),
        "absent is left out"
    );
}
