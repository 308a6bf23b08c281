//! AppSync realtime: the `graphql-ws` dialect over an axum WebSocket.
//!
//! `connection_init` -> `connection_ack`, `ka` every keep-alive interval, `start` ->
//! `start_ack` (or `error`), `data` per event, `stop` -> `complete`. `@aws_subscribe` fields
//! receive mutation results published by the AppSync HTTP endpoint; the other subscription
//! fields (`countdown`, `failAfter`) run on the engine and end with `complete` (or `error`).

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::atomic::Ordering;
use std::sync::Arc;

use async_graphql::parser::types::{ExecutableDocument, Field, OperationType};
use async_graphql::Value as ConstValue;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Query, RawQuery, State};
use axum::http::header::SEC_WEBSOCKET_PROTOCOL;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use futures::stream::BoxStream;
use futures::{FutureExt, StreamExt};
use serde_json::{json, Map, Value};
use tokio::sync::{broadcast, mpsc};
use tokio::task::JoinHandle;
use tokio::time::{interval_at, Instant, Interval};

use super::auth::{check_object, handshake_object, Place};
use super::model::model;
use super::projection::{matches, project};
use super::selection::fields;
use super::Published;
use crate::graphql_http::{is_request_error, response_json};
use crate::schema::STREAM_ERROR_CODE;
use crate::server::App;
use crate::state::{Command, Gauge, Stats};

/// `GET /graphql/realtime` (and `GET /graphql`): the WebSocket upgrade.
pub(crate) async fn upgrade(
    State(app): State<Arc<App>>,
    Query(params): Query<HashMap<String, String>>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> Response {
    let protocols = headers
        .get_all(SEC_WEBSOCKET_PROTOCOL)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .collect::<Vec<_>>()
        .join(",");
    if !protocols.split(',').any(|p| p.trim() == "graphql-ws") {
        return (
            StatusCode::BAD_REQUEST,
            "AppSync realtime needs the WebSocket subprotocol `graphql-ws`",
        )
            .into_response();
    }
    if let Some(status) = app.faults.upgrade_rejection() {
        app.stats
            .realtime_upgrades_refused
            .fetch_add(1, Ordering::SeqCst);
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::UNAUTHORIZED);
        let body = json!({"errors": [{
            "errorType": "UnauthorizedException",
            "message": "You are not authorized to make this call."
        }]});
        return (
            status,
            [(axum::http::header::CONTENT_TYPE, "application/json")],
            body.to_string(),
        )
            .into_response();
    }
    let auth = handshake_object(params.get("header").map(String::as_str), &protocols);
    app.stats
        .realtime_connections
        .fetch_add(1, Ordering::SeqCst);
    *lock(&app.stats.last_handshake_auth) = auth.as_ref().ok().cloned().flatten();
    *lock(&app.stats.last_realtime_query) = query;
    ws.protocols(["graphql-ws"])
        .on_upgrade(move |socket| connection(app, socket, auth))
}

fn lock<T>(mutex: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// What subscription tasks hand to the connection loop.
enum Outgoing {
    Frame(String),
    /// The subscription's source ended: send `complete` when `complete`, then forget it.
    Ended {
        id: String,
        complete: bool,
    },
}

/// A live subscription: its task is aborted and the gauge dropped when this is dropped.
struct Live {
    task: JoinHandle<()>,
    _active: Gauge,
}

impl Drop for Live {
    fn drop(&mut self) {
        self.task.abort();
    }
}

enum Event {
    Incoming(Option<Result<Message, axum::Error>>),
    Outgoing(Option<Outgoing>),
    KeepAlive,
    Command(Command),
    Drop,
}

async fn connection(app: Arc<App>, mut socket: WebSocket, auth: Result<Option<Value>, String>) {
    let _open = Gauge::up(&app.stats, |stats: &Stats| &stats.open_realtime_connections);
    let (tx, mut rx) = mpsc::unbounded_channel();
    let mut conn = Connection {
        app: Arc::clone(&app),
        tx,
        live: HashMap::new(),
    };
    let mut keep_alive: Option<Interval> = None;
    // Whether the handshake's credentials were checked and accepted.
    let mut acked = false;
    let mut dropper = app.faults.drop_signal();
    dropper.borrow_and_update();
    let mut shutdown = app.shutdown.clone();
    let mut commands = app.faults.commands();
    loop {
        let event = tokio::select! {
            incoming = socket.recv() => Event::Incoming(incoming),
            outgoing = rx.recv() => Event::Outgoing(outgoing),
            _ = tick(&mut keep_alive) => Event::KeepAlive,
            command = next_command(&mut commands) => Event::Command(command),
            _ = dropper.changed() => Event::Drop,
            _ = shutdown.wait_for(|stop| *stop) => Event::Drop,
        };
        let frames = match event {
            Event::Incoming(Some(Ok(Message::Text(text)))) => {
                let message: Value = serde_json::from_str(text.as_str()).unwrap_or_default();
                match message.get("type").and_then(Value::as_str) {
                    Some("connection_init") => match connection_refusal(&app, &auth) {
                        Some(refusal) => {
                            let _ = socket.send(Message::Text(refusal.into())).await;
                            let _ = socket.send(Message::Close(None)).await;
                            return;
                        }
                        None => {
                            acked = true;
                            keep_alive = Some(ka_timer(&app));
                            let ack = json!({"type": "connection_ack", "payload": {
                                "connectionTimeoutMs": app.config.connection_timeout()
                            }});
                            let mut frames = vec![ack.to_string()];
                            if !app.faults.suppress_ka() {
                                frames.push(KA.to_owned());
                            }
                            frames
                        }
                    },
                    // The handshake's credentials hold even for a client that skips
                    // `connection_init` (which AppSync documents as optional).
                    Some("start") if !acked => match connection_refusal(&app, &auth) {
                        Some(refusal) => {
                            let _ = socket.send(Message::Text(refusal.into())).await;
                            let _ = socket.send(Message::Close(None)).await;
                            return;
                        }
                        None => {
                            acked = true;
                            conn.start(&message)
                        }
                    },
                    Some("start") => conn.start(&message),
                    Some("stop") => conn.stop(&message),
                    _ => vec![error_frame(
                        None,
                        "UnsupportedOperation",
                        "unknown message: expected connection_init, start or stop",
                    )],
                }
            }
            Event::Incoming(Some(Ok(Message::Close(_)) | Err(_)) | None) => return,
            Event::Incoming(Some(Ok(_))) => Vec::new(),
            Event::Outgoing(Some(Outgoing::Frame(frame))) => vec![frame],
            Event::Outgoing(Some(Outgoing::Ended { id, complete })) => {
                match conn.live.remove(&id) {
                    Some(_) if complete => vec![json!({"type": "complete", "id": id}).to_string()],
                    _ => Vec::new(),
                }
            }
            // The connection holds a sender: the channel never closes while it runs.
            Event::Outgoing(None) => Vec::new(),
            Event::KeepAlive if app.faults.suppress_ka() => Vec::new(),
            Event::KeepAlive => vec![KA.to_owned()],
            Event::Command(Command::Raw(frame)) => vec![frame],
            Event::Command(Command::Close { code, reason }) => {
                let frame = CloseFrame {
                    code,
                    reason: reason.into(),
                };
                let _ = socket.send(Message::Close(Some(frame))).await;
                return;
            }
            Event::Command(Command::ErrorSubscription {
                id,
                error_type,
                message,
            }) => match conn.live.remove(&id) {
                Some(_) => vec![error_frame(Some(&id), &error_type, &message)],
                None => Vec::new(),
            },
            // Dropped without a close frame, as when the network path fails.
            Event::Drop => return,
        };
        for frame in frames {
            if socket.send(Message::Text(frame.into())).await.is_err() {
                return;
            }
        }
    }
}

const KA: &str = r#"{"type":"ka"}"#;

/// The next fault command; commands missed while lagging are skipped.
pub(crate) async fn next_command(commands: &mut broadcast::Receiver<Command>) -> Command {
    loop {
        match commands.recv().await {
            Ok(command) => return command,
            Err(broadcast::error::RecvError::Lagged(_)) => continue,
            // Faults lives as long as the server: closed means shutting down.
            Err(broadcast::error::RecvError::Closed) => std::future::pending().await,
        }
    }
}

fn ka_timer(app: &App) -> Interval {
    let period = app.config.keep_alive();
    interval_at(Instant::now() + period, period)
}

async fn tick(timer: &mut Option<Interval>) {
    match timer {
        Some(timer) => {
            timer.tick().await;
        }
        None => std::future::pending().await,
    }
}

/// The `connection_error` for a handshake the configuration does not accept.
fn connection_refusal(app: &App, auth: &Result<Option<Value>, String>) -> Option<String> {
    const UNAUTHORIZED: &str = "com.amazonaws.deepdish.graphql.auth#UnauthorizedException";
    let (error_type, message) = match auth {
        Err(reason) => ("BadRequestException", reason.clone()),
        Ok(_) if app.faults.reject_connections_unauthorized() => (
            UNAUTHORIZED,
            "You are not authorized to make this call.".to_owned(),
        ),
        Ok(object) => match check_object(&app.config, object.as_ref(), Place::Connect) {
            Ok(()) => return None,
            Err(message) => (UNAUTHORIZED, message),
        },
    };
    Some(
        json!({"type": "connection_error", "payload": {"errors": [{
            "errorType": error_type, "message": message, "errorCode": 401
        }]}})
        .to_string(),
    )
}

fn error_frame(id: Option<&str>, error_type: &str, message: &str) -> String {
    let mut frame = json!({"type": "error", "payload": {"errors": [{
        "errorType": error_type, "message": message
    }]}});
    if let Some(id) = id {
        frame["id"] = json!(id);
    }
    frame.to_string()
}

struct Connection {
    app: Arc<App>,
    tx: mpsc::UnboundedSender<Outgoing>,
    live: HashMap<String, Live>,
}

/// Why a `start` was refused: `(errorType, message)`.
type Refusal = (&'static str, String);

impl Connection {
    fn stop(&mut self, message: &Value) -> Vec<String> {
        self.app.stats.stops_received.fetch_add(1, Ordering::SeqCst);
        let Some(id) = message.get("id").and_then(Value::as_str) else {
            return vec![error_frame(None, "BadRequestException", "stop needs an id")];
        };
        self.live.remove(id);
        vec![json!({"type": "complete", "id": id}).to_string()]
    }

    fn start(&mut self, message: &Value) -> Vec<String> {
        let Some(id) = message.get("id").and_then(Value::as_str) else {
            return vec![error_frame(
                None,
                "BadRequestException",
                "start needs an id",
            )];
        };
        let payload = message.get("payload").cloned().unwrap_or_default();
        let authorization = payload
            .get("extensions")
            .and_then(|extensions| extensions.get("authorization"))
            .cloned();
        *lock(&self.app.stats.last_start_authorization) = authorization;
        if let Some((error_type, text)) = self.app.faults.take_start_error() {
            return vec![error_frame(Some(id), &error_type, &text)];
        }
        match self.try_start(id, &payload) {
            Ok(()) if self.app.faults.suppress_start_ack() => Vec::new(),
            Ok(()) => vec![json!({"type": "start_ack", "id": id}).to_string()],
            Err((error_type, text)) => vec![error_frame(Some(id), error_type, &text)],
        }
    }

    fn try_start(&mut self, id: &str, payload: &Value) -> Result<(), Refusal> {
        let app = Arc::clone(&self.app);
        let authorization = payload
            .get("extensions")
            .and_then(|extensions| extensions.get("authorization"));
        let data = payload.get("data").and_then(Value::as_str).unwrap_or("");
        if app.config.auth_required() && authorization.is_none() {
            return Err((
                "UnauthorizedException",
                "a start needs payload.extensions.authorization".to_owned(),
            ));
        }
        check_object(&app.config, authorization, Place::Start { data })
            .map_err(|message| ("UnauthorizedException", message))?;
        if self.live.contains_key(id) {
            return Err((
                "DuplicatedOperationError",
                format!("a subscription with id {id} is already running"),
            ));
        }
        let max = app.config.max_subscriptions();
        if self.live.len() >= max {
            return Err((
                "MaxSubscriptionsReachedError",
                format!("Max number of {max} subscriptions reached"),
            ));
        }
        let request = parse_data(payload)?;
        let document = async_graphql::parser::parse_query(&request.query)
            .map_err(|err| ("ValidationError", err.to_string()))?;
        let operation = crate::operation::selected(&document, request.operation_name.as_deref())
            .ok_or((
                "ValidationError",
                "the document has no such operation".to_owned(),
            ))?;
        if operation.ty != OperationType::Subscription {
            return Err((
                "UnsupportedOperation",
                format!(
                    "{} operations are not supported through the realtime channel",
                    operation.ty
                ),
            ));
        }
        let roots = fields(
            model(),
            &document,
            &operation.selection_set.node,
            "Subscription",
        );
        let [root] = roots.as_slice() else {
            return Err((
                "ValidationError",
                "a subscription selects exactly one top-level field".to_owned(),
            ));
        };
        let root_name = root.name.node.to_string();
        let variables = request.variables.clone();
        let operation_name = request.operation_name.clone();
        let filters = arguments(root, &variables);

        // The engine validates the whole request (fields, arguments, variables) on first poll.
        let mut stream = app.schema.execute_stream(request);
        let first = match stream.next().now_or_never() {
            Some(Some(response)) if is_request_error(&response) => {
                let messages: Vec<_> = response.errors.iter().map(|e| e.message.clone()).collect();
                return Err(("ValidationError", messages.join("; ")));
            }
            Some(first) => first,
            None => None,
        };
        let tx = self.tx.clone();
        let owned_id = id.to_owned();
        let task = match model().triggers(&root_name) {
            Some(mutations) => {
                drop(stream);
                let source = PubSub {
                    events: app.hub.subscribe(),
                    mutations: mutations.to_vec(),
                    filters,
                    document: Arc::new(document.clone()),
                    operation_name,
                };
                tokio::spawn(source.run(owned_id, tx))
            }
            None => tokio::spawn(forward(stream, first, owned_id, tx)),
        };
        self.live.insert(
            id.to_owned(),
            Live {
                task,
                _active: Gauge::up(&app.stats, |stats: &Stats| &stats.active_subscriptions),
            },
        );
        Ok(())
    }
}

/// `payload.data`: a JSON string holding `{query, variables, operationName}`.
fn parse_data(payload: &Value) -> Result<async_graphql::Request, Refusal> {
    let data = payload.get("data").and_then(Value::as_str).ok_or((
        "BadRequestException",
        "payload.data must be a string holding the JSON request {query, variables}".to_owned(),
    ))?;
    serde_json::from_str(data).map_err(|err| {
        (
            "BadRequestException",
            format!("payload.data is not a GraphQL request: {err}"),
        )
    })
}

/// The root field's arguments as JSON, variables substituted (missing ones are null).
fn arguments(root: &Field, variables: &async_graphql::Variables) -> Map<String, Value> {
    root.arguments
        .iter()
        .map(|(name, value)| {
            let constant = value
                .node
                .clone()
                .into_const_with(|variable| {
                    Ok::<_, Infallible>(
                        variables
                            .get(&variable)
                            .cloned()
                            .unwrap_or(ConstValue::Null),
                    )
                })
                .unwrap_or(ConstValue::Null);
            let json = constant.into_json().unwrap_or(Value::Null);
            (name.node.to_string(), json)
        })
        .collect()
}

/// An `@aws_subscribe` subscription: mutation results, filtered and projected.
struct PubSub {
    events: broadcast::Receiver<Arc<Published>>,
    mutations: Vec<String>,
    filters: Map<String, Value>,
    document: Arc<ExecutableDocument>,
    operation_name: Option<String>,
}

impl PubSub {
    async fn run(mut self, id: String, tx: mpsc::UnboundedSender<Outgoing>) {
        let model = model();
        let Some(operation) =
            crate::operation::selected(&self.document, self.operation_name.as_deref())
        else {
            return;
        };
        let roots = fields(
            model,
            &self.document,
            &operation.selection_set.node,
            "Subscription",
        );
        let Some(root) = roots.first() else {
            return;
        };
        let Some(root_type) = model.field_type("Subscription", &root.name.node) else {
            return;
        };
        loop {
            let published = match self.events.recv().await {
                Ok(published) => published,
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return,
            };
            if !self.mutations.contains(&published.mutation)
                || !matches(&self.filters, &published.value)
            {
                continue;
            }
            let payload = project(model, &self.document, root, root_type, &published.value);
            let frame = json!({"type": "data", "id": id, "payload": payload}).to_string();
            if tx.send(Outgoing::Frame(frame)).is_err() {
                return;
            }
        }
    }
}

/// An engine subscription (`countdown`, `failAfter`): its responses as `data` frames.
async fn forward(
    mut stream: BoxStream<'static, async_graphql::Response>,
    mut first: Option<async_graphql::Response>,
    id: String,
    tx: mpsc::UnboundedSender<Outgoing>,
) {
    loop {
        let response = match first.take() {
            Some(response) => response,
            None => match stream.next().await {
                Some(response) => response,
                None => {
                    let _ = tx.send(Outgoing::Ended { id, complete: true });
                    return;
                }
            },
        };
        let broken = response.errors.iter().find(|error| {
            error
                .extensions
                .as_ref()
                .and_then(|ext| ext.get("code"))
                .is_some_and(|code| *code == ConstValue::from(STREAM_ERROR_CODE))
        });
        if let Some(error) = broken {
            let _ = tx.send(Outgoing::Frame(error_frame(
                Some(&id),
                "StreamError",
                &error.message,
            )));
            let _ = tx.send(Outgoing::Ended {
                id,
                complete: false,
            });
            return;
        }
        let payload = response_json(&response);
        let frame = json!({"type": "data", "id": id, "payload": payload}).to_string();
        if tx.send(Outgoing::Frame(frame)).is_err() {
            return;
        }
    }
}
