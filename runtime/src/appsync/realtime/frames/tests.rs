use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};

use super::*;

const K: AuthKind = AuthKind::ApiKey;

fn auth() -> Map<String, Value> {
    let mut m = Map::new();
    m.insert(
        "host".into(),
        json!("abc.appsync-api.eu-west-1.amazonaws.com"),
    );
    m.insert("x-api-key".into(), json!("da2-k+y/=="));
    m
}

#[test]
fn outgoing_frames_have_appsyncs_shape() {
    assert_eq!(
        serde_json::from_str::<Value>(&init_frame()).unwrap(),
        json!({"type": "connection_init"})
    );
    let data = r#"{"query":"subscription { onAddTodo { id } }","variables":{}}"#;
    let start: Value = serde_json::from_str(&start_frame("s1", data, &auth())).unwrap();
    assert_eq!(start["id"], "s1");
    assert_eq!(start["type"], "start");
    // `data` is a string holding the request, byte for byte what was signed.
    assert_eq!(start["payload"]["data"], data);
    assert_eq!(
        start["payload"]["extensions"]["authorization"],
        Value::Object(auth())
    );
    assert_eq!(
        serde_json::from_str::<Value>(&stop_frame("s1")).unwrap(),
        json!({"id": "s1", "type": "stop"})
    );
}

#[test]
fn handshake_encodings_round_trip() {
    let realtime =
        Url::parse("wss://abc.appsync-realtime-api.eu-west-1.amazonaws.com/graphql").unwrap();
    let url = query_string_url(&realtime, &auth());
    let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    assert_eq!(pairs[1], ("payload".to_owned(), "e30=".to_owned()));
    assert_eq!(pairs[0].0, "header");
    let decoded: Value = serde_json::from_slice(&STANDARD.decode(&pairs[0].1).unwrap()).unwrap();
    assert_eq!(decoded, Value::Object(auth()));
    assert_eq!(url.path(), "/graphql");

    let protocol = header_subprotocol(&auth());
    let encoded = protocol.strip_prefix("header-").unwrap();
    assert!(!encoded.contains(['=', '+', '/']), "{encoded}");
    let decoded: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(encoded).unwrap()).unwrap();
    assert_eq!(decoded, Value::Object(auth()));
}

#[test]
fn server_frames_decode() {
    match decode(
        r#"{"type":"connection_ack","payload":{"connectionTimeoutMs":300000}}"#,
        K,
    ) {
        ServerFrame::ConnectionAck {
            keep_alive_timeout,
            payload,
        } => {
            assert_eq!(keep_alive_timeout, Some(Duration::from_secs(300)));
            assert_eq!(payload.unwrap().get(), r#"{"connectionTimeoutMs":300000}"#);
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        decode(r#"{"type":"connection_ack"}"#, K),
        ServerFrame::ConnectionAck {
            keep_alive_timeout: None,
            payload: None,
        }
    ));
    assert!(matches!(
        decode(r#"{"type":"ka"}"#, K),
        ServerFrame::KeepAlive
    ));
    assert!(
        matches!(decode(r#"{"type":"start_ack","id":"a"}"#, K), ServerFrame::StartAck { id } if id == "a")
    );
    match decode(
        r#"{"type":"data","id":"a","payload":{"data":{"onAddTodo":{"id":"t1"}}}}"#,
        K,
    ) {
        ServerFrame::Data { id, payload } => {
            assert_eq!(id, "a");
            assert_eq!(payload.get(), r#"{"data":{"onAddTodo":{"id":"t1"}}}"#);
        }
        other => panic!("{other:?}"),
    }
    assert!(
        matches!(decode(r#"{"type":"complete","id":"a"}"#, K), ServerFrame::Complete { id } if id == "a")
    );
}

#[test]
fn errors_keep_their_type_in_every_shape() {
    let shapes = [
        r#"{"type":"error","id":"a","payload":{"errors":[{"errorType":"MaxSubscriptionsReachedError","message":"Max number of 100 subscriptions reached"}]}}"#,
        r#"{"type":"error","id":"a","payload":{"errors":{"errorType":"MaxSubscriptionsReachedError","message":"Max number of 100 subscriptions reached"}}}"#,
        r#"{"type":"error","id":"a","payload":{"errorType":"MaxSubscriptionsReachedError","message":"Max number of 100 subscriptions reached"}}"#,
    ];
    for shape in shapes {
        match decode(shape, K) {
            ServerFrame::Error {
                id: Some(id),
                error: Error::AppSync(e),
            } => {
                assert_eq!(id, "a");
                assert_eq!(e.error_type(), Some("MaxSubscriptionsReachedError"));
                assert!(!e.is_retryable());
                let shown = e.to_string();
                assert!(shown.contains("Max number of 100"), "{shown}");
                assert!(shown.contains("AppSync allows 100"), "{shown}");
            }
            other => panic!("{shape}: {other:?}"),
        }
    }
    match decode(
        r#"{"type":"error","payload":{"errors":[{"errorType":"LimitExceededError","message":"Rate limit exceeded"}]}}"#,
        K,
    ) {
        ServerFrame::Error {
            id: None,
            error: Error::AppSync(e),
        } => assert!(e.is_retryable()),
        other => panic!("{other:?}"),
    }
}

#[test]
fn unauthorized_connection_errors_become_auth_rejections() {
    let frame = r#"{"type":"connection_error","payload":{"errors":[{"errorType":"com.amazonaws.deepdish.graphql.auth#UnauthorizedException","message":"You are not authorized to make this call.","errorCode":400}]}}"#;
    match decode(frame, AuthKind::Lambda) {
        ServerFrame::ConnectionError {
            retryable: false,
            error:
                Error::Auth(AuthError::Rejected {
                    kind, error_type, ..
                }),
        } => {
            assert_eq!(kind, AuthKind::Lambda);
            assert!(error_type.ends_with("#UnauthorizedException"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn odd_frames_are_ignored_never_fatal() {
    for text in [
        "",
        "not json",
        "[]",
        "null",
        r#"{"type":"data"}"#,
        r#"{"type":"data","id":"a","payload":"x"}"#,
        r#"{"type":"start_ack"}"#,
        r#"{"type":"complete","id":7}"#,
        r#"{"type":"something_new","id":"a"}"#,
        r#"{"id":"a"}"#,
    ] {
        assert!(matches!(decode(text, K), ServerFrame::Ignored), "{text}");
    }
    // An error without payload still ends the subscription, with a message saying so.
    match decode(r#"{"type":"error","id":"a"}"#, K) {
        ServerFrame::Error { error, .. } => assert!(error.to_string().contains("without details")),
        other => panic!("{other:?}"),
    }
}
