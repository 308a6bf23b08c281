//! [`AppSyncCodec`]: AppSync's realtime protocol for the [`ws`](crate::ws) engine, authorizing
//! every connection afresh.

use futures::future::BoxFuture;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::handshake::client::Request as HandshakeRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;

use super::frames;
use crate::appsync::auth::target::Target;
use crate::appsync::auth::{AuthError, AuthMode, Purpose};
use crate::appsync::endpoint::AppSyncEndpoint;
use crate::appsync::AppSyncError;
use crate::error::Error;
use crate::ws::{Codec, Retry, ServerFrame, WsError};

/// Where the handshake carries the auth object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AuthPlacement {
    /// `?header=<base64 JSON>&payload=e30=` on the realtime URL: the documented placement,
    /// understood by every AppSync API and by local simulators.
    #[default]
    QueryString,
    /// A `header-<base64url JSON>` WebSocket subprotocol next to `graphql-ws` (what Amplify JS
    /// sends since 2024): keeps credentials out of URLs and access logs.
    Subprotocol,
}

/// AppSync's realtime protocol, with the auth mode and endpoint it authorizes for.
#[derive(Debug, Clone)]
pub struct AppSyncCodec {
    endpoint: AppSyncEndpoint,
    auth: AuthMode,
    placement: AuthPlacement,
}

impl AppSyncCodec {
    /// A codec for `endpoint` authorizing with `auth`, the handshake's auth object placed as
    /// `placement` says.
    pub fn new(endpoint: AppSyncEndpoint, auth: AuthMode, placement: AuthPlacement) -> Self {
        AppSyncCodec {
            endpoint,
            auth,
            placement,
        }
    }

    async fn request(&self) -> Result<HandshakeRequest, Error> {
        let target = Target::parse(&self.endpoint.connect_url())?;
        let auth = self
            .auth
            .authorize_target(&target, b"{}", Purpose::Realtime)
            .await?;
        let (url, protocols) = match self.placement {
            AuthPlacement::QueryString => (
                frames::query_string_url(self.endpoint.realtime_url(), &auth),
                frames::SUBPROTOCOL.to_owned(),
            ),
            AuthPlacement::Subprotocol => (
                self.endpoint.realtime_url().clone(),
                format!(
                    "{}, {}",
                    frames::SUBPROTOCOL,
                    frames::header_subprotocol(&auth)
                ),
            ),
        };
        // The errors' texts name neither the URL's query nor the header: both carry the auth.
        let bad = |reason: String| Error::from(WsError::InvalidRequest { reason });
        let mut request = url.as_str().into_client_request().map_err(|err| {
            bad(format!(
                "the realtime URL {} is not a WebSocket URL: {err}",
                self.endpoint.realtime_url()
            ))
        })?;
        let value = HeaderValue::from_str(&protocols)
            .map_err(|err| bad(format!("the auth subprotocol is not a header value: {err}")))?;
        request
            .headers_mut()
            .insert("sec-websocket-protocol", value);
        Ok(request)
    }
}

impl Codec for AppSyncCodec {
    fn handshake(&self) -> BoxFuture<'_, Result<HandshakeRequest, Error>> {
        Box::pin(self.request())
    }

    fn init_frame(&self) -> BoxFuture<'_, Result<String, Error>> {
        Box::pin(async { Ok(frames::init_frame()) })
    }

    fn stop_frame(&self, id: &str) -> String {
        frames::stop_frame(id)
    }

    fn decode<'a>(&self, text: &'a str) -> ServerFrame<'a> {
        frames::decode(text, self.auth.kind())
    }

    /// HTTP 401/403 on the upgrade: the credentials were refused, an auth error that says
    /// what to check for the mode in use.
    fn upgrade_refused(&self, status: u16, body: &str) -> Option<Error> {
        if !matches!(status, 401 | 403) {
            return None;
        }
        // AppSync's body is `{"errors":[{"errorType":..,"message":..}]}` when it has one.
        let parsed = serde_json::from_str::<serde_json::Value>(body)
            .ok()
            .map(|value| AppSyncError::from_payload(Some(&value)));
        let first = parsed.as_ref().and_then(|e| e.errors.first());
        Some(Error::Auth(AuthError::Rejected {
            kind: self.auth.kind(),
            status: Some(status),
            error_type: first
                .and_then(|e| e.error_type.clone())
                .unwrap_or_else(|| format!("HTTP {status}")),
            message: match first {
                Some(e) if e.error_type.is_some() && e.message != "(no message)" => {
                    e.message.clone()
                }
                _ => body.to_owned(),
            },
        }))
    }

    fn close_hint(&self, code: u16) -> Option<(&'static str, Retry)> {
        match code {
            // What local simulators do with the `header-` subprotocol placement.
            1002 if self.placement == AuthPlacement::Subprotocol => Some((
                "the server did not accept the handshake; AppSync simulators only understand \
                 the query-string placement: use AuthPlacement::QueryString",
                Retry::Never,
            )),
            _ => None,
        }
    }
}
