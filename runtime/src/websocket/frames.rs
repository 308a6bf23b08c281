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

    /// Reads one server frame: `ping` (answered with `pong`), `pong` (a keep-alive), `next`,
    /// `error` (with an id: its payload is an array of GraphQL errors), `complete`.
    pub fn decode(text: &str) -> ServerFrame<'_> {
        super::decode(text, &DIALECT)
    }

    const DIALECT: Dialect = Dialect {
        event: "next",
        keep_alive: "pong",
        server_pings: true,
    };
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

    /// Reads one server frame: `connection_error` (a refused init), `ka`, `data`, `error`
    /// (without an id: the connection's), `complete`.
    pub fn decode(text: &str) -> ServerFrame<'_> {
        super::decode(text, &DIALECT)
    }

    const DIALECT: Dialect = Dialect {
        event: "data",
        keep_alive: "ka",
        server_pings: false,
    };
}

/// Where the two protocols' server frames differ.
struct Dialect {
    /// The event frame's type.
    event: &'static str,
    /// The frame that only proves the server alive.
    keep_alive: &'static str,
    /// Whether the server pings (and every `error` names its operation).
    server_pings: bool,
}

fn decode<'a>(text: &'a str, dialect: &Dialect) -> ServerFrame<'a> {
    let Some(frame) = Envelope::parse(text) else {
        return ServerFrame::Ignored;
    };
    match (&*frame.kind, frame.id) {
        ("connection_ack", _) => ServerFrame::ConnectionAck {
            keep_alive_timeout: None,
            payload: frame.payload,
        },
        ("connection_error", _) if !dialect.server_pings => ServerFrame::ConnectionError {
            error: WsError::InitRefused {
                message: message(frame.payload),
            }
            .into(),
            retryable: false,
        },
        ("ping", _) if dialect.server_pings => ServerFrame::Ping {
            pong: Some(transport_ws::PONG.to_owned()),
        },
        (kind, _) if kind == dialect.keep_alive => ServerFrame::KeepAlive,
        (kind, Some(id)) if kind == dialect.event => data(id, frame.payload),
        ("error", id) if id.is_some() || !dialect.server_pings => ServerFrame::Error {
            id,
            error: Error::GraphQL(errors(frame.payload)),
        },
        ("complete", Some(id)) => ServerFrame::Complete { id },
        _ => ServerFrame::Ignored,
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
