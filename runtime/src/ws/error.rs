//! [`WsError`]: what can go wrong on a subscription WebSocket, and [`Disconnect`], the typed
//! cause of a connection that ended or could not be opened.

use std::time::Duration;

use tokio_tungstenite::tungstenite;

use crate::error::Error;

/// Why a WebSocket connection ended, or why opening one failed at the socket level: the kind
/// to match on, with the server's own words (close reasons, answers) kept for display.
///
/// Carried by [`WsError::Connect`], [`WsError::Refused`], [`WsError::ConnectionLost`] and
/// [`ConnectionState::Disrupted`](super::ConnectionState::Disrupted).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Disconnect {
    /// The server closed the socket with a close frame. A frame without a status code is
    /// reported as code 1005, as RFC 6455 says; [`close_hint`] tells what standard and
    /// `graphql-transport-ws` codes mean.
    #[error("{}", describe_close(*code, reason))]
    Closed {
        /// The close code.
        code: u16,
        /// The close frame's reason text (often empty).
        reason: String,
    },
    /// The socket ended without a close frame: the server or a proxy dropped the TCP
    /// connection, or it was already closed.
    #[error("the connection ended without a close frame")]
    Ended,
    /// The socket failed: a network error (reset, refused, unreachable), TLS, or a frame that
    /// breaks the WebSocket protocol.
    #[error("the connection failed: {message}")]
    Transport {
        /// The IO error's kind, when the socket itself failed (e.g.
        /// [`ConnectionRefused`](std::io::ErrorKind::ConnectionRefused)).
        io: Option<std::io::ErrorKind>,
        /// What failed, as the WebSocket library says it.
        message: String,
    },
    /// The server refused the HTTP upgrade, or answered it in a way the client cannot accept.
    #[error("{}", describe_handshake(*status, detail))]
    Handshake {
        /// The HTTP status of the refusal; `None` when the upgrade succeeded but the
        /// subprotocol was not agreed.
        status: Option<u16>,
        /// The start of the server's answer, or what was wrong with it.
        detail: String,
    },
    /// Something the engine waits for did not come in time.
    #[error("{}", describe_timeout(*what, *limit))]
    Timeout {
        /// What did not come.
        what: TimeoutKind,
        /// How long the engine waited.
        limit: Duration,
    },
    /// The server sent a message larger than
    /// [`WsConfig::max_message_size`](super::WsConfig::max_message_size).
    #[error(
        "the server sent a message over the {limit}-byte limit; raise `max_message_size` if \
         its events really are that large"
    )]
    MessageTooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// The server reported an error for the whole connection (a `connection_error` frame)
    /// after acknowledging it.
    #[error("the server reported a connection error: {frame}")]
    ConnectionError {
        /// The start of the server's frame.
        frame: String,
    },
    /// The engine's connection task stopped (its Tokio runtime shut down) while the
    /// subscription was live.
    #[error("the connection task stopped")]
    Stopped,
}

/// What a [`Disconnect::Timeout`] waited for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeoutKind {
    /// Opening the socket (TCP, TLS and the upgrade):
    /// [`WsConfig::connect_timeout`](super::WsConfig::connect_timeout).
    Connect,
    /// A keep-alive (or the `pong` answering a ping) within the keep-alive window.
    KeepAlive,
}

impl Disconnect {
    /// The close code, when the server closed the socket with one.
    pub fn close_code(&self) -> Option<u16> {
        match self {
            Disconnect::Closed { code, .. } => Some(*code),
            _ => None,
        }
    }

    /// The HTTP status of a refused upgrade, when that is what happened.
    pub fn status(&self) -> Option<u16> {
        match self {
            Disconnect::Handshake { status, .. } => *status,
            _ => None,
        }
    }

    /// The cause of a close frame; one without a status code is 1005, as RFC 6455 says.
    pub(crate) fn from_close(frame: Option<tungstenite::protocol::CloseFrame>) -> Disconnect {
        match frame {
            Some(frame) => Disconnect::Closed {
                code: u16::from(frame.code),
                reason: frame.reason.to_string(),
            },
            None => Disconnect::Closed {
                code: 1005,
                reason: String::new(),
            },
        }
    }

    /// The cause of a WebSocket library error.
    pub(crate) fn from_socket(err: tungstenite::Error) -> Disconnect {
        use tungstenite::error::{CapacityError, ProtocolError};
        match err {
            tungstenite::Error::ConnectionClosed
            | tungstenite::Error::AlreadyClosed
            | tungstenite::Error::Protocol(ProtocolError::ResetWithoutClosingHandshake) => {
                Disconnect::Ended
            }
            tungstenite::Error::Capacity(CapacityError::MessageTooLong { max_size, .. }) => {
                Disconnect::MessageTooLarge { limit: max_size }
            }
            tungstenite::Error::Io(io) => Disconnect::Transport {
                io: Some(io.kind()),
                message: io.to_string(),
            },
            other => Disconnect::Transport {
                io: None,
                message: other.to_string(),
            },
        }
    }
}

fn describe_close(code: u16, reason: &str) -> String {
    let mut text = match code {
        1005 => "the server closed the connection without a close code".to_owned(),
        _ => format!("the server closed the connection with code {code}"),
    };
    if !reason.is_empty() {
        text.push_str(&format!(" ({reason})"));
    }
    if let Some((hint, _)) = close_hint(code) {
        text.push_str(": ");
        text.push_str(hint);
    }
    text
}

fn describe_handshake(status: Option<u16>, detail: &str) -> String {
    match status {
        Some(status) if detail.is_empty() => {
            format!("the server refused the upgrade with HTTP {status}")
        }
        Some(status) => format!("the server refused the upgrade with HTTP {status}: {detail}"),
        None => format!("the upgrade's subprotocol was not agreed ({detail})"),
    }
}

fn describe_timeout(what: TimeoutKind, limit: Duration) -> String {
    match what {
        TimeoutKind::Connect => format!("no connection within {limit:?}"),
        TimeoutKind::KeepAlive => format!("no keep-alive from the server within {limit:?}"),
    }
}
/// A WebSocket subscription failed at the transport level.
///
/// Debug and Display show URLs without their query and never the handshake's headers or the
/// init payload, which carry credentials.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WsError {
    /// The socket could not be opened, or was lost before the server acknowledged it, and
    /// retrying did not help.
    #[error(
        "could not open the WebSocket to {url} after {attempts} attempt(s): {cause}; check the \
         realtime URL and that the server is reachable"
    )]
    Connect {
        /// The URL (without query: it may hold credentials).
        url: String,
        /// How many attempts were made.
        attempts: u32,
        /// Why the last attempt failed.
        #[source]
        cause: Disconnect,
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
    /// The connection was lost and the operation did not survive it: a query or mutation is
    /// never sent twice, and a subscription ends when reopening the connection failed.
    #[error("{}", describe_loss(cause, reconnect.as_deref()))]
    ConnectionLost {
        /// How the connection was lost.
        cause: Disconnect,
        /// Why reopening it failed; `None` when it was not reopened for this operation (a
        /// query or mutation, or a stopped engine).
        #[source]
        reconnect: Option<Box<Error>>,
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
    /// was answered with an HTTP error ([`Disconnect::Handshake`]), the subprotocol was not
    /// agreed, or the server closed the socket with a refusing close code
    /// ([`Disconnect::Closed`]).
    #[error("{}", describe_refusal(url, cause, hint))]
    Refused {
        /// The URL (without query).
        url: String,
        /// What the server did.
        cause: Disconnect,
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
    /// The server completed the subscription before acknowledging its start, without an
    /// error (see [`WsSubscription::started`](super::WsSubscription::started)).
    #[error("the server completed the subscription before acknowledging it; subscribe again")]
    NotStarted,
    /// The server completed a query or mutation without sending its response.
    #[error("the server completed the operation without sending its response")]
    NoResponse,
}

impl WsError {
    /// An equivalent error: the same variant and fields, a source kept as its text.
    pub(crate) fn duplicate(&self) -> WsError {
        match self {
            WsError::Connect {
                url,
                attempts,
                cause,
            } => WsError::Connect {
                url: url.clone(),
                attempts: *attempts,
                cause: cause.clone(),
            },
            WsError::AckTimeout(limit) => WsError::AckTimeout(*limit),
            WsError::StartAckTimeout(limit) => WsError::StartAckTimeout(*limit),
            WsError::ConnectionLost { cause, reconnect } => WsError::ConnectionLost {
                cause: cause.clone(),
                reconnect: reconnect.as_ref().map(|error| Box::new(error.duplicate())),
            },
            WsError::NoRuntime => WsError::NoRuntime,
            WsError::TooManySubscriptions { limit } => {
                WsError::TooManySubscriptions { limit: *limit }
            }
            WsError::Refused { url, cause, hint } => WsError::Refused {
                url: url.clone(),
                cause: cause.clone(),
                hint,
            },
            WsError::NotStarted => WsError::NotStarted,
            WsError::NoResponse => WsError::NoResponse,
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
            | WsError::NotStarted
            | WsError::NoResponse => true,
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
            WsError::Refused { cause, .. } => {
                matches!(cause.status(), Some(401 | 403))
                    || matches!(cause.close_code(), Some(4401 | 4403))
            }
            _ => false,
        }
    }

    /// How the connection ended or failed to open, for [`Connect`](WsError::Connect),
    /// [`Refused`](WsError::Refused) and [`ConnectionLost`](WsError::ConnectionLost).
    pub fn cause(&self) -> Option<&Disconnect> {
        match self {
            WsError::Connect { cause, .. }
            | WsError::Refused { cause, .. }
            | WsError::ConnectionLost { cause, .. } => Some(cause),
            _ => None,
        }
    }

    /// The close code the server ended the connection with, when that is how it failed
    /// (read from [`cause`](WsError::cause)).
    pub fn close_code(&self) -> Option<u16> {
        self.cause().and_then(Disconnect::close_code)
    }

    /// The HTTP status of a refused upgrade, when that is how it failed (read from
    /// [`cause`](WsError::cause)).
    pub fn status(&self) -> Option<u16> {
        self.cause().and_then(Disconnect::status)
    }
}

fn describe_loss(cause: &Disconnect, reconnect: Option<&Error>) -> String {
    match reconnect {
        Some(error) => format!(
            "the WebSocket connection was lost ({cause}) and could not be reopened ({error}); \
             subscribe again"
        ),
        None => {
            format!("the WebSocket connection was lost ({cause}); the operation was not sent again")
        }
    }
}

/// The refusal's cause, then the hint unless the cause already said it (a close code's
/// standard meaning).
fn describe_refusal(url: &str, cause: &Disconnect, hint: &str) -> String {
    let said = cause
        .close_code()
        .and_then(close_hint)
        .is_some_and(|(standard, _)| standard == hint);
    if said {
        format!("the server at {url} refused the WebSocket connection: {cause}")
    } else {
        format!("the server at {url} refused the WebSocket connection: {cause}; {hint}")
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

#[cfg(test)]
mod tests {
    use super::*;
    use tungstenite::error::{CapacityError, ProtocolError};

    #[test]
    fn socket_errors_become_their_kind() {
        let refused = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
        assert!(matches!(
            Disconnect::from_socket(tungstenite::Error::Io(refused)),
            Disconnect::Transport {
                io: Some(std::io::ErrorKind::ConnectionRefused),
                ..
            }
        ));
        let large = CapacityError::MessageTooLong {
            size: 10,
            max_size: 4,
        };
        assert_eq!(
            Disconnect::from_socket(tungstenite::Error::Capacity(large)),
            Disconnect::MessageTooLarge { limit: 4 }
        );
        let reset = ProtocolError::ResetWithoutClosingHandshake;
        assert_eq!(
            Disconnect::from_socket(tungstenite::Error::Protocol(reset)),
            Disconnect::Ended
        );
        assert_eq!(
            Disconnect::from_close(None),
            Disconnect::Closed {
                code: 1005,
                reason: String::new()
            }
        );
    }

    #[test]
    fn the_helpers_read_the_cause() {
        let closed = WsError::Refused {
            url: "wss://example.com/graphql".into(),
            cause: Disconnect::Closed {
                code: 4403,
                reason: "forbidden".into(),
            },
            hint: close_hint(4403).unwrap().0,
        };
        assert_eq!((closed.close_code(), closed.status()), (Some(4403), None));
        assert!(closed.is_auth() && !closed.is_retryable());
        // The standard meaning is said once, by the cause.
        let shown = closed.to_string();
        assert_eq!(shown.matches("permissions").count(), 1, "{shown}");

        let upgrade = WsError::Connect {
            url: "wss://example.com/graphql".into(),
            attempts: 6,
            cause: Disconnect::Handshake {
                status: Some(503),
                detail: String::new(),
            },
        };
        assert_eq!((upgrade.close_code(), upgrade.status()), (None, Some(503)));
        assert!(!upgrade.is_auth() && upgrade.is_retryable());

        let lost = WsError::ConnectionLost {
            cause: Disconnect::Closed {
                code: 1001,
                reason: String::new(),
            },
            reconnect: Some(Box::new(upgrade.into())),
        };
        assert_eq!(lost.close_code(), Some(1001));
        let copy = lost.duplicate();
        assert_eq!(copy.to_string(), lost.to_string());
        assert!(matches!(
            copy,
            WsError::ConnectionLost {
                reconnect: Some(ref error),
                ..
            } if matches!(**error, Error::Ws(WsError::Connect { attempts: 6, .. }))
        ));
    }
}
