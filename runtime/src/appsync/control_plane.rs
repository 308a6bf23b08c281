//! [`ControlPlane`]: AppSync's management API (`https://appsync.<region>.amazonaws.com`), for
//! what the GraphQL endpoint cannot give: the schema with its AppSync directives.
//!
//! Standard introspection drops directives, so a schema fetched through the GraphQL endpoint
//! loses `@aws_subscribe` (and the auth directives `@aws_api_key`, `@aws_iam`, `@aws_cognito_user_pools`,
//! `@aws_oidc`, `@aws_lambda`). AppSync's `GetIntrospectionSchema` returns the SDL with them:
//! `GET /v1/apis/{apiId}/schema?format=SDL&includeDirectives=true`, signed with SigV4 for
//! service `appsync` (the control plane accepts IAM only).
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use typed_graphql::appsync::auth::IamAuth;
//! use typed_graphql::appsync::control_plane::ControlPlane;
//!
//! let control_plane = ControlPlane::new("eu-west-1", IamAuth::from_env())?;
//! let sdl = control_plane
//!     .introspection_schema("abcdefghijklmnopqrstuvwxyz")
//!     .await?;
//! # let _ = sdl; Ok(()) }
//! ```

use std::fmt;
use std::time::Duration;

use reqwest::Url;

use super::auth::target::Target;
use super::auth::{AuthError, AuthKind, IamAuth, Purpose};
use super::endpoint::{parse_with_host, EndpointError};
use crate::error::{excerpt, Error};
use crate::http::client::display_url;

/// How long one control-plane request may take.
const TIMEOUT: Duration = Duration::from_secs(30);

/// The largest schema accepted, in bytes (GitHub's public schema, one of the largest around,
/// is 1.2 MB).
pub const MAX_SCHEMA_BYTES: usize = 32 * 1024 * 1024;

/// AppSync's control-plane API in one region, signed with IAM credentials.
#[derive(Clone)]
pub struct ControlPlane {
    base: Url,
    iam: IamAuth,
    client: reqwest::Client,
}

impl fmt::Debug for ControlPlane {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ControlPlane")
            .field("base", &display_url(&self.base))
            .field("iam", &self.iam)
            .finish()
    }
}

impl ControlPlane {
    /// The control plane of `region` (`https://appsync.<region>.amazonaws.com`, `.com.cn` for
    /// China regions), signing for that region with `iam`'s credentials. Fails when `region`
    /// is not a region name (letters, digits and dashes, e.g. `eu-west-1`).
    pub fn new(region: &str, iam: IamAuth) -> Result<ControlPlane, EndpointError> {
        let suffix = if region.starts_with("cn-") {
            "amazonaws.com.cn"
        } else {
            "amazonaws.com"
        };
        let base = format!("https://appsync.{region}.{suffix}/");
        let named = !region.is_empty()
            && region
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-');
        let base = Url::parse(&base)
            .ok()
            .filter(|_| named)
            .ok_or(EndpointError {
                url: base,
                reason: format!("`{region}` is not an AWS region name (e.g. `eu-west-1`)"),
            })?;
        Ok(ControlPlane {
            base,
            iam: iam.region(region),
            client: reqwest::Client::new(),
        })
    }

    /// Sends requests to `base` instead (a VPC endpoint, a proxy, a local emulation such as
    /// the devserver's); signatures stay scoped to the region given to [`new`](Self::new).
    pub fn base_url(mut self, base: &str) -> Result<ControlPlane, EndpointError> {
        let mut url = parse_with_host(
            base,
            &["http", "https"],
            "the control-plane URL must be an http(s) URL with a host",
        )?;
        if !url.path().ends_with('/') {
            let path = format!("{}/", url.path());
            url.set_path(&path);
        }
        self.base = url;
        Ok(self)
    }

    /// `GetIntrospectionSchema` as SDL with directives: the API's schema as AppSync holds it,
    /// `@aws_subscribe` and the auth directives included.
    ///
    /// Errors: [`Error::Auth`] when signing fails or AWS refuses the credentials (HTTP 401/403:
    /// the IAM policy must allow `appsync:GetIntrospectionSchema`), [`Error::Status`] for other
    /// refusals (404: no API with this id in this region), [`Error::Connect`] /
    /// [`Error::Timeout`] when the API cannot be reached.
    pub async fn introspection_schema(&self, api_id: &str) -> Result<String, Error> {
        let url = self.schema_url(api_id)?;
        let target = Target::parse(url.as_str())?;
        let headers = self
            .iam
            .authorize(&target, b"", Purpose::ControlPlane)
            .await?;
        let shown = display_url(&url);
        let response = self
            .client
            .get(url)
            .headers(headers.to_header_map())
            .timeout(TIMEOUT)
            .send()
            .await
            .map_err(|err| transport_error(&shown, err))?;
        let status = response.status().as_u16();
        let error_type = response
            .headers()
            .get("x-amzn-errortype")
            .and_then(|value| value.to_str().ok())
            .map(|value| value.split(':').next().unwrap_or(value).to_owned());
        let content_type = crate::http::client::content_type_of(response.headers());
        if response
            .content_length()
            .is_some_and(|length| length > MAX_SCHEMA_BYTES as u64)
        {
            return Err(too_large());
        }
        let body = read_bounded(response)
            .await
            .map_err(|err| transport_error(&shown, err))?
            .ok_or_else(too_large)?;
        if (200..300).contains(&status) {
            return String::from_utf8(body).map_err(|_| Error::Malformed {
                reason: "the schema is not UTF-8 text".to_owned(),
                excerpt: String::new(),
            });
        }
        let message = serde_json::from_slice::<serde_json::Value>(&body)
            .ok()
            .and_then(|value| {
                value
                    .get("message")
                    .or_else(|| value.get("Message"))
                    .and_then(|m| m.as_str().map(str::to_owned))
            })
            .unwrap_or_else(|| excerpt(&body, 300));
        if matches!(status, 401 | 403) {
            return Err(Error::Auth(AuthError::Rejected {
                kind: AuthKind::Iam,
                status: Some(status),
                error_type: error_type.unwrap_or_else(|| format!("HTTP {status}")),
                message: format!(
                    "{message} (GetIntrospectionSchema needs appsync:GetIntrospectionSchema)"
                ),
            }));
        }
        Err(Error::Status {
            status,
            content_type: content_type.unwrap_or_else(|| "unknown".to_owned()),
            excerpt: match error_type {
                Some(error_type) => format!("{error_type}: {message}"),
                None => message,
            },
        })
    }

    fn schema_url(&self, api_id: &str) -> Result<Url, Error> {
        let valid = !api_id.is_empty() && api_id.bytes().all(|b| b.is_ascii_alphanumeric());
        if !valid {
            return Err(Error::Request {
                reason: "the AppSync API id".to_owned(),
                source: format!(
                    "`{api_id}` is not an API id (letters and digits, the first label of \
                     `<api-id>.appsync-api.<region>.amazonaws.com`)"
                )
                .into(),
            });
        }
        let mut url = self
            .base
            .join(&format!("v1/apis/{api_id}/schema"))
            .map_err(|err| Error::Request {
                reason: "the control-plane URL".to_owned(),
                source: err.to_string().into(),
            })?;
        url.set_query(Some("format=SDL&includeDirectives=true"));
        Ok(url)
    }
}

fn too_large() -> Error {
    Error::Malformed {
        reason: format!("the schema is larger than {MAX_SCHEMA_BYTES} bytes"),
        excerpt: String::new(),
    }
}

/// The body, or `None` past [`MAX_SCHEMA_BYTES`].
async fn read_bounded(mut response: reqwest::Response) -> Result<Option<Vec<u8>>, reqwest::Error> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        if body.len() + chunk.len() > MAX_SCHEMA_BYTES {
            return Ok(None);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Some(body))
}

fn transport_error(url: &str, err: reqwest::Error) -> Error {
    if err.is_timeout() {
        Error::Timeout(TIMEOUT)
    } else if err.is_connect() {
        Error::Connect {
            url: url.to_owned(),
            source: Box::new(err.without_url()),
        }
    } else {
        Error::Transport {
            url: url.to_owned(),
            source: Box::new(err.without_url()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::appsync::auth::AwsCredentials;

    fn iam() -> IamAuth {
        IamAuth::new(AwsCredentials::new("AKIDEXAMPLE", "secret", None))
    }

    #[test]
    fn the_region_names_the_host() {
        let standard = ControlPlane::new("eu-west-1", iam()).unwrap();
        assert_eq!(
            standard.schema_url("abc123").unwrap().as_str(),
            "https://appsync.eu-west-1.amazonaws.com/v1/apis/abc123/schema?format=SDL&includeDirectives=true"
        );
        let china = ControlPlane::new("cn-north-1", iam()).unwrap();
        assert_eq!(
            china.base.as_str(),
            "https://appsync.cn-north-1.amazonaws.com.cn/"
        );
        let local = ControlPlane::new("us-east-1", iam())
            .unwrap()
            .base_url("http://127.0.0.1:9/prefix")
            .unwrap();
        assert_eq!(
            local.schema_url("abc").unwrap().as_str(),
            "http://127.0.0.1:9/prefix/v1/apis/abc/schema?format=SDL&includeDirectives=true"
        );
        assert!(ControlPlane::new("us-east-1", iam())
            .unwrap()
            .base_url("ws://x/")
            .is_err());
        for bad in ["", "eu west 1", "eu-west-1/../x", "eu-west-1.evil.example"] {
            assert!(ControlPlane::new(bad, iam()).is_err(), "{bad}");
        }
    }

    #[test]
    fn api_ids_cannot_change_the_path() {
        let plane = ControlPlane::new("eu-west-1", iam()).unwrap();
        for bad in ["", "../x", "a/b", "a?b"] {
            assert!(plane.schema_url(bad).is_err(), "{bad}");
        }
    }
}
