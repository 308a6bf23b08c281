//! [`Subscription`]: the typed event stream of one multipart subscription request.

use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures::stream::{BoxStream, Stream, StreamExt};
use reqwest::header::HeaderMap;
use serde::de::{DeserializeOwned, IgnoredAny};

use super::content_type::{boundary_from_content_type, parse_media_type};
use super::message::{interpret, Message};
use super::parser::{FramingError, Parser, DEFAULT_MAX_PART_SIZE};
use crate::error::{excerpt, Error};
use crate::http::client::{content_type_of, serialize_request};
use crate::http::{HttpClient, EXCERPT_CHARS};
use crate::operation::SubscriptionOperation;
use crate::request::Request;
use crate::response::{GraphQLErrors, Response};

/// `Accept` for subscriptions: the multipart protocol, JSON for servers without it (so that
/// they answer with an error we can show instead of 406).
pub(crate) const ACCEPT_MULTIPART: &str = "multipart/mixed;subscriptionSpec=1.0, application/json";

/// Subscription settings of an [`HttpClient`] (set on its builder).
#[derive(Debug, Clone, Copy)]
pub(crate) struct SubscriptionConfig {
    pub idle_timeout: Option<Duration>,
    pub max_part_size: usize,
}

impl Default for SubscriptionConfig {
    fn default() -> Self {
        SubscriptionConfig {
            idle_timeout: Some(Duration::from_secs(30)),
            max_part_size: DEFAULT_MAX_PART_SIZE,
        }
    }
}

/// The events of a subscription, as a [`Stream`].
///
/// Yields one `Ok(Response)` per event (with the event's GraphQL errors, if any). It ends
/// (`None`) after the server's closing boundary; any failure is yielded once as `Err` and then
/// the stream ends. Dropping it closes the connection, which is how a subscription is
/// cancelled in this protocol.
pub struct Subscription<D> {
    inner: BoxStream<'static, Result<Response<D>, Error>>,
}

impl<D> fmt::Debug for Subscription<D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Subscription").finish_non_exhaustive()
    }
}

impl<D> Stream for Subscription<D> {
    type Item = Result<Response<D>, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.poll_next_unpin(cx)
    }
}

impl HttpClient {
    /// Subscribes over multipart HTTP (Apollo's protocol): POSTs the request with
    /// `Accept: multipart/mixed;subscriptionSpec=1.0, application/json` and streams the typed
    /// events. Nothing is sent until the stream is first polled.
    ///
    /// The bound makes subscribing to a query or mutation a compile error.
    ///
    /// Errors the stream can end with: [`Error::SubscriptionTransport`] (the server ended it
    /// with errors), [`Error::SubscriptionRefused`] (a single JSON answer instead of a stream:
    /// the server refused the operation or lacks the protocol), [`Error::StreamEndedEarly`]
    /// (no closing boundary), [`Error::PartTooLarge`], [`Error::MultipartFraming`],
    /// [`Error::Malformed`] and [`Error::Decode`] (a bad part), [`Error::Timeout`] (no answer
    /// within the client's timeout, or nothing for the idle timeout), [`Error::Status`],
    /// [`Error::Connect`].
    pub fn subscribe<Op>(&self, request: &Request<Op>) -> Subscription<Op::Data>
    where
        Op: SubscriptionOperation,
        Op::Data: Send + 'static,
    {
        self.subscribe_with(request, HeaderMap::new())
    }

    /// [`subscribe`](HttpClient::subscribe) with extra headers for this request only.
    pub fn subscribe_with<Op>(
        &self,
        request: &Request<Op>,
        headers: HeaderMap,
    ) -> Subscription<Op::Data>
    where
        Op: SubscriptionOperation,
        Op::Data: Send + 'static,
    {
        match serialize_request(request) {
            Ok(body) => self.subscribe_raw(body, headers),
            Err(err) => Subscription {
                inner: futures::stream::once(async move { Err(err) }).boxed(),
            },
        }
    }

    /// Subscribes with an already-serialised body (sent byte for byte) and extra headers: the
    /// low-level entry point, as [`execute_raw`](HttpClient::execute_raw) is for queries.
    pub fn subscribe_raw<D>(&self, body: Bytes, headers: HeaderMap) -> Subscription<D>
    where
        D: DeserializeOwned + Send + 'static,
    {
        let driver = Driver::<D> {
            client: self.clone(),
            state: State::Pending { body, headers },
            data: PhantomData,
        };
        let inner = futures::stream::unfold(driver, |mut driver| async move {
            let item = driver.next_item().await?;
            Some((item, driver))
        })
        .boxed();
        Subscription { inner }
    }
}

struct Driver<D> {
    client: HttpClient,
    state: State,
    data: PhantomData<fn() -> D>,
}

enum State {
    Pending { body: Bytes, headers: HeaderMap },
    Streaming(Box<Streaming>),
    Finished,
}

struct Streaming {
    body: BoxStream<'static, reqwest::Result<Bytes>>,
    parser: Parser,
}

impl<D: DeserializeOwned> Driver<D> {
    /// The next item; `None` once finished. Any error finishes the stream (and drops the
    /// connection).
    async fn next_item(&mut self) -> Option<Result<Response<D>, Error>> {
        let result = self.step().await;
        if !matches!(result, Some(Ok(_))) {
            self.state = State::Finished;
        }
        result
    }

    async fn step(&mut self) -> Option<Result<Response<D>, Error>> {
        loop {
            match &mut self.state {
                State::Finished => return None,
                State::Pending { body, headers } => {
                    let body = std::mem::take(body);
                    let headers = std::mem::take(headers);
                    match connect(&self.client, body, headers).await {
                        Ok(streaming) => self.state = State::Streaming(Box::new(streaming)),
                        Err(err) => return Some(Err(err)),
                    }
                }
                State::Streaming(streaming) => match streaming.parser.next_event() {
                    Err(err) => return Some(Err(framing_error(err, &streaming.parser))),
                    Ok(Some(super::parser::Event::End)) => return None,
                    Ok(Some(super::parser::Event::Part(part))) => match interpret::<D>(&part) {
                        Ok(Message::Heartbeat) => {}
                        Ok(Message::Event(response)) => return Some(Ok(response)),
                        Ok(Message::End) => return None,
                        Ok(Message::TransportError(errors)) => {
                            return Some(Err(Error::SubscriptionTransport(errors)))
                        }
                        Err(err) => return Some(Err(err)),
                    },
                    Ok(None) => {
                        let idle = self.client.inner.subscription.idle_timeout;
                        let next = match idle {
                            Some(limit) => {
                                match tokio::time::timeout(limit, streaming.body.next()).await {
                                    Ok(next) => next,
                                    Err(_) => return Some(Err(Error::Timeout(limit))),
                                }
                            }
                            None => streaming.body.next().await,
                        };
                        match next {
                            Some(Ok(chunk)) => streaming.parser.push(&chunk),
                            Some(Err(err)) => {
                                return Some(Err(Error::StreamEndedEarly {
                                    boundary: streaming.parser.boundary().to_owned(),
                                    source: Some(Box::new(err.without_url())),
                                }))
                            }
                            None => {
                                if let Err(err) = streaming.parser.finish() {
                                    return Some(Err(framing_error(err, &streaming.parser)));
                                }
                                return None;
                            }
                        }
                    }
                },
            }
        }
    }
}

/// Sends the request and checks the answer is a multipart stream.
async fn connect(client: &HttpClient, body: Bytes, headers: HeaderMap) -> Result<Streaming, Error> {
    {
        let config = client.inner.subscription;
        let head_timeout = client.timeout();
        // The reqwest timeout would cover the whole body, i.e. the subscription's lifetime:
        // bound the wait for the head only.
        let send = client.send(body, headers, ACCEPT_MULTIPART, None);
        let response = match head_timeout {
            Some(limit) => tokio::time::timeout(limit, send)
                .await
                .map_err(|_| Error::Timeout(limit))??,
            None => send.await?,
        };
        let status = response.status().as_u16();
        let content_type = content_type_of(response.headers());
        let boundary = content_type
            .as_deref()
            .and_then(boundary_from_content_type)
            .filter(|_| (200..300).contains(&status));
        match boundary {
            Some(boundary) => {
                let parser = Parser::new(&boundary)
                    .map_err(|err| Error::MultipartFraming {
                        reason: err.to_string(),
                    })?
                    .with_max_part_size(config.max_part_size);
                Ok(Streaming {
                    body: response.bytes_stream().boxed(),
                    parser,
                })
            }
            None => {
                let body = read_capped(response, config.max_part_size).await;
                Err(refusal(status, content_type.as_deref(), &body))
            }
        }
    }
}

/// Up to `cap` bytes of a body (what an error message needs; the rest is not read).
async fn read_capped(response: reqwest::Response, cap: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut body = response.bytes_stream();
    while let Some(Ok(chunk)) = body.next().await {
        let room = cap.saturating_sub(out.len());
        out.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if out.len() >= cap {
            break;
        }
    }
    out
}

/// The error for an answer that is not a multipart stream.
pub(crate) fn refusal(status: u16, content_type: Option<&str>, body: &[u8]) -> Error {
    let is_json = content_type
        .and_then(parse_media_type)
        .is_some_and(|media| media.is_json());
    let errors = serde_json::from_slice::<Response<IgnoredAny>>(body)
        .map(|response| response.errors)
        .unwrap_or_default();
    let success = (200..300).contains(&status);
    if !success && !is_json && errors.is_empty() {
        return Error::Status {
            status,
            content_type: content_type.unwrap_or("unknown").to_owned(),
            excerpt: excerpt(body, EXCERPT_CHARS),
        };
    }
    Error::SubscriptionRefused {
        status,
        content_type: content_type.unwrap_or("unknown").to_owned(),
        errors: GraphQLErrors(errors),
        excerpt: excerpt(body, EXCERPT_CHARS),
    }
}

fn framing_error(err: FramingError, parser: &Parser) -> Error {
    match err {
        FramingError::PartTooLarge { limit } => Error::PartTooLarge { limit },
        FramingError::UnexpectedEof => Error::StreamEndedEarly {
            boundary: parser.boundary().to_owned(),
            source: None,
        },
        other => Error::MultipartFraming {
            reason: other.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals() {
        let err = refusal(
            200,
            Some("application/json"),
            br#"{"data":null,"errors":[{"message":"Cannot return null for non-nullable field Subscription.count."}]}"#,
        );
        match &err {
            Error::SubscriptionRefused { status, errors, .. } => {
                assert_eq!(*status, 200);
                assert!(errors.0[0].message.contains("non-nullable"));
            }
            other => panic!("{other:?}"),
        }
        assert!(
            err.to_string().contains("instead of a multipart stream"),
            "{err}"
        );

        let err = refusal(
            406,
            Some("application/json"),
            br#"{"errors":[{"message":"subscriptions need multipart","extensions":{"code":"SUBSCRIPTION_BAD_HEADER"}}]}"#,
        );
        assert!(matches!(
            err,
            Error::SubscriptionRefused { status: 406, .. }
        ));

        let err = refusal(200, Some("text/event-stream"), b"data: hi\n\n");
        assert!(matches!(&err, Error::SubscriptionRefused { errors, .. } if errors.0.is_empty()));
        assert!(
            err.to_string().contains("does it support multipart"),
            "{err}"
        );

        let err = refusal(502, Some("text/html"), b"<h1>Bad Gateway</h1>");
        assert!(matches!(err, Error::Status { status: 502, .. }));
    }
}
