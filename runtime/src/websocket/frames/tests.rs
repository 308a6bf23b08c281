use serde_json::{json, Value};

use super::*;

fn parse(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

#[test]
fn outgoing_frames_have_each_protocols_shape() {
    let request = r#"{"query":"subscription { n }","variables":{}}"#;
    assert_eq!(
        parse(&transport_ws::subscribe("1", request)),
        json!({"id": "1", "type": "subscribe", "payload": {"query": "subscription { n }", "variables": {}}})
    );
    assert_eq!(
        parse(&transport_ws::complete("1")),
        json!({"id": "1", "type": "complete"})
    );
    assert_eq!(parse(&legacy::start("a\"b", request))["id"], json!("a\"b"));
    assert_eq!(
        parse(&legacy::stop("1")),
        json!({"id": "1", "type": "stop"})
    );
    assert_eq!(
        parse(&connection_init(Some(&json!({"token": "t"})))),
        json!({"type": "connection_init", "payload": {"token": "t"}})
    );
    assert_eq!(
        parse(&connection_init(None)),
        json!({"type": "connection_init"})
    );
}

#[test]
fn graphql_transport_ws_frames_decode() {
    use transport_ws::decode;
    match decode(r#"{"type":"connection_ack","payload":{"user":"u1"}}"#) {
        ServerFrame::ConnectionAck { payload, .. } => {
            assert_eq!(payload.unwrap().get(), r#"{"user":"u1"}"#)
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        decode(r#"{"type":"ping"}"#),
        ServerFrame::Ping { pong: Some(p) } if p == transport_ws::PONG
    ));
    assert!(matches!(
        decode(r#"{"type":"pong","payload":{}}"#),
        ServerFrame::KeepAlive
    ));
    match decode(r#"{"id":"7","type":"next","payload":{"data":{"n":1}}}"#) {
        ServerFrame::Data { id, payload } => {
            assert_eq!(id, "7");
            assert_eq!(payload.get(), r#"{"data":{"n":1}}"#);
        }
        other => panic!("{other:?}"),
    }
    match decode(
        r#"{"id":"7","type":"error","payload":[{"message":"bad field","locations":[{"line":1,"column":3}]}]}"#,
    ) {
        ServerFrame::Error {
            id: Some(id),
            error: Error::GraphQL(errors),
        } => {
            assert_eq!(id, "7");
            assert_eq!(errors.0[0].message, "bad field");
            assert_eq!(errors.0[0].locations[0].column, 3);
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        decode(r#"{"id":"7","type":"complete"}"#),
        ServerFrame::Complete { id } if id == "7"
    ));
}

#[test]
fn legacy_frames_decode() {
    use legacy::decode;
    assert!(matches!(decode(r#"{"type":"ka"}"#), ServerFrame::KeepAlive));
    match decode(r#"{"type":"connection_error","payload":{"message":"bad token"}}"#) {
        ServerFrame::ConnectionError {
            error: Error::Ws(err @ WsError::InitRefused { .. }),
            retryable: false,
        } => {
            assert!(err.to_string().contains("bad token"), "{err}");
            assert!(err.is_auth());
        }
        other => panic!("{other:?}"),
    }
    match decode(r#"{"id":"1","type":"data","payload":{"data":null,"errors":[{"message":"x"}]}}"#) {
        ServerFrame::Data { payload, .. } => assert!(payload.get().contains("errors")),
        other => panic!("{other:?}"),
    }
    // subscriptions-transport-ws sends one error object; others wrap them.
    for payload in [
        r#"{"message":"denied"}"#,
        r#"{"errors":[{"message":"denied"}]}"#,
        r#"[{"message":"denied"}]"#,
        r#""denied""#,
    ] {
        let text = format!(r#"{{"id":"1","type":"error","payload":{payload}}}"#);
        match decode(&text) {
            ServerFrame::Error {
                error: Error::GraphQL(errors),
                ..
            } => assert!(errors.0[0].message.contains("denied"), "{payload}"),
            other => panic!("{payload}: {other:?}"),
        }
    }
}

#[test]
fn bad_frames_are_ignored_never_a_panic() {
    for text in [
        "",
        "not json",
        "[]",
        "null",
        r#"{"type":1}"#,
        r#"{"type":"next"}"#,
        r#"{"type":"next","id":"1","payload":"text"}"#,
        r#"{"type":"next","id":"1","payload":null}"#,
        r#"{"type":"data","id":5,"payload":{}}"#,
        r#"{"type":"what"}"#,
        r#"{"type":"complete"}"#,
        "{\"type\":\"next\",\"id\":\"1\",\"payload\":{\"data\":",
    ] {
        assert!(
            matches!(transport_ws::decode(text), ServerFrame::Ignored),
            "{text}"
        );
        assert!(
            matches!(legacy::decode(text), ServerFrame::Ignored),
            "{text}"
        );
    }
}
