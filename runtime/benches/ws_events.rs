//! WebSocket subscription throughput for every protocol, and AppSync memory, against a tiny
//! tokio-tungstenite server in this binary on 127.0.0.1 (its upgrade is the tests'
//! `tests/ws_server`, which the fuzz target shares too) that speaks each protocol
//! (`connection_init`/`connection_ack`, the start (`start`, or `subscribe` for
//! `graphql-transport-ws`; AppSync's answered with `start_ack`), then event frames (`data`, or
//! `next`) as fast as the socket takes them).
//!
//! For each protocol (`appsync`, `graphql_transport_ws`, `legacy_graphql_ws`, `api_gateway`):
//! - `ws_events/<protocol>/typed_graphql_subscribe`: the client's `subscribe` (AppSync's
//!   `RealtimeClient`, else `WebSocketClient`) receiving 20,000 small events on one
//!   connection, each decoded into a typed `Response<Data>` (the subscription's buffer raised
//!   to hold them all, so that none is dropped).
//! - `ws_events/<protocol>/raw_tungstenite_floor` (baseline): a bare tokio-tungstenite client
//!   doing the same handshake and reading the same frames, decoding each with one
//!   `serde_json::from_str` into a typed frame struct: no engine, no multiplexing, no checks.
//! - Memory per live idle subscription: the process's resident set (`/proc/self/statm`) with
//!   1,000 subscriptions acknowledged on one connection and again with 11,000, divided by the
//!   10,000 in between. It is an upper bound: the server's transient buffers live in the same
//!   process. (A counting global allocator would need `unsafe impl GlobalAlloc`, which this
//!   project does not allow.) Printed before the criterion runs, Linux only.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{black_box, criterion_group, Criterion, Throughput};
use futures::{SinkExt, StreamExt};
use serde::{Deserialize, Serialize};
use tokio::net::TcpListener;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::Message;
use typed_graphql::appsync::auth::AuthMode;
use typed_graphql::appsync::http::AppSyncClient;
use typed_graphql::appsync::realtime::RealtimeClient;
use typed_graphql::websocket::{Protocol, WebSocketClient};
use typed_graphql::ws::{Subscription, SubscriptionEvent, WsConfig};
use typed_graphql::{Operation, OperationKind, Response, SubscriptionOperation};

#[path = "../tests/ws_server/mod.rs"]
mod ws_server;

const EVENTS: usize = 20_000;
const KEY: &str = "da2-bench-key";

// Hand-written stand-ins for what the `#[graphql]` macro generates.

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
#[serde(rename_all = "camelCase")]
struct OnEventData {
    on_event: Option<Event>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Event {
    n: i64,
    label: String,
}

#[derive(Serialize)]
struct CountVars {
    count: usize,
}

struct OnEvent;
impl Operation for OnEvent {
    type Variables = CountVars;
    type Data = OnEventData;
    const KIND: OperationKind = OperationKind::Subscription;
    const NAME: &'static str = "OnEvent";
    const DOCUMENT: &'static str =
        "subscription OnEvent($count: Int!) { onEvent(count: $count) { n label } }";
}
impl SubscriptionOperation for OnEvent {}

/// The baseline's view of a frame: typed in one pass.
#[derive(Deserialize)]
#[allow(dead_code)]
struct RawFrame {
    #[serde(rename = "type")]
    kind: String,
    id: Option<String>,
    payload: Option<Response<OnEventData>>,
}

/// The server: acks the connection, answers each start (with `start_ack` for AppSync's) and
/// then sends `variables.count` event frames for it. `acked` counts starts answered. It
/// speaks the protocol the client asks for: `graphql-transport-ws` by its subprotocol (agreed
/// in [`ws_server::upgrade`]), AppSync by its start (the request as a string in
/// `payload.data`).
async fn serve(listener: TcpListener, acked: Arc<AtomicUsize>) {
    while let Some(socket) = ws_server::accept(&listener).await {
        let acked = Arc::clone(&acked);
        tokio::spawn(async move {
            let (mut tx, mut rx) = socket.split();
            while let Some(Ok(message)) = rx.next().await {
                let Message::Text(text) = message else {
                    continue;
                };
                let Ok(frame) = serde_json::from_str::<serde_json::Value>(&text) else {
                    continue;
                };
                let kind = frame["type"].as_str().unwrap_or_default();
                if kind == "connection_init" {
                    let ack =
                        r#"{"type":"connection_ack","payload":{"connectionTimeoutMs":300000}}"#;
                    if tx.send(Message::text(ack)).await.is_err() {
                        return;
                    }
                    continue;
                }
                if kind != "start" && kind != "subscribe" {
                    continue;
                }
                let id = frame["id"].as_str().unwrap_or_default().to_owned();
                let payload = &frame["payload"];
                // AppSync's start carries the request as a string.
                let appsync = payload["data"].as_str();
                let variables = match appsync {
                    Some(data) => serde_json::from_str::<serde_json::Value>(data)
                        .map(|data| data["variables"].clone())
                        .unwrap_or_default(),
                    None => payload["variables"].clone(),
                };
                let count = variables["count"].as_u64().unwrap_or(0);
                if appsync.is_some() {
                    let ack = format!(r#"{{"type":"start_ack","id":"{id}"}}"#);
                    if tx.send(Message::text(ack)).await.is_err() {
                        return;
                    }
                }
                acked.fetch_add(1, Ordering::Relaxed);
                let event = if kind == "subscribe" { "next" } else { "data" };
                for n in 0..count {
                    let data = format!(
                        r#"{{"type":"{event}","id":"{id}","payload":{{"data":{{"onEvent":{{"n":{n},"label":"event"}}}}}}}}"#
                    );
                    if tx.feed(Message::text(data)).await.is_err() {
                        return;
                    }
                }
                if tx.flush().await.is_err() {
                    return;
                }
            }
        });
    }
}

struct Bench {
    runtime: tokio::runtime::Runtime,
    addr: SocketAddr,
    acked: Arc<AtomicUsize>,
}

fn start_server(runtime: tokio::runtime::Runtime) -> Bench {
    let acked = Arc::new(AtomicUsize::new(0));
    let listener = runtime
        .block_on(TcpListener::bind("127.0.0.1:0"))
        .expect("bind 127.0.0.1");
    let addr = listener.local_addr().expect("local address");
    runtime.spawn(serve(listener, Arc::clone(&acked)));
    Bench {
        runtime,
        addr,
        acked,
    }
}

fn client(addr: SocketAddr) -> AppSyncClient {
    AppSyncClient::builder(format!("http://{addr}/graphql"), AuthMode::api_key(KEY))
        .realtime_url(format!("ws://{addr}/graphql/realtime"))
        .build()
        .expect("client")
}

/// A client under test: AppSync's realtime client or the WebSocket client.
enum TypedClient {
    AppSync(RealtimeClient),
    WebSocket(WebSocketClient),
}

impl TypedClient {
    fn subscribe(&self) -> Subscription<OnEventData> {
        let request = OnEvent::request(CountVars { count: EVENTS });
        match self {
            TypedClient::AppSync(client) => client.subscribe(&request),
            TypedClient::WebSocket(client) => client.subscribe(&request),
        }
    }
}

/// One run of the client under test: subscribe, take `EVENTS` typed events, drop.
async fn typed_graphql_run(client: &TypedClient) {
    let mut events = client.subscribe();
    let mut seen = 0;
    while seen < EVENTS {
        match events.next().await {
            Some(Ok(SubscriptionEvent::Data(response))) => {
                black_box(response);
                seen += 1;
            }
            Some(Ok(SubscriptionEvent::Reconnected)) => {}
            Some(Ok(SubscriptionEvent::Lagged { missed })) => {
                panic!("the typed stream fell behind the socket and {missed} events were dropped")
            }
            other => panic!("the bench server's stream broke: {other:?}"),
        }
    }
}

/// The protocols benched: a name, the subprotocol the floor asks for, its start frame for
/// `request` (the serialised `{query, variables}`), and the event frames' type.
struct Variant {
    name: &'static str,
    subprotocol: Option<&'static str>,
    start: fn(&str) -> String,
    event: &'static str,
}

const VARIANTS: [Variant; 4] = [
    Variant {
        name: "appsync",
        subprotocol: Some("graphql-ws"),
        start: |request| {
            serde_json::json!({
                "id": "raw-1",
                "type": "start",
                "payload": {"data": request, "extensions": {"authorization": {"x-api-key": KEY}}},
            })
            .to_string()
        },
        event: "data",
    },
    Variant {
        name: "graphql_transport_ws",
        subprotocol: Some("graphql-transport-ws"),
        start: |request| format!(r#"{{"id":"raw-1","type":"subscribe","payload":{request}}}"#),
        event: "next",
    },
    Variant {
        name: "legacy_graphql_ws",
        subprotocol: Some("graphql-ws"),
        start: |request| format!(r#"{{"id":"raw-1","type":"start","payload":{request}}}"#),
        event: "data",
    },
    Variant {
        name: "api_gateway",
        subprotocol: None,
        start: |request| format!(r#"{{"id":"raw-1","type":"start","payload":{request}}}"#),
        event: "data",
    },
];

/// The floor: the same exchange with a bare socket and one typed decode per frame.
async fn raw_run(addr: SocketAddr, variant: &Variant) {
    let mut request = format!("ws://{addr}/graphql/realtime")
        .into_client_request()
        .expect("request");
    if let Some(subprotocol) = variant.subprotocol {
        request.headers_mut().insert(
            "sec-websocket-protocol",
            HeaderValue::from_static(subprotocol),
        );
    }
    let (mut socket, _) = tokio_tungstenite::connect_async(request)
        .await
        .expect("connect");
    socket
        .send(Message::text(r#"{"type":"connection_init"}"#))
        .await
        .expect("init");
    let data = serde_json::to_string(&serde_json::json!({
        "query": OnEvent::DOCUMENT,
        "variables": {"count": EVENTS},
    }))
    .expect("data");
    socket
        .send(Message::text((variant.start)(&data)))
        .await
        .expect("start");
    let mut seen = 0;
    while seen < EVENTS {
        let Some(Ok(Message::Text(text))) = socket.next().await else {
            panic!("the bench server's socket broke");
        };
        let frame: RawFrame = serde_json::from_str(&text).expect("a frame");
        if frame.kind == variant.event {
            black_box(frame);
            seen += 1;
        }
    }
    let _ = socket.close(None).await;
}

fn events_per_second(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let bench = start_server(runtime);
    // The server floods 20,000 events as fast as the socket takes them, faster than one
    // consumer decodes them: with the default buffer (1,024 unread events) the oldest would be
    // dropped (`Lagged`). Measured here is throughput with nothing dropped.
    let config = |base: WsConfig| WsConfig {
        subscription_buffer: EVENTS,
        ..base
    };
    let url = format!("ws://{}/graphql/realtime", bench.addr);
    let websocket = |protocol: Protocol| {
        let client = WebSocketClient::builder(&url, protocol)
            .config(config(protocol.default_config()))
            .build()
            .expect("client");
        TypedClient::WebSocket(client)
    };
    let clients = [
        TypedClient::AppSync(
            client(bench.addr)
                .realtime()
                .config(config(WsConfig::default()))
                .build(),
        ),
        websocket(Protocol::GraphqlTransportWs),
        websocket(Protocol::LegacyGraphqlWs),
        websocket(Protocol::ApiGateway),
    ];
    for (variant, client) in VARIANTS.iter().zip(&clients) {
        let mut group = c.benchmark_group(format!("ws_events/{}", variant.name));
        group.throughput(Throughput::Elements(EVENTS as u64));
        group.sample_size(10);
        group.bench_function("raw_tungstenite_floor", |b| {
            b.iter_custom(|iters| {
                let started = Instant::now();
                for _ in 0..iters {
                    bench.runtime.block_on(raw_run(bench.addr, variant));
                }
                started.elapsed()
            })
        });
        group.bench_function("typed_graphql_subscribe", |b| {
            b.iter_custom(|iters| {
                let started = Instant::now();
                for _ in 0..iters {
                    bench.runtime.block_on(typed_graphql_run(client));
                }
                started.elapsed()
            })
        });
        group.finish();
    }
}

/// Resident set size in bytes, from `/proc/self/statm` (Linux).
fn rss() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

/// Memory per live idle subscription (see the module docs); `None` off Linux.
fn memory_per_subscription() -> Option<f64> {
    const BASE: usize = 1_000;
    const MORE: usize = 10_000;
    // One thread: one malloc arena, so freed transient buffers are reused rather than spread
    // over per-thread arenas.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let bench = start_server(runtime);
    // One connection past AppSync's 100 (the bench server has no limit), to measure the
    // client's per-subscription state in bulk.
    let client = client(bench.addr)
        .realtime()
        .config(WsConfig {
            max_subscriptions: BASE + MORE,
            ..WsConfig::default()
        })
        .build();
    let wait_acked = |n: usize| {
        bench.runtime.block_on(async {
            let deadline = Instant::now() + Duration::from_secs(120);
            while bench.acked.load(Ordering::Relaxed) < n {
                assert!(Instant::now() < deadline, "the server acked too few starts");
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            // Let the client read the last acknowledgements.
            tokio::time::sleep(Duration::from_millis(200)).await;
        })
    };
    let subscribe = |n: usize| {
        let _guard = bench.runtime.enter();
        (0..n)
            .map(|_| client.subscribe(&OnEvent::request(CountVars { count: 0 })))
            .collect::<Vec<_>>()
    };
    let mut live = subscribe(BASE);
    wait_acked(BASE);
    let before = rss()?;
    live.extend(subscribe(MORE));
    wait_acked(BASE + MORE);
    let after = rss()?;
    drop(live);
    Some(after.saturating_sub(before) as f64 / MORE as f64)
}

criterion_group!(benches, events_per_second);

fn main() {
    match memory_per_subscription() {
        Some(bytes) => println!(
            "ws_events/memory_per_idle_appsync_subscription: {bytes:.0} B ({:.2} KiB) per live \
             subscription (RSS delta over 10,000 subscriptions on one connection, upper bound)",
            bytes / 1024.0
        ),
        None => println!("ws_events/memory_per_idle_appsync_subscription: needs /proc (Linux)"),
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
