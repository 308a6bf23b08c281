//! [`AuthHeaders`]: what authorizes one request, as HTTP headers or as AppSync's auth object.

use std::fmt;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use super::error::{AuthError, AuthKind};
use super::secret::Secret;

/// A header value: plain, or a secret that `Debug` never shows.
#[derive(Clone)]
enum Text {
    Plain(String),
    Secret(Secret),
}

impl Text {
    fn as_str(&self) -> &str {
        match self {
            Text::Plain(value) => value,
            Text::Secret(secret) => secret.expose(),
        }
    }
}

/// The headers that authorize one request with exactly one body to one URL, in order, names in
/// lower case.
///
/// - API key: `x-api-key`;
/// - Cognito user pools, OIDC, Lambda: `authorization` (the raw token, no `Bearer `);
/// - IAM over HTTP: the SigV4-signed `content-type`, `host`, `x-amz-date`,
///   `x-amz-security-token` (temporary credentials only) and `authorization`;
/// - IAM for the realtime protocol: `accept`, `content-encoding`, `content-type`, `host`,
///   `x-amz-date`, `x-amz-security-token` (temporary credentials only) and `authorization`.
///
/// [`iter`](AuthHeaders::iter) gives the HTTP headers to send; [`to_json`](AuthHeaders::to_json)
/// the auth object of AppSync's realtime handshake and `start` messages, which always has
/// `host`. `Debug` shows header names but never secret values.
#[derive(Clone)]
pub struct AuthHeaders {
    kind: AuthKind,
    host: String,
    headers: Vec<(&'static str, Text)>,
}

impl AuthHeaders {
    pub(crate) fn new(kind: AuthKind, host: String) -> Self {
        AuthHeaders {
            kind,
            host,
            headers: Vec::with_capacity(7),
        }
    }

    pub(crate) fn push_plain(&mut self, name: &'static str, value: impl Into<String>) {
        self.headers.push((name, Text::Plain(value.into())));
    }

    /// Adds a secret value after checking it can travel in a header.
    pub(crate) fn push_secret(
        &mut self,
        name: &'static str,
        value: Secret,
    ) -> Result<(), AuthError> {
        if value.expose().is_empty() {
            return Err(AuthError::EmptyToken { kind: self.kind });
        }
        if HeaderValue::from_str(value.expose()).is_err() {
            return Err(AuthError::InvalidHeaderValue {
                kind: self.kind,
                header: name,
            });
        }
        self.headers.push((name, Text::Secret(value)));
        Ok(())
    }

    /// The mode that produced these headers.
    pub fn kind(&self) -> AuthKind {
        self.kind
    }

    /// The AppSync API host these headers are for (the `host` of the auth object): the
    /// `appsync-api` host or the custom domain, with the port when it is not the default.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The HTTP headers to send, in order, as `(name, value)`.
    ///
    /// For IAM `host` is among them (it is signed); the other modes leave `Host` to the HTTP
    /// stack.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        self.headers
            .iter()
            .map(|(name, value)| (*name, value.as_str()))
    }

    /// The value of header `name` (case-insensitive).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.iter()
            .find(|(have, _)| have.eq_ignore_ascii_case(name))
            .map(|(_, value)| value)
    }

    /// How many headers there are.
    pub fn len(&self) -> usize {
        self.headers.len()
    }

    /// Whether there is no header (never the case for a successful `authorize`).
    pub fn is_empty(&self) -> bool {
        self.headers.is_empty()
    }

    /// The auth object of AppSync's realtime protocol as compact JSON, keys in a fixed order:
    /// `host` first (for IAM: where it was signed), then the headers in order, e.g.
    /// `{"host":"abc.appsync-api.eu-west-1.amazonaws.com","x-api-key":"da2-..."}`. Sent
    /// base64-encoded in the handshake and as `payload.extensions.authorization` of each
    /// `start`.
    ///
    /// Written by hand rather than through a `serde_json` map, whose key order changes with
    /// serde_json's `preserve_order` feature (which any crate in a build can turn on).
    pub fn to_json(&self) -> String {
        let host = ("host", self.host.as_str());
        let signed_host = self.get("host").is_some();
        let entries = (!signed_host)
            .then_some(host)
            .into_iter()
            .chain(self.iter());
        let mut out = String::from("{");
        for (index, (name, value)) in entries.enumerate() {
            if index > 0 {
                out.push(',');
            }
            push_json_string(&mut out, name);
            out.push(':');
            push_json_string(&mut out, value);
        }
        out.push('}');
        out
    }

    /// The headers as a [`HeaderMap`], secret values marked sensitive.
    pub fn to_header_map(&self) -> HeaderMap {
        let mut map = HeaderMap::with_capacity(self.headers.len());
        for (name, value) in &self.headers {
            // Names are our constants and values were checked when added; skip rather than
            // panic if that ever changes.
            let Ok(mut header) = HeaderValue::from_str(value.as_str()) else {
                continue;
            };
            header.set_sensitive(matches!(value, Text::Secret(_)));
            map.insert(HeaderName::from_static(name), header);
        }
        map
    }
}

/// Appends `text` as a JSON string literal (serde_json's escaping, the same as
/// `JSON.stringify` and Python's `json.dumps(..., ensure_ascii=False)`).
pub(crate) fn push_json_string(out: &mut String, text: &str) {
    // Serialising a `&str` cannot fail.
    out.push_str(&serde_json::to_string(text).unwrap_or_default());
}

impl fmt::Debug for AuthHeaders {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Shown<'a>(&'a [(&'static str, Text)]);
        impl fmt::Debug for Shown<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let mut map = f.debug_map();
                for (name, value) in self.0 {
                    match value {
                        Text::Plain(plain) => map.entry(name, plain),
                        Text::Secret(secret) => map.entry(name, secret),
                    };
                }
                map.finish()
            }
        }
        f.debug_struct("AuthHeaders")
            .field("kind", &self.kind)
            .field("host", &self.host)
            .field("headers", &Shown(&self.headers))
            .finish()
    }
}
