//! Subscribing: [`AppSyncClient::subscribe`] and the configurable [`RealtimeClient`].

use std::fmt;
use std::sync::Arc;

use futures::future::BoxFuture;

use super::codec::{AppSyncCodec, AuthPlacement};
use super::frames;
use super::AppSyncSubscription;
use crate::appsync::auth::target::Target;
use crate::appsync::auth::{AuthMode, Purpose};
use crate::appsync::http::AppSyncClient;
use crate::http::client::serialize_request;
use crate::operation::SubscriptionOperation;
use crate::request::Request;
use crate::ws::{ConnectionState, ConnectionStates, StartFrame, WsConfig, WsEngine};

/// Subscriptions to one AppSync API over one shared realtime connection, with a chosen
/// handshake placement and engine timings. Cheap to clone: clones share the connection.
///
/// [`AppSyncClient::subscribe`] uses one per client, configured by the client's builder; build
/// further ones with [`AppSyncClient::realtime`] (e.g. past 100 subscriptions, or with another
/// auth mode for the handshake).
#[derive(Clone)]
pub struct RealtimeClient {
    engine: WsEngine,
    /// Shared by every subscription's `start` builder rather than cloned into each: idle
    /// subscriptions stay small.
    auth: Arc<AuthMode>,
    target: Arc<Target>,
}

impl fmt::Debug for RealtimeClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RealtimeClient")
            .field("engine", &self.engine)
            .field("auth", &self.auth)
            .finish()
    }
}

/// Configures a [`RealtimeClient`]; see [`AppSyncClient::realtime`].
#[derive(Debug)]
pub struct RealtimeClientBuilder {
    client: AppSyncClient,
    auth: AuthMode,
    placement: AuthPlacement,
    config: WsConfig,
}

impl RealtimeClientBuilder {
    /// Where the handshake carries the auth object ([`AuthPlacement::QueryString`] by default).
    pub fn placement(mut self, placement: AuthPlacement) -> Self {
        self.placement = placement;
        self
    }

    /// The engine's timings and limits: acknowledgement and keep-alive timeouts, reconnect
    /// backoff, subscriptions per connection, unread events kept per subscription.
    pub fn config(mut self, config: WsConfig) -> Self {
        self.config = config;
        self
    }

    /// Authorizes the connection and every `start` with `auth` instead of the client's mode.
    pub fn auth(mut self, auth: AuthMode) -> Self {
        self.auth = auth;
        self
    }

    /// The client. No connection is made before the first subscription.
    pub fn build(self) -> RealtimeClient {
        let endpoint = self.client.inner.endpoint.clone();
        let shown = endpoint.realtime_url().to_string();
        let codec = AppSyncCodec::new(endpoint, self.auth.clone(), self.placement);
        RealtimeClient {
            engine: WsEngine::new(codec, self.config, shown),
            auth: Arc::new(self.auth),
            target: Arc::new(self.client.inner.target.clone()),
        }
    }
}

impl RealtimeClient {
    /// Subscribes. The connection is opened by the first subscription and closed after the
    /// last one ends; every subscription shares it.
    ///
    /// The stream yields typed events and
    /// [`Reconnected`](super::SubscriptionEvent::Reconnected) notices; see
    /// [`AppSyncSubscription`]. Dropping it stops the subscription on the server.
    pub fn subscribe<Op: SubscriptionOperation>(
        &self,
        request: &Request<Op>,
    ) -> AppSyncSubscription<Op::Data> {
        self.subscribe_with(Arc::clone(&self.auth), request)
    }

    /// [`subscribe`](RealtimeClient::subscribe) with another auth mode for this subscription's
    /// `start` (AppSync authorizes each subscription on its own; the shared connection keeps
    /// the handshake's mode). For APIs with several auth modes.
    pub fn subscribe_as<Op: SubscriptionOperation>(
        &self,
        auth: &AuthMode,
        request: &Request<Op>,
    ) -> AppSyncSubscription<Op::Data> {
        self.subscribe_with(Arc::new(auth.clone()), request)
    }

    fn subscribe_with<Op: SubscriptionOperation>(
        &self,
        auth: Arc<AuthMode>,
        request: &Request<Op>,
    ) -> AppSyncSubscription<Op::Data> {
        let data = match serialize_request(request) {
            Ok(body) => String::from_utf8_lossy(&body).into_owned(),
            Err(err) => return AppSyncSubscription::failed(err),
        };
        let data: Arc<str> = Arc::from(data);
        let target = Arc::clone(&self.target);
        let start: StartFrame = Arc::new(move |id: String| -> BoxFuture<'static, _> {
            let (auth, target, data) = (Arc::clone(&auth), Arc::clone(&target), Arc::clone(&data));
            Box::pin(async move {
                // Authorized afresh for every (re)start: refreshed tokens, a new x-amz-date,
                // a signature over exactly the `data` string sent.
                let headers = auth
                    .authorize_target(&target, data.as_bytes(), Purpose::Realtime)
                    .await?;
                Ok(frames::start_frame(&id, &data, &headers))
            })
        });
        AppSyncSubscription::new(self.engine.subscribe(start))
    }

    /// Whether the realtime connection is open or being opened.
    pub fn is_connected(&self) -> bool {
        self.engine.is_connected()
    }

    /// The connection's current state.
    pub fn connection_state(&self) -> ConnectionState {
        self.engine.connection_state()
    }

    /// The connection's state now, then every transition in order: `Disrupted` followed by
    /// `Reconnected` means events may have been missed, so refetch. See [`ConnectionState`].
    pub fn connection_states(&self) -> ConnectionStates {
        self.engine.connection_states()
    }

    /// How many subscriptions the connection carries now (at most
    /// [`WsConfig::max_subscriptions`]; past it, subscribing fails at once with
    /// [`WsError::TooManySubscriptions`](crate::ws::WsError::TooManySubscriptions)).
    pub fn subscriptions(&self) -> usize {
        self.engine.subscriptions()
    }
}

impl AppSyncClient {
    /// Another realtime client for this API, with its own connection, starting from this
    /// client's configuration (auth mode, placement, timings and limits set on its builder).
    pub fn realtime(&self) -> RealtimeClientBuilder {
        RealtimeClientBuilder {
            client: self.clone(),
            auth: self.inner.auth.clone(),
            placement: self.inner.placement,
            config: self.inner.realtime_config.clone(),
        }
    }

    /// Subscribes over the realtime WebSocket with the client's auth mode, placement, timings
    /// and limits, as set on its [builder](AppSyncClient::builder). All subscriptions of this
    /// client and its clones share one connection
    /// ([`default_realtime`](AppSyncClient::default_realtime)).
    pub fn subscribe<Op: SubscriptionOperation>(
        &self,
        request: &Request<Op>,
    ) -> AppSyncSubscription<Op::Data> {
        self.default_realtime().subscribe(request)
    }

    /// The state of the connection [`subscribe`](AppSyncClient::subscribe) uses, now and then
    /// every transition; see [`RealtimeClient::connection_states`].
    pub fn connection_states(&self) -> ConnectionStates {
        self.default_realtime().connection_states()
    }

    /// The realtime client [`subscribe`](AppSyncClient::subscribe) uses, configured by the
    /// client's builder, made on first use and owned by this client: its clones share it, and its connection is the one
    /// `subscribe` opens. AppSync allows 100 subscriptions per connection; for more, build
    /// further clients with [`realtime`](AppSyncClient::realtime), each with its own.
    pub fn default_realtime(&self) -> &RealtimeClient {
        self.inner.realtime.get_or_init(|| self.realtime().build())
    }
}
