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
}
