//! [`WebSocketClient`]: typed subscriptions (and queries, mutations) over one shared socket.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use futures::future::BoxFuture;
use futures::StreamExt;
use tokio_tungstenite::tungstenite::http::{HeaderName, HeaderValue};

use super::codec::{InitPayload, ProtocolCodec};
use super::frames::{legacy, transport_ws};
use super::Protocol;
use crate::error::Error;
use crate::operation::{Executable, Operation, SubscriptionOperation};
use crate::request::Request;
use crate::response::Response;
use crate::ws::{
    ConnectionState, ConnectionStates, StartFrame, Subscription, SubscriptionEvent, WsConfig,
    WsEngine, WsError,
};

/// GraphQL over one WebSocket: subscriptions, and queries and mutations for servers that
/// take them on the socket. Cheap to clone: clones share the connection, which opens with the
/// first operation and closes after the last one ends.
#[derive(Clone)]
pub struct WebSocketClient {
    engine: WsEngine,
    protocol: Protocol,
}

impl fmt::Debug for WebSocketClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebSocketClient")
            .field("protocol", &self.protocol)
            .field("engine", &self.engine)
            .finish()
    }
}

/// Configures a [`WebSocketClient`]; see [`WebSocketClient::builder`].
pub struct WebSocketClientBuilder {
    url: String,
    protocol: Protocol,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    init: Option<InitPayload>,
    config: WsConfig,
    keep_alive_message: Option<String>,
}

impl fmt::Debug for WebSocketClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Header values, query values and the init payload may hold credentials.
        let names = |pairs: &[(String, String)]| -> Vec<String> {
            pairs.iter().map(|(name, _)| name.clone()).collect()
        };
        f.debug_struct("WebSocketClientBuilder")
            .field("url", &self.url)
            .field("protocol", &self.protocol)
            .field("query", &names(&self.query))
            .field("headers", &names(&self.headers))
            .field("init_payload", &self.init.is_some())
            .field("config", &self.config)
            .finish()
    }
}

impl WebSocketClientBuilder {
    /// Adds `name: value` to the upgrade request (auth for servers and gateways that decide
    /// on the upgrade, e.g. API Gateway's `$connect`).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Adds `name=value` to the upgrade URL's query string (percent-encoded).
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// The `connection_init` payload, the same on every connection.
    pub fn init_payload(self, payload: serde_json::Value) -> Self {
        self.init_payload_with(move || {
            let payload = payload.clone();
            async move { Ok(Some(payload)) }
        })
    }

    /// Makes the `connection_init` payload for every connection, reconnections included:
    /// for tokens that expire. An error ends the operations waiting for the connection
    /// (it is not retried: a provider that cannot produce credentials will not by retrying).
    pub fn init_payload_with<F, Fut>(mut self, provider: F) -> Self
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut:
            std::future::Future<Output = Result<Option<serde_json::Value>, Error>> + Send + 'static,
    {
        self.init = Some(Arc::new(move || -> BoxFuture<'static, _> {
            Box::pin(provider())
        }));
        self
    }

    /// The engine's timings and limits (acknowledgement and keep-alive timeouts, client
    /// pings, reconnect backoff, message size, subscriptions per connection, unread events
    /// kept per subscription). Replaces the protocol's defaults
    /// ([`Protocol::default_config`]).
    pub fn config(mut self, config: WsConfig) -> Self {
        self.config = config;
        self
    }

    /// For [`Protocol::ApiGateway`] (and the legacy protocol): the message sent every
    /// `every` to keep an idle connection open (API Gateway closes connections idle for 10
    /// minutes). `{"type":"ka"}` every 5 minutes by default for API Gateway; set the
    /// interval to `None` to send nothing.
    pub fn keep_alive_message(
        mut self,
        every: Option<Duration>,
        message: impl Into<String>,
    ) -> Self {
        self.config.ping_interval = every;
        self.keep_alive_message = Some(message.into());
        self
    }

    /// The client. No connection is made before the first operation.
    pub fn build(self) -> Result<WebSocketClient, WsError> {
        let url = with_query(&self.url, &self.query);
        let mut headers = Vec::with_capacity(self.headers.len());
        for (name, value) in &self.headers {
            let name =
                HeaderName::from_bytes(name.as_bytes()).map_err(|err| WsError::InvalidRequest {
                    reason: format!("the header name `{name}` is invalid: {err}"),
                })?;
            let value = HeaderValue::from_str(value).map_err(|err| WsError::InvalidRequest {
                reason: format!("the value of header `{name}` is invalid: {err}"),
            })?;
            headers.push((name, value));
        }
        if !(url.starts_with("ws://") || url.starts_with("wss://")) {
            return Err(WsError::InvalidRequest {
                reason: format!("`{}` is not a ws:// or wss:// URL", self.url),
            });
        }
        // Errors show the URL without its query (it may hold credentials).
        let shown = self.url.split('?').next().unwrap_or_default().to_owned();
        let codec = ProtocolCodec {
            protocol: self.protocol,
            url,
            headers,
            init: self.init,
            keep_alive_message: self.keep_alive_message,
        };
        Ok(WebSocketClient {
            engine: WsEngine::new(codec, self.config, shown),
            protocol: self.protocol,
        })
    }
}

/// `url` with `pairs` appended to its query string, percent-encoded.
fn with_query(url: &str, pairs: &[(String, String)]) -> String {
    if pairs.is_empty() {
        return url.to_owned();
    }
    let encoded: Vec<String> = pairs
        .iter()
        .map(|(name, value)| format!("{}={}", percent_encode(name), percent_encode(value)))
        .collect();
    let separator = match url.contains('?') {
        true if url.ends_with('?') || url.ends_with('&') => "",
        true => "&",
        false => "?",
    };
    format!("{url}{separator}{}", encoded.join("&"))
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(char::from(byte))
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

impl WebSocketClient {
    /// A builder for the server at `url` (`ws://` or `wss://`) speaking `protocol`, with the
    /// protocol's default timings ([`Protocol::default_config`]).
    pub fn builder(url: impl Into<String>, protocol: Protocol) -> WebSocketClientBuilder {
        WebSocketClientBuilder {
            url: url.into(),
            protocol,
            query: Vec::new(),
            headers: Vec::new(),
            init: None,
            config: protocol.default_config(),
            keep_alive_message: match protocol {
                Protocol::ApiGateway => Some(r#"{"type":"ka"}"#.to_owned()),
                _ => None,
            },
        }
    }

    /// Subscribes. The stream yields typed events, and
    /// [`Reconnected`](SubscriptionEvent::Reconnected) when the connection was lost and the
    /// subscription started again on a new one (events in between are lost: re-query), and
    /// [`Lagged`](SubscriptionEvent::Lagged) when it was read too slowly. Dropping it stops the
    /// subscription on the server.
    pub fn subscribe<Op: SubscriptionOperation>(
        &self,
        request: &Request<Op>,
    ) -> Subscription<Op::Data> {
        match self.start_frame(request) {
            Ok(start) => Subscription::new(self.engine.subscribe(start)),
            Err(err) => Subscription::failed(err),
        }
    }

    /// Runs a query or mutation over the socket (`graphql-transport-ws` servers take them;
    /// many legacy servers too): the one response, with its `errors`. A connection lost
    /// meanwhile fails it with [`WsError::ConnectionLost`] rather than sending it again.
    pub async fn execute<Op: Executable>(
        &self,
        request: &Request<Op>,
    ) -> Result<Response<Op::Data>, Error> {
        let start = self.start_frame(request)?;
        let mut events: Subscription<Op::Data> = Subscription::new(self.engine.execute(start));
        loop {
            match events.next().await {
                Some(Ok(SubscriptionEvent::Data(response))) => return Ok(response),
                Some(Ok(_)) => continue,
                Some(Err(err)) => return Err(err),
                None => return Err(WsError::NoResponse.into()),
            }
        }
    }

    fn start_frame<Op: Operation>(&self, request: &Request<Op>) -> Result<StartFrame, Error> {
        let body = serde_json::to_string(request).map_err(|source| Error::Request {
            reason: "the variables could not be serialised as JSON".to_owned(),
            source: Box::new(source),
        })?;
        let body: Arc<str> = Arc::from(body);
        let frame: fn(&str, &str) -> String = match self.protocol {
            Protocol::GraphqlTransportWs => transport_ws::subscribe,
            Protocol::LegacyGraphqlWs | Protocol::ApiGateway => legacy::start,
        };
        Ok(Arc::new(move |id: String| -> BoxFuture<'static, _> {
            let text = frame(&id, &body);
            Box::pin(async move { Ok(text) })
        }))
    }

    /// The protocol this client speaks.
    pub fn protocol(&self) -> Protocol {
        self.protocol
    }

    /// Whether the connection is open or being opened.
    pub fn is_connected(&self) -> bool {
        self.engine.is_connected()
    }

    /// The connection's current state.
    pub fn connection_state(&self) -> ConnectionState {
        self.engine.connection_state()
    }

    /// The connection's state now, then every transition in order: `Retrying` for every
    /// failed attempt, `Disrupted` then `Reconnected` when events may have been missed. See
    /// [`ConnectionState`].
    pub fn connection_states(&self) -> ConnectionStates {
        self.engine.connection_states()
    }

    /// The payload of the last `connection_ack`, if the server sent one.
    pub fn ack_payload(&self) -> Option<serde_json::Value> {
        self.engine.ack_payload()
    }

    /// How many operations the connection carries now.
    pub fn subscriptions(&self) -> usize {
        self.engine.subscriptions()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_parameters_are_appended_and_encoded() {
        let pairs = vec![
            ("token".to_owned(), "a b&c=d/é".to_owned()),
            ("v".to_owned(), "1".to_owned()),
        ];
        assert_eq!(
            with_query("wss://h/graphql", &pairs),
            "wss://h/graphql?token=a%20b%26c%3Dd%2F%C3%A9&v=1"
        );
        assert_eq!(with_query("ws://h/?x=1", &pairs[1..]), "ws://h/?x=1&v=1");
        assert_eq!(with_query("ws://h/", &[]), "ws://h/");
    }

    #[test]
    fn debug_output_holds_no_credentials() {
        let builder = WebSocketClient::builder("ws://127.0.0.1:1/graphql", Protocol::ApiGateway)
            .header("Authorization", "Bearer secret-token")
            .query("api_key", "secret-key")
            .init_payload(serde_json::json!({"token": "secret-init"}));
        let shown = format!("{builder:?}");
        assert!(!shown.contains("secret"), "{shown}");
        assert!(shown.contains("Authorization"), "{shown}");
    }

    #[test]
    fn bad_urls_and_headers_are_refused_at_build() {
        let err = WebSocketClient::builder("http://h/graphql", Protocol::GraphqlTransportWs)
            .build()
            .unwrap_err();
        assert!(err.to_string().contains("ws://"), "{err}");
        let err = WebSocketClient::builder("ws://h/graphql", Protocol::GraphqlTransportWs)
            .header("bad header", "v")
            .build()
            .unwrap_err();
        assert!(matches!(err, WsError::InvalidRequest { .. }), "{err}");
    }
}
