//! AWS credentials for IAM (SigV4) auth: static, from the environment, or from a provider.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use futures::future::BoxFuture;

use super::error::AuthError;
use super::secret::Secret;
use crate::error::BoxError;

/// AWS credentials: an access key id, its secret key and, for temporary credentials, a session
/// token. `Debug` shows the access key id only.
#[derive(Clone)]
pub struct AwsCredentials {
    access_key_id: String,
    secret_access_key: Secret,
    session_token: Option<Secret>,
    expiry: Option<SystemTime>,
}

impl AwsCredentials {
    /// Credentials from their parts; `session_token` for temporary credentials (STS, SSO,
    /// roles).
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
    ) -> Self {
        AwsCredentials {
            access_key_id: access_key_id.into(),
            secret_access_key: Secret::new(secret_access_key),
            session_token: session_token.map(Secret::new),
            expiry: None,
        }
    }

    /// The same credentials, known to expire at `expiry` (informational).
    pub fn with_expiry(mut self, expiry: SystemTime) -> Self {
        self.expiry = Some(expiry);
        self
    }

    /// Reads `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and the optional `AWS_SESSION_TOKEN`
    /// (empty values count as unset).
    pub fn from_env() -> Result<Self, AuthError> {
        let read = |name: &'static str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let access_key_id = read("AWS_ACCESS_KEY_ID").ok_or(AuthError::MissingCredentials {
            missing: "AWS_ACCESS_KEY_ID",
        })?;
        let secret = read("AWS_SECRET_ACCESS_KEY").ok_or(AuthError::MissingCredentials {
            missing: "AWS_SECRET_ACCESS_KEY",
        })?;
        Ok(AwsCredentials::new(
            access_key_id,
            secret,
            read("AWS_SESSION_TOKEN"),
        ))
    }

    /// The access key id (not a secret on its own: it appears in every signature).
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The secret access key.
    pub fn secret_access_key(&self) -> &Secret {
        &self.secret_access_key
    }

    /// The session token of temporary credentials.
    pub fn session_token(&self) -> Option<&Secret> {
        self.session_token.as_ref()
    }

    /// When the credentials expire, if known.
    pub fn expiry(&self) -> Option<SystemTime> {
        self.expiry
    }

    /// The AWS SDK's type, for the signer.
    pub(crate) fn to_sdk(&self) -> aws_credential_types::Credentials {
        aws_credential_types::Credentials::new(
            self.access_key_id.clone(),
            self.secret_access_key.expose().to_owned(),
            self.session_token.as_ref().map(|t| t.expose().to_owned()),
            self.expiry,
            "typed-graphql",
        )
    }
}

impl fmt::Debug for AwsCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AwsCredentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &self.secret_access_key)
            .field("session_token", &self.session_token)
            .field("expiry", &self.expiry)
            .finish()
    }
}

impl From<aws_credential_types::Credentials> for AwsCredentials {
    fn from(creds: aws_credential_types::Credentials) -> Self {
        AwsCredentials {
            access_key_id: creds.access_key_id().to_owned(),
            secret_access_key: Secret::new(creds.secret_access_key()),
            session_token: creds.session_token().map(Secret::new),
            expiry: creds.expiry(),
        }
    }
}

/// Gives AWS credentials when asked: once per signed request, connection and `start`.
///
/// Wrap a slow provider (instance metadata, STS) in [`CachedCredentials`]. The AWS SDK's
/// providers plug in through [`SdkCredentials`].
pub trait CredentialsProvider: Send + Sync {
    /// The credentials to sign with now.
    fn credentials(&self) -> BoxFuture<'_, Result<AwsCredentials, BoxError>>;
}

/// Adapts any AWS SDK credentials provider (`aws_credential_types::provider::ProvideCredentials`,
/// e.g. the default chain of `aws-config`) into a [`CredentialsProvider`]:
///
/// ```ignore
/// let sdk = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
/// let provider = sdk.credentials_provider().expect("credentials configured");
/// let iam = IamAuth::new(CredentialsSource::provider(CachedCredentials::new(SdkCredentials(provider))));
/// ```
///
/// (`SdkConfig::credentials_provider` is the bare chain; its identity cache is separate, hence
/// [`CachedCredentials`].)
#[derive(Debug, Clone)]
pub struct SdkCredentials<P>(pub P);

impl<P> CredentialsProvider for SdkCredentials<P>
where
    P: aws_credential_types::provider::ProvideCredentials,
{
    fn credentials(&self) -> BoxFuture<'_, Result<AwsCredentials, BoxError>> {
        Box::pin(async move {
            let creds = self.0.provide_credentials().await?;
            Ok(AwsCredentials::from(creds))
        })
    }
}

/// Keeps the credentials of another provider until shortly before they expire, so that a slow
/// provider (instance metadata, STS, SSO) is not asked for every request. Credentials without
/// an expiry are kept for good. Concurrent requests wait for one refresh instead of each
/// starting their own.
///
/// ```
/// # use typed_graphql::appsync::auth::*;
/// # fn wrap(provider: impl CredentialsProvider + 'static) -> IamAuth {
/// IamAuth::new(CredentialsSource::provider(CachedCredentials::new(provider)))
/// # }
/// ```
pub struct CachedCredentials<P> {
    provider: P,
    refresh_before: Duration,
    cached: tokio::sync::Mutex<Option<AwsCredentials>>,
}

impl<P: CredentialsProvider> CachedCredentials<P> {
    /// Caches `provider`'s credentials, refreshing them 5 minutes before they expire.
    pub fn new(provider: P) -> Self {
        CachedCredentials {
            provider,
            refresh_before: Duration::from_secs(5 * 60),
            cached: tokio::sync::Mutex::new(None),
        }
    }

    /// Refreshes this long before expiry instead (signatures made with credentials about to
    /// expire can be refused in flight).
    pub fn refresh_before(mut self, margin: Duration) -> Self {
        self.refresh_before = margin;
        self
    }

    fn fresh(&self, creds: &AwsCredentials) -> bool {
        match creds.expiry {
            None => true,
            Some(expiry) => SystemTime::now() + self.refresh_before < expiry,
        }
    }
}

impl<P: CredentialsProvider> CredentialsProvider for CachedCredentials<P> {
    fn credentials(&self) -> BoxFuture<'_, Result<AwsCredentials, BoxError>> {
        Box::pin(async move {
            let mut cached = self.cached.lock().await;
            if let Some(creds) = cached.as_ref().filter(|c| self.fresh(c)) {
                return Ok(creds.clone());
            }
            let creds = self.provider.credentials().await?;
            *cached = Some(creds.clone());
            Ok(creds)
        })
    }
}

impl<P> fmt::Debug for CachedCredentials<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CachedCredentials")
            .field("refresh_before", &self.refresh_before)
            .finish_non_exhaustive()
    }
}

/// Where IAM auth gets its AWS credentials. `Debug` never shows secrets.
#[derive(Clone)]
pub enum CredentialsSource {
    /// These credentials, always.
    Static(AwsCredentials),
    /// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, read for every
    /// request (so rotated values are picked up).
    Environment,
    /// A provider asked for every request, connection and `start`.
    Provider(Arc<dyn CredentialsProvider>),
}

impl CredentialsSource {
    /// A provider asked for every signature.
    pub fn provider(provider: impl CredentialsProvider + 'static) -> Self {
        CredentialsSource::Provider(Arc::new(provider))
    }

    /// The credentials to sign with now.
    pub async fn credentials(&self) -> Result<AwsCredentials, AuthError> {
        match self {
            CredentialsSource::Static(creds) => Ok(creds.clone()),
            CredentialsSource::Environment => AwsCredentials::from_env(),
            CredentialsSource::Provider(provider) => provider
                .credentials()
                .await
                .map_err(|source| AuthError::CredentialsProvider { source }),
        }
    }
}

impl fmt::Debug for CredentialsSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CredentialsSource::Static(creds) => f.debug_tuple("Static").field(creds).finish(),
            CredentialsSource::Environment => f.write_str("Environment"),
            CredentialsSource::Provider(_) => f.write_str("Provider(..)"),
        }
    }
}

impl From<AwsCredentials> for CredentialsSource {
    fn from(creds: AwsCredentials) -> Self {
        CredentialsSource::Static(creds)
    }
}
