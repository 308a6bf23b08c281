//! AppSync realtime throughput and memory, against a tiny tokio-tungstenite server in this
//! binary on 127.0.0.1 that speaks AppSync's protocol (`connection_init`/`connection_ack`,
//! `start`/`start_ack`, then `data` frames as fast as the socket takes them).
//!
//! - `appsync_events/typed_graphql_subscribe`: `RealtimeClient::subscribe` receiving 20,000
//!   small events on one connection, each decoded into a typed `Response<Data>` (the
//!   subscription's buffer raised to hold them all, so that none is dropped).
//! - `appsync_events/raw_tungstenite_floor` (baseline): a bare tokio-tungstenite client doing
//!   the same handshake and reading the same frames, decoding each with one
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
use tokio_tungstenite::tungstenite::handshake::server::{Request, Response as UpgradeResponse};
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::Message;
use typed_graphql::appsync::auth::AuthMode;
use typed_graphql::appsync::http::AppSyncClient;
use typed_graphql::appsync::realtime::{RealtimeClient, SubscriptionEvent};
use typed_graphql::ws::WsConfig;
use typed_graphql::{Operation, OperationKind, Response, SubscriptionOperation};

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

/// The server: acks the connection, acks each start and then sends `variables.count` data
/// frames for it. `acked` counts start_acks sent.
async fn serve(listener: TcpListener, acked: Arc<AtomicUsize>) {
    loop {
        let Ok((tcp, _)) = listener.accept().await else {
            continue;
        };
        let _ = tcp.set_nodelay(true);
        let acked = Arc::clone(&acked);
        tokio::spawn(async move {
            // tungstenite's callback signature, not ours.
            #[allow(clippy::result_large_err)]
            let choose = |_: &Request, mut response: UpgradeResponse| {
                response.headers_mut().insert(
                    "sec-websocket-protocol",
                    HeaderValue::from_static("graphql-ws"),
                );
                Ok(response)
            };
            let Ok(socket) = tokio_tungstenite::accept_hdr_async(tcp, choose).await else {
                return;
            };
            let (mut tx, mut rx) = socket.split();
            while let Some(Ok(message)) = rx.next().await {
                let Message::Text(text) = message else {
                    continue;
                };
                let Ok(frame) = serde_json::from_str::<serde_json::Value>(&text) else {
                    continue;
                };
                match frame["type"].as_str() {
                    Some("connection_init") => {
                        let ack =
                            r#"{"type":"connection_ack","payload":{"connectionTimeoutMs":300000}}"#;
                        if tx.send(Message::text(ack)).await.is_err() {
                            return;
                        }
                    }
                    Some("start") => {
                        let id = frame["id"].as_str().unwrap_or_default().to_owned();
                        let count = frame["payload"]["data"]
                            .as_str()
                            .and_then(|data| serde_json::from_str::<serde_json::Value>(data).ok())
                            .and_then(|data| data["variables"]["count"].as_u64())
                            .unwrap_or(0);
                        let ack = format!(r#"{{"type":"start_ack","id":"{id}"}}"#);
                        if tx.send(Message::text(ack)).await.is_err() {
                            return;
                        }
                        acked.fetch_add(1, Ordering::Relaxed);
                        for n in 0..count {
                            let data = format!(
                                r#"{{"type":"data","id":"{id}","payload":{{"data":{{"onEvent":{{"n":{n},"label":"event"}}}}}}}}"#
                            );
                            if tx.feed(Message::text(data)).await.is_err() {
                                return;
                            }
                        }
                        if tx.flush().await.is_err() {
                            return;
                        }
                    }
                    _ => {}
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

/// One run of the client under test: subscribe, take `EVENTS` typed events, drop.
async fn typed_graphql_run(client: &RealtimeClient) {
    let mut events = client.subscribe(&OnEvent::request(CountVars { count: EVENTS }));
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

/// The floor: the same exchange with a bare socket and one typed decode per frame.
async fn raw_run(addr: SocketAddr) {
    let mut request = format!("ws://{addr}/graphql/realtime")
        .into_client_request()
        .expect("request");
    request.headers_mut().insert(
        "sec-websocket-protocol",
        HeaderValue::from_static("graphql-ws"),
    );
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
    let start = serde_json::json!({
        "id": "raw-1",
        "type": "start",
        "payload": {"data": data, "extensions": {"authorization": {"x-api-key": KEY}}},
    });
    socket
        .send(Message::text(start.to_string()))
        .await
        .expect("start");
    let mut seen = 0;
    while seen < EVENTS {
        let Some(Ok(Message::Text(text))) = socket.next().await else {
            panic!("the bench server's socket broke");
        };
        let frame: RawFrame = serde_json::from_str(&text).expect("a frame");
        if frame.kind == "data" {
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
    let client = client(bench.addr)
        .realtime()
        .config(WsConfig {
            subscription_buffer: EVENTS,
            ..WsConfig::default()
        })
        .build();
    let mut group = c.benchmark_group("appsync_events");
    group.throughput(Throughput::Elements(EVENTS as u64));
    group.sample_size(10);
    group.bench_function("raw_tungstenite_floor", |b| {
        b.iter_custom(|iters| {
            let started = Instant::now();
            for _ in 0..iters {
                bench.runtime.block_on(raw_run(bench.addr));
            }
            started.elapsed()
        })
    });
    group.bench_function("typed_graphql_subscribe", |b| {
        b.iter_custom(|iters| {
            let started = Instant::now();
            for _ in 0..iters {
                bench.runtime.block_on(typed_graphql_run(&client));
            }
            started.elapsed()
        })
    });
    group.finish();
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
            "appsync_events/memory_per_idle_subscription: {bytes:.0} B ({:.2} KiB) per live \
             subscription (RSS delta over 10,000 subscriptions on one connection, upper bound)",
            bytes / 1024.0
        ),
        None => println!("appsync_events/memory_per_idle_subscription: needs /proc (Linux)"),
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
