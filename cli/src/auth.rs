//! The connection flags `schema fetch` and `run` share: extra headers, a bearer token, and
//! AppSync's auth modes (API key, Cognito / OIDC JWT, IAM).

use typed_graphql::appsync::auth::{AuthError, AuthMode, IamAuth};
use typed_graphql::http::header::{HeaderMap, HeaderName, HeaderValue};
use typed_graphql::Error;

/// Headers and auth.
#[derive(clap::Args)]
pub struct Connection {
    /// Extra header, `Name: value` (repeatable).
    #[arg(long = "header", short = 'H', value_name = "NAME: VALUE")]
    pub headers: Vec<String>,
    /// `Authorization: Bearer <TOKEN>`.
    #[arg(long, value_name = "TOKEN")]
    pub bearer: Option<String>,
    /// AppSync API key (`x-api-key`).
    #[arg(
        long,
        value_name = "KEY",
        env = "AWS_GRAPHQL_API_KEY",
        hide_env_values = true
    )]
    pub api_key: Option<String>,
    /// AppSync Cognito user pools / OIDC token (sent raw in `Authorization`).
    #[arg(long, value_name = "JWT")]
    pub jwt: Option<String>,
    /// AppSync IAM: sign with SigV4, credentials from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY
    /// and AWS_SESSION_TOKEN.
    #[arg(long)]
    pub iam: bool,
    /// Region for `--iam` and AppSync's control plane when the URL does not tell it (custom
    /// domains).
    #[arg(long)]
    pub region: Option<String>,
}

impl Connection {
    /// The `--header` and `--bearer` headers; `Err` names a malformed one.
    pub fn header_map(&self) -> Result<HeaderMap, String> {
        let mut headers = HeaderMap::new();
        for h in &self.headers {
            let (name, value) = h
                .split_once(':')
                .ok_or_else(|| format!("header `{h}` is not `Name: value`"))?;
            let name = HeaderName::from_bytes(name.trim().as_bytes())
                .map_err(|e| format!("header `{}`: {e}", name.trim()))?;
            let value =
                HeaderValue::from_str(value.trim()).map_err(|e| format!("header `{name}`: {e}"))?;
            headers.insert(name, value);
        }
        if let Some(token) = &self.bearer {
            let mut value = HeaderValue::from_str(&format!("Bearer {token}"))
                .map_err(|_| "the bearer token holds characters headers cannot carry".to_owned())?;
            value.set_sensitive(true);
            headers.insert("authorization", value);
        }
        Ok(headers)
    }

    /// The AppSync auth mode the flags ask for, if any (IAM first, then JWT, then API key).
    pub fn appsync(&self) -> Option<AuthMode> {
        if self.iam {
            let mut iam = IamAuth::from_env();
            if let Some(region) = &self.region {
                iam = iam.region(region.clone());
            }
            Some(AuthMode::iam(iam))
        } else if let Some(jwt) = &self.jwt {
            Some(AuthMode::cognito(jwt.clone()))
        } else {
            self.api_key
                .as_ref()
                .map(|key| AuthMode::api_key(key.clone()))
        }
    }
}

/// An auth error in the CLI's terms: the flags and variables to set, not library calls.
pub fn auth_error(err: Error) -> String {
    match err {
        Error::Auth(AuthError::MissingCredentials { missing }) => format!(
            "`--iam` needs AWS credentials and {missing} is not set: export AWS_ACCESS_KEY_ID and \
             AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials)"
        ),
        Error::Auth(AuthError::UnknownRegion { host }) => format!(
            "`--iam` cannot tell the AWS region from host `{host}` (not \
             `<api-id>.appsync-api.<region>.amazonaws.com`): pass it with `--region <REGION>`"
        ),
        Error::Auth(AuthError::EmptyToken { kind }) => {
            format!("the {kind} credential is empty: pass a non-empty `--api-key` or `--jwt`")
        }
        other => with_causes(&other),
    }
}

/// An error's message followed by its causes' (`could not connect ...: error sending request:
/// ...: Connection refused`), each said once.
pub fn with_causes(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        let part = cause.to_string();
        if !text.contains(&part) {
            text.push_str(": ");
            text.push_str(&part);
        }
        source = cause.source();
    }
    text
}
