//! [`RequestHook`]: headers computed per request from the exact bytes sent (auth, signing).

use std::fmt;

use futures::future::BoxFuture;
use reqwest::header::HeaderMap;
use reqwest::Url;

use crate::error::BoxError;

/// The request about to be sent, as a [`RequestHook`] sees it.
///
/// `body` is exactly the bytes that go on the wire, so a signature computed over it (AWS SigV4)
/// stays valid.
#[derive(Clone, Copy)]
pub struct OutgoingRequest<'a> {
    /// The endpoint.
    pub url: &'a Url,
    /// The method (`POST` for every GraphQL request this client sends).
    pub method: &'a str,
    /// The headers already set: the client's static headers, `Content-Type`, `Accept` and the
    /// per-request headers. Sensitive values are marked so and print as `Sensitive`.
    pub headers: &'a HeaderMap,
    /// The body, byte for byte.
    pub body: &'a [u8],
}

impl fmt::Debug for OutgoingRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OutgoingRequest")
            .field("url", &super::client::display_url(self.url))
            .field("method", &self.method)
            .field("headers", &self.headers)
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// Computes extra headers for every request just before it is sent: tokens that expire and
/// must be fetched again, or signatures over the body (AWS SigV4).
///
/// The headers it returns replace headers of the same name. Mark secret values with
/// [`HeaderValue::set_sensitive`](reqwest::header::HeaderValue::set_sensitive) so that they
/// never show in `Debug` output. An error stops the request with
/// [`Error::Request`](crate::Error::Request).
pub trait RequestHook: Send + Sync + 'static {
    /// The headers to add to `request`.
    fn headers<'a>(
        &'a self,
        request: OutgoingRequest<'a>,
    ) -> BoxFuture<'a, Result<HeaderMap, BoxError>>;
}
