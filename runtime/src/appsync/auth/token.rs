//! [`TokenSource`]: where a JWT or Lambda authorizer token comes from, asked again every time.

use std::fmt;
use std::future::Future;
use std::sync::Arc;

use futures::future::BoxFuture;

use super::secret::Secret;
use crate::error::BoxError;

/// Gives a token (a Cognito / OIDC JWT or a Lambda authorizer token) when asked.
///
/// Asked once for every HTTP request, realtime connection and subscription `start`, so a token
/// that was refreshed in the meantime is picked up. Cache inside the provider if fetching a
/// token is slow. Any `Fn() -> impl Future<Output = Result<String, BoxError>>` closure is a
/// provider:
///
/// ```
/// use typed_graphql::appsync::auth::{AuthMode, TokenSource};
/// let auth = AuthMode::CognitoUserPools(TokenSource::provider(|| async {
///     // e.g. read the current session's access token
///     Ok::<_, typed_graphql::BoxError>("eyJraWQ...".to_owned())
/// }));
/// # let _ = auth;
/// ```
pub trait TokenProvider: Send + Sync {
    /// The token to send now.
    fn token(&self) -> BoxFuture<'_, Result<String, BoxError>>;
}

impl<F, Fut> TokenProvider for F
where
    F: Fn() -> Fut + Send + Sync,
    Fut: Future<Output = Result<String, BoxError>> + Send + 'static,
{
    fn token(&self) -> BoxFuture<'_, Result<String, BoxError>> {
        Box::pin(self())
    }
}

/// A token that does not change, or a [`TokenProvider`] asked for every request.
///
/// `Debug` never shows the token.
#[derive(Clone)]
pub enum TokenSource {
    /// The same token every time.
    Static(Secret),
    /// Asked again for every request, connection and `start`.
    Provider(Arc<dyn TokenProvider>),
}

impl TokenSource {
    /// A token that does not change.
    pub fn fixed(token: impl Into<String>) -> Self {
        TokenSource::Static(Secret::new(token))
    }

    /// A provider asked for every request, connection and `start`.
    pub fn provider(provider: impl TokenProvider + 'static) -> Self {
        TokenSource::Provider(Arc::new(provider))
    }

    /// The token to use now.
    pub async fn token(&self) -> Result<Secret, BoxError> {
        match self {
            TokenSource::Static(token) => Ok(token.clone()),
            TokenSource::Provider(provider) => provider.token().await.map(Secret::new),
        }
    }
}

impl fmt::Debug for TokenSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TokenSource::Static(_) => f.write_str("Static(<redacted>)"),
            TokenSource::Provider(_) => f.write_str("Provider(..)"),
        }
    }
}

impl From<String> for TokenSource {
    fn from(token: String) -> Self {
        TokenSource::fixed(token)
    }
}

impl From<&str> for TokenSource {
    fn from(token: &str) -> Self {
        TokenSource::fixed(token)
    }
}
