//! The two protocols' frames as pure functions: what the client sends, and what it reads
//! from the server. No IO, so every server frame can be tested from its text.
//!
//! Bad frames (not JSON, an unknown `type`, an `id` missing where one is needed, a payload
//! that is not an object) are [`ServerFrame::Ignored`]: the stream goes on. Neither protocol's
//! reference client would do much better: `graphql-ws` closes with 4400 and gives up, which
//! turns one bad frame into a lost session.

use serde_json::value::RawValue;

use crate::error::{excerpt, Error};
use crate::response::{GraphQLError, GraphQLErrors, JsonMap};
use crate::ws::{Envelope, ServerFrame, WsError};

/// `graphql-transport-ws` (the `graphql-ws` library's protocol).
pub mod transport_ws {
    use super::*;

    /// The WebSocket subprotocol.
    pub const SUBPROTOCOL: &str = "graphql-transport-ws";
    /// The client's `ping`.
    pub const PING: &str = r#"{"type":"ping"}"#;
    /// The answer to the server's `ping`.
    pub const PONG: &str = r#"{"type":"pong"}"#;

    /// `subscribe` for operation `id`; `request` is the serialised `{query, variables, ...}`.
    pub fn subscribe(id: &str, request: &str) -> String {
        operation(id, "subscribe", request)
    }

    /// `complete` for operation `id`: the client cancels it.
    pub fn complete(id: &str) -> String {
        bare(id, "complete")
    }

    /// Reads one server frame.
    pub fn decode(text: &str) -> ServerFrame<'_> {
        let Some(frame) = Envelope::parse(text) else {
            return ServerFrame::Ignored;
        };
        match (&*frame.kind, frame.id) {
            ("connection_ack", _) => ServerFrame::ConnectionAck {
                keep_alive_timeout: None,
                payload: frame.payload,
            },
            ("ping", _) => ServerFrame::Ping {
                pong: Some(PONG.to_owned()),
            },
            ("pong", _) => ServerFrame::KeepAlive,
            ("next", Some(id)) => data(id, frame.payload),
            ("error", Some(id)) => ServerFrame::Error {
                id: Some(id),
                error: Error::GraphQL(errors(frame.payload)),
            },
            ("complete", Some(id)) => ServerFrame::Complete { id },
            _ => ServerFrame::Ignored,
        }
    }
}

/// Legacy `graphql-ws` (Apollo's `subscriptions-transport-ws`), also what API Gateway
/// backends speak.
pub mod legacy {
    use super::*;

    /// The WebSocket subprotocol.
    pub const SUBPROTOCOL: &str = "graphql-ws";
    /// `connection_terminate`, sent before the client closes.
    pub const TERMINATE: &str = r#"{"type":"connection_terminate"}"#;

    /// `start` for operation `id`; `request` is the serialised `{query, variables, ...}`.
    pub fn start(id: &str, request: &str) -> String {
        operation(id, "start", request)
    }

    /// `stop` for operation `id`.
    pub fn stop(id: &str) -> String {
        bare(id, "stop")
    }

    /// Reads one server frame.
    pub fn decode(text: &str) -> ServerFrame<'_> {
        let Some(frame) = Envelope::parse(text) else {
            return ServerFrame::Ignored;
        };
        match (&*frame.kind, frame.id) {
            ("connection_ack", _) => ServerFrame::ConnectionAck {
                keep_alive_timeout: None,
                payload: frame.payload,
            },
            ("connection_error", _) => ServerFrame::ConnectionError {
                error: WsError::InitRefused {
                    message: message(frame.payload),
                }
                .into(),
                retryable: false,
            },
            ("ka", _) => ServerFrame::KeepAlive,
            ("data", Some(id)) => data(id, frame.payload),
            ("error", id) => ServerFrame::Error {
                id,
                error: Error::GraphQL(errors(frame.payload)),
            },
            ("complete", Some(id)) => ServerFrame::Complete { id },
            _ => ServerFrame::Ignored,
        }
    }
}

/// `connection_init`, with `payload` when there is one (both protocols).
pub fn connection_init(payload: Option<&serde_json::Value>) -> String {
    match payload {
        Some(payload) => format!(r#"{{"type":"connection_init","payload":{payload}}}"#),
        None => r#"{"type":"connection_init"}"#.to_owned(),
    }
}

fn operation(id: &str, kind: &str, request: &str) -> String {
    format!(
        r#"{{"id":{},"type":"{kind}","payload":{request}}}"#,
        serde_json::Value::from(id)
    )
}

fn bare(id: &str, kind: &str) -> String {
    format!(
        r#"{{"id":{},"type":"{kind}"}}"#,
        serde_json::Value::from(id)
    )
}

/// An event: its payload must be an object (an execution result).
fn data<'a>(id: std::borrow::Cow<'a, str>, payload: Option<&'a RawValue>) -> ServerFrame<'a> {
    match payload {
        Some(payload) if payload.get().starts_with('{') => ServerFrame::Data { id, payload },
        _ => ServerFrame::Ignored,
    }
}

/// An `error` frame's payload as GraphQL errors, whatever shape the server chose: an array of
/// errors (`graphql-transport-ws`), one error, `{errors: [...]}`, or anything else (kept as the
/// message).
fn errors(payload: Option<&RawValue>) -> GraphQLErrors {
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum Shape {
        Many(Vec<GraphQLError>),
        Wrapped { errors: Vec<GraphQLError> },
        One(GraphQLError),
    }
    let text = payload.map(RawValue::get).unwrap_or("null");
    match serde_json::from_str::<Shape>(text) {
        Ok(Shape::Many(errors) | Shape::Wrapped { errors }) if !errors.is_empty() => {
            GraphQLErrors(errors)
        }
        Ok(Shape::One(error)) => GraphQLErrors(vec![error]),
        _ => GraphQLErrors(vec![GraphQLError {
            message: message(payload),
            locations: Vec::new(),
            path: Vec::new(),
            extensions: None,
            other: JsonMap::new(),
        }]),
    }
}

/// A human-readable message from a payload: its `message` member, or its text.
fn message(payload: Option<&RawValue>) -> String {
    #[derive(serde::Deserialize)]
    struct WithMessage {
        message: String,
    }
    let text = payload.map(RawValue::get).unwrap_or("(no payload)");
    match serde_json::from_str::<WithMessage>(text) {
        Ok(with) => with.message,
        Err(_) => excerpt(text.as_bytes(), 300),
    }
}

#[cfg(test)]
mod tests;
