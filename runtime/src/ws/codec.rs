//! [`Codec`]: what a protocol tells the engine (frames in and out, the handshake request).

use std::borrow::Cow;
use std::sync::Arc;
use std::time::Duration;

use futures::future::BoxFuture;
use serde_json::value::RawValue;
use tokio_tungstenite::tungstenite::handshake::client::Request as HandshakeRequest;

use super::error::Retry;
use super::WsConfig;
use crate::error::Error;

/// A frame from the server, as the codec understood it, borrowing from the frame's text (one
/// parse; an event's payload stays raw JSON until the typed stream decodes it). Anything the
/// codec does not know is [`ServerFrame::Ignored`]: the engine never fails on an unexpected
/// frame.
#[derive(Debug)]
pub enum ServerFrame<'a> {
    /// The server accepted the connection; `keep_alive_timeout` is the longest silence it
    /// allows between keep-alives, when it announces one.
    ConnectionAck {
        /// The announced keep-alive window.
        keep_alive_timeout: Option<Duration>,
        /// The acknowledgement's payload, if any
        /// ([`WsEngine::ack_payload`](super::WsEngine::ack_payload) keeps it).
        payload: Option<&'a RawValue>,
    },
    /// A keep-alive (legacy `ka`, or the `pong` answering the client's `ping`).
    KeepAlive,
    /// The server checks the client is alive (`graphql-transport-ws`'s `ping`): the engine
    /// sends `pong` back when there is one. Counts as a keep-alive.
    Ping {
        /// The answer to send, e.g. `{"type":"pong"}`.
        pong: Option<String>,
    },
    /// The server started subscription `id`: [`WsSubscription::started`](super::WsSubscription::started)
    /// resolves. Only for protocols whose [`Codec::acknowledges_starts`] is true.
    StartAck {
        /// The subscription.
        id: Cow<'a, str>,
    },
    /// An event of subscription `id`: a GraphQL response, as raw JSON.
    Data {
        /// The subscription.
        id: Cow<'a, str>,
        /// The response (`{data, errors}`), a slice of the frame's text.
        payload: &'a RawValue,
    },
    /// An error: for subscription `id` (which ends), or for the connection when `id` is `None`.
    Error {
        /// The subscription, if any.
        id: Option<Cow<'a, str>>,
        /// What the server said.
        error: Error,
    },
    /// Subscription `id` ended normally.
    Complete {
        /// The subscription.
        id: Cow<'a, str>,
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
    /// [`ServerFrame::ConnectionAck`]. Called for every connection (fresh credentials); an
    /// error ends every subscription without retrying.
    fn init_frame(&self) -> BoxFuture<'_, Result<String, Error>>;
    /// The frame that stops subscription `id`.
    fn stop_frame(&self, id: &str) -> String;
    /// Reads one text frame. Must not panic, whatever the text.
    fn decode<'a>(&self, text: &'a str) -> ServerFrame<'a>;

    /// Whether the server acknowledges each start ([`ServerFrame::StartAck`]). When it does
    /// not (`graphql-transport-ws`, legacy `graphql-ws`), a subscription counts as started
    /// once its start frame was written to an acknowledged connection, and no start
    /// acknowledgement timeout applies. `true` by default.
    fn acknowledges_starts(&self) -> bool {
        true
    }

    /// The longest silence allowed when neither the server announces a keep-alive window nor
    /// [`WsConfig::keep_alive_timeout`] sets one; `None`: no watchdog. By default
    /// [`WsConfig::default_keep_alive_timeout`].
    fn default_keep_alive(&self, config: &WsConfig) -> Option<Duration> {
        Some(config.default_keep_alive_timeout)
    }

    /// The frame the engine sends every [`WsConfig::ping_interval`](super::WsConfig), for
    /// protocols where the client proves it is alive (`graphql-transport-ws`'s `ping`).
    /// `None` (the default): the protocol has no client ping.
    fn ping_frame(&self) -> Option<String> {
        None
    }

    /// The frame sent before the engine closes a connection it no longer needs (legacy
    /// `graphql-ws`'s `connection_terminate`). `None` by default.
    fn terminate_frame(&self) -> Option<String> {
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
    /// standard meanings do not say it. `None` (the default): the engine's
    /// [`close_hint`](super::close_hint) for standard and `graphql-transport-ws` codes.
    fn close_hint(&self, code: u16) -> Option<(&'static str, Retry)> {
        let _ = code;
        None
    }
}

/// The envelope every JSON protocol here shares: `{"type", "id"?, "payload"?}`, read without
/// building the payload (it stays a slice of the text). `None` for text that is not such an
/// object.
#[derive(Debug, serde::Deserialize)]
pub struct Envelope<'a> {
    /// The frame's `type`.
    #[serde(rename = "type", borrow)]
    pub kind: Cow<'a, str>,
    /// The operation id, if any.
    #[serde(borrow, default)]
    pub id: Option<Cow<'a, str>>,
    /// The payload, raw; `None` when absent or `null`.
    #[serde(borrow, default)]
    pub payload: Option<&'a RawValue>,
}

impl<'a> Envelope<'a> {
    /// Parses `text`; `None` when it is not a JSON object with a string `type`.
    pub fn parse(text: &'a str) -> Option<Envelope<'a>> {
        serde_json::from_str(text).ok()
    }

    /// The payload parsed as a JSON value (for error frames: rare, and their shapes vary).
    pub fn payload_value(&self) -> Option<serde_json::Value> {
        self.payload
            .and_then(|raw| serde_json::from_str(raw.get()).ok())
    }
}
