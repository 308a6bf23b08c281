//! Subscribing: [`AppSyncClient::subscribe`] and the configurable [`RealtimeClient`].

use std::fmt;
use std::sync::{Arc, Mutex, Weak};

use futures::future::BoxFuture;

use super::codec::{AppSyncCodec, AuthPlacement};
use super::frames;
use super::stream::AppSyncSubscription;
use crate::appsync::auth::target::Target;
use crate::appsync::auth::AuthMode;
use crate::appsync::http::{AppSyncClient, Inner};
use crate::http::client::serialize_request;
use crate::operation::SubscriptionOperation;
use crate::request::Request;
use crate::ws::{StartFrame, WsConfig, WsEngine};

/// Subscriptions to one AppSync API over one shared realtime connection, with a chosen
/// handshake placement and engine timings. Cheap to clone: clones share the connection.
///
/// [`AppSyncClient::subscribe`] uses a default one per client; build one with
/// [`AppSyncClient::realtime`] to configure it.
#[derive(Clone)]
pub struct RealtimeClient {
    engine: WsEngine,
    auth: AuthMode,
    target: Target,
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

    /// The engine's timings: acknowledgement and keep-alive timeouts, reconnect backoff.
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
            auth: self.auth,
            target: self.client.inner.target.clone(),
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
        self.subscribe_as(&self.auth, request)
    }

    /// [`subscribe`](RealtimeClient::subscribe) with another auth mode for this subscription's
    /// `start` (AppSync authorizes each subscription on its own; the shared connection keeps
    /// the handshake's mode). For APIs with several auth modes.
    pub fn subscribe_as<Op: SubscriptionOperation>(
        &self,
        auth: &AuthMode,
        request: &Request<Op>,
    ) -> AppSyncSubscription<Op::Data> {
        let data = match serialize_request(request) {
            Ok(body) => String::from_utf8_lossy(&body).into_owned(),
            Err(err) => return AppSyncSubscription::failed(err),
        };
        let data: Arc<str> = Arc::from(data);
        let auth = auth.clone();
        let target = self.target.clone();
        let start: StartFrame = Arc::new(move |id: String| -> BoxFuture<'static, _> {
            let (auth, target, data) = (auth.clone(), target.clone(), Arc::clone(&data));
            Box::pin(async move {
                // Authorized afresh for every (re)start: refreshed tokens, a new x-amz-date,
                // a signature over exactly the `data` string sent.
                let headers = auth.authorize_target(&target, data.as_bytes()).await?;
                Ok(frames::start_frame(&id, &data, &headers.to_json_object()))
            })
        });
        AppSyncSubscription::new(self.engine.subscribe(start))
    }

    /// Whether the realtime connection is open or being opened.
    pub fn is_connected(&self) -> bool {
        self.engine.is_connected()
    }
}

/// The default realtime client of each live [`AppSyncClient`] (by identity), so that all
/// `subscribe` calls of a client and its clones share one connection.
static DEFAULTS: Mutex<Vec<(Weak<Inner>, RealtimeClient)>> = Mutex::new(Vec::new());

impl AppSyncClient {
    /// A configurable realtime client for this API (handshake placement, timings, auth mode).
    pub fn realtime(&self) -> RealtimeClientBuilder {
        RealtimeClientBuilder {
            client: self.clone(),
            auth: self.inner.auth.clone(),
            placement: AuthPlacement::default(),
            config: WsConfig::default(),
        }
    }

    /// Subscribes over the realtime WebSocket with the client's auth mode, the query-string
    /// handshake and default timings (use [`realtime`](AppSyncClient::realtime) to change
    /// them). All subscriptions of this client and its clones share one connection.
    pub fn subscribe<Op: SubscriptionOperation>(
        &self,
        request: &Request<Op>,
    ) -> AppSyncSubscription<Op::Data> {
        self.default_realtime().subscribe(request)
    }

    fn default_realtime(&self) -> RealtimeClient {
        let mut defaults = DEFAULTS
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        defaults.retain(|(owner, _)| owner.strong_count() > 0);
        let me = Arc::downgrade(&self.inner);
        if let Some((_, realtime)) = defaults.iter().find(|(owner, _)| owner.ptr_eq(&me)) {
            return realtime.clone();
        }
        let realtime = self.realtime().build();
        defaults.push((me, realtime.clone()));
        realtime
    }
}
