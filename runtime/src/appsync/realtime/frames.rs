//! AppSync's realtime protocol as pure functions: frames in and out, and the two handshake
//! encodings of the auth object. No IO, so every server frame can be tested from JSON.

use std::time::Duration;

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use reqwest::Url;
use serde_json::{json, Map, Value};

use super::super::auth::{AuthError, AuthKind};
use super::super::error::AppSyncError;
use crate::error::Error;
use crate::ws::{Envelope, ServerFrame};

/// The WebSocket subprotocol AppSync speaks.
pub const SUBPROTOCOL: &str = "graphql-ws";

/// `connection_init`.
pub fn init_frame() -> String {
    r#"{"type":"connection_init"}"#.to_owned()
}

/// The `start` of subscription `id`: `data` is the serialised request (exactly the string that
/// was signed), `authorization` the auth object.
pub fn start_frame(id: &str, data: &str, authorization: &Map<String, Value>) -> String {
    json!({
        "id": id,
        "type": "start",
        "payload": {"data": data, "extensions": {"authorization": authorization}},
    })
    .to_string()
}

/// The `stop` of subscription `id`.
pub fn stop_frame(id: &str) -> String {
    json!({"id": id, "type": "stop"}).to_string()
}

/// The realtime URL with the auth object in the query string:
/// `?header=<base64 JSON>&payload=e30=`.
pub fn query_string_url(realtime: &Url, auth: &Map<String, Value>) -> Url {
    let mut url = realtime.clone();
    let header = STANDARD.encode(Value::Object(auth.clone()).to_string());
    url.query_pairs_mut()
        .clear()
        .append_pair("header", &header)
        .append_pair("payload", "e30=");
    url
}

/// The `header-<base64url JSON>` subprotocol carrying the auth object (no padding: `=` is not
/// allowed in a subprotocol token).
pub fn header_subprotocol(auth: &Map<String, Value>) -> String {
    format!(
        "header-{}",
        URL_SAFE_NO_PAD.encode(Value::Object(auth.clone()).to_string())
    )
}

/// Reads one server frame. Anything unexpected (not JSON, unknown `type`, missing `id`) is
/// [`ServerFrame::Ignored`]; nothing here panics. `kind` is the auth mode in use, named when
/// AppSync refuses the credentials. A `data` frame's payload stays a slice of `text`.
pub fn decode(text: &str, kind: AuthKind) -> ServerFrame<'_> {
    let Some(frame) = Envelope::parse(text) else {
        return ServerFrame::Ignored;
    };
    match (&*frame.kind, frame.id) {
        ("connection_ack", _) => {
            let timeout_ms = frame.payload.and_then(|p| {
                serde_json::from_str::<AckPayload>(p.get())
                    .ok()
                    .and_then(|ack| ack.connection_timeout_ms)
            });
            ServerFrame::ConnectionAck {
                keep_alive_timeout: timeout_ms.filter(|ms| *ms > 0).map(Duration::from_millis),
                payload: frame.payload,
            }
        }
        ("ka", _) => ServerFrame::KeepAlive,
        ("start_ack", Some(id)) => ServerFrame::StartAck { id },
        ("data", Some(id)) => match frame.payload {
            Some(payload) if payload.get().starts_with('{') => ServerFrame::Data { id, payload },
            _ => ServerFrame::Ignored,
        },
        ("complete", Some(id)) => ServerFrame::Complete { id },
        ("error", id) => {
            let payload = frame
                .payload
                .and_then(|p| serde_json::from_str(p.get()).ok());
            ServerFrame::Error {
                id,
                error: to_error(AppSyncError::from_payload(payload.as_ref()), kind),
            }
        }
        ("connection_error", _) => {
            let payload: Option<Value> = frame
                .payload
                .and_then(|p| serde_json::from_str(p.get()).ok());
            let error = AppSyncError::from_payload(payload.as_ref());
            ServerFrame::ConnectionError {
                retryable: error.is_retryable(),
                error: to_error(error, kind),
            }
        }
        _ => ServerFrame::Ignored,
    }
}

/// The part of `connection_ack`'s payload the engine reads.
#[derive(serde::Deserialize)]
struct AckPayload {
    #[serde(rename = "connectionTimeoutMs")]
    connection_timeout_ms: Option<u64>,
}

/// Refused credentials become [`AuthError::Rejected`] (with the auth-mode hint); everything else
/// stays an [`AppSyncError`].
fn to_error(error: AppSyncError, kind: AuthKind) -> Error {
    if error.has_type("Unauthorized") {
        let first = error
            .errors
            .iter()
            .find(|e| {
                e.error_type
                    .as_deref()
                    .is_some_and(|t| t.contains("Unauthorized"))
            })
            .or(error.errors.first());
        if let Some(first) = first {
            return Error::Auth(AuthError::Rejected {
                kind,
                status: None,
                error_type: first.error_type.clone().unwrap_or_default(),
                message: first.message.clone(),
            });
        }
    }
    Error::AppSync(error)
}

#[cfg(test)]
mod tests;
