//! [`Config`]: credentials the AppSync endpoint accepts, timings and limits.

use std::fmt;
use std::time::Duration;

/// How a [`DevServer`](crate::DevServer) behaves. `Config::default()` accepts every request,
/// sends multipart heartbeats every 5 s and AppSync `ka` every 10 s.
#[derive(Clone, Default)]
pub struct Config {
    /// API key the AppSync endpoint accepts in `x-api-key` (HTTP) or the auth object.
    pub api_key: Option<String>,
    /// A JWT the AppSync endpoint accepts as `Authorization` (Cognito / OIDC modes).
    pub jwt: Option<String>,
    /// A Lambda authorizer token the AppSync endpoint accepts as `Authorization`.
    pub lambda_token: Option<String>,
    /// AWS credentials whose SigV4 signatures (service `appsync`) the AppSync endpoint accepts
    /// (IAM mode): signatures are verified by signing the request again.
    pub iam: Option<IamCredentials>,
    /// Multipart heartbeat (`{}`) interval; 5 s by default (Apollo Router's).
    pub heartbeat_interval: Option<Duration>,
    /// AppSync realtime `ka` interval; 10 s by default.
    pub keep_alive_interval: Option<Duration>,
    /// `connectionTimeoutMs` announced in `connection_ack`; 300000 by default.
    pub connection_timeout_ms: Option<u64>,
    /// Realtime subscriptions allowed on one connection; 100 by default.
    pub max_subscriptions_per_connection: Option<usize>,
    /// A token the GraphQL-over-WebSocket endpoint requires in the `connection_init` payload
    /// (`{"token": ..}`); any payload is accepted when `None`.
    pub ws_token: Option<String>,
    /// A token the API Gateway emulation's `$connect` requires, as `Authorization` or the
    /// `token` query parameter of the upgrade; none when `None`.
    pub api_gateway_token: Option<String>,
    /// How long an API Gateway connection may stay idle before the gateway closes it (10
    /// minutes by default, API Gateway's).
    pub api_gateway_idle_timeout: Option<Duration>,
    /// How long an API Gateway connection may last at all (2 hours by default, API
    /// Gateway's).
    pub api_gateway_max_duration: Option<Duration>,
    /// Port of the GraphQL-over-HTTP listener; any free port when `None`.
    pub port: Option<u16>,
    /// Port of the AppSync listener (HTTP and realtime); any free port when `None`.
    pub appsync_port: Option<u16>,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = |secret: &Option<String>| secret.as_ref().map(|_| "<redacted>");
        f.debug_struct("Config")
            .field("api_key", &shown(&self.api_key))
            .field("jwt", &shown(&self.jwt))
            .field("lambda_token", &shown(&self.lambda_token))
            .field("ws_token", &shown(&self.ws_token))
            .field("api_gateway_token", &shown(&self.api_gateway_token))
            .field("api_gateway_idle_timeout", &self.api_gateway_idle_timeout)
            .field("api_gateway_max_duration", &self.api_gateway_max_duration)
            .field("iam", &self.iam)
            .field("heartbeat_interval", &self.heartbeat_interval)
            .field("keep_alive_interval", &self.keep_alive_interval)
            .field("connection_timeout_ms", &self.connection_timeout_ms)
            .field(
                "max_subscriptions_per_connection",
                &self.max_subscriptions_per_connection,
            )
            .field("port", &self.port)
            .field("appsync_port", &self.appsync_port)
            .finish()
    }
}

impl Config {
    pub(crate) fn heartbeat(&self) -> Duration {
        self.heartbeat_interval.unwrap_or(Duration::from_secs(5))
    }

    pub(crate) fn keep_alive(&self) -> Duration {
        self.keep_alive_interval.unwrap_or(Duration::from_secs(10))
    }

    pub(crate) fn connection_timeout(&self) -> u64 {
        self.connection_timeout_ms.unwrap_or(300_000)
    }

    pub(crate) fn api_gateway_idle_timeout(&self) -> Duration {
        self.api_gateway_idle_timeout
            .unwrap_or(Duration::from_secs(600))
    }

    pub(crate) fn api_gateway_max_duration(&self) -> Duration {
        self.api_gateway_max_duration
            .unwrap_or(Duration::from_secs(7200))
    }

    pub(crate) fn max_subscriptions(&self) -> usize {
        self.max_subscriptions_per_connection.unwrap_or(100)
    }

    /// Whether any credential is configured (otherwise the AppSync endpoint accepts anything).
    pub(crate) fn auth_required(&self) -> bool {
        self.api_key.is_some()
            || self.jwt.is_some()
            || self.lambda_token.is_some()
            || self.iam.is_some()
    }
}

/// AWS credentials for the IAM auth mode. `Debug` shows the access key id's first four
/// characters only and never the secret or the session token.
#[derive(Clone, PartialEq, Eq)]
pub struct IamCredentials {
    /// `AKIA...` (long-term) or `ASIA...` (temporary).
    pub access_key_id: String,
    /// The secret signatures are made with.
    pub secret_access_key: String,
    /// When set, requests must carry it as `x-amz-security-token` (temporary credentials).
    pub session_token: Option<String>,
    /// The region signatures are scoped to, e.g. `us-east-1`.
    pub region: String,
}

impl IamCredentials {
    /// Long-term credentials (no session token).
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        region: impl Into<String>,
    ) -> IamCredentials {
        IamCredentials {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            session_token: None,
            region: region.into(),
        }
    }

    /// The same credentials, temporary: requests must carry `session_token`.
    pub fn with_session_token(mut self, session_token: impl Into<String>) -> IamCredentials {
        self.session_token = Some(session_token.into());
        self
    }
}

impl fmt::Debug for IamCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let key_prefix = self.access_key_id.get(..4).unwrap_or("");
        f.debug_struct("IamCredentials")
            .field("access_key_id", &format_args!("{key_prefix}..."))
            .field("secret_access_key", &"<redacted>")
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| "<redacted>"),
            )
            .field("region", &self.region)
            .finish()
    }
}
