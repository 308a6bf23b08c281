//! The AppSync realtime client on arbitrary server frames.
//!
//! 1. The codec: every line of the input, and the whole input, through `frames::decode` under
//!    every auth kind. It must not panic.
//! 2. The engine: a 127.0.0.1 WebSocket server plays the input's lines as text frames to a real
//!    `AppSyncClient` holding two subscriptions (with `$0`/`$1` replaced by the ids of the
//!    starts it received, so that scripts can address live subscriptions, and `!close`,
//!    `!binary`, `!ping` as socket actions), then closes. Short timeouts make acks, keep-alives
//!    and reconnects happen within milliseconds. Nothing may panic, and every subscription
//!    stream must end (the server is gone) within 10 s: a stream that never ends is a bug.
//!
//! The input's first byte picks the handshake placement and the auth kind named in errors.
#![no_main]

use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use futures::{SinkExt, StreamExt};
use libfuzzer_sys::fuzz_target;
use serde::{Deserialize, Serialize};
use tokio::net::TcpListener;
use tokio_tungstenite::tungstenite::Message;
use typed_graphql::appsync::auth::{AuthKind, AuthMode};
use typed_graphql::appsync::http::AppSyncClient;
use typed_graphql::appsync::realtime::{frames, AuthPlacement};
use typed_graphql::ws::WsConfig;
use typed_graphql::{Operation, OperationKind, SubscriptionOperation};

#[path = "../../tests/ws_server/mod.rs"]
mod ws_server;

const KINDS: [AuthKind; 5] = [
    AuthKind::ApiKey,
    AuthKind::CognitoUserPools,
    AuthKind::Oidc,
    AuthKind::Lambda,
    AuthKind::Iam,
];

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
}

#[derive(Serialize)]
struct NoVars {}

struct OnEvent;
impl Operation for OnEvent {
    type Variables = NoVars;
    type Data = OnEventData;
    const KIND: OperationKind = OperationKind::Subscription;
    const NAME: &'static str = "OnEvent";
    const DOCUMENT: &'static str = "subscription OnEvent { onEvent { n } }";
}
impl SubscriptionOperation for OnEvent {}

fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a Tokio runtime")
    })
}

/// Plays `script` on every connection it accepts (the first one gets it all; later ones,
/// i.e. reconnects, get what is left), then closes.
async fn serve(listener: TcpListener, script: Vec<String>) {
    let script = Arc::new(Mutex::new(script.into_iter()));
    while let Some(socket) = ws_server::accept(&listener).await {
        let (mut tx, mut rx) = socket.split();
        let ids: Arc<Mutex<Vec<String>>> = Arc::default();
        let seen = Arc::clone(&ids);
        // Reads the client's frames: the start ids the script may refer to.
        let reader = tokio::spawn(async move {
            while let Some(Ok(message)) = rx.next().await {
                if let Message::Text(text) = message {
                    let frame: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
                    if frame["type"] == "start" {
                        if let (Some(id), Ok(mut ids)) = (frame["id"].as_str(), seen.lock()) {
                            ids.push(id.to_owned());
                        }
                    }
                }
            }
        });
        loop {
            let line = match script.lock() {
                Ok(mut lines) => lines.next(),
                Err(_) => None,
            };
            let Some(line) = line else { break };
            let message = match line.as_str() {
                "!close" => break,
                "!binary" => Message::binary(vec![0u8, 159, 146, 150]),
                "!ping" => Message::Ping(vec![1u8, 2, 3].into()),
                "!wait" => {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
                text => {
                    let mut text = text.to_owned();
                    if let Ok(ids) = ids.lock() {
                        for (i, id) in ids.iter().enumerate() {
                            text = text.replace(&format!("${i}"), id);
                        }
                    }
                    Message::text(text)
                }
            };
            if tx.send(message).await.is_err() {
                break;
            }
            // Lets the client answer (starts after an ack) before the next frame.
            tokio::task::yield_now().await;
        }
        let _ = tx.close().await;
        reader.abort();
    }
}

fuzz_target!(|data: &[u8]| {
    let [choice, input @ ..] = data else {
        return;
    };
    let text = String::from_utf8_lossy(input);

    // 1. The codec alone.
    for kind in KINDS {
        let _ = frames::decode(&text, kind);
        for line in text.lines() {
            let _ = frames::decode(line, kind);
        }
    }

    // 2. The engine against a server playing the lines.
    let script: Vec<String> = text.lines().take(64).map(str::to_owned).collect();
    let placement = if choice & 1 == 0 {
        AuthPlacement::QueryString
    } else {
        AuthPlacement::Subprotocol
    };
    let auth = match (choice >> 1) % 3 {
        0 => AuthMode::api_key("da2-fuzz"),
        1 => AuthMode::cognito("eyJ.fuzz.jwt"),
        _ => AuthMode::lambda("fuzz-token"),
    };
    runtime().block_on(async move {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("address");
        let server = tokio::spawn(serve(listener, script));
        let client = AppSyncClient::builder(format!("http://{addr}/graphql"), auth)
            .realtime_url(format!("ws://{addr}/graphql/realtime"))
            .build()
            .expect("client");
        let realtime = client
            .realtime()
            .placement(placement)
            .config(WsConfig {
                ack_timeout: Duration::from_millis(100),
                start_ack_timeout: Duration::from_millis(100),
                keep_alive_timeout: Some(Duration::from_millis(150)),
                connect_timeout: Duration::from_millis(500),
                reconnect_initial_delay: Duration::from_millis(1),
                reconnect_max_delay: Duration::from_millis(5),
                max_connect_attempts: 2,
                ..WsConfig::default()
            })
            .build();
        let streams = [
            realtime.subscribe(&OnEvent::request(NoVars {})),
            realtime.subscribe(&OnEvent::request(NoVars {})),
        ];
        let drained = futures::future::join_all(streams.into_iter().map(|mut stream| async move {
            let mut items = 0usize;
            while stream.next().await.is_some() {
                items += 1;
                if items > 10_000 {
                    break;
                }
            }
        }));
        // The script ends within 64 frames; then every connection attempt fails at once.
        // Ack and keep-alive timeouts are 100-150 ms: 10 s means a stream never ends.
        if tokio::time::timeout(Duration::from_secs(10), drained)
            .await
            .is_err()
        {
            panic!("a subscription stream did not end within 10 s after the server went away");
        }
        server.abort();
    });
});
