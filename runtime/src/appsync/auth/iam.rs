//! IAM auth: SigV4 signatures (service `appsync`) made with `aws-sigv4`.

use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
use aws_sigv4::sign::v4;

use super::credentials::{AwsCredentials, CredentialsSource};
use super::error::{AuthError, AuthKind};
use super::headers::AuthHeaders;
use super::secret::Secret;
use super::target::Target;
use crate::appsync::endpoint::region_from_host;

/// The SigV4 service name of AppSync.
const SERVICE: &str = "appsync";

/// What a signature is for: the fixed headers signed (and sent) besides `host` differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Purpose {
    /// A query or mutation POSTed over HTTP: only `content-type: application/json`, as AWS's
    /// SDKs and gql sign it.
    Http,
    /// The realtime handshake (`/connect`) and each `start`: the header set Amplify and gql
    /// sign for the auth object, in its order.
    Realtime,
    /// A `GET` of AppSync's control-plane API (e.g. `GetIntrospectionSchema`): `host` only.
    ControlPlane,
}

impl Purpose {
    fn method(self) -> &'static str {
        match self {
            Purpose::Http | Purpose::Realtime => "POST",
            Purpose::ControlPlane => "GET",
        }
    }

    /// The fixed headers signed before `host`, in the order they are sent.
    fn fixed_headers(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Purpose::Http => &[("content-type", "application/json")],
            Purpose::Realtime => &[
                ("accept", "application/json, text/javascript"),
                ("content-encoding", "amz-1.0"),
                ("content-type", "application/json; charset=UTF-8"),
            ],
            Purpose::ControlPlane => &[],
        }
    }
}

/// What time signatures carry. The system clock unless told otherwise.
#[derive(Clone, Default)]
pub struct SigningClock(Option<Arc<dyn Fn() -> SystemTime + Send + Sync>>);

impl SigningClock {
    /// The system clock.
    pub fn system() -> Self {
        SigningClock(None)
    }

    /// Always this instant: for reproducible signatures in tests.
    pub fn fixed(at: SystemTime) -> Self {
        SigningClock(Some(Arc::new(move || at)))
    }

    /// Asks `now` for the time of every signature (e.g. the system clock corrected for a
    /// skew the server reported).
    pub fn from_fn(now: impl Fn() -> SystemTime + Send + Sync + 'static) -> Self {
        SigningClock(Some(Arc::new(now)))
    }

    /// The time to sign with.
    pub fn now(&self) -> SystemTime {
        match &self.0 {
            None => SystemTime::now(),
            Some(now) => now(),
        }
    }
}

impl fmt::Debug for SigningClock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_some() {
            "SigningClock(custom)"
        } else {
            "SigningClock(system)"
        })
    }
}

/// IAM (SigV4) auth: the region and where credentials come from.
///
/// ```
/// use typed_graphql::appsync::auth::{AuthMode, AwsCredentials, IamAuth};
/// // From AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, region from the host:
/// let from_env = AuthMode::Iam(IamAuth::from_env());
/// // Explicit credentials and region (needed with a custom domain):
/// let explicit = AuthMode::Iam(
///     IamAuth::new(AwsCredentials::new("AKIA...", "secret", None)).region("eu-west-1"),
/// );
/// # let _ = (from_env, explicit);
/// ```
#[derive(Clone, Debug)]
pub struct IamAuth {
    /// The AWS region; when `None`, taken from a standard AppSync host
    /// (`<id>.appsync-api.<region>.amazonaws.com`).
    pub region: Option<String>,
    /// Where the credentials come from; asked for every signature.
    pub credentials: CredentialsSource,
    /// The time signatures carry.
    pub clock: SigningClock,
}

impl IamAuth {
    /// IAM auth with these credentials, region from the host, system clock.
    pub fn new(credentials: impl Into<CredentialsSource>) -> Self {
        IamAuth {
            region: None,
            credentials: credentials.into(),
            clock: SigningClock::system(),
        }
    }

    /// Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`,
    /// read for every signature.
    pub fn from_env() -> Self {
        IamAuth::new(CredentialsSource::Environment)
    }

    /// Signs for this region instead of the one in the host.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Signs with this clock.
    pub fn clock(mut self, clock: SigningClock) -> Self {
        self.clock = clock;
        self
    }

    pub(crate) async fn authorize(
        &self,
        target: &Target,
        body: &[u8],
        purpose: Purpose,
    ) -> Result<AuthHeaders, AuthError> {
        let region = match &self.region {
            Some(region) => region.clone(),
            None => region_from_host(&target.host).ok_or_else(|| AuthError::UnknownRegion {
                host: target.host.clone(),
            })?,
        };
        let credentials = self.credentials.credentials().await?;
        sign_appsync(
            &credentials,
            &region,
            self.clock.now(),
            target,
            body,
            purpose,
        )
    }
}

impl From<AwsCredentials> for IamAuth {
    fn from(credentials: AwsCredentials) -> Self {
        IamAuth::new(credentials)
    }
}

/// Signs the purpose's method on `url` with its fixed headers and `host`, body hashed as given.
pub(crate) fn sign_appsync(
    credentials: &AwsCredentials,
    region: &str,
    time: SystemTime,
    target: &Target,
    body: &[u8],
    purpose: Purpose,
) -> Result<AuthHeaders, AuthError> {
    let signing_error =
        |source: Box<dyn std::error::Error + Send + Sync>| AuthError::Signing { source };
    let fixed: Vec<(&str, &str)> = purpose
        .fixed_headers()
        .iter()
        .copied()
        .chain([("host", target.host.as_str())])
        .collect();
    let identity = credentials.to_sdk().into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name(SERVICE)
        .time(time)
        .settings(SigningSettings::default())
        .build()
        .map_err(|err| signing_error(Box::new(err)))?
        .into();
    let request = SignableRequest::new(
        purpose.method(),
        target.signed_url.as_str(),
        fixed.iter().copied(),
        SignableBody::Bytes(body),
    )
    .map_err(|err| signing_error(Box::new(err)))?;
    let (instructions, _signature) = sign(request, &params)
        .map_err(|err| signing_error(Box::new(err)))?
        .into_parts();

    let mut headers = AuthHeaders::new(AuthKind::Iam, target.host.clone());
    for (name, value) in fixed {
        headers.push_plain(name, value);
    }
    let (added, _params) = instructions.into_parts();
    let mut authorization = None;
    let mut token = None;
    for header in added {
        match header.name() {
            "x-amz-date" => headers.push_plain("x-amz-date", header.value()),
            "x-amz-security-token" => token = Some(Secret::new(header.value())),
            "authorization" => authorization = Some(Secret::new(header.value())),
            // Nothing else is added with these settings (no payload checksum header).
            _ => {}
        }
    }
    if let Some(token) = token {
        headers.push_secret("x-amz-security-token", token)?;
    }
    let authorization = authorization.ok_or_else(|| AuthError::Signing {
        source: "the signer produced no Authorization header".into(),
    })?;
    headers.push_secret("authorization", authorization)?;
    Ok(headers)
}
