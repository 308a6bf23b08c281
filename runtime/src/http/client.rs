//! [`HttpClient`] and its builder: endpoint, headers, auth, cookies, timeouts, and sending.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use bytes::Bytes;
#[cfg(feature = "cookies")]
use reqwest::cookie::Jar;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT, CONTENT_TYPE};
use reqwest::{Method, Url};
use serde::de::DeserializeOwned;

use super::classify::classify;
use super::hook::{OutgoingRequest, RequestHook};
use crate::error::Error;
use crate::operation::Executable;
use crate::request::Request;
use crate::response::Response;

/// `Accept` for queries and mutations: the GraphQL-over-HTTP media type first, JSON for older
/// servers.
pub(crate) const ACCEPT_RESPONSE: &str = "application/graphql-response+json, application/json";

/// Default timeout of one query or mutation (connect, send, whole answer).
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The default of [`HttpClientBuilder::max_response_bytes`]: 16 MiB, the largest answer (a
/// query's body, or one multipart subscription event) read into memory. Real responses of
/// several megabytes pass; a runaway or hostile server cannot exhaust memory.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;

/// Header names whose values are secrets: marked sensitive so `Debug` prints `Sensitive`.
const SECRET_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "cookie",
    "x-api-key",
    "x-amz-security-token",
];

/// A GraphQL-over-HTTP client. Cheap to clone: clones share one connection pool, cookie store
/// and configuration.
///
/// Build one with [`HttpClient::builder`]. The `Debug` output never shows secret header values
/// (`Authorization`, `Cookie`, API keys) nor credentials in the endpoint URL.
#[derive(Clone)]
pub struct HttpClient {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) client: reqwest::Client,
    pub(crate) endpoint: Url,
    /// The endpoint as shown in errors and `Debug`: no user info, no query.
    pub(crate) display_endpoint: String,
    pub(crate) headers: HeaderMap,
    pub(crate) timeout: Option<Duration>,
    /// The largest answer read (a body, or one multipart part), in bytes.
    pub(crate) max_response_bytes: usize,
    pub(crate) hook: Option<Arc<dyn RequestHook>>,
    pub(crate) persisted: super::persisted::State,
    #[cfg(feature = "multipart")]
    pub(crate) subscription: crate::multipart::SubscriptionConfig,
}

impl fmt::Debug for HttpClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("HttpClient");
        s.field("endpoint", &self.inner.display_endpoint)
            .field("headers", &self.inner.headers)
            .field("timeout", &self.inner.timeout)
            .field("max_response_bytes", &self.inner.max_response_bytes)
            .field("request_hook", &self.inner.hook.is_some())
            .field("persisted", &self.inner.persisted);
        #[cfg(feature = "multipart")]
        s.field("subscription", &self.inner.subscription);
        s.finish()
    }
}

/// The endpoint URL for messages: scheme, host, port and path; user info and query removed
/// (either may hold credentials).
pub(crate) fn display_url(url: &Url) -> String {
    let mut shown = url.clone();
    // Both only fail for URLs that cannot have user info (`data:`), which cannot hold secrets.
    let _ = shown.set_username("");
    let _ = shown.set_password(None);
    shown.set_query(None);
    shown.set_fragment(None);
    shown.to_string()
}

impl HttpClient {
    /// A builder for a client of the GraphQL endpoint at `endpoint` (e.g.
    /// `https://api.example.com/graphql`).
    pub fn builder(endpoint: impl Into<String>) -> HttpClientBuilder {
        HttpClientBuilder::new(endpoint.into())
    }

    /// A client of `endpoint` with the default settings.
    pub fn new(endpoint: impl Into<String>) -> Result<HttpClient, BuildError> {
        HttpClient::builder(endpoint).build()
    }

    /// The endpoint requests are sent to.
    pub fn endpoint(&self) -> &Url {
        &self.inner.endpoint
    }

    /// The timeout of one query or mutation, if any.
    pub fn timeout(&self) -> Option<Duration> {
        self.inner.timeout
    }

    /// Sends a query or mutation and decodes its typed response.
    ///
    /// The bound makes sending a subscription a compile error (subscribe to it instead).
    ///
    /// How the answer maps to the result:
    /// - 2xx with a GraphQL response: `Ok(Response)`, partial `data` and `errors` both kept
    ///   (use [`Response::into_result`] when any error should fail);
    /// - non-2xx with a GraphQL response: when it carries `data`, `Ok(Response)` (the data is
    ///   not thrown away); otherwise [`Error::GraphQL`] with the server's errors;
    /// - non-2xx with another body (a proxy's HTML page): [`Error::Status`] with the status,
    ///   the content type and the start of the body;
    /// - 2xx that is not a GraphQL response (not JSON, or JSON without `data`/`errors`):
    ///   [`Error::Malformed`];
    /// - JSON that does not fit the generated types: [`Error::Decode`] with the JSON path;
    /// - a body larger than [`max_response_bytes`](HttpClientBuilder::max_response_bytes)
    ///   (16 MiB by default): [`Error::ResponseTooLarge`], read no further;
    /// - no answer within the timeout: [`Error::Timeout`]; no connection: [`Error::Connect`];
    ///   the connection broke later: [`Error::Transport`].
    pub async fn execute<Op: Executable>(
        &self,
        request: &Request<Op>,
    ) -> Result<Response<Op::Data>, Error> {
        self.execute_with(request, HeaderMap::new()).await
    }

    /// [`execute`](HttpClient::execute) with extra headers for this request only; they replace
    /// the client's headers of the same name.
    pub async fn execute_with<Op: Executable>(
        &self,
        request: &Request<Op>,
        headers: HeaderMap,
    ) -> Result<Response<Op::Data>, Error> {
        if self.inner.persisted.sends_ids() {
            return super::persisted::execute(self, request, headers).await;
        }
        let body = serialize_request(request)?;
        self.execute_raw(body, headers).await
    }

    /// Sends `body` (a serialised GraphQL request, sent byte for byte) with extra `headers`, and
    /// decodes the answer as a [`Response<D>`] with the rules of
    /// [`execute`](HttpClient::execute).
    ///
    /// The low-level entry point for transports that must know the exact bytes sent (AWS SigV4
    /// signs them) or send a body that is not a [`Request`].
    pub async fn execute_raw<D: DeserializeOwned>(
        &self,
        body: Bytes,
        headers: HeaderMap,
    ) -> Result<Response<D>, Error> {
        let endpoint = self.inner.endpoint.clone();
        self.exchange(Method::POST, endpoint, body, headers).await
    }

    /// Sends one request (`body` ignored for GET) and decodes the answer as
    /// [`execute`](HttpClient::execute) describes.
    pub(crate) async fn exchange<D: DeserializeOwned>(
        &self,
        method: Method,
        url: Url,
        body: Bytes,
        headers: HeaderMap,
    ) -> Result<Response<D>, Error> {
        let response = self
            .send_as(
                method,
                url,
                body,
                headers,
                ACCEPT_RESPONSE,
                self.inner.timeout,
            )
            .await?;
        let status = response.status().as_u16();
        let content_type = content_type_of(response.headers());
        let bytes = self.read_body(response, self.inner.timeout).await?;
        classify(status, content_type.as_deref(), &bytes)
    }

    /// Reads a whole body, refusing to buffer more than `max_response_bytes`: a body announced
    /// larger is refused before reading, one that grows past the limit as soon as it does.
    pub(crate) async fn read_body(
        &self,
        mut response: reqwest::Response,
        timeout: Option<Duration>,
    ) -> Result<Vec<u8>, Error> {
        let limit = self.inner.max_response_bytes;
        let too_large = Error::ResponseTooLarge { limit };
        let announced = response.content_length().unwrap_or(0);
        if announced > limit as u64 {
            return Err(too_large);
        }
        let mut body = Vec::with_capacity(announced as usize);
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|err| self.reqwest_error(err, timeout))?
        {
            if body.len() + chunk.len() > limit {
                return Err(too_large);
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }

    /// POSTs `body` with the client's headers, `extra` headers, the request hook's headers and
    /// this `Accept`; gives back the response once its head has arrived. `timeout` bounds the
    /// whole exchange, body included.
    #[cfg(feature = "multipart")]
    pub(crate) async fn send(
        &self,
        body: Bytes,
        extra: HeaderMap,
        accept: &'static str,
        timeout: Option<Duration>,
    ) -> Result<reqwest::Response, Error> {
        let endpoint = self.inner.endpoint.clone();
        self.send_as(Method::POST, endpoint, body, extra, accept, timeout)
            .await
    }

    /// [`send`](HttpClient::send) with another method and URL (GET of a persisted query: no
    /// body, the request in the URL).
    pub(crate) async fn send_as(
        &self,
        method: Method,
        url: Url,
        body: Bytes,
        extra: HeaderMap,
        accept: &'static str,
        timeout: Option<Duration>,
    ) -> Result<reqwest::Response, Error> {
        let inner = &self.inner;
        let mut headers = inner.headers.clone();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        headers.insert(ACCEPT, HeaderValue::from_static(accept));
        headers.extend(extra);
        if let Some(hook) = &inner.hook {
            let outgoing = OutgoingRequest {
                url: &url,
                method: method.as_str(),
                headers: &headers,
                body: &body,
            };
            let added = hook
                .headers(outgoing)
                .await
                .map_err(|source| Error::Request {
                    reason: "the request hook failed".to_owned(),
                    source,
                })?;
            headers.extend(added);
        }
        let mut builder = inner.client.request(method.clone(), url).headers(headers);
        if method != Method::GET {
            builder = builder.body(body);
        }
        if let Some(timeout) = timeout {
            builder = builder.timeout(timeout);
        }
        builder
            .send()
            .await
            .map_err(|err| self.reqwest_error(err, timeout))
    }

    /// Maps a reqwest error to ours, without the URL (its query may hold credentials).
    pub(crate) fn reqwest_error(&self, err: reqwest::Error, timeout: Option<Duration>) -> Error {
        let url = self.inner.display_endpoint.clone();
        match timeout {
            Some(limit) if err.is_timeout() => return Error::Timeout(limit),
            _ => {}
        }
        if err.is_connect() {
            Error::Connect {
                url,
                source: Box::new(err.without_url()),
            }
        } else {
            Error::Transport {
                url,
                source: Box::new(err.without_url()),
            }
        }
    }
}

/// Serialises a request as its JSON body.
pub(crate) fn serialize_request<Op: crate::Operation>(
    request: &Request<Op>,
) -> Result<Bytes, Error> {
    request.to_json().map(Bytes::from)
}

/// The `Content-Type` of an answer, if it is readable text.
pub(crate) fn content_type_of(headers: &HeaderMap) -> Option<String> {
    headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
}

/// A client configuration that cannot be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// The endpoint is not an absolute `http`/`https` URL.
    #[error("the endpoint `{url}` is not a usable http(s) URL: {reason}")]
    Endpoint {
        /// The endpoint as given (user info removed).
        url: String,
        /// Why it is not usable.
        reason: String,
    },
    /// A header name or value is not valid HTTP.
    #[error("the header `{name}` is not valid HTTP: {reason}")]
    Header {
        /// The header's name.
        name: String,
        /// Why it is invalid (the value itself is not repeated: it may be a secret).
        reason: String,
    },
    /// Options that cannot be combined.
    #[error("conflicting options: {0}")]
    Conflict(&'static str),
    /// reqwest could not build its client (e.g. TLS initialisation).
    #[error("could not build the HTTP client: {0}")]
    Reqwest(#[source] reqwest::Error),
}

/// Configures an [`HttpClient`]; see [`HttpClient::builder`].
pub struct HttpClientBuilder {
    endpoint: String,
    headers: HeaderMap,
    header_error: Option<BuildError>,
    client: Option<reqwest::Client>,
    #[cfg(feature = "cookies")]
    cookies: Cookies,
    timeout: Option<Duration>,
    max_response_bytes: usize,
    hook: Option<Arc<dyn RequestHook>>,
    persisted: super::persisted::Options,
    #[cfg(feature = "multipart")]
    subscription: crate::multipart::SubscriptionConfig,
}

impl fmt::Debug for HttpClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("HttpClientBuilder");
        s.field("headers", &self.headers);
        #[cfg(feature = "cookies")]
        s.field("cookie_store", &self.cookies.enabled)
            .field("cookies", &self.cookies.initial.len());
        s.field("timeout", &self.timeout)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("custom_client", &self.client.is_some())
            .finish_non_exhaustive()
    }
}

impl HttpClientBuilder {
    fn new(endpoint: String) -> Self {
        HttpClientBuilder {
            endpoint,
            headers: HeaderMap::new(),
            header_error: None,
            client: None,
            #[cfg(feature = "cookies")]
            cookies: Cookies::default(),
            timeout: Some(DEFAULT_TIMEOUT),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            hook: None,
            persisted: super::persisted::Options::default(),
            #[cfg(feature = "multipart")]
            subscription: crate::multipart::SubscriptionConfig::default(),
        }
    }

    /// Sends this header with every request. Values of `Authorization`, `Cookie`, `X-Api-Key`
    /// and similar are treated as secrets (never printed). An invalid name or value is
    /// reported by [`build`](HttpClientBuilder::build).
    pub fn header(self, name: &str, value: &str) -> Self {
        let sensitive = SECRET_HEADERS.contains(&name.to_ascii_lowercase().as_str());
        self.insert_header(name, value, sensitive)
    }

    /// Sends this header with every request, its value treated as a secret.
    pub fn secret_header(self, name: &str, value: &str) -> Self {
        self.insert_header(name, value, true)
    }

    fn insert_header(mut self, name: &str, value: &str, sensitive: bool) -> Self {
        let parsed_name = HeaderName::from_bytes(name.as_bytes());
        let parsed_value = HeaderValue::from_str(value);
        match (parsed_name, parsed_value) {
            (Ok(name), Ok(mut value)) => {
                value.set_sensitive(sensitive);
                self.headers.insert(name, value);
            }
            (Err(err), _) => self.record_header_error(name, err.to_string()),
            (_, Err(_)) => self.record_header_error(
                name,
                "the value holds characters HTTP headers cannot carry (control characters or \
                 non-ASCII)"
                    .to_owned(),
            ),
        }
        self
    }

    fn record_header_error(&mut self, name: &str, reason: String) {
        if self.header_error.is_none() {
            self.header_error = Some(BuildError::Header {
                name: name.to_owned(),
                reason,
            });
        }
    }

    /// Sends `Authorization: Bearer <token>` with every request.
    pub fn bearer_auth(self, token: &str) -> Self {
        self.insert_header("authorization", &format!("Bearer {token}"), true)
    }

    /// Sends HTTP Basic credentials with every request.
    pub fn basic_auth(self, username: &str, password: Option<&str>) -> Self {
        let plain = format!("{username}:{}", password.unwrap_or(""));
        let encoded = base64::engine::general_purpose::STANDARD.encode(plain);
        self.insert_header("authorization", &format!("Basic {encoded}"), true)
    }

    /// Keeps cookies the server sets (e.g. a login mutation's session) and sends them back on
    /// later requests. Off by default. Needs the `cookies` feature.
    #[cfg(feature = "cookies")]
    pub fn cookie_store(mut self, enable: bool) -> Self {
        self.cookies.enabled = enable;
        self
    }

    /// Sends this cookie (`name=value`, with optional attributes as in `Set-Cookie`) to the
    /// endpoint. Turns the cookie store on. Needs the `cookies` feature.
    #[cfg(feature = "cookies")]
    pub fn cookie(mut self, cookie: &str) -> Self {
        self.cookies.initial.push(cookie.to_owned());
        self.cookies.enabled = true;
        self
    }

    /// Uses this cookie jar (shared with other clients or inspected by the caller). Turns the
    /// cookie store on. Needs the `cookies` feature.
    #[cfg(feature = "cookies")]
    pub fn cookie_jar(mut self, jar: Arc<Jar>) -> Self {
        self.cookies.jar = Some(jar);
        self.cookies.enabled = true;
        self
    }

    /// The largest answer read into memory, in bytes: a query's or mutation's body, and each
    /// event (multipart part) of a subscription. 16 MiB by default
    /// ([`DEFAULT_MAX_RESPONSE_BYTES`]). A larger answer fails with
    /// [`Error::ResponseTooLarge`] (a subscription ends with it) instead of being buffered.
    pub fn max_response_bytes(mut self, bytes: usize) -> Self {
        self.max_response_bytes = bytes;
        self
    }

    /// Bounds one query or mutation (connect, send, whole answer); 30 s by default. For
    /// subscriptions it bounds the wait for the response head only.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// No timeout at all: requests wait as long as the server takes.
    pub fn no_timeout(mut self) -> Self {
        self.timeout = None;
        self
    }

    /// Sends through this reqwest client (proxies, TLS roots, connection pool settings). Its
    /// own cookie settings apply: combining it with this builder's cookie options is an error.
    /// A timeout set on it bounds every request including whole subscriptions: prefer this
    /// builder's [`timeout`](HttpClientBuilder::timeout), which bounds a subscription's head only.
    pub fn reqwest_client(mut self, client: reqwest::Client) -> Self {
        self.client = Some(client);
        self
    }

    /// Calls `hook` for every request to add headers computed from the exact body sent.
    pub fn request_hook(mut self, hook: impl RequestHook) -> Self {
        self.hook = Some(Arc::new(hook));
        self
    }

    /// How queries and mutations send their documents: in full (the default), as automatic
    /// persisted queries, or as trusted-document ids; see [`PersistedQueries`](super::PersistedQueries).
    pub fn persisted_queries(mut self, mode: super::PersistedQueries) -> Self {
        self.persisted.mode = mode;
        self
    }

    /// Sends queries whose request carries only the document's hash as `GET`, the request in
    /// the URL, so CDNs and HTTP caches can cache them (Apollo Client's
    /// `useGETForHashedQueries`). Mutations, and a retry that carries the document, stay
    /// `POST`. Off by default; only with [`persisted_queries`](Self::persisted_queries).
    pub fn get_for_hashed_queries(mut self, enable: bool) -> Self {
        self.persisted.get_for_queries = enable;
        self
    }

    /// Subscriptions only: fail with [`Error::Timeout`] when nothing (not even a heartbeat)
    /// arrives for this long; 30 s by default (servers send heartbeats every 5 to 10 s).
    /// `None` waits forever.
    #[cfg(feature = "multipart")]
    pub fn subscription_idle_timeout(mut self, idle: Option<Duration>) -> Self {
        self.subscription.idle_timeout = idle;
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<HttpClient, BuildError> {
        if let Some(err) = self.header_error {
            return Err(err);
        }
        let endpoint = parse_endpoint(&self.endpoint)?;
        let client = match self.client {
            Some(client) => {
                #[cfg(feature = "cookies")]
                if self.cookies.enabled {
                    return Err(BuildError::Conflict(
                        "cookie options need the builder's own reqwest client: configure \
                         cookies on the reqwest client you pass instead",
                    ));
                }
                client
            }
            None => {
                let builder = reqwest::Client::builder();
                #[cfg(feature = "cookies")]
                let builder = self.cookies.apply(builder, &endpoint);
                builder.build().map_err(BuildError::Reqwest)?
            }
        };
        Ok(HttpClient {
            inner: Arc::new(Inner {
                client,
                display_endpoint: display_url(&endpoint),
                endpoint,
                headers: self.headers,
                timeout: self.timeout,
                max_response_bytes: self.max_response_bytes,
                hook: self.hook,
                persisted: super::persisted::State::new(self.persisted),
                #[cfg(feature = "multipart")]
                subscription: self.subscription,
            }),
        })
    }
}

/// The builder's cookie options.
#[cfg(feature = "cookies")]
#[derive(Default)]
struct Cookies {
    enabled: bool,
    jar: Option<Arc<Jar>>,
    /// Cookies to send from the first request on.
    initial: Vec<String>,
}

#[cfg(feature = "cookies")]
impl Cookies {
    fn apply(self, builder: reqwest::ClientBuilder, endpoint: &Url) -> reqwest::ClientBuilder {
        if !self.enabled {
            return builder;
        }
        let jar = self.jar.unwrap_or_default();
        for cookie in &self.initial {
            jar.add_cookie_str(cookie, endpoint);
        }
        builder.cookie_provider(jar)
    }
}

fn parse_endpoint(raw: &str) -> Result<Url, BuildError> {
    let shown = |reason: String| {
        let url = Url::parse(raw)
            .map(|url| display_url(&url))
            .unwrap_or_else(|_| raw.split('@').next_back().unwrap_or("").to_owned());
        BuildError::Endpoint { url, reason }
    };
    let url = Url::parse(raw).map_err(|err| shown(err.to_string()))?;
    match url.scheme() {
        "http" | "https" => Ok(url),
        other => Err(shown(format!(
            "the scheme is `{other}`, expected `http` or `https`"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_secrets() {
        let client = HttpClient::builder("https://user:hunter2@api.example.com/graphql?key=abc")
            .bearer_auth("tok-123")
            .header("X-Api-Key", "da2-secret")
            .header("X-Trace", "visible")
            .cookie("session=s3cr3t")
            .build()
            .unwrap();
        let shown = format!("{client:?}");
        for secret in ["hunter2", "tok-123", "da2-secret", "s3cr3t", "abc", "user"] {
            assert!(!shown.contains(secret), "{secret} leaked in {shown}");
        }
        assert!(shown.contains("visible"), "{shown}");
        assert!(shown.contains("api.example.com/graphql"), "{shown}");
    }

    #[test]
    fn bad_configuration_is_reported_without_the_secret() {
        let err = HttpClient::builder("http://localhost/graphql")
            .header("authorization", "Bearer bad\nvalue")
            .build()
            .unwrap_err();
        assert!(matches!(err, BuildError::Header { .. }));
        assert!(!err.to_string().contains("bad"), "{err}");

        let err = HttpClient::new("ftp://localhost/graphql").unwrap_err();
        assert!(err.to_string().contains("ftp"), "{err}");
        assert!(HttpClient::new("not a url").is_err());

        let err = HttpClient::builder("http://localhost/graphql")
            .reqwest_client(reqwest::Client::new())
            .cookie_store(true)
            .build()
            .unwrap_err();
        assert!(matches!(err, BuildError::Conflict(_)));
    }

    #[test]
    fn basic_auth_is_encoded() {
        let client = HttpClient::builder("http://localhost/graphql")
            .basic_auth("aladdin", Some("opensesame"))
            .build()
            .unwrap();
        let value = client.inner.headers.get("authorization").unwrap();
        assert_eq!(value, "Basic YWxhZGRpbjpvcGVuc2VzYW1l");
        assert!(value.is_sensitive());
    }
}
