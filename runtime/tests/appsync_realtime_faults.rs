//! AppSync realtime against the devserver's faults and the remaining auth modes: IAM (SigV4
//! verified by the server) in both handshake placements, token providers asked per connection
//! and per start, odd server frames, a server-side error for one subscription, revoked
//! credentials on reconnect, the subscription limit (the server's, and the client's own that
//! fails fast), the connection-state stream across a dropped connection, slow consumers
//! (bounded buffers, `Lagged`), upgrades refused with HTTP 401, and redacted Debug output.
#![cfg(feature = "appsync")]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use futures::{FutureExt, StreamExt};
use serde::Deserialize;
use typed_graphql::appsync::auth::{
    AuthError, AuthKind, AuthMode, AwsCredentials, IamAuth, TokenSource,
};
use typed_graphql::appsync::http::AppSyncClient;
use typed_graphql::appsync::realtime::{AuthPlacement, SubscriptionEvent};
use typed_graphql::ws::{ConnectionState, ConnectionStates, Disconnect, WsConfig, WsError};
use typed_graphql::{BoxError, Error, Operation, OperationKind, SubscriptionOperation};
use typed_graphql_devserver::{Config, DevServer, IamCredentials};

mod todo_ops;
use todo_ops::*;

const KEY: &str = "da2-faults-key";
const JWT: &str = "eyJ.faults.jwt";
const ACCESS_KEY: &str = "ASIAFAULTSEXAMPLE";
const SECRET_KEY: &str = "faults/secret/KEY+example";
const SESSION: &str = "IQoJb3JpZ2luFAULTSSESSION";
const REGION: &str = "eu-central-1";

fn config() -> Config {
    Config {
        api_key: Some(KEY.into()),
        jwt: Some(JWT.into()),
        iam: Some(IamCredentials::new(ACCESS_KEY, SECRET_KEY, REGION).with_session_token(SESSION)),
        ..Config::default()
    }
}

fn client(server: &DevServer, auth: AuthMode) -> AppSyncClient {
    AppSyncClient::builder(server.appsync_url(), auth)
        .region(REGION)
        .build()
        .expect("client")
}

fn iam() -> AuthMode {
    AuthMode::Iam(IamAuth::new(AwsCredentials::new(
        ACCESS_KEY,
        SECRET_KEY,
        Some(SESSION.to_owned()),
    )))
}

#[tokio::test]
async fn iam_signs_the_handshake_and_every_start_in_both_placements() {
    let server = DevServer::start_with(config()).await.unwrap();
    let client = client(&server, iam());
    for placement in [AuthPlacement::QueryString, AuthPlacement::Subprotocol] {
        let realtime = client.realtime().placement(placement).build();
        let mut events = realtime.subscribe(&OnAddTodo::request(board("b-iam")));
        active(&server, 1).await;
        for object in [
            server.stats().last_handshake_auth().unwrap(),
            server.stats().last_start_authorization().unwrap(),
        ] {
            assert_eq!(object["host"], server.appsync_addr().to_string());
            assert_eq!(object["x-amz-security-token"], SESSION);
            assert!(object["x-amz-date"].as_str().is_some(), "{object}");
            let signature = object["authorization"].as_str().unwrap();
            assert!(
                signature.starts_with(&format!("AWS4-HMAC-SHA256 Credential={ACCESS_KEY}/"))
                    && signature.contains(&format!("/{REGION}/appsync/aws4_request")),
                "{signature}"
            );
        }
        // The mutation goes over HTTP, signed too; the server verified every signature.
        let added = add_todo(&client, "b-iam", "signed").await;
        assert_eq!(next_todo(&mut events).await, added, "{placement:?}");
        drop(events);
        active(&server, 0).await;
    }
}

#[tokio::test]
async fn token_providers_are_asked_for_every_connection_and_start() {
    let server = DevServer::start_with(config()).await.unwrap();
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&calls);
    let provider = AuthMode::cognito(TokenSource::provider(move || {
        counter.fetch_add(1, Ordering::SeqCst);
        async { Ok::<_, BoxError>(JWT.to_owned()) }
    }));
    let http = client(&server, AuthMode::api_key(KEY));
    let realtime = http
        .realtime()
        .auth(provider)
        .config(WsConfig {
            reconnect_initial_delay: Duration::from_millis(50),
            ..WsConfig::default()
        })
        .build();
    let mut events = realtime.subscribe(&OnAddTodo::request(board("b-token")));
    active(&server, 1).await;
    assert_eq!(calls.load(Ordering::SeqCst), 2, "one connection, one start");
    server.faults().drop_connections();
    assert!(matches!(
        next(&mut events).await,
        Some(Ok(SubscriptionEvent::Reconnected))
    ));
    assert_eq!(calls.load(Ordering::SeqCst), 4, "asked again on reconnect");
    let added = add_todo(&http, "b-token", "fresh token").await;
    assert_eq!(next_todo(&mut events).await, added);
}

#[tokio::test]
async fn odd_server_frames_are_ignored_and_events_keep_flowing() {
    let server = DevServer::start_with(config()).await.unwrap();
    let client = client(&server, AuthMode::api_key(KEY));
    let mut events = client.subscribe(&OnAddTodo::request(board("b-odd")));
    active(&server, 1).await;
    let id = events.id().unwrap().to_owned();
    for frame in [
        "not json".to_owned(),
        "[1,2,3]".to_owned(),
        r#"{"type":"brand_new_type","id":"x"}"#.to_owned(),
        r#"{"type":"data","id":"nobody","payload":{"data":{"onAddTodo":null}}}"#.to_owned(),
        format!(r#"{{"type":"data","id":"{id}","payload":"not an object"}}"#),
        r#"{"type":"start_ack","id":"nobody"}"#.to_owned(),
        r#"{"type":"complete","id":"nobody"}"#.to_owned(),
        r#"{"type":"error","payload":{"errors":[{"errorType":"Odd","message":"id-less"}]}}"#
            .to_owned(),
        r#"{"type":"connection_ack","payload":{"connectionTimeoutMs":"soon"}}"#.to_owned(),
        r#"{"type":"ka"}"#.to_owned(),
    ] {
        assert_eq!(server.faults().send_raw(frame), 1);
    }
    let added = add_todo(&client, "b-odd", "after the noise").await;
    assert_eq!(next_todo(&mut events).await, added);
    assert_eq!(server.stats().realtime_connections(), 1);
}

#[tokio::test]
async fn a_server_error_ends_one_subscription_and_keeps_its_type() {
    let server = DevServer::start_with(config()).await.unwrap();
    let client = client(&server, AuthMode::api_key(KEY));
    let mut throttled = client.subscribe(&OnAddTodo::request(board("b-1")));
    let mut other = client.subscribe(&OnAddTodo::request(board("b-2")));
    active(&server, 2).await;
    let id = throttled.id().unwrap().to_owned();
    server
        .faults()
        .error_subscription(id, "LimitExceededError", "Rate limit exceeded");
    match next(&mut throttled).await {
        Some(Err(Error::AppSync(err))) => {
            assert_eq!(err.error_type(), Some("LimitExceededError"));
            assert!(err.is_retryable());
            assert!(
                err.to_string().contains("subscribe again after a delay"),
                "{err}"
            );
        }
        other => panic!("expected AppSync's error, got {other:?}"),
    }
    assert!(next(&mut throttled).await.is_none());
    let added = add_todo(&client, "b-2", "unaffected").await;
    assert_eq!(next_todo(&mut other).await, added);
}

#[tokio::test]
async fn revoked_credentials_on_reconnect_end_subscriptions_without_retrying() {
    let server = DevServer::start_with(config()).await.unwrap();
    let client = client(&server, AuthMode::api_key(KEY));
    let realtime = client
        .realtime()
        .config(WsConfig {
            reconnect_initial_delay: Duration::from_millis(50),
            ..WsConfig::default()
        })
        .build();
    let mut events = realtime.subscribe(&OnAddTodo::request(board("b-revoked")));
    active(&server, 1).await;
    server.faults().set_reject_connections_unauthorized(true);
    server.faults().drop_connections();
    match next(&mut events).await {
        Some(Err(Error::Auth(AuthError::Rejected { kind, .. }))) => {
            assert_eq!(kind, AuthKind::ApiKey)
        }
        other => panic!("expected the auth rejection, got {other:?}"),
    }
    assert!(next(&mut events).await.is_none());
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(server.stats().realtime_connections(), 2, "no retry loop");
    assert!(!realtime.is_connected());
}

#[tokio::test]
async fn the_subscription_limit_is_reported_with_what_to_do() {
    let server = DevServer::start_with(Config {
        max_subscriptions_per_connection: Some(2),
        ..config()
    })
    .await
    .unwrap();
    let client = client(&server, AuthMode::api_key(KEY));
    let _a = client.subscribe(&OnAddTodo::request(board("a")));
    let _b = client.subscribe(&OnAddTodo::request(board("b")));
    active(&server, 2).await;
    let mut third = client.subscribe(&OnAddTodo::request(board("c")));
    match next(&mut third).await {
        Some(Err(Error::AppSync(err))) => {
            assert_eq!(err.error_type(), Some("MaxSubscriptionsReachedError"));
            assert!(!err.is_retryable());
            assert!(err.to_string().contains("AppSync allows 100"), "{err}");
        }
        other => panic!("expected the limit error, got {other:?}"),
    }
}

#[tokio::test]
async fn debug_output_never_shows_credentials() {
    let server = DevServer::start_with(config()).await.unwrap();
    let client = client(&server, AuthMode::api_key(KEY));
    let realtime = client
        .realtime()
        .placement(AuthPlacement::Subprotocol)
        .build();
    let events = realtime.subscribe(&OnAddTodo::request(board("b-debug")));
    active(&server, 1).await;
    let iam_client = client_with_iam(&server);
    for shown in [
        format!("{realtime:?}"),
        format!("{events:?}"),
        format!("{:?}", iam_client.realtime().build()),
    ] {
        for secret in [KEY, SECRET_KEY, SESSION] {
            assert!(!shown.contains(secret), "{shown}");
        }
    }
}

fn client_with_iam(server: &DevServer) -> AppSyncClient {
    client(server, iam())
}

#[tokio::test]
async fn one_connection_can_carry_subscriptions_of_several_auth_modes() {
    let server = DevServer::start_with(config()).await.unwrap();
    let client = client(&server, AuthMode::api_key(KEY));
    let realtime = client.realtime().build();
    let mut keyed = realtime.subscribe(&OnAddTodo::request(board("b-modes")));
    active(&server, 1).await;
    assert_eq!(
        server.stats().last_start_authorization().unwrap()["x-api-key"],
        KEY
    );
    let mut as_user = realtime.subscribe_as(
        &AuthMode::cognito(JWT),
        &OnAddTodo::request(board("b-modes")),
    );
    active(&server, 2).await;
    let start = server.stats().last_start_authorization().unwrap();
    assert_eq!(start["authorization"], JWT);
    assert!(start.get("x-api-key").is_none(), "{start}");
    // The handshake stayed the connection's (API key); one connection carries both.
    assert_eq!(
        server.stats().last_handshake_auth().unwrap()["x-api-key"],
        KEY
    );
    assert_eq!(server.stats().realtime_connections(), 1);
    let added = add_todo(&client, "b-modes", "both see it").await;
    assert_eq!(next_todo(&mut keyed).await, added);
    assert_eq!(next_todo(&mut as_user).await, added);
}

/// Declares `title` as a number: every event fails to decode.
struct OnAddTodoMistyped;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct MistypedTodo {
    id: String,
    title: i64,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct OnAddTodoMistypedData {
    on_add_todo: Option<MistypedTodo>,
}

impl Operation for OnAddTodoMistyped {
    type Variables = BoardVars;
    type Data = OnAddTodoMistypedData;
    const KIND: OperationKind = OperationKind::Subscription;
    const NAME: &'static str = "OnAddTodoMistyped";
    const DOCUMENT: &'static str = "subscription OnAddTodoMistyped($boardId: ID) { onAddTodo(boardId: $boardId) { id title } }";
}
impl SubscriptionOperation for OnAddTodoMistyped {}

#[tokio::test]
async fn an_event_that_does_not_decode_is_an_error_for_that_event_only() {
    let server = DevServer::start_with(config()).await.unwrap();
    let client = client(&server, AuthMode::api_key(KEY));
    let mut events = client.subscribe(&OnAddTodoMistyped::request(board("b-types")));
    active(&server, 1).await;
    add_todo(&client, "b-types", "one").await;
    add_todo(&client, "b-types", "two").await;
    for _ in 0..2 {
        let item = tokio::time::timeout(WAIT, events.next()).await.unwrap();
        match item {
            Some(Err(Error::Decode(err))) => {
                assert_eq!(err.path, "data.onAddTodo.title", "{err}")
            }
            other => panic!("expected a decode error, got {other:?}"),
        }
    }
    assert_eq!(server.stats().active_subscriptions(), 1);
}

async fn next_state(states: &mut ConnectionStates) -> ConnectionState {
    tokio::time::timeout(WAIT, states.next())
        .await
        .expect("no connection state within 10 s")
        .expect("the state stream ended")
}

#[tokio::test]
async fn a_dropped_connection_shows_disrupted_then_reconnected_on_the_state_stream() {
    let server = DevServer::start_with(config()).await.unwrap();
    let client = client(&server, AuthMode::api_key(KEY));
    let mut states = client.connection_states();
    assert_eq!(next_state(&mut states).await, ConnectionState::Closed);
    let mut events = client.subscribe(&OnAddTodo::request(board("b-state")));
    // A clone shares the client's connection and its states.
    let mut clone_states = client.clone().connection_states();
    let mut other = client
        .clone()
        .subscribe(&OnAddTodo::request(board("b-state")));
    assert_eq!(next_state(&mut states).await, ConnectionState::Connecting);
    assert_eq!(next_state(&mut states).await, ConnectionState::Connected);
    active(&server, 2).await;
    assert_eq!(server.stats().realtime_connections(), 1);

    server.faults().drop_connections();
    match next_state(&mut states).await {
        // No close frame: the socket ended (or was reset).
        ConnectionState::Disrupted {
            cause: Disconnect::Ended | Disconnect::Transport { .. },
        } => {}
        other => panic!("expected Disrupted, got {other:?}"),
    }
    assert_eq!(next_state(&mut states).await, ConnectionState::Reconnected);
    // Each subscription hears it too, then events flow again on the new connection.
    assert!(matches!(
        next(&mut events).await,
        Some(Ok(SubscriptionEvent::Reconnected))
    ));
    assert!(matches!(
        next(&mut other).await,
        Some(Ok(SubscriptionEvent::Reconnected))
    ));
    let added = add_todo(&client, "b-state", "after the gap").await;
    assert_eq!(next_todo(&mut events).await, added);
    assert_eq!(server.stats().realtime_connections(), 2);
    assert_eq!(
        client.default_realtime().connection_state(),
        ConnectionState::Reconnected
    );

    // The last subscription gone, the connection closes.
    drop((events, other));
    assert_eq!(next_state(&mut states).await, ConnectionState::Closed);
    let seen: Vec<_> = (0..6)
        .map(|_| clone_states.next().now_or_never().flatten())
        .collect();
    assert_eq!(
        seen,
        [
            Some(ConnectionState::Connecting),
            Some(ConnectionState::Connected),
            Some(ConnectionState::Disrupted {
                cause: match &seen[2] {
                    Some(ConnectionState::Disrupted { cause }) => cause.clone(),
                    _ => Disconnect::Stopped,
                }
            }),
            Some(ConnectionState::Reconnected),
            Some(ConnectionState::Closed),
            None,
        ]
    );
}

#[tokio::test]
async fn a_server_close_frame_mid_stream_is_a_disruption_with_its_code_then_a_reconnection() {
    let server = DevServer::start_with(config()).await.unwrap();
    let client = client(&server, AuthMode::api_key(KEY));
    let mut events = client.subscribe(&OnAddTodo::request(board("b-close")));
    active(&server, 1).await;
    let mut states = client.connection_states();
    assert_eq!(next_state(&mut states).await, ConnectionState::Connected);
    assert_eq!(
        server.faults().close_connections(1012, "service restart"),
        1
    );
    match next_state(&mut states).await {
        ConnectionState::Disrupted { cause } => {
            assert_eq!(
                cause,
                Disconnect::Closed {
                    code: 1012,
                    reason: "service restart".to_owned()
                }
            );
            let shown = cause.to_string();
            assert!(shown.contains("1012 (service restart)"), "{shown}");
            assert!(shown.contains("restarting"), "{shown}");
        }
        other => panic!("expected Disrupted, got {other:?}"),
    }
    assert_eq!(next_state(&mut states).await, ConnectionState::Reconnected);
    assert!(matches!(
        next(&mut events).await,
        Some(Ok(SubscriptionEvent::Reconnected))
    ));
    let added = add_todo(&client, "b-close", "resubscribed").await;
    assert_eq!(next_todo(&mut events).await, added);
    assert_eq!(server.stats().realtime_connections(), 2);
}

#[tokio::test]
async fn subscribing_past_the_client_limit_fails_at_once_with_what_to_do() {
    let server = DevServer::start_with(config()).await.unwrap();
    let client = client(&server, AuthMode::api_key(KEY));
    assert_eq!(
        WsConfig::default().max_subscriptions,
        100,
        "AppSync's limit"
    );
    let realtime = client
        .realtime()
        .config(WsConfig {
            max_subscriptions: 2,
            ..WsConfig::default()
        })
        .build();
    let a = realtime.subscribe(&OnAddTodo::request(board("a")));
    let mut b = realtime.subscribe(&OnAddTodo::request(board("b")));
    active(&server, 2).await;
    let mut third = realtime.subscribe(&OnAddTodo::request(board("c")));
    // Synchronously: the server is not asked.
    match third.next().now_or_never() {
        Some(Some(Err(Error::Ws(err @ WsError::TooManySubscriptions { limit: 2 })))) => {
            let shown = err.to_string();
            assert!(shown.contains("another client"), "{shown}");
        }
        other => panic!("expected the limit error at once, got {other:?}"),
    }
    assert!(third.next().await.is_none());
    assert_eq!(realtime.subscriptions(), 2);

    // Dropping a stream gives its place back at once (its `stop` goes out before the next
    // `start`).
    drop(a);
    assert_eq!(realtime.subscriptions(), 1);
    let mut again = realtime.subscribe(&OnAddTodo::request(board("b")));
    active(&server, 2).await;
    assert_eq!(server.stats().realtime_connections(), 1);
    let added = add_todo(&client, "b", "both").await;
    assert_eq!(next_todo(&mut b).await, added);
    assert_eq!(next_todo(&mut again).await, added);
}

#[tokio::test]
async fn a_consumer_that_does_not_poll_keeps_a_bounded_buffer_and_is_told_what_it_missed() {
    let server = DevServer::start_with(config()).await.unwrap();
    let client = client(&server, AuthMode::api_key(KEY));
    assert_eq!(WsConfig::default().subscription_buffer, 1024);
    let realtime = client
        .realtime()
        .config(WsConfig {
            subscription_buffer: 4,
            ..WsConfig::default()
        })
        .build();
    let mut slow = realtime.subscribe(&OnAddTodo::request(board("b-slow")));
    let mut fast = realtime.subscribe(&OnAddTodo::request(board("b-slow")));
    active(&server, 2).await;
    // The polled subscription gets all twelve; the unpolled one was sent them too (the last
    // may still be on its way: the server runs each subscription on its own task).
    let mut added = Vec::new();
    for n in 0..12 {
        let todo = add_todo(&client, "b-slow", &format!("event {n}")).await;
        assert_eq!(next_todo(&mut fast).await, todo);
        added.push(todo);
    }
    let missed = match next(&mut slow).await {
        Some(Ok(SubscriptionEvent::Lagged { missed })) => missed as usize,
        other => panic!("expected a Lagged notice, got {other:?}"),
    };
    // At most four were kept: eight dropped, fewer only if the last ones arrived after the
    // poll (then they follow the notice).
    assert!((4..=8).contains(&missed), "{missed}");
    for todo in &added[missed..] {
        assert_eq!(
            &next_todo(&mut slow).await,
            todo,
            "the newest are kept, in order"
        );
    }
    // Still subscribed: the stream goes on.
    let later = add_todo(&client, "b-slow", "later").await;
    assert_eq!(next_todo(&mut slow).await, later);
    assert_eq!(server.stats().realtime_connections(), 1);
}

#[tokio::test]
async fn an_upgrade_refused_with_401_is_an_auth_error_without_retry() {
    let server = DevServer::start_with(config()).await.unwrap();
    server.faults().reject_upgrades_with(Some(401));
    let client = client(&server, AuthMode::api_key(KEY));
    let mut states = client.connection_states();
    let mut events = client.subscribe(&OnAddTodo::request(board("b-401")));
    match next(&mut events).await {
        Some(Err(Error::Auth(
            err @ AuthError::Rejected {
                kind: AuthKind::ApiKey,
                status: Some(401),
                ..
            },
        ))) => {
            let shown = err.to_string();
            assert!(shown.contains("UnauthorizedException"), "{shown}");
            assert!(shown.contains("check the key"), "{shown}");
            assert!(!shown.contains(KEY), "{shown}");
        }
        other => panic!("expected the auth rejection, got {other:?}"),
    }
    assert!(next(&mut events).await.is_none());
    assert_eq!(next_state(&mut states).await, ConnectionState::Closed);
    assert_eq!(next_state(&mut states).await, ConnectionState::Connecting);
    assert!(matches!(
        next_state(&mut states).await,
        ConnectionState::Failed { error }
            if matches!(&*error, Error::Auth(AuthError::Rejected { status: Some(401), .. }))
    ));
    assert_eq!(next_state(&mut states).await, ConnectionState::Closed);
    assert_eq!(server.stats().realtime_upgrades_refused(), 1, "no retry");
    assert_eq!(server.stats().realtime_connections(), 0);

    // Once the credentials are accepted again, subscribing works.
    server.faults().reject_upgrades_with(None);
    let mut events = client.subscribe(&OnAddTodo::request(board("b-401")));
    active(&server, 1).await;
    let added = add_todo(&client, "b-401", "accepted").await;
    assert_eq!(next_todo(&mut events).await, added);
}
