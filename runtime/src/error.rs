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
    /// The request could not be prepared: a request hook (auth headers, signing) failed, or the
    /// variables could not be serialised.
    #[error("could not prepare the request ({reason}): {source}")]
    Request {
        /// Which step failed.
        reason: String,
        /// The underlying error.
        #[source]
        source: BoxError,
    },
    /// The HTTP exchange failed after the connection was made (the connection was reset while
    /// the answer was read, too many redirects, ...).
    #[error("the HTTP exchange with {url} failed: {source}")]
    Transport {
        /// The endpoint (without credentials).
        url: String,
        /// The underlying error.
        #[source]
        source: BoxError,
    },
    /// A multipart subscription stream broke the framing rules (a bad delimiter line or part
    /// header, a part that is not JSON).
    #[error("the subscription's multipart stream is malformed: {reason}")]
    MultipartFraming {
        /// What is wrong, with an excerpt of the offending bytes.
        reason: String,
    },
    /// An answer (a response body, or one event of a multipart subscription) is larger than
    /// the client's `max_response_bytes`; reading stopped there instead of buffering it.
    #[error(
        "the server's answer is larger than the {limit}-byte limit; raise the client's \
         `max_response_bytes` if its responses really are that large"
    )]
    ResponseTooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// The subscription stream ended (or the connection broke) before the closing boundary:
    /// events may have been lost.
    #[error(
        "the subscription stream ended without its closing boundary `--{boundary}--`: the \
         connection was cut or the server failed; subscribe again to resume"
    )]
    StreamEndedEarly {
        /// The multipart boundary in use.
        boundary: String,
        /// The read error, when the connection broke rather than ended.
        #[source]
        source: Option<BoxError>,
    },
    /// The server ended a subscription with a transport-level error (a multipart part with
    /// `"payload": null` and top-level `errors`).
    #[error("the server ended the subscription with an error: {0}")]
    SubscriptionTransport(GraphQLErrors),
    /// An AppSync request could not be authorized (a token provider failed, AWS credentials or
    /// the region are missing), or AppSync refused its credentials.
    #[cfg(feature = "appsync")]
    #[error(transparent)]
    Auth(#[from] crate::appsync::auth::AuthError),
    /// A WebSocket subscription failed at the transport level (connection, acknowledgement
    /// timeouts, a lost connection that could not be reopened).
    #[cfg(feature = "ws")]
    #[error(transparent)]
    Ws(#[from] crate::ws::WsError),
    /// AppSync ended a subscription (or refused the connection) with an `error` frame.
    #[cfg(feature = "appsync")]
    #[error(transparent)]
    AppSync(#[from] crate::appsync::AppSyncError),
    /// The server answered a subscription with a single response instead of a multipart stream:
    /// it refused the operation (its errors are here) or does not speak the multipart protocol.
    #[error("{}", describe_refusal(*.status, .content_type, .errors, .excerpt))]
    SubscriptionRefused {
        /// The HTTP status code.
        status: u16,
        /// The response's content type, or `unknown`.
        content_type: String,
        /// The GraphQL errors of the answer, when it was a GraphQL response.
        errors: GraphQLErrors,
        /// The start of the body.
        excerpt: String,
    },
}

impl Error {
    /// Whether sending the same request again later may succeed without changing anything:
    /// the same classification the WebSocket engine uses to decide whether to reconnect.
    ///
    /// Retryable: the server could not be reached or did not answer in time ([`Connect`],
    /// [`Timeout`], [`Transport`]); HTTP 408, 429 and 5xx ([`Status`],
    /// [`SubscriptionRefused`]); a subscription stream or WebSocket connection that was cut
    /// ([`StreamEndedEarly`], [`WsError::Connect`], [`WsError::ConnectionLost`], the
    /// acknowledgement timeouts, [`WsError::NotStarted`], [`WsError::NoResponse`]); AppSync's
    /// throttling ([`AppSyncError::is_retryable`]).
    ///
    /// Not retryable: anything that needs a change first, such as refused or missing
    /// credentials ([`Error::Auth`]), GraphQL errors, responses that do not match the types,
    /// malformed answers, configured limits.
    ///
    /// [`Connect`]: Error::Connect
    /// [`Timeout`]: Error::Timeout
    /// [`Transport`]: Error::Transport
    /// [`Status`]: Error::Status
    /// [`SubscriptionRefused`]: Error::SubscriptionRefused
    /// [`StreamEndedEarly`]: Error::StreamEndedEarly
    /// [`WsError::Connect`]: crate::ws::WsError::Connect
    /// [`WsError::ConnectionLost`]: crate::ws::WsError::ConnectionLost
    /// [`WsError::NotStarted`]: crate::ws::WsError::NotStarted
    /// [`WsError::NoResponse`]: crate::ws::WsError::NoResponse
    /// [`AppSyncError::is_retryable`]: crate::appsync::AppSyncError::is_retryable
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Connect { .. }
            | Error::Timeout(_)
            | Error::Transport { .. }
            | Error::StreamEndedEarly { .. } => true,
            Error::Status { status, .. } | Error::SubscriptionRefused { status, .. } => {
                is_retryable_status(*status)
            }
            Error::Malformed { .. }
            | Error::Decode(_)
            | Error::GraphQL(_)
            | Error::Request { .. }
            | Error::MultipartFraming { .. }
            | Error::ResponseTooLarge { .. }
            | Error::SubscriptionTransport(_) => false,
            // Refused, missing or unusable credentials need a change before a retry.
            #[cfg(feature = "appsync")]
            Error::Auth(_) => false,
            #[cfg(feature = "ws")]
            Error::Ws(error) => error.is_retryable(),
            #[cfg(feature = "appsync")]
            Error::AppSync(error) => error.is_retryable(),
        }
    }

    /// An equal error, for reporting one failure in two places (a subscription's `started()`
    /// and the end of its stream). `Error` is not `Clone` because the lower layers' boxed
    /// sources are not; those are kept by their text.
    #[cfg(any(feature = "ws", feature = "multipart"))]
    pub(crate) fn duplicate(&self) -> Error {
        let text = |source: &BoxError| -> BoxError { source.to_string().into() };
        match self {
            Error::Connect { url, source } => Error::Connect {
                url: url.clone(),
                source: text(source),
            },
            Error::Timeout(limit) => Error::Timeout(*limit),
            Error::Status {
                status,
                content_type,
                excerpt,
            } => Error::Status {
                status: *status,
                content_type: content_type.clone(),
                excerpt: excerpt.clone(),
            },
            Error::Malformed { reason, excerpt } => Error::Malformed {
                reason: reason.clone(),
                excerpt: excerpt.clone(),
            },
            Error::Decode(error) => Error::Decode(error.clone()),
            Error::GraphQL(errors) => Error::GraphQL(errors.clone()),
            Error::Request { reason, source } => Error::Request {
                reason: reason.clone(),
                source: text(source),
            },
            Error::Transport { url, source } => Error::Transport {
                url: url.clone(),
                source: text(source),
            },
            Error::MultipartFraming { reason } => Error::MultipartFraming {
                reason: reason.clone(),
            },
            Error::ResponseTooLarge { limit } => Error::ResponseTooLarge { limit: *limit },
            Error::StreamEndedEarly { boundary, source } => Error::StreamEndedEarly {
                boundary: boundary.clone(),
                source: source.as_ref().map(text),
            },
            Error::SubscriptionTransport(errors) => Error::SubscriptionTransport(errors.clone()),
            #[cfg(feature = "appsync")]
            Error::Auth(error) => Error::Auth(error.duplicate()),
            #[cfg(feature = "ws")]
            Error::Ws(error) => Error::Ws(error.duplicate()),
            #[cfg(feature = "appsync")]
            Error::AppSync(error) => Error::AppSync(error.clone()),
            Error::SubscriptionRefused {
                status,
                content_type,
                errors,
                excerpt,
            } => Error::SubscriptionRefused {
                status: *status,
                content_type: content_type.clone(),
                errors: errors.clone(),
                excerpt: excerpt.clone(),
            },
        }
    }
}

/// HTTP statuses that say "try again later": request timeout, throttling, server errors (the
/// statuses for which the WebSocket engine retries a refused upgrade).
pub(crate) fn is_retryable_status(status: u16) -> bool {
    matches!(status, 408 | 429 | 500..=599)
}

fn describe_refusal(
    status: u16,
    content_type: &str,
    errors: &GraphQLErrors,
    excerpt: &str,
) -> String {
    let head = format!(
        "the server answered the subscription with a single {content_type} response (HTTP {status}) \
         instead of a multipart stream"
    );
    if errors.0.is_empty() {
        format!(
            "{head}: does it support multipart subscriptions \
             (Accept: multipart/mixed;subscriptionSpec=1.0)? It said: {excerpt}"
        )
    } else {
        format!("{head}: {errors}")
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn status(status: u16) -> Error {
        Error::Status {
            status,
            content_type: "text/html".into(),
            excerpt: String::new(),
        }
    }

    #[test]
    fn transient_failures_are_retryable_and_the_rest_is_not() {
        assert!(Error::Timeout(Duration::from_secs(1)).is_retryable());
        assert!(Error::Connect {
            url: "http://127.0.0.1:1/".into(),
            source: "refused".into()
        }
        .is_retryable());
        for retryable in [408, 429, 500, 502, 503, 504] {
            assert!(status(retryable).is_retryable(), "{retryable}");
        }
        for fatal in [400, 401, 403, 404, 413] {
            assert!(!status(fatal).is_retryable(), "{fatal}");
        }
        assert!(!Error::GraphQL(GraphQLErrors(Vec::new())).is_retryable());
        assert!(!Error::ResponseTooLarge { limit: 1 }.is_retryable());
        assert!(Error::StreamEndedEarly {
            boundary: "-".into(),
            source: None
        }
        .is_retryable());
    }

    #[cfg(feature = "appsync")]
    #[test]
    fn websocket_and_appsync_errors_follow_the_engine() {
        use crate::appsync::auth::{AuthError, AuthKind};
        use crate::appsync::realtime::frames::decode;
        use crate::ws::{Disconnect, ServerFrame, WsError};

        let lost = WsError::ConnectionLost {
            cause: Disconnect::Ended,
            reconnect: None,
        };
        assert!(Error::from(lost).is_retryable());
        assert!(Error::from(WsError::AckTimeout(Duration::from_secs(1))).is_retryable());
        assert!(!Error::from(WsError::TooManySubscriptions { limit: 100 }).is_retryable());
        assert!(!Error::from(WsError::NoRuntime).is_retryable());
        assert!(!Error::from(AuthError::EmptyToken {
            kind: AuthKind::ApiKey
        })
        .is_retryable());
        // The engine reconnects after a `connection_error` exactly when the frame says it is
        // retryable; the error it ends subscriptions with must agree.
        for frame in [
            r#"{"type":"connection_error","payload":{"errors":[{"errorType":"LimitExceededError","message":"slow down"}]}}"#,
            r#"{"type":"connection_error","payload":{"errors":[{"errorType":"InternalFailure","message":"oops"}]}}"#,
            r#"{"type":"connection_error","payload":{"errors":[{"errorType":"UnauthorizedException","message":"no","errorCode":401}]}}"#,
            r#"{"type":"connection_error","payload":{"errors":[{"errorType":"BadRequestException","message":"no"}]}}"#,
            r#"{"type":"connection_error","payload":{"errors":{"errorType":"MaxSubscriptionsReachedError","message":"100"}}}"#,
        ] {
            match decode(frame, AuthKind::ApiKey) {
                ServerFrame::ConnectionError { retryable, error } => {
                    assert_eq!(error.is_retryable(), retryable, "{frame}")
                }
                other => panic!("{frame}: {other:?}"),
            }
        }
    }
}
