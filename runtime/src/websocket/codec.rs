//! [`ProtocolCodec`]: the engine's [`Codec`] for the three protocols, with the upgrade
//! request (URL, query parameters, headers, subprotocol) and the `connection_init` payload
//! provider.

use std::sync::Arc;
use std::time::Duration;

use futures::future::BoxFuture;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::handshake::client::Request as HandshakeRequest;
use tokio_tungstenite::tungstenite::http::{HeaderName, HeaderValue};

use super::frames::{self, legacy, transport_ws};
use super::Protocol;
use crate::error::Error;
use crate::ws::{Codec, ServerFrame, WsConfig, WsError};

/// Makes the `connection_init` payload; called for every connection (fresh tokens).
pub type InitPayload =
    Arc<dyn Fn() -> BoxFuture<'static, Result<Option<serde_json::Value>, Error>> + Send + Sync>;

pub(crate) struct ProtocolCodec {
    pub(crate) protocol: Protocol,
    /// The URL with its query parameters.
    pub(crate) url: String,
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    pub(crate) init: Option<InitPayload>,
    /// What the client sends every `ping_interval` (API Gateway: keeps an idle connection open).
    pub(crate) keep_alive_message: Option<String>,
}

impl ProtocolCodec {
    fn request(&self) -> Result<HandshakeRequest, Error> {
        let mut request = self.url.as_str().into_client_request().map_err(|err| {
            Error::from(WsError::InvalidRequest {
                reason: format!("the URL is not a WebSocket URL: {err}"),
            })
        })?;
        let headers = request.headers_mut();
        for (name, value) in &self.headers {
            headers.append(name.clone(), value.clone());
        }
        if let Some(subprotocol) = self.protocol.subprotocol() {
            headers.insert(
                "sec-websocket-protocol",
                HeaderValue::from_static(subprotocol),
            );
        }
        Ok(request)
    }
}

impl Codec for ProtocolCodec {
    fn handshake(&self) -> BoxFuture<'_, Result<HandshakeRequest, Error>> {
        Box::pin(async move { self.request() })
    }

    fn init_frame(&self) -> BoxFuture<'_, Result<String, Error>> {
        Box::pin(async move {
            let payload = match &self.init {
                Some(provider) => provider().await?,
                None => None,
            };
            Ok(frames::connection_init(payload.as_ref()))
        })
    }

    fn stop_frame(&self, id: &str) -> String {
        match self.protocol {
            Protocol::GraphqlTransportWs => transport_ws::complete(id),
            Protocol::LegacyGraphqlWs | Protocol::ApiGateway => legacy::stop(id),
        }
    }

    fn decode<'a>(&self, text: &'a str) -> ServerFrame<'a> {
        match self.protocol {
            Protocol::GraphqlTransportWs => transport_ws::decode(text),
            Protocol::LegacyGraphqlWs | Protocol::ApiGateway => legacy::decode(text),
        }
    }

    fn acknowledges_starts(&self) -> bool {
        false
    }

    /// `graphql-transport-ws`: a `pong` is due within one ping interval of the `ping`. The
    /// legacy protocols: no watchdog unless configured (servers send `ka` only when enabled,
    /// API Gateway never).
    fn default_keep_alive(&self, config: &WsConfig) -> Option<Duration> {
        match self.protocol {
            Protocol::GraphqlTransportWs => config.ping_interval.map(|every| every * 2),
            Protocol::LegacyGraphqlWs | Protocol::ApiGateway => None,
        }
    }

    fn ping_frame(&self) -> Option<String> {
        match self.protocol {
            Protocol::GraphqlTransportWs => Some(transport_ws::PING.to_owned()),
            Protocol::LegacyGraphqlWs | Protocol::ApiGateway => self.keep_alive_message.clone(),
        }
    }

    fn terminate_frame(&self) -> Option<String> {
        match self.protocol {
            Protocol::GraphqlTransportWs => None,
            Protocol::LegacyGraphqlWs | Protocol::ApiGateway => Some(legacy::TERMINATE.to_owned()),
        }
    }
}
