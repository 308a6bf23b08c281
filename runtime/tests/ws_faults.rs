//! One table of faults, run for every WebSocket protocol variant (`graphql-transport-ws`,
//! legacy `graphql-ws`, API Gateway) against a scripted server on 127.0.0.1 that speaks the
//! variant's frames and misbehaves on cue: close codes, a dropped TCP connection, missed
//! pongs and `ka`, no acknowledgement, an error on one of two subscriptions, refused auth,
//! garbage frames, an oversized message, and reconnection with a fresh init payload.
#![cfg(feature = "websocket")]

mod todo_ops;
mod ws_server;

use std::sync::atomic::{AtomicU16, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use futures::{SinkExt, StreamExt};
use serde_json::{json, Value};
use todo_ops::{Countdown, CountdownData, CountdownVars};
use tokio::net::TcpStream;
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::WebSocketStream;
use typed_graphql::websocket::{Protocol, WebSocketClient, WebSocketClientBuilder};
use typed_graphql::ws::{
    ConnectionState, Disconnect, Subscription, SubscriptionEvent, TimeoutKind, WsConfig, WsError,
};
use typed_graphql::{Error, Operation};

/// Every variant each fault runs for.
const PROTOCOLS: [Protocol; 3] = [
    Protocol::GraphqlTransportWs,
    Protocol::LegacyGraphqlWs,
    Protocol::ApiGateway,
];

const WAIT: Duration = Duration::from_secs(10);

/// A server whose connections the test drives one by one.
struct FaultServer {
    port: u16,
    protocol: Protocol,
    connections: mpsc::UnboundedReceiver<Conn>,
    accepted: Arc<AtomicUsize>,
    /// Refuse upgrades with this HTTP status (0: accept).
    refuse_with: Arc<AtomicU16>,
}

impl FaultServer {
    async fn start(protocol: Protocol) -> FaultServer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let (tx, connections) = mpsc::unbounded_channel();
        let accepted = Arc::new(AtomicUsize::new(0));
        let refuse_with = Arc::new(AtomicU16::new(0));
        let (counter, refusal) = (Arc::clone(&accepted), Arc::clone(&refuse_with));
        tokio::spawn(async move {
            while let Ok((tcp, _)) = listener.accept().await {
                counter.fetch_add(1, Ordering::SeqCst);
                let (tx, refusal) = (tx.clone(), Arc::clone(&refusal));
                tokio::spawn(async move {
                    // Agrees to the subprotocol the client asks for (API Gateway: none).
                    let refuse_with = match refusal.load(Ordering::SeqCst) {
                        0 => None,
                        status => Some(status),
                    };
                    if let Some(socket) = ws_server::upgrade(tcp, refuse_with).await {
                        let _ = tx.send(Conn {
                            socket,
                            protocol,
                            answer_pings: true,
                        });
                    }
                });
            }
        });
        FaultServer {
            port,
            protocol,
            connections,
            accepted,
            refuse_with,
        }
    }

    /// A client for this server with fast timings.
    fn client(&self) -> WebSocketClientBuilder {
        WebSocketClient::builder(
            format!("ws://127.0.0.1:{}/graphql", self.port),
            self.protocol,
        )
        .config(fast(self.protocol))
    }

    /// The next connection the client opens.
    async fn next(&mut self) -> Conn {
        tokio::time::timeout(WAIT, self.connections.recv())
            .await
            .expect("no connection within 10 s")
            .expect("the server stopped")
    }

    /// The next connection, acknowledged, with its first subscription's id.
    async fn next_started(&mut self) -> (Conn, String) {
        let mut conn = self.next().await;
        conn.handshake().await;
        let id = conn.start().await;
        (conn, id)
    }

    fn accepted(&self) -> usize {
        self.accepted.load(Ordering::SeqCst)
    }
}

fn fast(protocol: Protocol) -> WsConfig {
    WsConfig {
        ack_timeout: Duration::from_millis(300),
        reconnect_initial_delay: Duration::from_millis(20),
        reconnect_max_delay: Duration::from_millis(50),
        max_connect_attempts: 4,
        ..protocol.default_config()
    }
}

/// One server-side connection.
struct Conn {
    socket: WebSocketStream<TcpStream>,
    protocol: Protocol,
    /// Answer the client's `ping` with `pong` (`graphql-transport-ws`).
    answer_pings: bool,
}

impl Conn {
    /// The client's next frame as JSON, answering (or ignoring) pings and skipping
    /// keep-alive messages; `None` once the client closed.
    async fn recv(&mut self) -> Option<Value> {
        loop {
            let message = tokio::time::timeout(WAIT, self.socket.next())
                .await
                .expect("the client sent nothing within 10 s");
            let text = match message {
                Some(Ok(Message::Text(text))) => text,
                Some(Ok(Message::Close(_))) | Some(Err(_)) | None => return None,
                Some(Ok(_)) => continue,
            };
            let frame: Value = serde_json::from_str(text.as_str()).expect("the client sent JSON");
            match frame["type"].as_str() {
                Some("ping") => {
                    if self.answer_pings {
                        self.send(json!({"type": "pong"})).await;
                    }
                }
                Some("ka" | "pong") => {}
                _ => return Some(frame),
            }
        }
    }

    /// The client's next frame, which must be of type `kind`.
    async fn expect(&mut self, kind: &str) -> Value {
        let frame = self.recv().await;
        match &frame {
            Some(frame) if frame["type"] == kind => frame.clone(),
            other => panic!("expected `{kind}`, got {other:?}"),
        }
    }

    /// Reads `connection_init`, acknowledges it; its payload.
    async fn handshake(&mut self) -> Value {
        let init = self.expect("connection_init").await;
        self.send(json!({"type": "connection_ack"})).await;
        init["payload"].clone()
    }

    /// Reads the next subscription's start; its id.
    async fn start(&mut self) -> String {
        let kind = match self.protocol {
            Protocol::GraphqlTransportWs => "subscribe",
            _ => "start",
        };
        let start = self.expect(kind).await;
        assert!(start["payload"]["query"].is_string(), "{start}");
        start["id"].as_str().unwrap().to_owned()
    }

    async fn send(&mut self, frame: Value) {
        self.send_text(frame.to_string()).await;
    }

    async fn send_text(&mut self, text: impl Into<String>) {
        let _ = self.socket.send(Message::text(text.into())).await;
    }

    /// A countdown event for subscription `id`.
    async fn event(&mut self, id: &str, n: i32) {
        let kind = match self.protocol {
            Protocol::GraphqlTransportWs => "next",
            _ => "data",
        };
        self.send(json!({"type": kind, "id": id, "payload": {"data": {"countdown": n}}}))
            .await;
    }

    /// Ends subscription `id` with an error, in the protocol's shape.
    async fn error(&mut self, id: &str, message: &str) {
        let payload = match self.protocol {
            Protocol::GraphqlTransportWs => json!([{ "message": message }]),
            _ => json!({ "message": message }),
        };
        self.send(json!({"type": "error", "id": id, "payload": payload}))
            .await;
    }

    /// The stop of subscription `id` (`complete` or `stop`).
    async fn expect_stop(&mut self, id: &str) {
        let kind = match self.protocol {
            Protocol::GraphqlTransportWs => "complete",
            _ => "stop",
        };
        let stop = self.expect(kind).await;
        assert_eq!(stop["id"], id);
    }

    async fn close(mut self, code: u16) {
        let frame = CloseFrame {
            code: CloseCode::from(code),
            reason: "scripted".into(),
        };
        let _ = self.socket.send(Message::Close(Some(frame))).await;
        // Until the client answers the close.
        while let Ok(Some(Ok(_))) = tokio::time::timeout(WAIT, self.socket.next()).await {}
    }
}

fn countdown() -> typed_graphql::Request<Countdown> {
    Countdown::request(CountdownVars { from: 3 })
}

type Item = Result<SubscriptionEvent<CountdownData>, Error>;

async fn next(events: &mut Subscription<CountdownData>) -> Option<Item> {
    tokio::time::timeout(WAIT, events.next())
        .await
        .expect("the subscription yielded nothing within 10 s")
}

async fn next_number(protocol: Protocol, events: &mut Subscription<CountdownData>) -> i32 {
    match next(events).await {
        Some(Ok(SubscriptionEvent::Data(response))) => response.into_result().unwrap().countdown,
        other => panic!("{protocol:?}: expected an event, got {other:?}"),
    }
}

/// After a reconnection: sends event `n` on the new connection; the stream must say
/// `Reconnected`, then yield it.
async fn resumed(conn: &mut Conn, id: &str, events: &mut Subscription<CountdownData>, n: i32) {
    conn.event(id, n).await;
    let notice = next(events).await;
    assert!(
        matches!(notice, Some(Ok(SubscriptionEvent::Reconnected))),
        "{:?}: expected Reconnected, got {notice:?}",
        conn.protocol
    );
    assert_eq!(next_number(conn.protocol, events).await, n);
}

/// The cause of the next `Disrupted` state.
async fn disrupted(states: &mut typed_graphql::ws::ConnectionStates) -> Disconnect {
    loop {
        let state = tokio::time::timeout(WAIT, states.next())
            .await
            .expect("no state within 10 s")
            .expect("the state stream ended");
        if let ConnectionState::Disrupted { cause } = state {
            return cause;
        }
    }
}

/// The stream's final error (reading past notices); panics if it ends without one.
async fn final_error(protocol: Protocol, events: &mut Subscription<CountdownData>) -> Error {
    let mut last = None;
    while let Some(item) = next(events).await {
        if let Err(err) = item {
            last = Some(err);
        }
    }
    last.unwrap_or_else(|| panic!("{protocol:?}: the stream ended without an error"))
}

#[tokio::test]
async fn each_close_code_is_retried_or_ends_the_subscription_as_the_protocol_says() {
    // (code, connections the client opens in all): retried codes reconnect (and get the
    // event on the new connection); fatal ones end at once; 4403 and 4408 get a few attempts.
    let table: &[(u16, Option<usize>)] = &[
        (1001, None),
        (1011, None),
        (1012, None),
        (4400, Some(1)),
        (4401, Some(1)),
        (4403, Some(3)),
        (4406, Some(1)),
        (4408, Some(3)),
        (4409, Some(1)),
        (4429, Some(1)),
        (4500, Some(1)),
    ];
    for protocol in PROTOCOLS {
        for &(code, fatal_after) in table {
            let mut server = FaultServer::start(protocol).await;
            let client = server.client().build().unwrap();
            let mut states = client.connection_states();
            let mut events = client.subscribe(&countdown());
            let (conn, _) = server.next_started().await;
            conn.close(code).await;
            match fatal_after {
                None => {
                    match disrupted(&mut states).await {
                        Disconnect::Closed { code: got, reason } => {
                            assert_eq!((got, reason.as_str()), (code, "scripted"), "{protocol:?}")
                        }
                        other => panic!("{protocol:?} {code}: {other:?}"),
                    }
                    let (mut conn, id) = server.next_started().await;
                    resumed(&mut conn, &id, &mut events, 7).await;
                }
                Some(connections) => {
                    // Each further connection is closed the same way.
                    for _ in 1..connections {
                        let (conn, _) = server.next_started().await;
                        conn.close(code).await;
                    }
                    match final_error(protocol, &mut events).await {
                        Error::Ws(
                            err @ WsError::Refused {
                                cause: Disconnect::Closed { code: got, .. },
                                ..
                            },
                        ) => {
                            assert_eq!(got, code, "{protocol:?}: {err}");
                            assert_eq!(err.close_code(), Some(code), "{protocol:?}: {err}");
                            assert!(!err.is_retryable(), "{protocol:?}: {err}");
                            assert_eq!(
                                err.is_auth(),
                                matches!(code, 4401 | 4403),
                                "{protocol:?}: {err}"
                            );
                        }
                        other => panic!("{protocol:?} {code}: {other:?}"),
                    }
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    assert_eq!(server.accepted(), connections, "{protocol:?} {code}");
                }
            }
        }
    }
}

#[tokio::test]
async fn a_dropped_tcp_connection_is_a_reconnection_and_a_resubscription() {
    for protocol in PROTOCOLS {
        let mut server = FaultServer::start(protocol).await;
        let client = server.client().build().unwrap();
        let mut states = client.connection_states();
        let mut events = client.subscribe(&countdown());
        let (mut conn, id) = server.next_started().await;
        conn.event(&id, 3).await;
        assert_eq!(next_number(protocol, &mut events).await, 3);
        drop(conn);
        let (mut conn, again) = server.next_started().await;
        resumed(&mut conn, &again, &mut events, 2).await;
        let mut seen = Vec::new();
        while let Ok(Some(state)) =
            tokio::time::timeout(Duration::from_millis(50), states.next()).await
        {
            seen.push(state);
        }
        assert!(
            matches!(
                seen.as_slice(),
                [
                    ConnectionState::Closed,
                    ConnectionState::Connecting,
                    ConnectionState::Connected,
                    ConnectionState::Disrupted { .. },
                    ConnectionState::Reconnected
                ]
            ),
            "{protocol:?}: {seen:?}"
        );
    }
}

#[tokio::test]
async fn missed_pongs_or_keep_alives_count_as_a_lost_connection() {
    for protocol in PROTOCOLS {
        let mut server = FaultServer::start(protocol).await;
        let config = WsConfig {
            ping_interval: Some(Duration::from_millis(50)),
            keep_alive_timeout: Some(Duration::from_millis(200)),
            ..fast(protocol)
        };
        let client = server.client().config(config).build().unwrap();
        let mut events = client.subscribe(&countdown());
        let mut conn = server.next().await;
        // Silent: no `pong`, no `ka`.
        conn.answer_pings = false;
        conn.handshake().await;
        conn.start().await;
        let mut states = client.connection_states();
        let silent = tokio::spawn(async move { while conn.recv().await.is_some() {} });
        match disrupted(&mut states).await {
            Disconnect::Timeout {
                what: TimeoutKind::KeepAlive,
                limit,
            } => assert_eq!(limit, Duration::from_millis(200), "{protocol:?}"),
            other => panic!("{protocol:?}: {other:?}"),
        }
        silent.abort();
        // A new connection that keeps answering stays up past several windows.
        let (mut conn, id) = server.next_started().await;
        let talker = tokio::spawn(async move {
            let keep_alive = tokio::time::sleep(Duration::from_millis(600));
            tokio::pin!(keep_alive);
            loop {
                tokio::select! {
                    frame = conn.recv() => if frame.is_none() { return conn },
                    // The legacy variants' server keep-alive.
                    _ = tokio::time::sleep(Duration::from_millis(50)) => {
                        conn.send(json!({"type": "ka"})).await
                    }
                    _ = &mut keep_alive => return conn,
                }
            }
        });
        let mut conn = talker.await.unwrap();
        resumed(&mut conn, &id, &mut events, 1).await;
        assert_eq!(server.accepted(), 2, "{protocol:?}");
    }
}

#[tokio::test]
async fn no_acknowledgement_is_retried_with_retrying_states_then_ends_with_the_timeout() {
    for protocol in PROTOCOLS {
        let mut server = FaultServer::start(protocol).await;
        let client = server.client().build().unwrap();
        let mut states = client.connection_states();
        let mut events = client.subscribe(&countdown());
        let mut held = Vec::new();
        for _ in 0..4 {
            let mut conn = server.next().await;
            conn.expect("connection_init").await;
            held.push(conn);
        }
        match final_error(protocol, &mut events).await {
            Error::Ws(WsError::AckTimeout(limit)) => {
                assert_eq!(limit, fast(protocol).ack_timeout, "{protocol:?}")
            }
            other => panic!("{protocol:?}: {other:?}"),
        }
        let mut attempts = Vec::new();
        while let Ok(Some(state)) =
            tokio::time::timeout(Duration::from_millis(50), states.next()).await
        {
            if let ConnectionState::Retrying { attempt, error, .. } = state {
                assert!(
                    matches!(&*error, Error::Ws(WsError::AckTimeout(_))),
                    "{protocol:?}: {error}"
                );
                attempts.push(attempt);
            }
        }
        assert_eq!(attempts, [1, 2, 3], "{protocol:?}");
    }
}

#[tokio::test]
async fn an_error_on_one_of_two_subscriptions_ends_only_that_one() {
    for protocol in PROTOCOLS {
        let mut server = FaultServer::start(protocol).await;
        let client = server.client().build().unwrap();
        let mut first = client.subscribe(&countdown());
        let (mut conn, a) = server.next_started().await;
        let mut second = client.subscribe(&countdown());
        let b = conn.start().await;
        conn.error(&a, "denied for this one").await;
        conn.event(&b, 5).await;
        match next(&mut first).await {
            Some(Err(Error::GraphQL(errors))) => {
                assert_eq!(errors.0[0].message, "denied for this one", "{protocol:?}")
            }
            other => panic!("{protocol:?}: {other:?}"),
        }
        assert!(next(&mut first).await.is_none());
        assert_eq!(next_number(protocol, &mut second).await, 5);
        // Dropping the other stream stops it on the server.
        drop(second);
        conn.expect_stop(&b).await;
    }
}

#[tokio::test]
async fn refused_auth_is_an_auth_error_without_a_reconnect_loop() {
    for protocol in PROTOCOLS {
        // On the upgrade (API Gateway's `$connect`, any gateway in front of a server).
        let server = FaultServer::start(protocol).await;
        server.refuse_with.store(401, Ordering::SeqCst);
        let mut events = server.client().build().unwrap().subscribe(&countdown());
        match final_error(protocol, &mut events).await {
            Error::Ws(
                err @ WsError::Refused {
                    cause:
                        Disconnect::Handshake {
                            status: Some(401), ..
                        },
                    ..
                },
            ) => {
                assert_eq!(err.status(), Some(401), "{protocol:?}: {err}");
                assert!(err.is_auth() && !err.is_retryable(), "{protocol:?}: {err}");
            }
            other => panic!("{protocol:?}: {other:?}"),
        }
        assert_eq!(server.accepted(), 1, "{protocol:?}");

        // In `connection_init`: 4401 for graphql-transport-ws, `connection_error` for legacy.
        let mut server = FaultServer::start(protocol).await;
        let mut events = server.client().build().unwrap().subscribe(&countdown());
        let mut conn = server.next().await;
        conn.expect("connection_init").await;
        match protocol {
            Protocol::GraphqlTransportWs => conn.close(4401).await,
            _ => {
                conn.send(json!({"type": "connection_error", "payload": {"message": "bad token"}}))
                    .await
            }
        }
        let err = match (protocol, final_error(protocol, &mut events).await) {
            (
                Protocol::GraphqlTransportWs,
                Error::Ws(
                    err @ WsError::Refused {
                        cause: Disconnect::Closed { code: 4401, .. },
                        ..
                    },
                ),
            ) => err,
            (_, Error::Ws(err @ WsError::InitRefused { .. })) => err,
            (_, other) => panic!("{protocol:?}: {other:?}"),
        };
        assert!(err.is_auth() && !err.is_retryable(), "{protocol:?}: {err}");
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert_eq!(server.accepted(), 1, "{protocol:?}");
    }
}

#[tokio::test]
async fn garbage_frames_are_ignored_and_the_stream_goes_on() {
    for protocol in PROTOCOLS {
        let mut server = FaultServer::start(protocol).await;
        let client = server.client().build().unwrap();
        let mut events = client.subscribe(&countdown());
        let (mut conn, id) = server.next_started().await;
        for garbage in [
            "not json".to_owned(),
            "[1,2,3]".to_owned(),
            r#"{"type":"no-such-type","id":"x"}"#.to_owned(),
            json!({"type": "next", "id": "unknown-id", "payload": {"data": {"countdown": 0}}})
                .to_string(),
            json!({"type": "data", "id": "unknown-id", "payload": {"data": {"countdown": 0}}})
                .to_string(),
            json!({"type": "next", "id": id, "payload": "not an object"}).to_string(),
            json!({"type": "data", "id": id}).to_string(),
            json!({"type": "complete"}).to_string(),
            "{\"type\":\"next\",\"id\":".to_owned(),
        ] {
            conn.send_text(garbage).await;
        }
        let _ = conn.socket.send(Message::binary(vec![0xff, 0, 1])).await;
        conn.event(&id, 4).await;
        assert_eq!(next_number(protocol, &mut events).await, 4);
        // A payload of the wrong shape for the operation: a decode error for that event only.
        conn.send(
            json!({"type": if protocol == Protocol::GraphqlTransportWs { "next" } else { "data" },
            "id": id, "payload": {"data": {"countdown": "three"}}}),
        )
        .await;
        match next(&mut events).await {
            Some(Err(Error::Decode(err))) => assert!(err.path.contains("countdown"), "{err}"),
            other => panic!("{protocol:?}: {other:?}"),
        }
        conn.event(&id, 3).await;
        assert_eq!(next_number(protocol, &mut events).await, 3);
        assert_eq!(server.accepted(), 1, "{protocol:?}");
    }
}

#[tokio::test]
async fn a_message_over_the_size_limit_fails_the_connection_not_the_process() {
    for protocol in PROTOCOLS {
        let mut server = FaultServer::start(protocol).await;
        let config = WsConfig {
            max_message_size: 4096,
            ..fast(protocol)
        };
        let client = server.client().config(config).build().unwrap();
        let mut states = client.connection_states();
        let mut events = client.subscribe(&countdown());
        let (mut conn, id) = server.next_started().await;
        conn.send_text(format!(
            r#"{{"type":"next","id":"{id}","payload":{{"data":{{"countdown":1}},"pad":"{}"}}}}"#,
            "x".repeat(8192)
        ))
        .await;
        let cause = disrupted(&mut states).await;
        assert_eq!(
            cause,
            Disconnect::MessageTooLarge { limit: 4096 },
            "{protocol:?}"
        );
        assert!(cause.to_string().contains("4096-byte limit"), "{cause}");
        let (mut conn, again) = server.next_started().await;
        resumed(&mut conn, &again, &mut events, 2).await;
    }
}

#[tokio::test]
async fn a_reconnection_asks_for_a_fresh_init_payload_and_resubscribes() {
    for protocol in PROTOCOLS {
        let mut server = FaultServer::start(protocol).await;
        let calls = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&calls);
        let client = server
            .client()
            .init_payload_with(move || {
                let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
                async move { Ok(Some(json!({ "token": format!("token-{n}") }))) }
            })
            .build()
            .unwrap();
        let mut events = client.subscribe(&countdown());
        let mut conn = server.next().await;
        assert_eq!(conn.handshake().await, json!({"token": "token-1"}));
        let id = conn.start().await;
        conn.close(1012).await;
        let mut conn = server.next().await;
        assert_eq!(conn.handshake().await, json!({"token": "token-2"}));
        assert_eq!(
            conn.start().await,
            id,
            "{protocol:?}: the same subscription id"
        );
        resumed(&mut conn, &id, &mut events, 1).await;
        // The last stream gone: the stop, then (legacy) `connection_terminate`.
        drop(events);
        conn.expect_stop(&id).await;
        if protocol != Protocol::GraphqlTransportWs {
            conn.expect("connection_terminate").await;
        }
    }
}

#[tokio::test]
async fn graphql_transport_ws_answers_the_servers_ping_and_sends_its_own() {
    let mut server = FaultServer::start(Protocol::GraphqlTransportWs).await;
    let config = WsConfig {
        ping_interval: Some(Duration::from_millis(30)),
        ..fast(Protocol::GraphqlTransportWs)
    };
    let client = server.client().config(config).build().unwrap();
    let _events = client.subscribe(&countdown());
    let (mut conn, _) = server.next_started().await;
    conn.send(json!({"type": "ping", "payload": {"from": "server"}}))
        .await;
    let (mut pongs, mut pings) = (0, 0);
    while pongs == 0 || pings == 0 {
        let message = tokio::time::timeout(WAIT, conn.socket.next())
            .await
            .unwrap();
        let Some(Ok(Message::Text(text))) = message else {
            panic!("{message:?}")
        };
        let frame: Value = serde_json::from_str(text.as_str()).unwrap();
        match frame["type"].as_str() {
            Some("pong") => pongs += 1,
            Some("ping") => pings += 1,
            other => panic!("{other:?}"),
        }
    }
}
