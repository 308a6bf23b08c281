//! An emulation of an AWS API Gateway WebSocket API with a GraphQL backend in the style of
//! "GraphQL Subscriptions over AWS API Gateway Web Sockets": the gateway's behaviour, and a
//! `$default` route speaking the legacy `graphql-ws` protocol the way such a Lambda does.
//!
//! The gateway:
//! - echoes no `Sec-WebSocket-Protocol` (a `$connect` integration that returns none), so a
//!   client that requests a subprotocol fails the handshake, as browsers do;
//! - decides auth on the upgrade (`$connect`): with [`Config::api_gateway_token`] set, the
//!   upgrade must carry it as `Authorization` or as the `token` query parameter, else 401;
//! - closes a connection idle (no message either way) for
//!   [`Config::api_gateway_idle_timeout`] (10 minutes by default) and every connection after
//!   [`Config::api_gateway_max_duration`] (2 hours by default), with close code 1001;
//! - refuses messages over 128 KB: close code 1009 (the 32 KB frame limit is not emulated);
//! - pushes backend messages through its management API: `POST /apigw/@connections/{id}`
//!   sends the body to connection `id` as one text frame (410 when the connection is gone,
//!   413 over 128 KB); `DELETE` closes it; `GET` describes it.
//!
//! The backend (`$default`): `connection_init` -> `connection_ack`; `start` records the
//! subscription ([`DevServer::api_gateway_subscriptions`](crate::DevServer)) without
//! answering, as the article's Lambda stores it in DynamoDB; `stop` -> `complete`;
//! `connection_terminate` closes; anything else is ignored. Events reach subscribers only
//! through the management API, as a publishing Lambda sends them.
//!
//! The fault switches that act on every connection apply here too
//! ([`Faults::close_connections`](crate::Faults), [`Faults::drop_connections`](crate::Faults),
//! [`Faults::send_raw`](crate::Faults)).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Path, Query, State};
use axum::http::header::AUTHORIZATION;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};
use tokio::sync::mpsc;
use tokio::time::{sleep_until, Instant};

use crate::appsync::realtime::next_command;
use crate::graphql_ws::fault_message;
use crate::server::App;

/// API Gateway's largest message, both ways.
pub const MAX_MESSAGE: usize = 128 * 1024;
/// What the socket reads at most: past the limit, so that a message over it is answered with
/// API Gateway's close rather than a dropped connection.
const READ_LIMIT: usize = 4 * MAX_MESSAGE;

/// A subscription the emulated backend recorded from a `start` message.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiGatewaySubscription {
    /// The connection it came on: where to `POST` its events.
    pub connection_id: String,
    /// The client's operation id (the `id` its `data` messages must carry).
    pub id: String,
    /// The operation document.
    pub query: String,
    /// The operation's variables (`null` when none).
    pub variables: Value,
}

/// The open connections, by id.
#[derive(Default)]
pub(crate) struct Gateway {
    next: AtomicU64,
    connections: Mutex<HashMap<String, Connection>>,
}

struct Connection {
    tx: mpsc::UnboundedSender<Outgoing>,
    subscriptions: Vec<ApiGatewaySubscription>,
    opened: std::time::SystemTime,
}

enum Outgoing {
    Frame(String),
    Close,
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Gateway {
    pub(crate) fn subscriptions(&self) -> Vec<ApiGatewaySubscription> {
        let connections = lock(&self.connections);
        let mut all: Vec<_> = connections
            .values()
            .flat_map(|c| c.subscriptions.iter().cloned())
            .collect();
        all.sort_by(|a, b| (&a.connection_id, &a.id).cmp(&(&b.connection_id, &b.id)));
        all
    }

    pub(crate) fn open(&self) -> usize {
        lock(&self.connections).len()
    }

    pub(crate) fn publish(&self, id: &str, message: String) -> bool {
        self.send(id, Outgoing::Frame(message))
    }

    fn send(&self, id: &str, message: Outgoing) -> bool {
        lock(&self.connections)
            .get(id)
            .is_some_and(|c| c.tx.send(message).is_ok())
    }
}

/// `GET /apigw`: `$connect`.
pub(crate) async fn upgrade(
    State(app): State<Arc<App>>,
    Query(params): Query<HashMap<String, String>>,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> Response {
    if let Some(token) = &app.config.api_gateway_token {
        let header = headers.get(AUTHORIZATION).and_then(|v| v.to_str().ok());
        let query = params.get("token").map(String::as_str);
        if header != Some(token.as_str()) && query != Some(token.as_str()) {
            return (
                StatusCode::UNAUTHORIZED,
                [(axum::http::header::CONTENT_TYPE, "application/json")],
                r#"{"message":"Unauthorized"}"#,
            )
                .into_response();
        }
    }
    app.stats
        .api_gateway_connections
        .fetch_add(1, Ordering::SeqCst);
    // No `.protocols(..)`: the answer carries no Sec-WebSocket-Protocol, whatever was asked.
    ws.max_message_size(READ_LIMIT)
        .max_frame_size(READ_LIMIT)
        .on_upgrade(move |socket| connection(app, socket))
}

async fn connection(app: Arc<App>, mut socket: WebSocket) {
    let gateway = &app.gateway;
    let id = format!("conn-{}=", gateway.next.fetch_add(1, Ordering::SeqCst));
    let (tx, mut rx) = mpsc::unbounded_channel();
    lock(&gateway.connections).insert(
        id.clone(),
        Connection {
            tx,
            subscriptions: Vec::new(),
            opened: std::time::SystemTime::now(),
        },
    );
    let idle = app.config.api_gateway_idle_timeout();
    let hard_close = Instant::now() + app.config.api_gateway_max_duration();
    let mut last_active = Instant::now();
    let mut dropper = app.faults.drop_signal();
    dropper.borrow_and_update();
    let mut shutdown = app.shutdown.clone();
    let mut commands = app.faults.commands();
    let going_away = || {
        Message::Close(Some(CloseFrame {
            code: 1001,
            reason: "Going away".into(),
        }))
    };
    loop {
        let outgoing = tokio::select! {
            incoming = socket.recv() => match incoming {
                Some(Ok(Message::Text(text))) if text.len() > MAX_MESSAGE => {
                    Message::Close(Some(CloseFrame {
                        code: 1009,
                        reason: "Message too big".into(),
                    }))
                }
                Some(Ok(Message::Text(text))) => {
                    last_active = Instant::now();
                    match backend(&app, &id, text.as_str()) {
                        Reply::Nothing => continue,
                        Reply::Frame(frame) => Message::Text(frame.into()),
                        Reply::Close => Message::Close(None),
                    }
                }
                Some(Ok(_)) => {
                    last_active = Instant::now();
                    continue;
                }
                Some(Err(_)) | None => break,
            },
            out = rx.recv() => match out {
                Some(Outgoing::Frame(frame)) => {
                    last_active = Instant::now();
                    Message::Text(frame.into())
                }
                Some(Outgoing::Close) | None => Message::Close(None),
            },
            _ = sleep_until(last_active + idle) => going_away(),
            _ = sleep_until(hard_close) => going_away(),
            command = next_command(&mut commands) => match fault_message(command) {
                Some(message) => message,
                None => continue,
            },
            // Dropped without a close frame, as when the network path fails.
            _ = dropper.changed() => break,
            _ = shutdown.wait_for(|stop| *stop) => break,
        };
        let last = matches!(outgoing, Message::Close(_));
        if socket.send(outgoing).await.is_err() || last {
            break;
        }
    }
    lock(&gateway.connections).remove(&id);
}

enum Reply {
    Nothing,
    Frame(String),
    Close,
}

/// The `$default` route's Lambda.
fn backend(app: &App, connection_id: &str, text: &str) -> Reply {
    let message: Value = serde_json::from_str(text).unwrap_or_default();
    let id = message.get("id").and_then(Value::as_str).map(str::to_owned);
    match (message.get("type").and_then(Value::as_str), id) {
        (Some("connection_init"), _) => Reply::Frame(r#"{"type":"connection_ack"}"#.to_owned()),
        (Some("start"), Some(id)) => {
            let payload = message.get("payload").cloned().unwrap_or_default();
            let subscription = ApiGatewaySubscription {
                connection_id: connection_id.to_owned(),
                id,
                query: payload
                    .get("query")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned(),
                variables: payload.get("variables").cloned().unwrap_or_default(),
            };
            if let Some(connection) = lock(&app.gateway.connections).get_mut(connection_id) {
                connection.subscriptions.push(subscription);
            }
            Reply::Nothing
        }
        (Some("stop"), Some(id)) => {
            if let Some(connection) = lock(&app.gateway.connections).get_mut(connection_id) {
                connection.subscriptions.retain(|s| s.id != id);
            }
            Reply::Frame(json!({"type": "complete", "id": id}).to_string())
        }
        (Some("connection_terminate"), _) => Reply::Close,
        _ => Reply::Nothing,
    }
}

/// `POST /apigw/@connections/{id}`: sends the body to the connection.
pub(crate) async fn post_to_connection(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    if body.len() > MAX_MESSAGE {
        return (StatusCode::PAYLOAD_TOO_LARGE, "Message too long").into_response();
    }
    let Ok(text) = String::from_utf8(body.to_vec()) else {
        return (StatusCode::BAD_REQUEST, "the body must be UTF-8 text").into_response();
    };
    match app.gateway.publish(&id, text) {
        true => StatusCode::OK.into_response(),
        false => (StatusCode::GONE, "GoneException").into_response(),
    }
}

/// `DELETE /apigw/@connections/{id}`: closes the connection.
pub(crate) async fn delete_connection(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
) -> StatusCode {
    match app.gateway.send(&id, Outgoing::Close) {
        true => StatusCode::NO_CONTENT,
        false => StatusCode::GONE,
    }
}

/// `GET /apigw/@connections/{id}`: when it connected, and (an emulation extra) its
/// subscriptions.
pub(crate) async fn get_connection(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
) -> Response {
    let connections = lock(&app.gateway.connections);
    let Some(connection) = connections.get(&id) else {
        return (StatusCode::GONE, "GoneException").into_response();
    };
    let connected_at = connection
        .opened
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let ids: Vec<&str> = connection
        .subscriptions
        .iter()
        .map(|s| s.id.as_str())
        .collect();
    axum::Json(json!({"connectedAt": connected_at, "subscriptions": ids})).into_response()
}
