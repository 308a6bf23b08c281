//! AppSync authorization: every auth mode, for HTTP requests and realtime handshakes.
//!
//! An [`AuthMode`] turns a URL and a body into the [`AuthHeaders`] that authorize exactly that
//! request:
//!
//! | mode | headers |
//! | --- | --- |
//! | [`AuthMode::ApiKey`] | `x-api-key` |
//! | [`AuthMode::CognitoUserPools`], [`AuthMode::Oidc`] | `Authorization: <JWT>` |
//! | [`AuthMode::Lambda`] | `Authorization: <token>` |
//! | [`AuthMode::Iam`] | SigV4 (service `appsync`): `accept`, `content-encoding`, `content-type`, `host`, `x-amz-date`, `x-amz-security-token`, `Authorization` |
//!
//! Tokens and credentials are fetched again for every call ([`TokenSource`],
//! [`CredentialsSource`]), so refreshed JWTs and rotated AWS credentials are picked up, and
//! IAM signs each call freshly. Secrets never appear in `Debug` output nor in errors.
//!
//! For the realtime protocol the same headers are the auth object
//! ([`AuthHeaders::to_json_object`]): authorize `<graphql endpoint>/connect` with body `{}` for
//! the handshake, and the GraphQL endpoint with the exact `payload.data` string for each
//! `start`.

mod credentials;
mod error;
mod headers;
mod iam;
mod secret;
pub(crate) mod target;
mod token;

use std::fmt;

pub use credentials::{
    AwsCredentials, CachedCredentials, CredentialsProvider, CredentialsSource, SdkCredentials,
};
pub use error::{AuthError, AuthKind};
pub use headers::AuthHeaders;
pub use iam::{IamAuth, SigningClock};
pub use secret::Secret;
pub use token::{TokenProvider, TokenSource};

use crate::error::Error;
use target::Target;

/// How requests to an AppSync API are authorized. Cheap to clone; `Debug` redacts secrets.
#[derive(Clone)]
pub enum AuthMode {
    /// `API_KEY`: the key goes in `x-api-key`.
    ApiKey(Secret),
    /// `AMAZON_COGNITO_USER_POOLS`: a user pool JWT (Amplify sends the access token) in
    /// `Authorization`.
    CognitoUserPools(TokenSource),
    /// `OPENID_CONNECT`: the OIDC provider's JWT in `Authorization`.
    Oidc(TokenSource),
    /// `AWS_LAMBDA`: a token for the Lambda authorizer in `Authorization`.
    Lambda(TokenSource),
    /// `AWS_IAM`: SigV4 signatures.
    Iam(IamAuth),
}

impl AuthMode {
    /// API key auth.
    pub fn api_key(key: impl Into<String>) -> Self {
        AuthMode::ApiKey(Secret::new(key))
    }

    /// API key auth with the key in environment variable `var` (e.g. `AWS_GRAPHQL_API_KEY`);
    /// `None` when it is unset or empty.
    pub fn api_key_from_env(var: &str) -> Option<Self> {
        std::env::var(var)
            .ok()
            .filter(|key| !key.is_empty())
            .map(AuthMode::api_key)
    }

    /// Cognito user pools auth with a fixed token or a provider.
    pub fn cognito(token: impl Into<TokenSource>) -> Self {
        AuthMode::CognitoUserPools(token.into())
    }

    /// OIDC auth with a fixed token or a provider.
    pub fn oidc(token: impl Into<TokenSource>) -> Self {
        AuthMode::Oidc(token.into())
    }

    /// Lambda authorizer auth with a fixed token or a provider.
    pub fn lambda(token: impl Into<TokenSource>) -> Self {
        AuthMode::Lambda(token.into())
    }

    /// IAM auth.
    pub fn iam(iam: impl Into<IamAuth>) -> Self {
        AuthMode::Iam(iam.into())
    }

    /// Which mode this is.
    pub fn kind(&self) -> AuthKind {
        match self {
            AuthMode::ApiKey(_) => AuthKind::ApiKey,
            AuthMode::CognitoUserPools(_) => AuthKind::CognitoUserPools,
            AuthMode::Oidc(_) => AuthKind::Oidc,
            AuthMode::Lambda(_) => AuthKind::Lambda,
            AuthMode::Iam(_) => AuthKind::Iam,
        }
    }

    /// For IAM without an explicit region: signs for `region` (e.g. the region of a custom
    /// domain's API). Other modes are returned unchanged.
    pub fn with_default_region(mut self, region: &str) -> Self {
        if let AuthMode::Iam(iam) = &mut self {
            if iam.region.is_none() {
                iam.region = Some(region.to_owned());
            }
        }
        self
    }

    /// The headers that authorize a request with exactly this `body` to this `url`.
    ///
    /// - HTTP: the GraphQL endpoint and the request body sent byte for byte.
    /// - Realtime handshake: `<graphql endpoint>/connect` (e.g.
    ///   `https://<host>/graphql/connect`) and `{}`.
    /// - Each realtime `start`: the GraphQL endpoint and the exact string placed in
    ///   `payload.data`.
    ///
    /// Providers are asked once per call. `url` must be the HTTP(S) GraphQL URL, never the
    /// realtime one: its host is the auth object's `host`.
    pub async fn authorize(&self, url: &str, body: &[u8]) -> Result<AuthHeaders, Error> {
        Ok(self.authorize_target(&Target::parse(url)?, body).await?)
    }

    pub(crate) async fn authorize_target(
        &self,
        target: &Target,
        body: &[u8],
    ) -> Result<AuthHeaders, AuthError> {
        let kind = self.kind();
        let mut headers = AuthHeaders::new(kind, target.host.clone());
        match self {
            AuthMode::ApiKey(key) => headers.push_secret("x-api-key", key.clone())?,
            AuthMode::CognitoUserPools(source)
            | AuthMode::Oidc(source)
            | AuthMode::Lambda(source) => {
                let token = source
                    .token()
                    .await
                    .map_err(|source| AuthError::TokenProvider { kind, source })?;
                headers.push_secret("Authorization", token)?;
            }
            AuthMode::Iam(iam) => return iam.authorize(target, body).await,
        }
        Ok(headers)
    }
}

impl fmt::Debug for AuthMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AuthMode::ApiKey(key) => f.debug_tuple("ApiKey").field(key).finish(),
            AuthMode::CognitoUserPools(source) => {
                f.debug_tuple("CognitoUserPools").field(source).finish()
            }
            AuthMode::Oidc(source) => f.debug_tuple("Oidc").field(source).finish(),
            AuthMode::Lambda(source) => f.debug_tuple("Lambda").field(source).finish(),
            AuthMode::Iam(iam) => f.debug_tuple("Iam").field(iam).finish(),
        }
    }
}

impl From<IamAuth> for AuthMode {
    fn from(iam: IamAuth) -> Self {
        AuthMode::Iam(iam)
    }
}

#[cfg(test)]
mod tests;
