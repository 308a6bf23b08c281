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
use crate::ws::ServerFrame;

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
/// AppSync refuses the credentials.
pub fn decode(text: &str, kind: AuthKind) -> ServerFrame {
    let Ok(frame) = serde_json::from_str::<Value>(text) else {
        return ServerFrame::Ignored;
    };
    let id = frame.get("id").and_then(Value::as_str).map(str::to_owned);
    let payload = frame.get("payload");
    match (frame.get("type").and_then(Value::as_str), id) {
        (Some("connection_ack"), _) => ServerFrame::ConnectionAck {
            keep_alive_timeout: payload
                .and_then(|p| p.get("connectionTimeoutMs"))
                .and_then(Value::as_u64)
                .filter(|ms| *ms > 0)
                .map(Duration::from_millis),
        },
        (Some("ka"), _) => ServerFrame::KeepAlive,
        (Some("start_ack"), Some(id)) => ServerFrame::StartAck { id },
        (Some("data"), Some(id)) => match payload {
            Some(payload @ Value::Object(_)) => ServerFrame::Data {
                id,
                payload: payload.clone(),
            },
            _ => ServerFrame::Ignored,
        },
        (Some("complete"), Some(id)) => ServerFrame::Complete { id },
        (Some("error"), id) => ServerFrame::Error {
            id,
            error: to_error(AppSyncError::from_payload(payload), kind),
        },
        (Some("connection_error"), _) => {
            let error = AppSyncError::from_payload(payload);
            ServerFrame::ConnectionError {
                retryable: error.is_retryable(),
                error: to_error(error, kind),
            }
        }
        _ => ServerFrame::Ignored,
    }
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
