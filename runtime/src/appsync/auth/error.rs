//! [`AuthError`]: why a request could not be authorized, or why AppSync refused it.

use std::fmt;

use crate::error::BoxError;

/// Which AppSync authorization mode a request used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuthKind {
    /// `API_KEY`
    ApiKey,
    /// `AMAZON_COGNITO_USER_POOLS`
    CognitoUserPools,
    /// `OPENID_CONNECT`
    Oidc,
    /// `AWS_LAMBDA`
    Lambda,
    /// `AWS_IAM`
    Iam,
}

impl AuthKind {
    /// What to check when AppSync rejects credentials of this kind.
    pub fn rejection_hint(self) -> &'static str {
        match self {
            AuthKind::ApiKey => {
                "the API key was rejected: check the key you configured (e.g. \
                 AWS_GRAPHQL_API_KEY) and its expiry date, and that the API allows API_KEY auth"
            }
            AuthKind::CognitoUserPools => {
                "the Cognito user pools token was rejected: it may have expired (use a \
                 TokenSource provider that refreshes it) or belong to another user pool"
            }
            AuthKind::Oidc => {
                "the OIDC token was rejected: it may have expired (use a TokenSource provider \
                 that refreshes it), or its issuer or client id does not match the API's \
                 OPENID_CONNECT settings"
            }
            AuthKind::Lambda => {
                "the Lambda authorizer denied the token: check the token and the authorizer \
                 function's logs"
            }
            AuthKind::Iam => {
                "the IAM signature was rejected: check the AWS credentials (expired session \
                 token?), the region, the system clock, and that the IAM policy allows \
                 appsync:GraphQL on this API"
            }
        }
    }
}

impl fmt::Display for AuthKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AuthKind::ApiKey => "API key",
            AuthKind::CognitoUserPools => "Cognito user pools",
            AuthKind::Oidc => "OIDC",
            AuthKind::Lambda => "Lambda",
            AuthKind::Iam => "IAM",
        })
    }
}

/// An AppSync request could not be authorized, or AppSync refused its credentials.
///
/// No variant carries a secret: tokens, keys and signatures are never part of the message.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AuthError {
    /// The token provider failed.
    #[error("the {kind} token provider failed: {source}")]
    TokenProvider {
        /// The mode whose provider failed.
        kind: AuthKind,
        /// The provider's error.
        #[source]
        source: BoxError,
    },
    /// The token (or API key) is empty.
    #[error("the {kind} token is empty: configure a non-empty token")]
    EmptyToken {
        /// The mode whose token is empty.
        kind: AuthKind,
    },
    /// A credential holds characters HTTP headers cannot carry (the value is not repeated).
    #[error(
        "the `{header}` value holds characters HTTP headers cannot carry (control characters \
         or non-ASCII): check the {kind} credential for a stray newline"
    )]
    InvalidHeaderValue {
        /// The mode.
        kind: AuthKind,
        /// The header it was meant for.
        header: &'static str,
    },
    /// AWS credentials are not configured.
    #[error(
        "no AWS credentials: {missing} is not set; set AWS_ACCESS_KEY_ID and \
         AWS_SECRET_ACCESS_KEY (plus AWS_SESSION_TOKEN for temporary credentials) or give \
         IamAuth credentials or a provider"
    )]
    MissingCredentials {
        /// The environment variable that is missing or empty.
        missing: &'static str,
    },
    /// The AWS credentials provider failed.
    #[error("the AWS credentials provider failed: {source}")]
    CredentialsProvider {
        /// The provider's error.
        #[source]
        source: BoxError,
    },
    /// The AWS region is unknown: the host is not a standard AppSync host and none was set.
    #[error(
        "cannot tell the AWS region from host `{host}` (not \
         `<api-id>.appsync-api.<region>.amazonaws.com`): set it with `IamAuth::region` or \
         the client builder's `region`"
    )]
    UnknownRegion {
        /// The host the region was looked for in.
        host: String,
    },
    /// The URL to authorize is not an absolute http(s) URL with a host.
    #[error("cannot authorize a request to `{url}`: {reason}")]
    Url {
        /// The URL (without user info or query).
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// SigV4 signing failed.
    #[error("SigV4 signing failed: {source}")]
    Signing {
        /// The signer's error.
        #[source]
        source: BoxError,
    },
    /// AppSync refused the credentials (`UnauthorizedException` or an HTTP 401/403).
    #[error("AppSync refused the request ({error_type}: {message}): {}", .kind.rejection_hint())]
    Rejected {
        /// The mode the request used.
        kind: AuthKind,
        /// The HTTP status, when the refusal came over HTTP.
        status: Option<u16>,
        /// AppSync's `errorType` (e.g. `UnauthorizedException`), or `HTTP <status>`.
        error_type: String,
        /// AppSync's message.
        message: String,
    },
}

impl AuthError {
    /// An equal error (see `Error::duplicate`); boxed sources are kept by their text.
    pub(crate) fn duplicate(&self) -> AuthError {
        let text = |source: &BoxError| -> BoxError { source.to_string().into() };
        match self {
            AuthError::TokenProvider { kind, source } => AuthError::TokenProvider {
                kind: *kind,
                source: text(source),
            },
            AuthError::EmptyToken { kind } => AuthError::EmptyToken { kind: *kind },
            AuthError::InvalidHeaderValue { kind, header } => AuthError::InvalidHeaderValue {
                kind: *kind,
                header,
            },
            AuthError::MissingCredentials { missing } => AuthError::MissingCredentials { missing },
            AuthError::CredentialsProvider { source } => AuthError::CredentialsProvider {
                source: text(source),
            },
            AuthError::UnknownRegion { host } => AuthError::UnknownRegion { host: host.clone() },
            AuthError::Url { url, reason } => AuthError::Url {
                url: url.clone(),
                reason: reason.clone(),
            },
            AuthError::Signing { source } => AuthError::Signing {
                source: text(source),
            },
            AuthError::Rejected {
                kind,
                status,
                error_type,
                message,
            } => AuthError::Rejected {
                kind: *kind,
                status: *status,
                error_type: error_type.clone(),
                message: message.clone(),
            },
        }
    }
}
