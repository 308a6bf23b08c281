//! AppSync's realtime protocol as pure functions: frames in and out, and the two handshake
//! encodings of the auth object. No IO, so every server frame can be tested from JSON.

use std::time::Duration;

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use reqwest::Url;
use serde_json::Value;

use super::super::auth::{AuthError, AuthHeaders, AuthKind};
use super::super::error::AppSyncError;
use crate::appsync::auth::headers::push_json_string;
use crate::error::Error;
use crate::ws::{Envelope, ServerFrame};

/// The WebSocket subprotocol AppSync speaks.
pub const SUBPROTOCOL: &str = "graphql-ws";

/// `connection_init`.
pub fn init_frame() -> String {
    r#"{"type":"connection_init"}"#.to_owned()
}

/// The `start` of subscription `id`: `data` is the serialised request (exactly the string that
/// was signed), `authorization` the auth object ([`AuthHeaders::to_json`]).
///
/// Keys in Amplify's order, written by hand so that no crate feature can reorder them:
/// `{"id":..,"payload":{"data":..,"extensions":{"authorization":{..}}},"type":"start"}`.
pub fn start_frame(id: &str, data: &str, authorization: &AuthHeaders) -> String {
    let mut out = String::from("{\"id\":");
    push_json_string(&mut out, id);
    out.push_str(",\"payload\":{\"data\":");
    push_json_string(&mut out, data);
    out.push_str(",\"extensions\":{\"authorization\":");
    out.push_str(&authorization.to_json());
    out.push_str("}},\"type\":\"start\"}");
    out
}

/// The `stop` of subscription `id`: `{"id":..,"type":"stop"}`.
pub fn stop_frame(id: &str) -> String {
    let mut out = String::from("{\"id\":");
    push_json_string(&mut out, id);
    out.push_str(",\"type\":\"stop\"}");
    out
}

/// The realtime URL with the auth object in the query string, after the URL's own parameters:
/// `?header=<base64 JSON>&payload=e30=`. The base64 is standard with padding and not
/// percent-encoded (`+`, `/` and `=` raw), as AWS's documentation and gql send it. Parameters
/// of the URL named `header` or `payload` are replaced.
pub fn query_string_url(realtime: &Url, auth: &AuthHeaders) -> Url {
    let header = STANDARD.encode(auth.to_json());
    let mut query: String = realtime
        .query()
        .unwrap_or_default()
        .split('&')
        .filter(|pair| {
            let name = pair.split('=').next().unwrap_or_default();
            !pair.is_empty() && name != "header" && name != "payload"
        })
        .map(|pair| format!("{pair}&"))
        .collect();
    query.push_str("header=");
    query.push_str(&header);
    query.push_str("&payload=e30=");
    let mut url = realtime.clone();
    // Base64's alphabet and `&`/`=` are all left as they are by the URL's query encoder.
    url.set_query(Some(&query));
    url
}

/// The `header-<base64url JSON>` subprotocol carrying the auth object (no padding: `=` is not
/// allowed in a subprotocol token).
pub fn header_subprotocol(auth: &AuthHeaders) -> String {
    format!("header-{}", URL_SAFE_NO_PAD.encode(auth.to_json()))
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
