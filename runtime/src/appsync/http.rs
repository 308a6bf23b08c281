//! [`AppSyncClient`]: AppSync queries and mutations over HTTP, every auth mode.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use typed_graphql::appsync::{auth::AuthMode, http::AppSyncClient};
//! let client = AppSyncClient::builder(
//!     "https://abcdefghijklmnopqrstuvwxyz.appsync-api.eu-west-1.amazonaws.com/graphql",
//!     AuthMode::api_key(std::env::var("AWS_GRAPHQL_API_KEY")?),
//! )
//! .build()?;
//! // let response = client.execute(&ListTodos::request(vars)).await?;
//! # let _ = client; Ok(()) }
//! ```
//!
//! Requests go through the crate's [`HttpClient`]: answers map to results exactly as
//! [`HttpClient::execute`] describes, except that AppSync refusing the credentials
//! (`UnauthorizedException`, HTTP 401/403) becomes [`AuthError::Rejected`], which says what to
//! check for the mode in use.

use std::fmt;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use bytes::Bytes;
use serde::de::DeserializeOwned;

use super::auth::target::Target;
use super::auth::{AuthError, AuthKind, AuthMode, Purpose};
use super::endpoint::{AppSyncEndpoint, EndpointError};
use super::realtime::AuthPlacement;
use crate::error::Error;
use crate::http::client::serialize_request;
use crate::http::{BuildError, HttpClient};
use crate::operation::Executable;
use crate::request::Request;
use crate::response::GraphQLErrors;
use crate::ws::WsConfig;

/// `errorType`s (matched as substrings: AppSync may namespace them, e.g.
/// `com.amazonaws.deepdish.graphql.auth#UnauthorizedException`) that mean the credentials were
/// refused rather than the operation.
const REJECTION_TYPES: &[&str] = &[
    "UnauthorizedException",
    "InvalidSignatureException",
    "IncompleteSignatureException",
    "UnrecognizedClientException",
    "ExpiredTokenException",
    "AccessDeniedException",
];

/// An AWS AppSync client for queries and mutations over HTTP. Cheap to clone: clones share the
/// connection pool and configuration.
///
/// Build one with [`AppSyncClient::builder`]. `Debug` never shows credentials.
#[derive(Clone)]
pub struct AppSyncClient {
    pub(crate) inner: Arc<Inner>,
}

/// What clones of an [`AppSyncClient`] share.
pub(crate) struct Inner {
    /// The HTTP transport, pointed at the GraphQL endpoint.
    pub(crate) http: HttpClient,
    /// GraphQL and realtime URLs, host and region.
    pub(crate) endpoint: AppSyncEndpoint,
    /// The default auth mode (the client's region already applied to IAM).
    pub(crate) auth: AuthMode,
    /// The GraphQL endpoint, parsed once for signing.
    pub(crate) target: Target,
    /// Where the realtime handshake carries the auth object.
    pub(crate) placement: AuthPlacement,
    /// The realtime engine's timings and limits.
    pub(crate) realtime_config: WsConfig,
    /// The realtime client `subscribe` uses, made on first use: every clone of this client
    /// shares its one connection.
    pub(crate) realtime: OnceLock<super::realtime::RealtimeClient>,
}

impl fmt::Debug for AppSyncClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AppSyncClient")
            .field("endpoint", &self.inner.endpoint)
            .field("auth", &self.inner.auth)
            .field("timeout", &self.inner.http.timeout())
            .finish()
    }
}

impl AppSyncClient {
    /// A builder for a client of the AppSync API at GraphQL URL `endpoint`
    /// (`https://<id>.appsync-api.<region>.amazonaws.com/graphql` or a custom domain's), with
    /// `auth` as the default auth mode.
    pub fn builder(endpoint: impl Into<String>, auth: AuthMode) -> AppSyncClientBuilder {
        AppSyncClientBuilder {
            endpoint: endpoint.into(),
            auth,
            realtime_url: None,
            placement: AuthPlacement::default(),
            realtime_config: WsConfig::default(),
            region: None,
            timeout: None,
            no_timeout: false,
            reqwest_client: None,
        }
    }

    /// The API's URLs, host and region.
    pub fn endpoint(&self) -> &AppSyncEndpoint {
        &self.inner.endpoint
    }

    /// The default auth mode.
    pub fn auth(&self) -> &AuthMode {
        &self.inner.auth
    }

    /// Sends a query or mutation with the default auth mode and decodes its typed response.
    ///
    /// The mode's token provider / credentials are asked once for this request; IAM signs the
    /// exact body sent. Results and errors are those of [`HttpClient::execute`], plus
    /// [`Error::Auth`] when the request could not be authorized or AppSync refused its
    /// credentials ([`AuthError::Rejected`]).
    pub async fn execute<Op: Executable>(
        &self,
        request: &Request<Op>,
    ) -> Result<crate::Response<Op::Data>, Error> {
        self.execute_as(&self.inner.auth, request).await
    }

    /// [`execute`](AppSyncClient::execute) with another auth mode for this request (APIs with
    /// several auth modes: e.g. public reads with an API key, writes as a Cognito user).
    pub async fn execute_as<Op: Executable>(
        &self,
        auth: &AuthMode,
        request: &Request<Op>,
    ) -> Result<crate::Response<Op::Data>, Error> {
        let body = serialize_request(request)?;
        self.execute_raw(auth, body).await
    }

    /// Sends `body` (a serialised GraphQL request, sent and signed byte for byte) authorized
    /// with `auth`, and decodes the answer as a [`Response<D>`](crate::Response).
    pub async fn execute_raw<D: DeserializeOwned>(
        &self,
        auth: &AuthMode,
        body: Bytes,
    ) -> Result<crate::Response<D>, Error> {
        let headers = auth
            .authorize_target(&self.inner.target, &body, Purpose::Http)
            .await?;
        self.inner
            .http
            .execute_raw(body, headers.to_header_map())
            .await
            .map_err(|err| rejection(auth.kind(), err))
    }
}

/// Turns AppSync's refusals of credentials into [`AuthError::Rejected`]; other errors pass.
pub(crate) fn rejection(kind: AuthKind, err: Error) -> Error {
    match err {
        Error::GraphQL(errors) => match rejected_error(&errors) {
            Some((error_type, message)) => Error::Auth(AuthError::Rejected {
                kind,
                status: None,
                error_type,
                message,
            }),
            None => Error::GraphQL(errors),
        },
        Error::Status {
            status: status @ (401 | 403),
            excerpt,
            ..
        } => Error::Auth(AuthError::Rejected {
            kind,
            status: Some(status),
            error_type: format!("HTTP {status}"),
            message: excerpt,
        }),
        other => other,
    }
}

/// The `errorType` and message of the first error that refuses credentials.
pub(crate) fn rejected_error(errors: &GraphQLErrors) -> Option<(String, String)> {
    errors.0.iter().find_map(|error| {
        let error_type = error.other.get("errorType")?.as_str()?;
        REJECTION_TYPES
            .iter()
            .any(|t| error_type.contains(t))
            .then(|| (error_type.to_owned(), error.message.clone()))
    })
}

/// A client configuration that cannot be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AppSyncBuildError {
    /// The GraphQL endpoint or the realtime URL is not usable.
    #[error(transparent)]
    Endpoint(#[from] EndpointError),
    /// The HTTP client could not be built.
    #[error(transparent)]
    Http(#[from] BuildError),
}

/// Configures an [`AppSyncClient`], HTTP and realtime alike; see [`AppSyncClient::builder`].
///
/// ```
/// use std::time::Duration;
/// use typed_graphql::appsync::{auth::AuthMode, http::AppSyncClient, realtime::AuthPlacement};
/// use typed_graphql::ws::WsConfig;
///
/// let client = AppSyncClient::builder(
///     "https://api.example.com/graphql",
///     AuthMode::lambda("my-authorizer-token"),
/// )
/// .region("eu-west-1")
/// .timeout(Duration::from_secs(10))
/// .realtime_url("wss://realtime.example.com/graphql/realtime")
/// .placement(AuthPlacement::Subprotocol)
/// .realtime_config(WsConfig {
///     ack_timeout: Duration::from_secs(5),
///     max_subscriptions: 50,
///     ..WsConfig::default()
/// })
/// .build()?;
/// // `client.subscribe(..)` and `client.connection_states()` use exactly this configuration.
/// # let _ = client;
/// # Ok::<(), typed_graphql::appsync::http::AppSyncBuildError>(())
/// ```
pub struct AppSyncClientBuilder {
    endpoint: String,
    auth: AuthMode,
    realtime_url: Option<String>,
    placement: AuthPlacement,
    realtime_config: WsConfig,
    region: Option<String>,
    timeout: Option<Duration>,
    no_timeout: bool,
    reqwest_client: Option<reqwest::Client>,
}

impl fmt::Debug for AppSyncClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AppSyncClientBuilder")
            .field("auth", &self.auth)
            .field("region", &self.region)
            .field("timeout", &self.timeout)
            .field("placement", &self.placement)
            .field("realtime_config", &self.realtime_config)
            .finish_non_exhaustive()
    }
}

impl AppSyncClientBuilder {
    /// Uses this realtime URL (`wss://...`) instead of the one derived from the endpoint.
    pub fn realtime_url(mut self, url: impl Into<String>) -> Self {
        self.realtime_url = Some(url.into());
        self
    }

    /// Where the realtime handshake carries the auth object ([`AuthPlacement::QueryString`] by
    /// default).
    pub fn placement(mut self, placement: AuthPlacement) -> Self {
        self.placement = placement;
        self
    }

    /// The realtime engine's timings and limits: acknowledgement and keep-alive timeouts,
    /// reconnect backoff, subscriptions per connection, unread events kept per subscription
    /// ([`WsConfig::default`] by default).
    pub fn realtime_config(mut self, config: WsConfig) -> Self {
        self.realtime_config = config;
        self
    }

    /// The AWS region IAM signs for when the host does not tell it (custom domains) and the
    /// [`IamAuth`](super::auth::IamAuth) has none.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Bounds one query or mutation (connect, send, whole answer); 30 s by default, AppSync's
    /// own limit.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self.no_timeout = false;
        self
    }

    /// No client-side timeout.
    pub fn no_timeout(mut self) -> Self {
        self.no_timeout = true;
        self
    }

    /// Sends through this reqwest client (proxies, TLS roots, pool settings).
    pub fn reqwest_client(mut self, client: reqwest::Client) -> Self {
        self.reqwest_client = Some(client);
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<AppSyncClient, AppSyncBuildError> {
        let mut endpoint = AppSyncEndpoint::new(&self.endpoint)?;
        if let Some(realtime) = &self.realtime_url {
            endpoint = endpoint.with_realtime_url(realtime)?;
        }
        let mut http = HttpClient::builder(endpoint.graphql_url().as_str());
        if let Some(client) = self.reqwest_client {
            http = http.reqwest_client(client);
        }
        if self.no_timeout {
            http = http.no_timeout();
        } else if let Some(timeout) = self.timeout {
            http = http.timeout(timeout);
        }
        let http = http.build()?;
        let target =
            Target::parse(endpoint.graphql_url().as_str()).map_err(|err| EndpointError {
                url: endpoint.host().to_owned(),
                reason: err.to_string(),
            })?;
        let auth = match &self.region {
            Some(region) => self.auth.with_default_region(region),
            None => self.auth,
        };
        Ok(AppSyncClient {
            inner: Arc::new(Inner {
                http,
                endpoint,
                auth,
                target,
                placement: self.placement,
                realtime_config: self.realtime_config,
                realtime: OnceLock::new(),
            }),
        })
    }
}
