//! [`Codec`]: what a protocol tells the engine (frames in and out, the handshake request).

use std::sync::Arc;
use std::time::Duration;

use futures::future::BoxFuture;
use serde_json::Value;
use tokio_tungstenite::tungstenite::handshake::client::Request as HandshakeRequest;

use crate::error::Error;

/// A frame from the server, as the codec understood it. Anything the codec does not know is
/// [`ServerFrame::Ignored`]: the engine never fails on an unexpected frame.
#[derive(Debug)]
pub enum ServerFrame {
    /// The server accepted the connection; `keep_alive_timeout` is the longest silence it
    /// allows between keep-alives, when it announces one.
    ConnectionAck {
        /// The announced keep-alive window.
        keep_alive_timeout: Option<Duration>,
    },
    /// A keep-alive.
    KeepAlive,
    /// The server checks the client is alive (`graphql-transport-ws`'s `ping`): the engine
    /// sends `pong` back when there is one. Counts as a keep-alive.
    Ping {
        /// The answer to send, e.g. `{"type":"pong"}`.
        pong: Option<String>,
    },
    /// The server started subscription `id`: [`WsSubscription::started`](super::WsSubscription::started)
    /// resolves. For protocols without such a frame, the subscription's first
    /// [`ServerFrame::Data`] counts as its acknowledgement.
    StartAck {
        /// The subscription.
        id: String,
    },
    /// An event of subscription `id`: a GraphQL response.
    Data {
        /// The subscription.
        id: String,
        /// The response (`{data, errors}`).
        payload: Value,
    },
    /// An error: for subscription `id` (which ends), or for the connection when `id` is `None`.
    Error {
        /// The subscription, if any.
        id: Option<String>,
        /// What the server said.
        error: Error,
    },
    /// Subscription `id` ended normally.
    Complete {
        /// The subscription.
        id: String,
    },
    /// The server refused the connection; `retryable` says whether trying again may help.
    ConnectionError {
        /// What the server said.
        error: Error,
        /// Whether to reconnect (throttling) or give up (bad credentials).
        retryable: bool,
    },
    /// A frame the protocol does not define, or that cannot be parsed.
    Ignored,
}

/// Builds the `start` frame of one subscription with id `id`. Called again on every
/// (re)connection so that credentials and signatures are fresh.
pub type StartFrame =
    Arc<dyn Fn(String) -> BoxFuture<'static, Result<String, Error>> + Send + Sync>;

/// A subscription protocol over WebSocket.
pub trait Codec: Send + Sync + 'static {
    /// The upgrade request for a new connection (URL, subprotocols, auth). Called for every
    /// connection attempt.
    fn handshake(&self) -> BoxFuture<'_, Result<HandshakeRequest, Error>>;
    /// The frame sent right after the upgrade; the engine then waits for
    /// [`ServerFrame::ConnectionAck`].
    fn init_frame(&self) -> String;
    /// The frame that stops subscription `id`.
    fn stop_frame(&self, id: &str) -> String;
    /// Reads one text frame.
    fn decode(&self, text: &str) -> ServerFrame;

    /// The frame the engine sends every [`WsConfig::ping_interval`](super::WsConfig), for
    /// protocols where the client proves it is alive (`graphql-transport-ws`'s `ping`).
    /// `None` (the default): the protocol has no client ping.
    fn ping_frame(&self) -> Option<String> {
        None
    }

    /// The typed error for an upgrade refused with HTTP `status` (`body`: the start of the
    /// answer), when the protocol knows better than the engine, e.g. refused credentials as
    /// an auth error. Such an error ends every subscription without retrying. `None` (the
    /// default): the engine's [`WsError::Refused`](super::WsError::Refused), or a retry for
    /// server errors and throttling.
    fn upgrade_refused(&self, status: u16, body: &str) -> Option<Error> {
        let _ = (status, body);
        None
    }

    /// What close `code` means in this protocol, and whether reconnecting may help, when the
    /// standard meanings do not say it. `None` (the default): the engine's hints for standard
    /// and `graphql-transport-ws` codes.
    fn close_hint(&self, code: u16) -> Option<(&'static str, bool)> {
        let _ = code;
        None
    }
}
