//! Interop with independent GraphQL-over-WebSocket servers installed from package registries
//! and started on 127.0.0.1 by this test: the `graphql-ws` library's server
//! (`graphql-transport-ws`), Apollo's `subscriptions-transport-ws` server (legacy
//! `graphql-ws`), and strawberry-graphql speaking both. One table of servers, the same checks
//! for each. When an install fails the test fails under `CI`, and otherwise prints a loud
//! skip message.
#![cfg(feature = "websocket")]

mod peer;
mod todo_ops;

use std::time::Duration;

use futures::StreamExt;
use serde::{Deserialize, Serialize};
use todo_ops::{Countdown, CountdownData, CountdownVars};
use typed_graphql::websocket::{Protocol, WebSocketClient};
use typed_graphql::ws::{Subscription, SubscriptionEvent, WsConfig};
use typed_graphql::{Error, Executable, Operation, OperationKind, SubscriptionOperation};

const WAIT: Duration = Duration::from_secs(20);

/// A server of the table: how to start it and which protocol it speaks there.
struct Server {
    name: &'static str,
    tool: &'static str,
    program: &'static str,
    script: &'static str,
    protocol: Protocol,
    /// The `connection_ack` payload it sends.
    ack: Option<serde_json::Value>,
    /// Whether it runs queries and mutations on the socket (strawberry's legacy handler
    /// refuses them with an error).
    queries: bool,
}

const STRAWBERRY: (&str, &str, &str) = (
    "strawberry",
    ".tools/strawberry-venv/bin/python",
    "scripts/strawberry/server.py",
);

fn servers() -> Vec<Server> {
    let ack = |server: &str| Some(serde_json::json!({ "server": server }));
    vec![
        Server {
            name: "graphql-ws (npm)",
            tool: "ws-servers",
            program: "node",
            script: "scripts/ws-servers/graphql-ws.js",
            protocol: Protocol::GraphqlTransportWs,
            ack: ack("graphql-ws"),
            queries: true,
        },
        Server {
            name: "subscriptions-transport-ws (npm)",
            tool: "ws-servers",
            program: "node",
            script: "scripts/ws-servers/subscriptions-transport-ws.js",
            protocol: Protocol::LegacyGraphqlWs,
            ack: None,
            queries: true,
        },
        Server {
            name: "strawberry graphql-transport-ws",
            tool: STRAWBERRY.0,
            program: STRAWBERRY.1,
            script: STRAWBERRY.2,
            protocol: Protocol::GraphqlTransportWs,
            ack: ack("strawberry"),
            queries: true,
        },
        Server {
            name: "strawberry graphql-ws",
            tool: STRAWBERRY.0,
            program: STRAWBERRY.1,
            script: STRAWBERRY.2,
            protocol: Protocol::LegacyGraphqlWs,
            ack: ack("strawberry"),
            queries: false,
        },
    ]
}

/// What a check gets: the server's name, a client whose init payload it accepts, one whose
/// payload it refuses, and what the server is known to do.
struct Case {
    name: &'static str,
    client: WebSocketClient,
    refused: WebSocketClient,
    ack: Option<serde_json::Value>,
    queries: bool,
}

/// Runs `check` against every server of the table that could be installed.
async fn for_each_server<F, Fut>(check: F)
where
    F: Fn(Case) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    for server in servers() {
        let Some(peer) = peer::Peer::start(server.tool, server.program, server.script) else {
            continue;
        };
        let url = format!("ws://127.0.0.1:{}/graphql", peer.port());
        let config = WsConfig {
            reconnect_initial_delay: Duration::from_millis(20),
            ..server.protocol.default_config()
        };
        let build = |token: &str| {
            WebSocketClient::builder(&url, server.protocol)
                .init_payload(serde_json::json!({ "token": token }))
                .config(config.clone())
                .build()
                .unwrap()
        };
        let check = check(Case {
            name: server.name,
            client: build("ok"),
            refused: build("refuse"),
            ack: server.ack.clone(),
            queries: server.queries,
        });
        if tokio::time::timeout(Duration::from_secs(60), check)
            .await
            .is_err()
        {
            panic!(
                "{}: the check did not finish in 60 s\n{}",
                server.name,
                peer.logs()
            );
        }
    }
}

async fn all<D: serde::de::DeserializeOwned + std::fmt::Debug>(
    name: &str,
    events: &mut Subscription<D>,
) -> Vec<Result<SubscriptionEvent<D>, Error>> {
    let mut seen = Vec::new();
    while let Some(event) = tokio::time::timeout(WAIT, events.next())
        .await
        .unwrap_or_else(|_| panic!("{name}: nothing within {WAIT:?}; so far {seen:?}"))
    {
        seen.push(event);
    }
    seen
}

#[tokio::test]
async fn every_server_streams_typed_events_then_the_end_and_shows_its_ack_payload() {
    for_each_server(
        |Case {
             name, client, ack, ..
         }| async move {
            let mut events = client.subscribe(&Countdown::request(CountdownVars { from: 3 }));
            events.started().await.unwrap();
            let got: Vec<i32> = all(name, &mut events)
                .await
                .into_iter()
                .map(|event| match event {
                    Ok(SubscriptionEvent::Data(response)) => {
                        response.into_result().unwrap().countdown
                    }
                    other => panic!("{name}: {other:?}"),
                })
                .collect();
            assert_eq!(got, [3, 2, 1], "{name}");
            assert_eq!(client.ack_payload(), ack, "{name}");
        },
    )
    .await;
}

#[tokio::test]
async fn two_subscriptions_share_the_connection_and_one_failing_leaves_the_other() {
    struct Failing;
    #[derive(Debug, Deserialize)]
    struct FailingData {
        #[allow(dead_code)]
        failing: i32,
    }
    impl Operation for Failing {
        type Variables = ();
        type Data = FailingData;
        const KIND: OperationKind = OperationKind::Subscription;
        const NAME: &'static str = "Failing";
        const DOCUMENT: &'static str = "subscription Failing { failing }";
    }
    impl SubscriptionOperation for Failing {}
    for_each_server(|Case { name, client, .. }| async move {
        let mut good = client.subscribe(&Countdown::request(CountdownVars { from: 40 }));
        let mut bad = client.subscribe(&Failing::request(()));
        let failed = all(name, &mut bad).await;
        // The first event, then the failure reaches the user (as an `error` frame or as an
        // event carrying errors), never a silent end.
        let reported = failed.iter().any(|event| match event {
            Err(_) => true,
            Ok(SubscriptionEvent::Data(response)) => response.has_errors(),
            _ => false,
        });
        assert!(reported, "{name}: {failed:?}");
        let rest = all(name, &mut good).await;
        assert!(
            rest.len() >= 20 && rest.iter().all(Result::is_ok),
            "{name}: the other subscription was disturbed: {rest:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn queries_and_mutations_run_over_the_socket() {
    #[derive(Serialize)]
    struct HelloVars {
        name: String,
    }
    #[derive(Debug, Deserialize)]
    struct HelloData {
        hello: String,
    }
    struct Hello;
    impl Operation for Hello {
        type Variables = HelloVars;
        type Data = HelloData;
        const KIND: OperationKind = OperationKind::Query;
        const NAME: &'static str = "Hello";
        const DOCUMENT: &'static str = "query Hello($name: String) { hello(name: $name) }";
    }
    impl Executable for Hello {}
    for_each_server(
        |Case {
             name,
             client,
             queries,
             ..
         }| async move {
            let response = client
                .execute(&Hello::request(HelloVars {
                    name: "socket".to_owned(),
                }))
                .await;
            match response {
                Ok(response) if queries => {
                    assert_eq!(
                        response.into_result().unwrap().hello,
                        "Hello, socket!",
                        "{name}"
                    )
                }
                Err(Error::GraphQL(errors)) if !queries => {
                    assert!(
                        errors.to_string().contains("not allowed"),
                        "{name}: {errors}"
                    )
                }
                other => panic!("{name}: {other:?}"),
            }
            assert_eq!(client.subscriptions(), 0, "{name}");
        },
    )
    .await;
}

#[tokio::test]
async fn a_refused_init_payload_is_an_auth_error_not_a_reconnect_loop() {
    for_each_server(|Case { name, refused, .. }| async move {
        let mut events = refused.subscribe(&Countdown::request(CountdownVars { from: 3 }));
        match events.started().await {
            Err(Error::Ws(err)) => {
                assert!(err.is_auth(), "{name}: {err}");
                assert!(!err.is_retryable(), "{name}: {err}");
            }
            other => panic!("{name}: expected the refusal, got {other:?}"),
        }
        let rest: Vec<Result<SubscriptionEvent<CountdownData>, Error>> =
            all(name, &mut events).await;
        assert!(matches!(rest.as_slice(), [Err(_)]), "{name}: {rest:?}");
    })
    .await;
}
