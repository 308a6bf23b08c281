//! `Protocol::ApiGateway` against the devserver's API Gateway WebSocket emulation: no
//! subprotocol echo (requesting one fails, as in browsers; requesting none works), auth on
//! the upgrade, events pushed through the management API, the idle close (kept away by the
//! client's keep-alive message) and the hard close after the maximum duration (a reconnection
//! and resubscription, not an error), and the 128 KB message limit.
#![cfg(all(feature = "websocket", feature = "appsync"))]

mod todo_ops;

use std::time::Duration;

use futures::StreamExt;
use todo_ops::*;
use typed_graphql::websocket::{Protocol, WebSocketClient};
use typed_graphql::ws::{Disconnect, Subscription, SubscriptionEvent, WsConfig, WsError};
use typed_graphql::{Error, Operation};
use typed_graphql_devserver::{ApiGatewaySubscription, Config, DevServer};

/// Waits until the emulated backend recorded `n` subscriptions; returns them.
async fn recorded(server: &DevServer, n: usize) -> Vec<ApiGatewaySubscription> {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let subscriptions = server.api_gateway_subscriptions();
        if subscriptions.len() == n {
            return subscriptions;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "expected {n} recorded subscriptions, have {subscriptions:?}"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// What a publishing Lambda does: POSTs a `data` message to the connection's callback URL.
async fn publish(server: &DevServer, to: &ApiGatewaySubscription, countdown: i32) -> u16 {
    let frame = serde_json::json!({"id": to.id, "type": "data",
        "payload": {"data": {"countdown": countdown}}});
    post(server, &to.connection_id, frame.to_string()).await
}

async fn post(server: &DevServer, connection_id: &str, body: String) -> u16 {
    let url = format!(
        "{}/@connections/{connection_id}",
        server.api_gateway_management_url()
    );
    reqwest::Client::new()
        .post(url)
        .body(body)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

async fn next_countdown(events: &mut Subscription<CountdownData>) -> i32 {
    match tokio::time::timeout(WAIT, events.next()).await.unwrap() {
        Some(Ok(SubscriptionEvent::Data(response))) => response.into_result().unwrap().countdown,
        other => panic!("expected an event, got {other:?}"),
    }
}

fn request() -> typed_graphql::Request<Countdown> {
    Countdown::request(CountdownVars { from: 9 })
}

#[tokio::test]
async fn a_client_requesting_a_subprotocol_fails_the_handshake_and_one_requesting_none_works() {
    let server = DevServer::start().await.unwrap();
    // The legacy protocol asks for `graphql-ws`; the gateway answers without it.
    let asking = WebSocketClient::builder(server.api_gateway_url(), Protocol::LegacyGraphqlWs)
        .build()
        .unwrap();
    let mut refused = asking.subscribe(&request());
    match refused.started().await {
        Err(Error::Ws(
            err @ WsError::Refused {
                cause: Disconnect::Handshake { status: None, .. },
                ..
            },
        )) => {
            assert!(err.to_string().contains("subprotocol"), "{err}");
            assert!(!err.is_retryable());
        }
        other => panic!("expected a refused handshake, got {other:?}"),
    }
    assert_eq!(server.stats().api_gateway_connections(), 1, "not retried");

    let client = WebSocketClient::builder(server.api_gateway_url(), Protocol::ApiGateway)
        .build()
        .unwrap();
    let mut events = client.subscribe(&request());
    events.started().await.unwrap();
    let subscription = recorded(&server, 1).await.remove(0);
    assert!(subscription.query.contains("countdown"), "{subscription:?}");
    assert_eq!(subscription.variables, serde_json::json!({"from": 9}));
    assert_eq!(publish(&server, &subscription, 7).await, 200);
    assert_eq!(next_countdown(&mut events).await, 7);

    // Dropping the stream sends `stop`: the backend forgets the subscription.
    drop(events);
    recorded(&server, 0).await;
    assert_eq!(
        post(&server, "conn-unknown=", "{}".to_owned()).await,
        410,
        "a gone connection"
    );
}

#[tokio::test]
async fn auth_goes_on_the_upgrade_as_a_header_or_a_query_parameter() {
    let server = DevServer::start_with(Config {
        api_gateway_token: Some("allow-me".to_owned()),
        ..Config::default()
    })
    .await
    .unwrap();
    let without = WebSocketClient::builder(server.api_gateway_url(), Protocol::ApiGateway)
        .build()
        .unwrap();
    match without.subscribe(&request()).started().await {
        Err(Error::Ws(
            err @ WsError::Refused {
                cause:
                    Disconnect::Handshake {
                        status: Some(401), ..
                    },
                ..
            },
        )) => {
            assert_eq!(err.status(), Some(401), "{err}");
            assert!(err.is_auth() && !err.is_retryable(), "{err}");
        }
        other => panic!("expected the refusal, got {other:?}"),
    }
    for client in [
        WebSocketClient::builder(server.api_gateway_url(), Protocol::ApiGateway)
            .header("Authorization", "allow-me")
            .build()
            .unwrap(),
        WebSocketClient::builder(server.api_gateway_url(), Protocol::ApiGateway)
            .query("token", "allow-me")
            .build()
            .unwrap(),
    ] {
        client.subscribe(&request()).started().await.unwrap();
    }
    assert_eq!(server.stats().api_gateway_connections(), 2);
}

#[tokio::test]
async fn the_keep_alive_message_keeps_an_idle_connection_open() {
    let server = DevServer::start_with(Config {
        api_gateway_idle_timeout: Some(Duration::from_millis(300)),
        ..Config::default()
    })
    .await
    .unwrap();
    let client = WebSocketClient::builder(server.api_gateway_url(), Protocol::ApiGateway)
        .keep_alive_message(Some(Duration::from_millis(100)), r#"{"type":"ka"}"#)
        .build()
        .unwrap();
    let mut events = client.subscribe(&request());
    events.started().await.unwrap();
    tokio::time::sleep(Duration::from_millis(1000)).await;
    assert_eq!(server.stats().api_gateway_connections(), 1);
    let subscription = recorded(&server, 1).await.remove(0);
    assert_eq!(publish(&server, &subscription, 1).await, 200);
    assert_eq!(next_countdown(&mut events).await, 1);
}

#[tokio::test]
async fn the_idle_close_and_the_hard_close_are_reconnections_not_errors() {
    for (idle, max) in [(300, 60_000), (60_000, 400)] {
        let server = DevServer::start_with(Config {
            api_gateway_idle_timeout: Some(Duration::from_millis(idle)),
            api_gateway_max_duration: Some(Duration::from_millis(max)),
            ..Config::default()
        })
        .await
        .unwrap();
        let client = WebSocketClient::builder(server.api_gateway_url(), Protocol::ApiGateway)
            // Keep-alives every 100 ms: only the hard close can end the second server's
            // connections; none at all for the first one's idle close.
            .keep_alive_message(
                (max < idle).then_some(Duration::from_millis(100)),
                r#"{"type":"ka"}"#,
            )
            .build()
            .unwrap();
        let mut events = client.subscribe(&request());
        events.started().await.unwrap();
        let first = recorded(&server, 1).await.remove(0);
        match tokio::time::timeout(WAIT, events.next()).await.unwrap() {
            Some(Ok(SubscriptionEvent::Reconnected)) => {}
            other => panic!("idle {idle} ms, max {max} ms: {other:?}"),
        }
        // Started again on a new connection: the backend knows it there.
        let again = recorded(&server, 1).await.remove(0);
        assert_ne!(again.connection_id, first.connection_id);
        assert_eq!(again.id, first.id);
        assert_eq!(publish(&server, &again, 2).await, 200);
        assert_eq!(next_countdown(&mut events).await, 2);
    }
}

#[tokio::test]
async fn messages_over_128_kb_are_refused_both_ways() {
    let server = DevServer::start().await.unwrap();
    let client = WebSocketClient::builder(server.api_gateway_url(), Protocol::ApiGateway)
        .build()
        .unwrap();
    assert_eq!(
        Protocol::ApiGateway.default_config().max_message_size,
        128 * 1024
    );
    let mut events = client.subscribe(&request());
    events.started().await.unwrap();
    let subscription = recorded(&server, 1).await.remove(0);
    let padding = "x".repeat(128 * 1024);
    let frame = serde_json::json!({"id": subscription.id, "type": "data",
        "payload": {"data": {"countdown": 1}, "extensions": {"padding": padding}}});
    assert_eq!(
        post(&server, &subscription.connection_id, frame.to_string()).await,
        413
    );

    // A client message over the limit: the gateway closes the connection (1009).
    struct Big;
    impl Operation for Big {
        type Variables = serde_json::Value;
        type Data = serde_json::Value;
        const KIND: typed_graphql::OperationKind = typed_graphql::OperationKind::Subscription;
        const NAME: &'static str = "Big";
        const DOCUMENT: &'static str = "subscription Big($pad: String) { countdown(from: 1) }";
    }
    impl typed_graphql::SubscriptionOperation for Big {}
    let big = WebSocketClient::builder(server.api_gateway_url(), Protocol::ApiGateway)
        .config(WsConfig {
            max_connect_attempts: 2,
            ..Protocol::ApiGateway.default_config()
        })
        .build()
        .unwrap();
    let mut refused = big.subscribe(&Big::request(
        serde_json::json!({ "pad": "y".repeat(200 * 1024) }),
    ));
    let mut end = None;
    while let Some(event) = tokio::time::timeout(WAIT, refused.next()).await.unwrap() {
        if let Err(err) = event {
            end = Some(err);
        }
    }
    match end {
        Some(Error::Ws(
            err @ WsError::Refused {
                cause: Disconnect::Closed { code: 1009, .. },
                ..
            },
        )) => assert_eq!(err.close_code(), Some(1009), "{err}"),
        other => panic!("expected the 1009 close, got {other:?}"),
    }
}
