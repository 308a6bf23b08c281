//! [`Subscription`]: the typed event stream of one multipart subscription request.

use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures::future::{BoxFuture, FutureExt};
use futures::stream::{BoxStream, Stream, StreamExt};
use reqwest::header::HeaderMap;
use serde::de::{DeserializeOwned, IgnoredAny};

use super::content_type::{boundary_from_content_type, parse_media_type};
use super::message::{interpret, Message};
use super::parser::{FramingError, Parser};
use crate::decode::decode;
use crate::error::{excerpt, Error};
use crate::http::client::{content_type_of, serialize_request};
use crate::http::{HttpClient, EXCERPT_CHARS};
use crate::operation::SubscriptionOperation;
use crate::request::Request;
use crate::response::{GraphQLErrors, Response};

/// `Accept` for subscriptions: the multipart protocol, JSON for servers without it (so that
/// they answer with an error we can show instead of 406).
pub(crate) const ACCEPT_MULTIPART: &str = "multipart/mixed;subscriptionSpec=1.0, application/json";

/// Subscription settings of an [`HttpClient`] (set on its builder). The part size limit is
/// the client's `max_response_bytes`, shared with queries.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SubscriptionConfig {
    pub idle_timeout: Option<Duration>,
}

impl Default for SubscriptionConfig {
    fn default() -> Self {
        SubscriptionConfig {
            idle_timeout: Some(Duration::from_secs(30)),
        }
    }
}

/// The events of a subscription, as a [`Stream`].
///
/// Yields one `Ok(Response)` per event (with the event's GraphQL errors, if any). It ends
/// (`None`) after the server's closing boundary; any failure is yielded once as `Err` and then
/// the stream ends. Dropping it closes the connection, which is how a subscription is
/// cancelled in this protocol.
///
/// [`started`](Subscription::started) sends the request and waits until the server accepted
/// the subscription (a multipart answer), or gives the error if it refused it.
pub struct Subscription<D> {
    phase: Phase<D>,
}

enum Phase<D> {
    /// The request is being sent (lazily: nothing goes out before the first poll), until the
    /// answer's head says whether it is a multipart stream.
    Connecting(BoxFuture<'static, Result<Events<D>, Error>>),
    /// The server accepted the subscription: the events.
    Streaming(Events<D>),
    /// The request could not be made or was refused: the stream yields `error` once, then
    /// ends; `copy` answers `started()`, which must not take it from the stream.
    Failed { error: Option<Error>, copy: Error },
    /// The stream ended.
    Done,
}

impl<D> Phase<D> {
    fn failed(error: Error) -> Self {
        Phase::Failed {
            copy: error.duplicate(),
            error: Some(error),
        }
    }
}

impl<D> fmt::Debug for Subscription<D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let phase = match self.phase {
            Phase::Connecting(_) => "connecting",
            Phase::Streaming(_) => "streaming",
            Phase::Failed { .. } => "failed",
            Phase::Done => "done",
        };
        f.debug_struct("Subscription")
            .field("phase", &phase)
            .finish_non_exhaustive()
    }
}

/// The events of an accepted subscription.
type Events<D> = BoxStream<'static, Result<Response<D>, Error>>;

impl<D> Subscription<D> {
    fn failing(error: Error) -> Self {
        Subscription {
            phase: Phase::failed(error),
        }
    }

    /// Waits until the server accepted the subscription: the answer's headers arrived and
    /// announce a multipart stream (sends the request if the stream was not polled yet). From
    /// then on, an event of a change made now reaches this stream, so subscribe,
    /// `started().await?`, then make the change:
    ///
    /// ```no_run
    /// # #[typed_graphql::graphql(schema = "../devserver/schema.graphql", query = r#"
    /// #   subscription OnAddTodo($boardId: ID) { onAddTodo(boardId: $boardId) { id title } }
    /// # "#)]
    /// # pub mod todos {}
    /// # use futures::StreamExt;
    /// # async fn run(client: typed_graphql::http::HttpClient) -> Result<(), Box<dyn std::error::Error>> {
    /// let vars = todos::on_add_todo::Variables { board_id: typed_graphql::Maybe::Value("b1".into()) };
    /// let mut events = client.subscribe(&todos::OnAddTodo::request(vars));
    /// events.started().await?; // a refused subscription is an error here
    /// // ... run the mutation now: its event is not missed.
    /// if let Some(event) = events.next().await {
    ///     println!("{:?}", event?.data);
    /// }
    /// # Ok(()) }
    /// ```
    ///
    /// The multipart protocol has no acknowledgement of its own: the answer's head is the
    /// server's word that it runs the subscription. A server that sends it before attaching
    /// the subscription to its source of events could still miss a change made right after;
    /// on the workspace's devserver (async-graphql behind axum) the tests show it does not.
    ///
    /// `Err` when the server refused the subscription or could not be reached: the errors of
    /// [`HttpClient::subscribe`] that come before the stream ([`Error::SubscriptionRefused`],
    /// [`Error::Status`], [`Error::Timeout`], [`Error::Connect`], ...). The stream still yields
    /// that error; `started` gives an equivalent copy (the same variant; a boxed source is
    /// kept as text).
    ///
    /// Takes nothing from the stream, is cancel-safe (drop the future and call it again: the
    /// request is sent once) and can be called any number of times: once accepted it answers
    /// `Ok` at once, also after the stream ended.
    pub async fn started(&mut self) -> Result<(), Error> {
        std::future::poll_fn(|cx| self.poll_started(cx)).await
    }

    /// [`started`](Subscription::started) as a poll function, for hand-written futures.
    pub fn poll_started(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
        match &mut self.phase {
            Phase::Connecting(connecting) => match connecting.poll_unpin(cx) {
                Poll::Pending => Poll::Pending,
                Poll::Ready(result) => {
                    self.connected(result);
                    self.poll_started(cx)
                }
            },
            Phase::Streaming(_) | Phase::Done => Poll::Ready(Ok(())),
            Phase::Failed { copy, .. } => Poll::Ready(Err(copy.duplicate())),
        }
    }

    /// Whether the server accepted the subscription, without waiting.
    pub fn is_started(&self) -> bool {
        matches!(self.phase, Phase::Streaming(_) | Phase::Done)
    }

    fn connected(&mut self, result: Result<Events<D>, Error>) {
        self.phase = match result {
            Ok(events) => Phase::Streaming(events),
            Err(error) => Phase::failed(error),
        };
    }
}

impl<D> Stream for Subscription<D> {
    type Item = Result<Response<D>, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        loop {
            match &mut self.phase {
                Phase::Connecting(connecting) => match connecting.poll_unpin(cx) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(result) => self.connected(result),
                },
                Phase::Streaming(events) => {
                    let next = events.poll_next_unpin(cx);
                    if let Poll::Ready(None) = next {
                        // `unfold` must not be polled again once it ended.
                        self.phase = Phase::Done;
                    }
                    return next;
                }
                // Yielded once; after it, the stream has ended.
                Phase::Failed { error, .. } => return Poll::Ready(error.take().map(Err)),
                Phase::Done => return Poll::Ready(None),
            }
        }
    }
}

impl HttpClient {
    /// Subscribes over multipart HTTP (Apollo's protocol): POSTs the request with
    /// `Accept: multipart/mixed;subscriptionSpec=1.0, application/json` and streams the typed
    /// events. Nothing is sent until the stream is first polled.
    ///
    /// The bound makes subscribing to a query or mutation a compile error.
    ///
    /// A server without the protocol may answer with a single JSON result instead of a stream
    /// (it ran the subscription as a query): a 2xx GraphQL response with `data` and no
    /// `errors` is yielded as the one event, then the stream ends cleanly, as gql does.
    ///
    /// Errors the stream can end with: [`Error::SubscriptionTransport`] (the server ended it
    /// with errors), [`Error::SubscriptionRefused`] (a single answer with errors, or one that
    /// is no GraphQL response, instead of a stream: the server refused the operation or lacks
    /// the protocol), [`Error::StreamEndedEarly`] (no closing boundary),
    /// [`Error::ResponseTooLarge`] (an event larger than the client's `max_response_bytes`), [`Error::MultipartFraming`],
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
            Err(err) => Subscription::failing(err),
        }
    }

    /// Subscribes with an already-serialised body (sent byte for byte) and extra headers: the
    /// low-level entry point, as [`execute_raw`](HttpClient::execute_raw) is for queries.
    pub fn subscribe_raw<D>(&self, body: Bytes, headers: HeaderMap) -> Subscription<D>
    where
        D: DeserializeOwned + Send + 'static,
    {
        let client = self.clone();
        let connecting = async move {
            let streaming = match connect::<D>(&client, body, headers).await? {
                Connected::Multipart(streaming) => *streaming,
                Connected::Single(response) => {
                    return Ok(futures::stream::once(async move { Ok(response) }).boxed())
                }
            };
            let driver = Driver::<D> {
                client,
                state: State::Streaming(Box::new(streaming)),
                data: PhantomData,
            };
            Ok(futures::stream::unfold(driver, |mut driver| async move {
                let item = driver.next_item().await?;
                Some((item, driver))
            })
            .boxed())
        }
        .boxed();
        Subscription {
            phase: Phase::Connecting(connecting),
        }
    }
}

struct Driver<D> {
    client: HttpClient,
    state: State,
    data: PhantomData<fn() -> D>,
}

enum State {
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

/// What the server answered a subscription with.
enum Connected<D> {
    /// A multipart stream of events.
    Multipart(Box<Streaming>),
    /// A single GraphQL result with data and no errors (a server without the protocol ran it as
    /// a query).
    Single(Response<D>),
}

/// Sends the request and checks the answer is a multipart stream (or a single result).
async fn connect<D: DeserializeOwned>(
    client: &HttpClient,
    body: Bytes,
    headers: HeaderMap,
) -> Result<Connected<D>, Error> {
    {
        let limit = client.inner.max_response_bytes;
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
                    .with_max_part_size(limit);
                Ok(Connected::Multipart(Box::new(Streaming {
                    body: chunks(response),
                    parser,
                })))
            }
            None => {
                let (body, complete) = read_capped(response, limit).await;
                single_answer(status, content_type.as_deref(), &body, complete, limit)
                    .map(Connected::Single)
            }
        }
    }
}

/// The body's chunks as a stream (reqwest's own `bytes_stream` needs its `stream` feature and
/// the dependencies behind it).
fn chunks(response: reqwest::Response) -> BoxStream<'static, reqwest::Result<Bytes>> {
    futures::stream::unfold(Some(response), |state| async move {
        let mut response = state?;
        match response.chunk().await {
            Ok(Some(chunk)) => Some((Ok(chunk), Some(response))),
            Ok(None) => None,
            Err(err) => Some((Err(err), None)),
        }
    })
    .boxed()
}

/// Up to `cap` bytes of a body, and whether that is all of it (the rest is not read).
async fn read_capped(mut response: reqwest::Response, cap: usize) -> (Vec<u8>, bool) {
    let mut out = Vec::new();
    while let Ok(Some(chunk)) = response.chunk().await {
        let room = cap.saturating_sub(out.len());
        out.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if chunk.len() > room {
            return (out, false);
        }
    }
    (out, true)
}

/// A non-multipart answer: the one result when it is a 2xx GraphQL response with data and no
/// errors (multipart notes, §7: yield it, then end), otherwise the refusal.
fn single_answer<D: DeserializeOwned>(
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
    complete: bool,
    limit: usize,
) -> Result<Response<D>, Error> {
    let is_json = content_type
        .and_then(parse_media_type)
        .is_some_and(|media| media.is_json());
    if (200..300).contains(&status) && is_json {
        if !complete {
            return Err(Error::ResponseTooLarge { limit });
        }
        let result = serde_json::from_slice::<Response<IgnoredAny>>(body);
        if result.is_ok_and(|head| head.data.is_some() && head.errors.is_empty()) {
            return decode::<Response<D>>(body).map_err(Error::Decode);
        }
    }
    Err(refusal(status, content_type, body))
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
        FramingError::PartTooLarge { limit } => Error::ResponseTooLarge { limit },
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

    #[test]
    fn a_single_json_result_with_data_is_the_one_event() {
        let json = Some("application/json; charset=utf-8");
        let ok = single_answer::<serde_json::Value>(200, json, br#"{"data":{"n":1}}"#, true, 99);
        assert_eq!(ok.unwrap().data, Some(serde_json::json!({ "n": 1 })));
        // With errors, without data, not 2xx, not JSON, cut at the limit: not a result.
        let with_errors = br#"{"data":{"n":1},"errors":[{"message":"no"}]}"#;
        for (status, content_type, body, complete) in [
            (200, json, &with_errors[..], true),
            (200, json, br#"{"data":null}"#, true),
            (400, json, br#"{"data":{"n":1}}"#, true),
            (200, Some("text/plain"), br#"{"data":{"n":1}}"#, true),
            (200, json, br#"{"data":{"n":1}"#, false),
        ] {
            let result =
                single_answer::<serde_json::Value>(status, content_type, body, complete, 99);
            assert!(result.is_err(), "{status} {content_type:?} {body:?}");
        }
        assert!(matches!(
            single_answer::<serde_json::Value>(200, json, b"{", false, 99),
            Err(Error::ResponseTooLarge { limit: 99 })
        ));
        // The data must fit the operation's types, as every event's.
        assert!(matches!(
            single_answer::<Vec<u8>>(200, json, br#"{"data":{"n":1}}"#, true, 99),
            Err(Error::Decode(_))
        ));
    }
}
