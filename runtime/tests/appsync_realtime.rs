//! AppSync realtime subscriptions against the devserver's AppSync emulation on 127.0.0.1:
//! events triggered by mutations sent over AppSync HTTP, filters, both handshake placements,
//! one connection for many subscriptions, stop on drop, per-subscription errors, keep-alive
//! loss and dropped connections (reconnect + resubscribe), start_ack timeouts, refused
//! credentials and AppSync's non-null error events.
#![cfg(feature = "appsync")]

use std::time::Duration;

use futures::{FutureExt, StreamExt};
use serde::Deserialize;
use serde_json::json;
use typed_graphql::appsync::auth::{AuthError, AuthKind, AuthMode};
use typed_graphql::appsync::http::AppSyncClient;
use typed_graphql::appsync::realtime::{AppSyncSubscription, AuthPlacement, SubscriptionEvent};
use typed_graphql::appsync::AppSyncError;
use typed_graphql::ws::{Disconnect, WsConfig, WsError};
use typed_graphql::{Error, Operation, OperationKind, SubscriptionOperation};
use typed_graphql_devserver::{Config, DevServer};

mod todo_ops;
use todo_ops::*;

const KEY: &str = "da2-realtime-key";

/// Selects `done`, which the shared `AddTodo` mutation does not select.
struct OnAddTodoDone;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct OnAddTodoDoneData {
    #[allow(dead_code)]
    on_add_todo: Option<serde_json::Value>,
}

impl Operation for OnAddTodoDone {
    type Variables = BoardVars;
    type Data = OnAddTodoDoneData;
    const KIND: OperationKind = OperationKind::Subscription;
    const NAME: &'static str = "OnAddTodoDone";
    const DOCUMENT: &'static str =
        "subscription OnAddTodoDone($boardId: ID) { onAddTodo(boardId: $boardId) { id done } }";
}
impl SubscriptionOperation for OnAddTodoDone {}

fn keyed() -> Config {
    Config {
        api_key: Some(KEY.into()),
        jwt: Some("eyJ.realtime.jwt".into()),
        lambda_token: Some("lambda-allow".into()),
        ..Config::default()
    }
}

fn client(server: &DevServer, auth: AuthMode) -> AppSyncClient {
    AppSyncClient::builder(server.appsync_url(), auth)
        .build()
        .expect("client")
}

#[tokio::test]
async fn mutations_over_http_reach_a_filtered_typed_subscription() {
    let server = DevServer::start_with(keyed()).await.unwrap();
    let client = client(&server, AuthMode::api_key(KEY));
    let mut events = client.subscribe(&OnAddTodo::request(board("board-A")));
    active(&server, 1).await;

    // The filter argument: a todo of another board is not delivered.
    add_todo(&client, "board-B", "elsewhere").await;
    let added = add_todo(&client, "board-A", "Buy milk").await;
    let event = next_todo(&mut events).await;
    assert_eq!(event, added);
    assert_eq!(event.title, "Buy milk");
    assert_eq!(event.board_id, "board-A");

    let start_auth = server.stats().last_start_authorization().unwrap();
    assert_eq!(start_auth["x-api-key"], KEY);
    assert_eq!(start_auth["host"], server.appsync_addr().to_string());
}

#[tokio::test]
async fn both_handshake_placements_carry_the_auth_object() {
    let server = DevServer::start_with(keyed()).await.unwrap();
    let client = client(&server, AuthMode::api_key(KEY));
    let host = server.appsync_addr().to_string();
    for placement in [AuthPlacement::QueryString, AuthPlacement::Subprotocol] {
        let realtime = client.realtime().placement(placement).build();
        let mut events = realtime.subscribe(&OnAddTodo::request(board("b-placement")));
        active(&server, 1).await;
        assert_eq!(
            server.stats().last_handshake_auth(),
            Some(json!({"host": host, "x-api-key": KEY})),
            "{placement:?}"
        );
        let added = add_todo(&client, "b-placement", "placed").await;
        assert_eq!(next_todo(&mut events).await, added, "{placement:?}");
        drop(events);
        active(&server, 0).await;
    }
    assert_eq!(server.stats().realtime_connections(), 2);
}

#[tokio::test]
async fn jwt_and_lambda_tokens_authorize_the_connection_and_each_start() {
    let server = DevServer::start_with(keyed()).await.unwrap();
    for (auth, token) in [
        (AuthMode::cognito("eyJ.realtime.jwt"), "eyJ.realtime.jwt"),
        (AuthMode::oidc("eyJ.realtime.jwt"), "eyJ.realtime.jwt"),
        (AuthMode::lambda("lambda-allow"), "lambda-allow"),
    ] {
        let client = client(&server, auth);
        let mut events = client.subscribe(&OnAddTodo::request(board("b-jwt")));
        active(&server, 1).await;
        let handshake = server.stats().last_handshake_auth().unwrap();
        assert_eq!(handshake["authorization"], token);
        assert_eq!(
            server.stats().last_start_authorization().unwrap()["authorization"],
            token
        );
        let added = add_todo(&client, "b-jwt", "with a token").await;
        assert_eq!(next_todo(&mut events).await, added);
        drop(events);
        active(&server, 0).await;
    }
    assert_eq!(server.stats().realtime_connections(), 3);
}

#[tokio::test]
async fn refused_credentials_end_the_subscription_with_an_auth_error_and_no_retry() {
    let server = DevServer::start_with(keyed()).await.unwrap();
    let client = client(&server, AuthMode::api_key("da2-wrong"));
    let mut events = client.subscribe(&OnAddTodo::request(board("b")));
    match next(&mut events).await {
        Some(Err(Error::Auth(
            err @ AuthError::Rejected {
                kind: AuthKind::ApiKey,
                ..
            },
        ))) => {
            let shown = err.to_string();
            assert!(shown.contains("UnauthorizedException"), "{shown}");
            assert!(shown.contains("check the key"), "{shown}");
            assert!(!shown.contains("da2-wrong"), "{shown}");
        }
        other => panic!("expected an auth rejection, got {other:?}"),
    }
    assert!(next(&mut events).await.is_none());
    assert_eq!(server.stats().realtime_connections(), 1);
}

#[tokio::test]
async fn twenty_subscriptions_share_one_connection_closed_after_the_last() {
    let server = DevServer::start_with(keyed()).await.unwrap();
    let client = client(&server, AuthMode::api_key(KEY));
    let mut streams: Vec<_> = (0..20)
        .map(|i| {
            client
                .clone()
                .subscribe(&OnAddTodo::request(board(&format!("b{i}"))))
        })
        .collect();
    active(&server, 20).await;
    assert_eq!(server.stats().realtime_connections(), 1);
    let added = add_todo(&client, "b7", "only for seven").await;
    assert_eq!(next_todo(&mut streams[7]).await, added);

    // Dropping a stream sends `stop`; the connection closes after the last one.
    streams.truncate(5);
    active(&server, 5).await;
    assert!(
        server
            .stats()
            .wait_for(WAIT, |s| s.stops_received() == 15)
            .await
    );
    assert_eq!(server.stats().open_realtime_connections(), 1);
    streams.clear();
    assert!(
        server
            .stats()
            .wait_for(WAIT, |s| s.open_realtime_connections() == 0)
            .await
    );
    assert_eq!(server.stats().stops_received(), 20);

    // A new subscription opens a new connection.
    let mut again = client.subscribe(&OnAddTodo::request(board("b-again")));
    active(&server, 1).await;
    assert_eq!(server.stats().realtime_connections(), 2);
    let added = add_todo(&client, "b-again", "again").await;
    assert_eq!(next_todo(&mut again).await, added);
}

#[tokio::test]
async fn a_hundred_filtered_subscriptions_share_one_connection_and_each_gets_its_own_events() {
    let server = DevServer::start_with(keyed()).await.unwrap();
    let client = client(&server, AuthMode::api_key(KEY));
    // AppSync's limit per connection, reached through the client's default connection.
    let mut streams: Vec<_> = (0..100)
        .map(|i| client.subscribe(&OnAddTodo::request(board(&format!("b-{i}")))))
        .collect();
    active(&server, 100).await;
    assert_eq!(server.stats().realtime_connections(), 1);
    assert_eq!(server.stats().open_realtime_connections(), 1);
    assert_eq!(client.default_realtime().subscriptions(), 100);

    // Two rounds: an event routed to the wrong subscription in round one would reach that
    // stream before its own round-two event (the server sends each subscription's events in
    // publishing order, over one connection).
    for round in ["first", "second"] {
        let mut added = Vec::new();
        for i in 0..100 {
            added.push(add_todo(&client, &format!("b-{i}"), &format!("{round} {i}")).await);
        }
        for (i, (stream, todo)) in streams.iter_mut().zip(&added).enumerate() {
            let got = next_todo(stream).await;
            assert_eq!(&got, todo, "subscription {i}, {round} round");
            assert_eq!(got.board_id, format!("b-{i}"));
        }
    }
    // Nothing else is waiting on any stream.
    for stream in &mut streams {
        assert!(stream.next().now_or_never().is_none());
    }

    // The 101st fails at once, without asking the server, and says what to do.
    let mut extra = client.subscribe(&OnAddTodo::request(board("b-extra")));
    match extra.next().now_or_never() {
        Some(Some(Err(Error::Ws(err @ WsError::TooManySubscriptions { limit: 100 })))) => {
            assert!(err.to_string().contains("another client"), "{err}")
        }
        other => panic!("expected the limit error at once, got {other:?}"),
    }
    assert!(extra.next().await.is_none());
    assert_eq!(server.stats().active_subscriptions(), 100);
    assert_eq!(server.stats().realtime_connections(), 1);
}

#[tokio::test]
async fn an_error_ends_one_subscription_while_another_keeps_flowing() {
    let server = DevServer::start_with(keyed()).await.unwrap();
    let client = client(&server, AuthMode::api_key(KEY));
    let mut healthy = client.subscribe(&OnAddTodo::request(board("b-ok")));
    active(&server, 1).await;
    server.faults().error_next_start("boom: injected");
    let mut failing = client.subscribe(&OnAddTodo::request(board("b-bad")));
    match next(&mut failing).await {
        Some(Err(Error::AppSync(err @ AppSyncError { .. }))) => {
            assert_eq!(err.error_type(), Some("InjectedFault"));
            assert!(err.to_string().contains("boom: injected"), "{err}");
        }
        other => panic!("expected AppSync's error, got {other:?}"),
    }
    assert!(next(&mut failing).await.is_none());
    let added = add_todo(&client, "b-ok", "still flowing").await;
    assert_eq!(next_todo(&mut healthy).await, added);
    assert_eq!(server.stats().realtime_connections(), 1);
}

fn fast_reconnect() -> WsConfig {
    WsConfig {
        reconnect_initial_delay: Duration::from_millis(50),
        reconnect_max_delay: Duration::from_millis(200),
        ..WsConfig::default()
    }
}

/// Reads past any number of `Reconnected` notices (at least one) up to the next item.
async fn expect_reconnected(stream: &mut AppSyncSubscription<OnAddTodoData>) {
    match next(stream).await {
        Some(Ok(SubscriptionEvent::Reconnected)) => {}
        other => panic!("expected a Reconnected notice, got {other:?}"),
    }
}

#[tokio::test]
async fn a_dropped_connection_is_reopened_and_subscriptions_resume() {
    let server = DevServer::start_with(keyed()).await.unwrap();
    let client = client(&server, AuthMode::api_key(KEY));
    let realtime = client.realtime().config(fast_reconnect()).build();
    let mut a = realtime.subscribe(&OnAddTodo::request(board("b-a")));
    let mut b = realtime.subscribe(&OnAddTodo::request(board("b-b")));
    active(&server, 2).await;

    server.faults().drop_connections();
    expect_reconnected(&mut a).await;
    expect_reconnected(&mut b).await;
    assert_eq!(server.stats().realtime_connections(), 2);
    active(&server, 2).await;
    let added = add_todo(&client, "b-b", "after the drop").await;
    assert_eq!(next_todo(&mut b).await, added);
    let added = add_todo(&client, "b-a", "for a").await;
    assert_eq!(next_todo(&mut a).await, added);
}

#[tokio::test]
async fn missing_keep_alives_count_as_a_lost_connection() {
    let server = DevServer::start_with(Config {
        keep_alive_interval: Some(Duration::from_millis(100)),
        connection_timeout_ms: Some(700),
        ..keyed()
    })
    .await
    .unwrap();
    let client = client(&server, AuthMode::api_key(KEY));
    let realtime = client.realtime().config(fast_reconnect()).build();
    let mut events = realtime.subscribe(&OnAddTodo::request(board("b-ka")));
    active(&server, 1).await;

    server.faults().set_suppress_ka(true);
    assert!(
        server
            .stats()
            .wait_for(WAIT, |s| s.realtime_connections() >= 2)
            .await,
        "the client should reconnect once keep-alives stop for connectionTimeoutMs"
    );
    server.faults().set_suppress_ka(false);
    expect_reconnected(&mut events).await;
    // Let a reconnection that was already under way settle.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let connections = server.stats().realtime_connections();
    active(&server, 1).await;
    let added = add_todo(&client, "b-ka", "after the silence").await;
    loop {
        match next(&mut events).await {
            Some(Ok(SubscriptionEvent::Reconnected)) => continue,
            Some(Ok(SubscriptionEvent::Data(response))) => {
                assert_eq!(response.into_result().unwrap().on_add_todo, Some(added));
                break;
            }
            other => panic!("expected the event, got {other:?}"),
        }
    }
    // With keep-alives back, the connection stays.
    tokio::time::sleep(Duration::from_millis(1000)).await;
    assert_eq!(server.stats().realtime_connections(), connections);
}

#[tokio::test]
async fn an_unacknowledged_start_times_out_and_is_stopped() {
    let server = DevServer::start_with(keyed()).await.unwrap();
    server.faults().set_suppress_start_ack(true);
    let client = client(&server, AuthMode::api_key(KEY));
    let realtime = client
        .realtime()
        .config(WsConfig {
            start_ack_timeout: Duration::from_millis(300),
            ..WsConfig::default()
        })
        .build();
    let mut events = realtime.subscribe(&OnAddTodo::request(board("b-slow")));
    match next(&mut events).await {
        Some(Err(Error::Ws(err @ WsError::StartAckTimeout(limit)))) => {
            assert_eq!(limit, Duration::from_millis(300));
            assert!(err.to_string().contains("start_ack_timeout"), "{err}");
        }
        other => panic!("expected a start_ack timeout, got {other:?}"),
    }
    // The server is told to stop it, so it does not linger there.
    assert!(
        server
            .stats()
            .wait_for(WAIT, |s| s.stops_received() == 1)
            .await
    );
    active(&server, 0).await;
}

#[tokio::test]
async fn a_field_the_mutation_did_not_select_is_named_in_the_error() {
    let server = DevServer::start_with(keyed()).await.unwrap();
    let client = client(&server, AuthMode::api_key(KEY));
    let mut events = client.subscribe(&OnAddTodoDone::request(board("b-null")));
    active(&server, 1).await;
    add_todo(&client, "b-null", "no done selected").await;
    match next(&mut events).await {
        Some(Ok(SubscriptionEvent::Data(response))) => {
            let errors = response.into_result().unwrap_err();
            let shown = errors.to_string();
            assert!(
                shown.contains("Cannot return null for non-nullable type"),
                "{shown}"
            );
            assert!(
                shown.contains("the mutation probably does not select `onAddTodo.done`"),
                "{shown}"
            );
        }
        other => panic!("expected the event with its error, got {other:?}"),
    }
    // The subscription goes on after such an event.
    add_todo(&client, "b-null", "again").await;
    assert!(matches!(
        next(&mut events).await,
        Some(Ok(SubscriptionEvent::Data(_)))
    ));
}

// `started()`: the subscription is live once AppSync acknowledged it (`start_ack`).

/// Selects a field `Todo` does not have: AppSync (the devserver) answers the start with an
/// `error` frame of type `ValidationError`.
struct OnAddTodoBadField;
impl Operation for OnAddTodoBadField {
    type Variables = BoardVars;
    type Data = OnAddTodoData;
    const KIND: OperationKind = OperationKind::Subscription;
    const NAME: &'static str = "OnAddTodoBadField";
    const DOCUMENT: &'static str =
        "subscription OnAddTodoBadField($boardId: ID) { onAddTodo(boardId: $boardId) { id nope } }";
}
impl SubscriptionOperation for OnAddTodoBadField {}

async fn started<D>(stream: &mut AppSyncSubscription<D>) -> Result<(), Error> {
    tokio::time::timeout(WAIT, stream.started())
        .await
        .expect("started() did not resolve within 10 s")
}

#[tokio::test]
async fn after_started_a_mutation_is_always_received() {
    let server = DevServer::start_with(keyed()).await.unwrap();
    let client = client(&server, AuthMode::api_key(KEY));
    // No stats polling, no sleep: `started()` is the only wait. Fresh subscriptions, opened
    // and closed connections, many times: a start_ack reported too early would lose an event.
    for round in 0..25 {
        let board_id = format!("b-started-{round}");
        let mut events = client.subscribe(&OnAddTodo::request(board(&board_id)));
        assert!(!events.is_started());
        started(&mut events).await.expect("the subscription starts");
        assert!(events.is_started());
        let added = add_todo(&client, &board_id, &format!("round {round}")).await;
        assert_eq!(next_todo(&mut events).await, added, "round {round}");
    }
}

#[tokio::test]
async fn started_can_be_called_again_and_its_cancelled_wait_loses_nothing() {
    let server = DevServer::start_with(keyed()).await.unwrap();
    let client = client(&server, AuthMode::api_key(KEY));
    let mut events = client.subscribe(&OnAddTodo::request(board("b-twice")));
    // A wait dropped before the acknowledgement (nothing has even been sent yet)...
    assert!(events.started().now_or_never().is_none());
    // ...and the next call still resolves, as does every later one, at once.
    started(&mut events).await.unwrap();
    assert!(matches!(events.started().now_or_never(), Some(Ok(()))));
    let added = add_todo(&client, "b-twice", "once").await;
    assert!(matches!(events.started().now_or_never(), Some(Ok(()))));
    assert_eq!(next_todo(&mut events).await, added);
}

#[tokio::test]
async fn events_that_arrive_before_started_is_called_stay_buffered_for_the_stream() {
    let server = DevServer::start_with(keyed()).await.unwrap();
    let client = client(&server, AuthMode::api_key(KEY));
    // `sibling` is started after `events` on the same connection, and the server handles a
    // connection's starts in order: once `sibling` is live, so is `events`, which is not
    // asked anything until its events were sent and reached its sibling.
    let mut events = client.subscribe(&OnAddTodo::request(board("b-early")));
    let mut sibling = client.subscribe(&OnAddTodo::request(board("b-early")));
    started(&mut sibling).await.unwrap();
    let first = add_todo(&client, "b-early", "first").await;
    let second = add_todo(&client, "b-early", "second").await;
    assert_eq!(next_todo(&mut sibling).await, first);
    assert_eq!(next_todo(&mut sibling).await, second);

    started(&mut events).await.unwrap();
    assert_eq!(next_todo(&mut events).await, first);
    assert_eq!(next_todo(&mut events).await, second);
}

#[tokio::test]
async fn an_invalid_subscription_fails_started_with_appsyncs_error_and_the_stream_too() {
    let server = DevServer::start_with(keyed()).await.unwrap();
    let client = client(&server, AuthMode::api_key(KEY));
    let mut events = client.subscribe(&OnAddTodoBadField::request(board("b-bad")));
    for call in ["first", "second"] {
        match started(&mut events).await {
            Err(Error::AppSync(err)) => {
                assert_eq!(err.error_type(), Some("ValidationError"), "{call} call");
                assert!(err.to_string().contains("nope"), "{call} call: {err}");
            }
            other => panic!("{call} call: expected AppSync's validation error, got {other:?}"),
        }
    }
    assert!(!events.is_started());
    // The stream still ends with the error, for code that reads only the stream.
    assert!(matches!(
        next(&mut events).await,
        Some(Err(Error::AppSync(_)))
    ));
    assert!(next(&mut events).await.is_none());
    assert!(matches!(started(&mut events).await, Err(Error::AppSync(_))));
}

#[tokio::test]
async fn refused_credentials_fail_started_with_the_auth_error() {
    let server = DevServer::start_with(keyed()).await.unwrap();
    let client = client(&server, AuthMode::api_key("da2-wrong"));
    let mut events = client.subscribe(&OnAddTodo::request(board("b")));
    for _ in 0..2 {
        match started(&mut events).await {
            Err(Error::Auth(
                err @ AuthError::Rejected {
                    kind: AuthKind::ApiKey,
                    ..
                },
            )) => {
                assert!(err.to_string().contains("check the key"), "{err}");
                assert!(!err.to_string().contains("da2-wrong"), "{err}");
            }
            other => panic!("expected an auth rejection, got {other:?}"),
        }
    }
    assert!(matches!(
        next(&mut events).await,
        Some(Err(Error::Auth(AuthError::Rejected { .. })))
    ));
    assert_eq!(server.stats().realtime_connections(), 1);
}

#[tokio::test]
async fn an_unreachable_endpoint_fails_started_with_the_connect_error() {
    // A port nothing listens on (bound, then released).
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = AppSyncClient::builder(
        format!("http://127.0.0.1:{port}/graphql"),
        AuthMode::api_key(KEY),
    )
    .build()
    .unwrap();
    let realtime = client
        .realtime()
        .config(WsConfig {
            max_connect_attempts: 2,
            ..fast_reconnect()
        })
        .build();
    let mut events = realtime.subscribe(&OnAddTodo::request(board("b")));
    match started(&mut events).await {
        Err(Error::Ws(
            err @ WsError::Connect {
                attempts: 2,
                cause:
                    Disconnect::Transport {
                        io: Some(std::io::ErrorKind::ConnectionRefused),
                        ..
                    },
                ..
            },
        )) => assert!(err.to_string().contains("127.0.0.1"), "{err}"),
        other => panic!("expected the connect error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_start_never_acknowledged_fails_started_with_the_timeout() {
    let server = DevServer::start_with(keyed()).await.unwrap();
    server.faults().set_suppress_start_ack(true);
    let client = client(&server, AuthMode::api_key(KEY));
    let realtime = client
        .realtime()
        .config(WsConfig {
            start_ack_timeout: Duration::from_millis(300),
            ..WsConfig::default()
        })
        .build();
    let mut events = realtime.subscribe(&OnAddTodo::request(board("b-slow")));
    match started(&mut events).await {
        Err(Error::Ws(WsError::StartAckTimeout(limit))) => {
            assert_eq!(limit, Duration::from_millis(300))
        }
        other => panic!("expected a start_ack timeout, got {other:?}"),
    }
}

#[tokio::test]
async fn past_the_subscription_limit_started_fails_at_once() {
    let server = DevServer::start_with(keyed()).await.unwrap();
    let client = client(&server, AuthMode::api_key(KEY));
    let realtime = client
        .realtime()
        .config(WsConfig {
            max_subscriptions: 1,
            ..WsConfig::default()
        })
        .build();
    let mut first = realtime.subscribe(&OnAddTodo::request(board("b-1")));
    let mut second = realtime.subscribe(&OnAddTodo::request(board("b-2")));
    assert!(matches!(
        second.started().now_or_never(),
        Some(Err(Error::Ws(WsError::TooManySubscriptions { limit: 1 })))
    ));
    started(&mut first).await.unwrap();
}

#[tokio::test]
async fn started_stays_resolved_across_a_reconnection() {
    let server = DevServer::start_with(keyed()).await.unwrap();
    let client = client(&server, AuthMode::api_key(KEY));
    let realtime = client.realtime().config(fast_reconnect()).build();
    let mut events = realtime.subscribe(&OnAddTodo::request(board("b-re")));
    started(&mut events).await.unwrap();
    server.faults().drop_connections();
    expect_reconnected(&mut events).await;
    assert!(matches!(events.started().now_or_never(), Some(Ok(()))));
    // The notice came with the new start_ack: the resubscription is live.
    let added = add_todo(&client, "b-re", "after the reconnection").await;
    assert_eq!(next_todo(&mut events).await, added);
}

/// Everything set on `AppSyncClient::builder` reaches `subscribe` and `connection_states`:
/// the placement (no query string on the upgrade), the limits (one subscription per
/// connection) and the connection whose states the client reports.
#[tokio::test]
async fn the_client_builder_configures_subscribe_and_its_connection_states() {
    let server = DevServer::start_with(keyed()).await.unwrap();
    let client = AppSyncClient::builder(server.appsync_url(), AuthMode::api_key(KEY))
        .placement(AuthPlacement::Subprotocol)
        .realtime_config(WsConfig {
            max_subscriptions: 1,
            ..WsConfig::default()
        })
        .build()
        .unwrap();
    let mut states = client.connection_states();
    let mut first = client.subscribe(&OnAddTodo::request(board("b-built")));
    started(&mut first).await.unwrap();
    assert_eq!(server.stats().last_realtime_query(), None);
    assert_eq!(
        server.stats().last_handshake_auth(),
        Some(json!({"host": server.appsync_addr().to_string(), "x-api-key": KEY}))
    );
    let mut second = client.subscribe(&OnAddTodo::request(board("b-built")));
    assert!(matches!(
        second.started().now_or_never(),
        Some(Err(Error::Ws(WsError::TooManySubscriptions { limit: 1 })))
    ));
    let mut seen = Vec::new();
    while let Some(Some(state)) = states.next().now_or_never() {
        seen.push(state);
    }
    assert!(
        seen.contains(&typed_graphql::ws::ConnectionState::Connected),
        "{seen:?}"
    );
    assert!(client.default_realtime().is_connected());
}

/// The query-string placement as the server receives it: the realtime URL's own parameters
/// first, then `header=` with raw standard base64 and `payload=e30=`.
#[tokio::test]
async fn the_query_string_handshake_keeps_the_urls_own_parameters_and_raw_base64() {
    let server = DevServer::start_with(keyed()).await.unwrap();
    let realtime_url = format!("ws://{}/graphql/realtime?stage=blue", server.appsync_addr());
    let client = AppSyncClient::builder(server.appsync_url(), AuthMode::api_key(KEY))
        .realtime_url(realtime_url)
        .build()
        .unwrap();
    let mut events = client.subscribe(&OnAddTodo::request(board("b-query")));
    started(&mut events).await.unwrap();
    let query = server.stats().last_realtime_query().unwrap();
    let object = format!(
        r#"{{"host":"{}","x-api-key":"{KEY}"}}"#,
        server.appsync_addr()
    );
    use base64::Engine as _;
    let header = base64::engine::general_purpose::STANDARD.encode(object);
    assert_eq!(query, format!("stage=blue&header={header}&payload=e30="));
}
