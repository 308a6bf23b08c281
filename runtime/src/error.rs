//! The runtime's error type: one enum for every transport, with variants that carry data.
//!
//! Transports add variants here for what only they can meet (multipart framing, AppSync
//! protocol errors); the shared ones below mean the same thing everywhere.

use std::time::Duration;

use crate::decode::DecodeError;
use crate::response::GraphQLErrors;

/// A boxed error from a lower layer (reqwest, tungstenite, IO).
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Everything that can go wrong running an operation.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server could not be reached (DNS, refused connection, TLS).
    #[error("could not connect to {url}: {source}")]
    Connect {
        /// The endpoint (without credentials).
        url: String,
        /// The underlying error.
        #[source]
        source: BoxError,
    },
    /// No answer within the configured timeout.
    #[error("no answer within {0:?}: check the server, or raise the timeout")]
    Timeout(Duration),
    /// A non-success HTTP status without a GraphQL body (e.g. a proxy's HTML error page).
    #[error(
        "the server answered HTTP {status} ({content_type}) without a GraphQL body: {excerpt}"
    )]
    Status {
        /// The HTTP status code.
        status: u16,
        /// The response's content type, or `unknown`.
        content_type: String,
        /// The start of the body, for a first look.
        excerpt: String,
    },
    /// The body is not a GraphQL response (not JSON, or JSON without `data`/`errors`).
    #[error("the server's answer is not a GraphQL response ({reason}); it began with: {excerpt}")]
    Malformed {
        /// What is wrong with it.
        reason: String,
        /// The start of the body.
        excerpt: String,
    },
    /// The response is GraphQL but does not match the generated types.
    #[error(transparent)]
    Decode(#[from] DecodeError),
    /// The server rejected the request with GraphQL errors and no data (e.g. a validation error
    /// sent with a 4xx status, or a request refused before execution).
    #[error("the server refused the request: {0}")]
    GraphQL(GraphQLErrors),
}

/// The first `max` characters of a body, on one line, for error messages.
pub fn excerpt(body: &[u8], max: usize) -> String {
    let text = String::from_utf8_lossy(body);
    let mut out: String = text
        .chars()
        .take(max)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if text.chars().count() > max {
        out.push('…');
    }
    out
}
