//! The realtime engine against scripted servers on 127.0.0.1 for what the devserver cannot do:
//! nothing listening, an upgrade refused with HTTP 401, an upgrade without the subprotocol, a
//! close code that refuses the connection, a server that never acknowledges the connection,
//! subscribing without a Tokio runtime, a server that acknowledges and drops at once, and the
//! retry states. (The other protocols' faults: `ws_faults.rs`.)
#![cfg(feature = "appsync")]

mod ws_server;

use std::io::{Read, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use futures::FutureExt;
use futures::{SinkExt, StreamExt};
use serde::{Deserialize, Serialize};
use tokio_tungstenite::tungstenite::Message;
use typed_graphql::appsync::auth::{AuthError, AuthKind, AuthMode};
use typed_graphql::appsync::http::AppSyncClient;
use typed_graphql::appsync::realtime::{AppSyncSubscription, SubscriptionEvent};
use typed_graphql::ws::{ConnectionState, Disconnect, WsConfig, WsError};
use typed_graphql::{Error, Operation, OperationKind, SubscriptionOperation};

#[derive(Debug, Deserialize)]
struct Data {
    countdown: i64,
}

#[derive(Serialize)]
struct Vars {
    from: i64,
}

struct Countdown;
impl Operation for Countdown {
    type Variables = Vars;
    type Data = Data;
    const KIND: OperationKind = OperationKind::Subscription;
    const NAME: &'static str = "Countdown";
    const DOCUMENT: &'static str = "subscription Countdown($from: Int!) { countdown(from: $from) }";
}
impl SubscriptionOperation for Countdown {}

fn fast(attempts: u32) -> WsConfig {
    WsConfig {
        ack_timeout: Duration::from_millis(200),
        reconnect_initial_delay: Duration::from_millis(20),
        reconnect_max_delay: Duration::from_millis(50),
        max_connect_attempts: attempts,
        ..WsConfig::default()
    }
}

fn client(port: u16) -> AppSyncClient {
    AppSyncClient::builder(
        format!("http://127.0.0.1:{port}/graphql"),
        AuthMode::api_key("da2-scripted"),
    )
    .build()
    .unwrap()
}

async fn first(
    stream: &mut AppSyncSubscription<Data>,
) -> Option<Result<SubscriptionEvent<Data>, Error>> {
    tokio::time::timeout(Duration::from_secs(10), stream.next())
        .await
        .expect("nothing within 10 s")
}

#[tokio::test]
async fn nothing_listening_ends_after_the_configured_attempts() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let realtime = client(port).realtime().config(fast(3)).build();
    let mut events = realtime.subscribe(&Countdown::request(Vars { from: 3 }));
    match first(&mut events).await {
        Some(Err(Error::Ws(err @ WsError::Connect { attempts: 3, .. }))) => {
            assert_eq!(refused_tcp(err.cause()), Ok(()), "{err}");
            let shown = err.to_string();
            assert!(shown.contains("after 3 attempt(s)"), "{shown}");
            assert!(!shown.contains("da2-scripted"), "{shown}");
            // The URL shown has no query: the handshake's auth object is not in it.
            assert!(!shown.contains("header="), "{shown}");
        }
        other => panic!("expected a connect error, got {other:?}"),
    }
    assert!(first(&mut events).await.is_none());
}

/// Whether `cause` is a refused TCP connection (nothing listening).
fn refused_tcp(cause: Option<&Disconnect>) -> Result<(), String> {
    match cause {
        Some(Disconnect::Transport {
            io: Some(std::io::ErrorKind::ConnectionRefused),
            ..
        }) => Ok(()),
        other => Err(format!("expected a refused TCP connection, got {other:?}")),
    }
}

#[tokio::test]
async fn an_upgrade_refused_with_401_is_not_retried() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&accepted);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            counter.fetch_add(1, Ordering::SeqCst);
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            let body = r#"{"errors":[{"errorType":"UnauthorizedException"}]}"#;
            let _ = write!(
                stream,
                "HTTP/1.1 401 Unauthorized\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    let realtime = client(port).realtime().config(fast(5)).build();
    let mut events = realtime.subscribe(&Countdown::request(Vars { from: 3 }));
    match first(&mut events).await {
        Some(Err(Error::Auth(
            err @ AuthError::Rejected {
                kind: AuthKind::ApiKey,
                status: Some(401),
                ..
            },
        ))) => {
            let shown = err.to_string();
            assert!(shown.contains("UnauthorizedException"), "{shown}");
            assert!(shown.to_lowercase().contains("api key"), "{shown}");
            assert!(!shown.contains("da2-scripted"), "{shown}");
        }
        other => panic!("expected the auth rejection, got {other:?}"),
    }
    assert!(first(&mut events).await.is_none());
    assert_eq!(accepted.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn an_upgrade_without_the_subprotocol_is_refused_with_a_hint_and_not_retried() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&accepted);
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
            // A plain WebSocket server: it accepts the upgrade but picks no subprotocol.
            tokio::spawn(async move {
                let Ok(mut socket) = tokio_tungstenite::accept_async(tcp).await else {
                    return;
                };
                while let Some(Ok(_)) = socket.next().await {}
            });
        }
    });
    let realtime = client(port).realtime().config(fast(5)).build();
    let mut events = realtime.subscribe(&Countdown::request(Vars { from: 3 }));
    match first(&mut events).await {
        Some(Err(Error::Ws(
            err @ WsError::Refused {
                cause: Disconnect::Handshake { status: None, .. },
                ..
            },
        ))) => {
            let shown = err.to_string();
            assert!(shown.contains("subprotocol"), "{shown}");
            assert!(shown.contains("check that the URL"), "{shown}");
        }
        other => panic!("expected a refused handshake, got {other:?}"),
    }
    assert!(first(&mut events).await.is_none());
    assert_eq!(accepted.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_connection_never_acknowledged_times_out_and_is_retried() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let inits = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&inits);
    tokio::spawn(async move {
        while let Some(mut socket) = ws_server::accept(&listener).await {
            let counter = Arc::clone(&counter);
            tokio::spawn(async move {
                // Reads connection_init, answers with keep-alives and noise, never an ack.
                while let Some(Ok(message)) = socket.next().await {
                    if let Message::Text(text) = message {
                        if text.contains("connection_init") {
                            counter.fetch_add(1, Ordering::SeqCst);
                            let _ = socket.send(Message::text(r#"{"type":"ka"}"#)).await;
                            let _ = socket.send(Message::binary(vec![0u8, 1, 2])).await;
                        }
                    }
                }
            });
        }
    });
    let realtime = client(port).realtime().config(fast(2)).build();
    let mut events = realtime.subscribe(&Countdown::request(Vars { from: 3 }));
    match first(&mut events).await {
        Some(Err(Error::Ws(WsError::AckTimeout(limit)))) => {
            assert_eq!(limit, Duration::from_millis(200))
        }
        other => panic!("expected an ack timeout, got {other:?}"),
    }
    assert_eq!(inits.load(Ordering::SeqCst), 2);
}

#[test]
fn subscribing_without_a_runtime_is_an_error_not_a_panic() {
    let client = client(9);
    let mut events = client.subscribe(&Countdown::request(Vars { from: 1 }));
    // Polled afterwards on a runtime: the subscription was made without one.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let item = runtime.block_on(events.next());
    assert!(
        matches!(item, Some(Err(Error::Ws(WsError::NoRuntime)))),
        "{item:?}"
    );
    assert!(runtime.block_on(events.next()).is_none());
}

#[tokio::test]
async fn a_lost_connection_that_cannot_be_reopened_ends_the_subscription() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        // One connection: acknowledged, the start acknowledged, one event, then the TCP
        // connection is dropped and the listener with it, so reconnecting is refused.
        let Some(mut socket) = ws_server::accept(&listener).await else {
            return;
        };
        drop(listener);
        while let Some(Ok(message)) = socket.next().await {
            let Message::Text(text) = message else {
                continue;
            };
            let frame: serde_json::Value = serde_json::from_str(text.as_str()).unwrap();
            match frame["type"].as_str() {
                Some("connection_init") => {
                    let ack =
                        r#"{"type":"connection_ack","payload":{"connectionTimeoutMs":300000}}"#;
                    socket.send(Message::text(ack)).await.unwrap();
                }
                Some("start") => {
                    let id = frame["id"].as_str().unwrap();
                    let ack = serde_json::json!({"type": "start_ack", "id": id});
                    socket.send(Message::text(ack.to_string())).await.unwrap();
                    let data = serde_json::json!({"type": "data", "id": id,
                        "payload": {"data": {"countdown": 3}}});
                    socket.send(Message::text(data.to_string())).await.unwrap();
                    return;
                }
                _ => {}
            }
        }
    });
    let realtime = client(port).realtime().config(fast(3)).build();
    let mut events = realtime.subscribe(&Countdown::request(Vars { from: 3 }));
    match first(&mut events).await {
        Some(Ok(SubscriptionEvent::Data(response))) => {
            assert_eq!(response.into_result().unwrap().countdown, 3)
        }
        other => panic!("expected the event, got {other:?}"),
    }
    match first(&mut events).await {
        Some(Err(Error::Ws(
            err @ WsError::ConnectionLost {
                reconnect: Some(_), ..
            },
        ))) => {
            // Lost without a close frame (or reset), then reopening was refused.
            assert!(
                matches!(
                    err.cause(),
                    Some(Disconnect::Ended | Disconnect::Transport { .. })
                ),
                "{err:?}"
            );
            let WsError::ConnectionLost {
                reconnect: Some(reconnect),
                ..
            } = &err
            else {
                unreachable!()
            };
            match &**reconnect {
                Error::Ws(last @ WsError::Connect { attempts: 3, .. }) => {
                    assert_eq!(refused_tcp(last.cause()), Ok(()), "{last}")
                }
                other => panic!("expected the failed reconnection, got {other:?}"),
            }
            let shown = err.to_string();
            assert!(shown.contains("could not be reopened"), "{shown}");
            assert!(shown.contains("after 3 attempt(s)"), "{shown}");
        }
        other => panic!("expected the lost connection, got {other:?}"),
    }
    assert!(first(&mut events).await.is_none());
    assert!(!realtime.is_connected());
}

/// Accepts upgrades (agreeing to `graphql-ws`, which the realtime client asks for), then runs
/// `script` on each socket.
async fn scripted<F, Fut>(script: F) -> (u16, Arc<AtomicUsize>)
where
    F: Fn(ws_server::Socket) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&accepted);
    tokio::spawn(async move {
        while let Some(socket) = ws_server::accept(&listener).await {
            counter.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(script(socket));
        }
    });
    (port, accepted)
}

#[tokio::test]
async fn a_close_code_that_refuses_the_connection_is_not_retried_and_has_a_hint() {
    use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
    use tokio_tungstenite::tungstenite::protocol::CloseFrame;
    let (port, accepted) = scripted(|mut socket| async move {
        // Reads connection_init, then closes with 4401 (graphql-transport-ws: unauthorized).
        let _ = socket.next().await;
        let _ = socket
            .close(Some(CloseFrame {
                code: CloseCode::from(4401),
                reason: "Unauthorized".into(),
            }))
            .await;
        while let Some(Ok(_)) = socket.next().await {}
    })
    .await;
    let realtime = client(port).realtime().config(fast(5)).build();
    let mut events = realtime.subscribe(&Countdown::request(Vars { from: 3 }));
    match first(&mut events).await {
        Some(Err(Error::Ws(
            err @ WsError::Refused {
                cause: Disconnect::Closed { code: 4401, .. },
                ..
            },
        ))) => {
            assert!(
                matches!(err.cause(), Some(Disconnect::Closed { reason, .. }) if reason == "Unauthorized"),
                "{err:?}"
            );
            assert!(err.is_auth(), "{err}");
            let shown = err.to_string();
            assert!(shown.contains("check them"), "{shown}");
            assert!(shown.contains("Unauthorized"), "{shown}");
        }
        other => panic!("expected a refused connection, got {other:?}"),
    }
    assert!(first(&mut events).await.is_none());
    assert_eq!(accepted.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_server_that_acknowledges_and_drops_at_once_is_retried_with_growing_delays_then_given_up()
{
    // Acknowledges every connection, then drops it without a close frame.
    let (port, accepted) = scripted(|mut socket| async move {
        while let Some(Ok(message)) = socket.next().await {
            if matches!(&message, Message::Text(t) if t.contains("connection_init")) {
                let ack = r#"{"type":"connection_ack","payload":{"connectionTimeoutMs":300000}}"#;
                let _ = socket.send(Message::text(ack)).await;
                return;
            }
        }
    })
    .await;
    let config = WsConfig {
        reconnect_initial_delay: Duration::from_millis(40),
        reconnect_max_delay: Duration::from_secs(1),
        stable_after: Duration::from_secs(5),
        max_connect_attempts: 4,
        ..WsConfig::default()
    };
    let realtime = client(port).realtime().config(config).build();
    let mut states = realtime.connection_states();
    let began = std::time::Instant::now();
    let mut events = realtime.subscribe(&Countdown::request(Vars { from: 3 }));
    let mut end = None;
    while let Some(event) = first(&mut events).await {
        if let Err(err) = event {
            end = Some(err);
        }
    }
    // Dropped without a close frame: the socket ended (or was reset, if the start frame
    // was still unread).
    match end {
        Some(Error::Ws(
            err @ WsError::ConnectionLost {
                cause: Disconnect::Ended | Disconnect::Transport { .. },
                ..
            },
        )) => assert!(err.is_retryable()),
        other => panic!("expected the lost connection, got {other:?}"),
    }
    // Four short-lived connections in a row, each counted as a failed attempt: the waits in
    // between grew (40 ms, 80 ms, 160 ms, less at most a quarter of jitter) instead of
    // restarting at the first delay.
    assert_eq!(accepted.load(Ordering::SeqCst), 4);
    assert!(
        began.elapsed() >= Duration::from_millis(210),
        "{:?}",
        began.elapsed()
    );
    let mut seen = Vec::new();
    while let Some(Some(state)) = states.next().now_or_never() {
        seen.push(state);
    }
    assert!(
        matches!(seen.last(), Some(ConnectionState::Closed)),
        "{seen:?}"
    );
    assert!(
        seen.iter().any(|s| matches!(
            s,
            ConnectionState::Failed { error }
                if matches!(&**error, Error::Ws(WsError::ConnectionLost { .. }))
        )),
        "{seen:?}"
    );
    assert!(
        seen.iter().any(|s| matches!(
            s,
            ConnectionState::Disrupted {
                cause: Disconnect::Ended | Disconnect::Transport { .. }
            }
        )),
        "{seen:?}"
    );
}

#[tokio::test]
async fn every_failed_attempt_is_a_retrying_state_with_its_number_and_typed_error() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let realtime = client(port).realtime().config(fast(3)).build();
    let mut states = realtime.connection_states();
    let _events = realtime.subscribe(&Countdown::request(Vars { from: 3 }));
    let mut attempts = Vec::new();
    loop {
        let state = tokio::time::timeout(Duration::from_secs(10), states.next())
            .await
            .expect("no state within 10 s")
            .expect("the state stream ended");
        match state {
            ConnectionState::Retrying { attempt, error, .. } => {
                match &*error {
                    Error::Ws(err @ WsError::Connect { .. }) => {
                        assert_eq!(refused_tcp(err.cause()), Ok(()), "{err}")
                    }
                    other => panic!("{other:?}"),
                }
                attempts.push(attempt);
            }
            ConnectionState::Failed { error } => {
                assert!(
                    matches!(&*error, Error::Ws(WsError::Connect { attempts: 3, .. })),
                    "{error:?}"
                );
                break;
            }
            _ => {}
        }
    }
    assert_eq!(attempts, [1, 2]);
}
