//! [`Config`]: credentials the AppSync endpoint accepts, timings and limits.

use std::fmt;
use std::time::Duration;

/// How a [`DevServer`](crate::DevServer) behaves. `Config::default()` accepts every request,
/// sends multipart heartbeats every second and AppSync `ka` every 10 s.
#[derive(Clone, Default)]
pub struct Config {
    /// API key the AppSync endpoint accepts in `x-api-key` (HTTP) or the auth object.
    pub api_key: Option<String>,
    /// A JWT the AppSync endpoint accepts as `Authorization` (Cognito / OIDC modes).
    pub jwt: Option<String>,
    /// A Lambda authorizer token the AppSync endpoint accepts as `Authorization`.
    pub lambda_token: Option<String>,
    /// Multipart heartbeat (`{}`) interval; 1 s by default.
    pub heartbeat_interval: Option<Duration>,
    /// AppSync realtime `ka` interval; 10 s by default.
    pub keep_alive_interval: Option<Duration>,
    /// `connectionTimeoutMs` announced in `connection_ack`; 300000 by default.
    pub connection_timeout_ms: Option<u64>,
    /// Realtime subscriptions allowed on one connection; 100 by default.
    pub max_subscriptions_per_connection: Option<usize>,
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
        self.heartbeat_interval.unwrap_or(Duration::from_secs(1))
    }

    pub(crate) fn keep_alive(&self) -> Duration {
        self.keep_alive_interval.unwrap_or(Duration::from_secs(10))
    }

    pub(crate) fn connection_timeout(&self) -> u64 {
        self.connection_timeout_ms.unwrap_or(300_000)
    }

    pub(crate) fn max_subscriptions(&self) -> usize {
        self.max_subscriptions_per_connection.unwrap_or(100)
    }

    /// Whether any credential is configured (otherwise the AppSync endpoint accepts anything).
    pub(crate) fn auth_required(&self) -> bool {
        self.api_key.is_some() || self.jwt.is_some() || self.lambda_token.is_some()
    }

    /// Whether an `x-api-key` value or an `Authorization` value is one of the configured
    /// credentials.
    pub(crate) fn accepts(&self, api_key: Option<&str>, authorization: Option<&str>) -> bool {
        if !self.auth_required() {
            return true;
        }
        let key_ok = matches!((&self.api_key, api_key), (Some(want), Some(got)) if want == got);
        let token_ok = authorization.is_some_and(|got| {
            self.jwt.as_deref() == Some(got) || self.lambda_token.as_deref() == Some(got)
        });
        key_ok || token_ok
    }
}
