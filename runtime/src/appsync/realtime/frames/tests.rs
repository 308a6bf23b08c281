use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};

use super::*;
use crate::appsync::auth::Secret;

const K: AuthKind = AuthKind::ApiKey;
const HOST: &str = "abc.appsync-api.eu-west-1.amazonaws.com";

fn auth() -> AuthHeaders {
    let mut headers = AuthHeaders::new(K, HOST.to_owned());
    // `+`, `/` and `=` in the base64 of this object exercise the raw query-string encoding.
    headers
        .push_secret("x-api-key", Secret::new("da2-k+y/==>>>?"))
        .unwrap();
    headers
}

const OBJECT: &str =
    r#"{"host":"abc.appsync-api.eu-west-1.amazonaws.com","x-api-key":"da2-k+y/==>>>?"}"#;

#[test]
fn outgoing_frames_have_amplifys_bytes() {
    assert_eq!(init_frame(), r#"{"type":"connection_init"}"#);
    let data = r#"{"query":"subscription { onAddTodo { id } }","variables":{}}"#;
    // Byte for byte, keys in Amplify's order (id, payload, type) whatever serde_json's features.
    assert_eq!(
        start_frame("s1", data, &auth()),
        format!(
            r#"{{"id":"s1","payload":{{"data":{},"extensions":{{"authorization":{OBJECT}}}}},"type":"start"}}"#,
            serde_json::to_string(data).unwrap()
        )
    );
    // `data` is a string holding the request, byte for byte what was signed.
    let start: Value = serde_json::from_str(&start_frame("s1", data, &auth())).unwrap();
    assert_eq!(start["payload"]["data"], data);
    assert_eq!(stop_frame("s\"1"), r#"{"id":"s\"1","type":"stop"}"#);
}

#[test]
fn the_query_string_carries_raw_standard_base64() {
    let realtime =
        Url::parse("wss://abc.appsync-realtime-api.eu-west-1.amazonaws.com/graphql").unwrap();
    let url = query_string_url(&realtime, &auth());
    let header = STANDARD.encode(OBJECT);
    assert!(
        header.contains(['+', '/']) && header.ends_with('='),
        "{header}"
    );
    assert_eq!(
        url.as_str(),
        format!(
            "wss://abc.appsync-realtime-api.eu-west-1.amazonaws.com/graphql?header={header}&payload=e30="
        )
    );
}

#[test]
fn the_realtime_urls_own_query_parameters_are_kept() {
    let realtime = Url::parse("wss://rt.example.com/graphql/realtime?stage=blue&x=a%2Bb").unwrap();
    let url = query_string_url(&realtime, &auth());
    let header = STANDARD.encode(OBJECT);
    assert_eq!(
        url.as_str(),
        format!(
            "wss://rt.example.com/graphql/realtime?stage=blue&x=a%2Bb&header={header}&payload=e30="
        )
    );
    // Stale handshake parameters are replaced, not repeated.
    let again = query_string_url(&url, &auth());
    assert_eq!(again, url);
}

#[test]
fn the_subprotocol_carries_unpadded_base64url() {
    let protocol = header_subprotocol(&auth());
    let encoded = protocol.strip_prefix("header-").unwrap();
    assert!(!encoded.contains(['=', '+', '/']), "{encoded}");
    assert_eq!(URL_SAFE_NO_PAD.decode(encoded).unwrap(), OBJECT.as_bytes());
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
