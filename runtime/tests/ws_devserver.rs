//! The WebSocket client against the devserver's `/graphql/ws`, which is async-graphql's own
//! implementation of both `graphql-transport-ws` and legacy `graphql-ws`: every test runs for
//! both protocols.
#![cfg(all(feature = "websocket", feature = "appsync"))]

mod todo_ops;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use todo_ops::*;
use typed_graphql::websocket::{Protocol, WebSocketClient};
use typed_graphql::ws::{Disconnect, Subscription, SubscriptionEvent, WsConfig, WsError};
use typed_graphql::{Error, Operation};
use typed_graphql_devserver::{Config, DevServer};

const PROTOCOLS: [Protocol; 2] = [Protocol::GraphqlTransportWs, Protocol::LegacyGraphqlWs];

fn client(server: &DevServer, protocol: Protocol) -> WebSocketClient {
    WebSocketClient::builder(server.graphql_ws_url(), protocol)
        .build()
        .unwrap()
}

async fn countdowns<D: serde::de::DeserializeOwned + std::fmt::Debug>(
    events: &mut Subscription<D>,
) -> Vec<Result<SubscriptionEvent<D>, Error>> {
    let mut seen = Vec::new();
    while let Some(event) = tokio::time::timeout(WAIT, events.next())
        .await
        .expect("nothing within 10 s")
    {
        seen.push(event);
    }
    seen
}

#[tokio::test]
async fn every_protocol_delivers_typed_events_then_the_end() {
    let server = DevServer::start().await.unwrap();
    for protocol in PROTOCOLS {
        let client = client(&server, protocol);
        let mut events = client.subscribe(&Countdown::request(CountdownVars { from: 3 }));
        events.started().await.unwrap();
        let seen: Vec<i32> = countdowns(&mut events)
            .await
            .into_iter()
            .map(|event| match event {
                Ok(SubscriptionEvent::Data(response)) => response.into_result().unwrap().countdown,
                other => panic!("{protocol:?}: {other:?}"),
            })
            .collect();
        assert_eq!(seen, [3, 2, 1], "{protocol:?}");
    }
}

#[tokio::test]
async fn a_mutation_over_the_socket_reaches_a_subscription_on_the_same_connection() {
    let server = DevServer::start().await.unwrap();
    for (n, protocol) in PROTOCOLS.into_iter().enumerate() {
        let client = client(&server, protocol);
        let board_id = format!("b-ws-{n}");
        let mut events = client.subscribe(&OnAddTodo::request(board(&board_id)));
        events.started().await.unwrap();
        assert!(
            server
                .stats()
                .wait_for(WAIT, |_| server.todo_feed_listeners() == 1)
                .await,
            "{protocol:?}: the subscription never listened"
        );
        let added = client
            .execute(&AddTodo::request(AddTodoVars {
                input: AddTodoInput {
                    board_id: board_id.clone(),
                    title: "over the socket".to_owned(),
                },
            }))
            .await
            .unwrap()
            .into_result()
            .unwrap()
            .add_todo
            .unwrap();
        assert_eq!(added.board_id, board_id);
        match tokio::time::timeout(WAIT, events.next()).await.unwrap() {
            Some(Ok(SubscriptionEvent::Data(response))) => {
                assert_eq!(response.into_result().unwrap().on_add_todo, Some(added))
            }
            other => panic!("{protocol:?}: {other:?}"),
        }
        assert_eq!(client.subscriptions(), 1, "{protocol:?}");
        drop(events);
        assert!(
            server
                .stats()
                .wait_for(WAIT, |_| server.todo_feed_listeners() == 0)
                .await,
            "{protocol:?}: dropping the stream did not stop the subscription on the server"
        );
    }
    // One connection per client: the mutation shared the subscription's socket.
    assert_eq!(server.stats().graphql_ws_connections(), 2);
}

#[tokio::test]
async fn a_refused_init_payload_ends_the_subscription_at_once_and_a_fresh_one_is_asked_for_each_connection(
) {
    let server = DevServer::start_with(Config {
        ws_token: Some("good".to_owned()),
        ..Config::default()
    })
    .await
    .unwrap();
    for protocol in PROTOCOLS {
        let before = server.stats().graphql_ws_connections();
        let refused = WebSocketClient::builder(server.graphql_ws_url(), protocol)
            .init_payload(serde_json::json!({"token": "bad"}))
            .build()
            .unwrap();
        let mut events = refused.subscribe(&Countdown::request(CountdownVars { from: 3 }));
        let error = events.started().await.unwrap_err();
        match (protocol, &error) {
            // async-graphql refuses a `graphql-transport-ws` init with close code 1002.
            (
                Protocol::GraphqlTransportWs,
                Error::Ws(
                    err @ WsError::Refused {
                        cause: Disconnect::Closed { code: 1002, .. },
                        ..
                    },
                ),
            ) => {
                assert_eq!(err.close_code(), Some(1002), "{err}");
                assert!(!err.is_retryable(), "{err}");
            }
            (Protocol::LegacyGraphqlWs, Error::Ws(err @ WsError::InitRefused { .. })) => {
                assert!(err.to_string().contains("token is refused"), "{err}");
                assert!(err.is_auth());
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            tokio::time::timeout(WAIT, events.next()).await.unwrap(),
            Some(Err(_))
        ));
        // Not retried.
        assert_eq!(server.stats().graphql_ws_connections(), before + 1);

        let calls = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&calls);
        let accepted = WebSocketClient::builder(server.graphql_ws_url(), protocol)
            .init_payload_with(move || {
                counter.fetch_add(1, Ordering::SeqCst);
                async { Ok(Some(serde_json::json!({"token": "good"}))) }
            })
            .config(WsConfig {
                reconnect_initial_delay: Duration::from_millis(20),
                ..protocol.default_config()
            })
            .build()
            .unwrap();
        let mut events = accepted.subscribe(&OnAddTodo::request(board("b-init")));
        events.started().await.unwrap();
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        server.faults().drop_connections();
        match tokio::time::timeout(WAIT, events.next()).await.unwrap() {
            Some(Ok(SubscriptionEvent::Reconnected)) => {}
            other => panic!("{protocol:?}: {other:?}"),
        }
        assert_eq!(calls.load(Ordering::SeqCst), 2, "{protocol:?}");
    }
}

#[tokio::test]
async fn an_invalid_operation_is_answered_with_its_graphql_errors() {
    struct Bad;
    impl typed_graphql::Operation for Bad {
        type Variables = ();
        type Data = serde_json::Value;
        const KIND: typed_graphql::OperationKind = typed_graphql::OperationKind::Subscription;
        const NAME: &'static str = "Bad";
        const DOCUMENT: &'static str = "subscription Bad { noSuchField }";
    }
    impl typed_graphql::SubscriptionOperation for Bad {}
    let server = DevServer::start().await.unwrap();
    for protocol in PROTOCOLS {
        let mut events = client(&server, protocol).subscribe(&Bad::request(()));
        let seen = countdowns(&mut events).await;
        match seen.first() {
            Some(Ok(SubscriptionEvent::Data(response))) => {
                assert!(
                    response.errors[0].message.contains("noSuchField"),
                    "{protocol:?}: {response:?}"
                )
            }
            Some(Err(Error::GraphQL(errors))) => {
                assert!(errors.0[0].message.contains("noSuchField"), "{errors}")
            }
            other => panic!("{protocol:?}: {other:?}"),
        }
    }
}
