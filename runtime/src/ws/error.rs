//! [`WsError`]: what can go wrong on a subscription WebSocket.

use std::time::Duration;

use crate::error::BoxError;

/// A WebSocket subscription failed at the transport level.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WsError {
    /// The socket could not be opened (refused connection, TLS, the upgrade was refused).
    #[error(
        "could not open the WebSocket to {url} after {attempts} attempt(s): {source}; check the \
         realtime URL and that the server is reachable"
    )]
    Connect {
        /// The URL (without query: it may hold credentials).
        url: String,
        /// How many attempts were made.
        attempts: u32,
        /// The last attempt's error.
        #[source]
        source: BoxError,
    },
    /// The server did not acknowledge the connection in time.
    #[error("the server did not acknowledge the connection within {0:?}; raise `ack_timeout` if it is slow")]
    AckTimeout(Duration),
    /// The server did not acknowledge a subscription's start in time; the subscription was
    /// stopped.
    #[error(
        "the server did not acknowledge the subscription within {0:?} (it was stopped); raise \
         `start_ack_timeout` if the server is slow, or subscribe again"
    )]
    StartAckTimeout(Duration),
    /// The connection was lost and could not be reopened.
    #[error(
        "the WebSocket connection was lost ({reason}) and could not be reopened; subscribe again"
    )]
    ConnectionLost {
        /// What happened.
        reason: String,
    },
    /// No Tokio runtime runs the engine.
    #[error("subscriptions need a Tokio runtime: subscribe from within one")]
    NoRuntime,
    /// The connection already carries as many subscriptions as the server allows on one
    /// connection ([`WsConfig::max_subscriptions`](super::WsConfig::max_subscriptions)); the
    /// subscription was not sent.
    #[error(
        "this connection already carries {limit} subscriptions, the most it may; subscribe \
         through another client (each RealtimeClient has its own connection) or drop unused \
         subscriptions"
    )]
    TooManySubscriptions {
        /// The configured limit.
        limit: usize,
    },
    /// The server refused the connection in a way that retrying does not fix: the upgrade
    /// was answered with an HTTP error, the subprotocol was not agreed, or the server closed
    /// the socket with a refusing close code before acknowledging it.
    #[error("the server at {url} refused the WebSocket connection: {reason}; {hint}")]
    Refused {
        /// The URL (without query).
        url: String,
        /// The HTTP status of the refused upgrade, if that is how it was refused.
        status: Option<u16>,
        /// The close code, if the server closed the socket.
        close_code: Option<u16>,
        /// What the server did.
        reason: String,
        /// What to check.
        hint: &'static str,
    },
    /// The subscription ended before the server acknowledged its start, without an error of
    /// its own (the server completed it at once), or with one that this error repeats as text
    /// (see [`WsSubscription::started`](super::WsSubscription::started)).
    #[error(
        "the subscription ended before the server acknowledged it ({reason}); subscribe again"
    )]
    NotStarted {
        /// What ended it.
        reason: String,
    },
}

impl WsError {
    /// An equivalent error: the same variant and fields, a source kept as its text.
    pub(crate) fn duplicate(&self) -> WsError {
        match self {
            WsError::Connect {
                url,
                attempts,
                source,
            } => WsError::Connect {
                url: url.clone(),
                attempts: *attempts,
                source: source.to_string().into(),
            },
            WsError::AckTimeout(limit) => WsError::AckTimeout(*limit),
            WsError::StartAckTimeout(limit) => WsError::StartAckTimeout(*limit),
            WsError::ConnectionLost { reason } => WsError::ConnectionLost {
                reason: reason.clone(),
            },
            WsError::NoRuntime => WsError::NoRuntime,
            WsError::TooManySubscriptions { limit } => {
                WsError::TooManySubscriptions { limit: *limit }
            }
            WsError::Refused {
                url,
                status,
                close_code,
                reason,
                hint,
            } => WsError::Refused {
                url: url.clone(),
                status: *status,
                close_code: *close_code,
                reason: reason.clone(),
                hint,
            },
            WsError::NotStarted { reason } => WsError::NotStarted {
                reason: reason.clone(),
            },
        }
    }
}

/// What WebSocket close `code` means (RFC 6455 and `graphql-transport-ws`'s 44xx codes), and
/// whether reconnecting may help.
pub(crate) fn close_hint(code: u16) -> Option<(&'static str, bool)> {
    Some(match code {
        1002 => (
            "the server saw a protocol error: check that the URL serves this protocol and \
             accepts the handshake's auth placement",
            false,
        ),
        1003 => ("the server does not accept the data sent", false),
        1008 => (
            "the server's policy refused the connection: check the credentials",
            false,
        ),
        1011 => ("the server failed", true),
        1012 | 1013 => ("the server is restarting or overloaded", true),
        4400 => ("the server found a message malformed", false),
        4401 => (
            "the server refused the credentials: check them (and that the token has not \
             expired)",
            false,
        ),
        4403 => (
            "the server forbids this connection: check the credentials' permissions",
            false,
        ),
        4408 => ("the connection was not initialised in time", true),
        4429 => ("too many connection attempts: the server throttles", true),
        4500 => ("the server failed", true),
        _ => return None,
    })
}
