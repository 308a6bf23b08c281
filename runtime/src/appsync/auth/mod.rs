//! AppSync authorization: every auth mode, for HTTP requests and realtime handshakes.
//!
//! An [`AuthMode`] turns a URL and a body into the [`AuthHeaders`] that authorize exactly that
//! request:
//!
//! | mode | headers |
//! | --- | --- |
//! | [`AuthMode::ApiKey`] | `x-api-key` |
//! | [`AuthMode::CognitoUserPools`], [`AuthMode::Oidc`] | `authorization: <JWT>` |
//! | [`AuthMode::Lambda`] | `authorization: <token>` |
//! | [`AuthMode::Iam`], HTTP ([`authorize`](AuthMode::authorize)) | SigV4 (service `appsync`): `content-type: application/json`, `host`, `x-amz-date`, `x-amz-security-token` (temporary credentials only), `authorization` |
//! | [`AuthMode::Iam`], realtime ([`authorize_realtime`](AuthMode::authorize_realtime)) | SigV4: `accept: application/json, text/javascript`, `content-encoding: amz-1.0`, `content-type: application/json; charset=UTF-8`, `host`, `x-amz-date`, `x-amz-security-token`, `authorization` |
//!
//! Tokens and credentials are fetched again for every call ([`TokenSource`],
//! [`CredentialsSource`]), so refreshed JWTs and rotated AWS credentials are picked up, and
//! IAM signs each call freshly. Secrets never appear in `Debug` output nor in errors.
//!
//! For the realtime protocol the headers are the auth object ([`AuthHeaders::to_json`], names
//! lower case, `host` first unless IAM signed it in its place): authorize
//! `<graphql endpoint>/connect` with body `{}` for the handshake, and the GraphQL endpoint with
//! the exact `payload.data` string for each `start`.

mod credentials;
mod error;
pub(crate) mod headers;
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
pub(crate) use iam::Purpose;
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

    /// The headers that authorize an HTTP `POST` of exactly this `body` to the GraphQL
    /// endpoint `url` (the body sent byte for byte). IAM signs `content-type:
    /// application/json` and `host` besides its own headers, as AWS's SDKs do.
    ///
    /// Providers are asked once per call.
    pub async fn authorize(&self, url: &str, body: &[u8]) -> Result<AuthHeaders, Error> {
        Ok(self
            .authorize_target(&Target::parse(url)?, body, Purpose::Http)
            .await?)
    }

    /// The auth object of a realtime message: for the handshake `url` is
    /// `<graphql endpoint>/connect` (e.g. `https://<host>/graphql/connect`) and `body` is `{}`;
    /// for each `start` `url` is the GraphQL endpoint and `body` the exact string placed in
    /// `payload.data`. IAM signs the realtime header set (see the [module docs](self)).
    ///
    /// `url` must be the HTTP(S) URL, never the realtime one: its host is the object's `host`.
    pub async fn authorize_realtime(&self, url: &str, body: &[u8]) -> Result<AuthHeaders, Error> {
        Ok(self
            .authorize_target(&Target::parse(url)?, body, Purpose::Realtime)
            .await?)
    }

    pub(crate) async fn authorize_target(
        &self,
        target: &Target,
        body: &[u8],
        purpose: Purpose,
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
                headers.push_secret("authorization", token)?;
            }
            AuthMode::Iam(iam) => return iam.authorize(target, body, purpose).await,
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
