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
    /// The client's settings cannot make an upgrade request (a URL that is not `ws://` or
    /// `wss://`, an invalid header).
    #[error("cannot build the WebSocket upgrade request: {reason}")]
    InvalidRequest {
        /// What is wrong.
        reason: String,
    },
    /// The server refused the `connection_init` (legacy `graphql-ws`'s `connection_error`):
    /// usually the credentials in the init payload. Not retried.
    #[error(
        "the server refused the connection's init payload: {message}; check the credentials \
         the connection_init payload carries"
    )]
    InitRefused {
        /// What the server said (its `connection_error` payload).
        message: String,
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
            WsError::InitRefused { message } => WsError::InitRefused {
                message: message.clone(),
            },
            WsError::InvalidRequest { reason } => WsError::InvalidRequest {
                reason: reason.clone(),
            },
        }
    }

    /// Whether subscribing again later may succeed without changing anything (what
    /// [`Error::is_retryable`](crate::Error::is_retryable) says for [`Error::Ws`](crate::Error)):
    /// `true` for lost connections and timeouts; `false` for refusals (credentials, a wrong
    /// URL or subprotocol, a close code the protocol calls fatal, or one retried a few times
    /// already: those the engine retries are never reported as `Refused`), a full connection
    /// and a missing runtime.
    pub fn is_retryable(&self) -> bool {
        match self {
            WsError::Connect { .. }
            | WsError::AckTimeout(_)
            | WsError::StartAckTimeout(_)
            | WsError::ConnectionLost { .. }
            | WsError::NotStarted { .. } => true,
            WsError::NoRuntime
            | WsError::TooManySubscriptions { .. }
            | WsError::Refused { .. }
            | WsError::InitRefused { .. }
            | WsError::InvalidRequest { .. } => false,
        }
    }

    /// Whether the server refused the credentials: an upgrade answered 401 or 403, a
    /// `graphql-transport-ws` close 4401 or 4403, a legacy `connection_error`.
    pub fn is_auth(&self) -> bool {
        match self {
            WsError::InitRefused { .. } => true,
            WsError::Refused {
                status, close_code, ..
            } => matches!(status, Some(401 | 403)) || matches!(close_code, Some(4401 | 4403)),
            _ => false,
        }
    }

    /// The close code the server ended the connection with, when that is how it failed.
    pub fn close_code(&self) -> Option<u16> {
        match self {
            WsError::Refused { close_code, .. } => *close_code,
            _ => None,
        }
    }

    /// The HTTP status of a refused upgrade, when that is how it failed.
    pub fn status(&self) -> Option<u16> {
        match self {
            WsError::Refused { status, .. } => *status,
            _ => None,
        }
    }
}

/// Whether reconnecting after a failure may help.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retry {
    /// No: the subscriptions end with the error (bad request, refused subprotocol, ...).
    Never,
    /// A few times ([`LIMITED_ATTEMPTS`] attempts in a row at most, within
    /// [`WsConfig::max_connect_attempts`](super::WsConfig::max_connect_attempts)): the server
    /// may have refused a stale token or been slow once, but a loop would not help.
    Limited,
    /// Yes, with backoff, up to [`WsConfig::max_connect_attempts`](super::WsConfig) attempts
    /// in a row.
    Backoff,
}

/// How many attempts in a row a [`Retry::Limited`] failure allows.
pub const LIMITED_ATTEMPTS: u32 = 3;

/// What WebSocket close `code` means (RFC 6455 and `graphql-transport-ws`'s 44xx codes), and
/// whether reconnecting may help. The 44xx decisions follow the `graphql-ws` reference client:
/// 4400, 4401, 4406, 4409, 4429 and 4500 are fatal; 4403 and 4408 are retried a few times.
pub fn close_hint(code: u16) -> Option<(&'static str, Retry)> {
    use Retry::{Backoff, Limited, Never};
    Some(match code {
        1001 => (
            "the server is going away (restart, or a gateway's connection limit)",
            Backoff,
        ),
        1002 => (
            "the server saw a protocol error: check that the URL serves this protocol and \
             accepts the handshake's auth placement",
            Never,
        ),
        1003 => ("the server does not accept the data sent", Never),
        1008 => (
            "the server's policy refused the connection: check the credentials",
            Never,
        ),
        1009 => ("a message was larger than the server accepts", Never),
        1011 => ("the server failed", Backoff),
        1012 | 1013 => ("the server is restarting or overloaded", Backoff),
        4400 => ("the server found a message malformed", Never),
        4401 => (
            "the server refused the credentials: check them (and that the token has not \
             expired)",
            Never,
        ),
        4403 => (
            "the server forbids this connection: check the credentials' permissions",
            Limited,
        ),
        4406 => (
            "the server does not accept this subprotocol: pick the protocol it speaks",
            Never,
        ),
        4408 => ("the connection was not initialised in time", Limited),
        4409 => ("the server already runs a subscription with this id", Never),
        4429 => (
            "the server received more than one connection_init on this connection",
            Never,
        ),
        4499 => ("the client terminated the connection", Never),
        4500 => ("the server failed", Never),
        _ => return None,
    })
}
