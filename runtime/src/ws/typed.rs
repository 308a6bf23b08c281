//! [`Subscription`]: one subscription's typed events, whatever the protocol.

use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures::Stream;
use serde::de::DeserializeOwned;

use super::{SubEvent, WsSubscription};
use crate::error::Error;
use crate::response::Response;

/// What a subscription yields besides errors.
#[derive(Debug, Clone, PartialEq)]
pub enum SubscriptionEvent<D> {
    /// An event. Its `errors` may be non-empty (a field failed; AppSync also reports a
    /// non-null field the triggering mutation did not select this way).
    Data(Response<D>),
    /// The connection was lost, reopened, and this subscription started again. Events in
    /// between are lost: re-query if they matter. The stream goes on.
    Reconnected,
    /// The stream was not polled fast enough: `missed` events (the oldest unread ones) were
    /// dropped to keep at most [`WsConfig::subscription_buffer`](super::WsConfig) waiting.
    /// Re-query if they matter. The stream goes on with the newer events.
    Lagged {
        /// How many events were dropped.
        missed: u64,
    },
}

/// A subscription's events as a [`Stream`] of `Result<SubscriptionEvent<D>, Error>`.
///
/// An `Err` ends the stream (the server's `error` frame, a lost connection that could not be
/// reopened, a start that was never acknowledged), except [`Error::Decode`], which concerns one
/// event only. Dropping the stream stops the subscription on the server.
///
/// [`started`](Subscription::started) waits until the server acknowledged the
/// subscription (AppSync's `start_ack`; for protocols without one, until the start was sent
/// on an acknowledged connection): subscribe, wait until it is live, then make the change
/// whose event you expect.
pub struct Subscription<D> {
    state: State,
    data: PhantomData<fn() -> D>,
}

enum State {
    /// Handed to the engine; `done` once the stream ended (the subscription is kept for
    /// `started()`).
    Sent { inner: WsSubscription, done: bool },
    /// Failed before it was sent: `error` until the stream yields it, `copy` for `started()`,
    /// which must not take it from the stream.
    NotSent { error: Option<Error>, copy: Error },
}

impl<D> std::fmt::Debug for Subscription<D> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Subscription")
            .field("id", &self.id())
            .finish_non_exhaustive()
    }
}

impl<D> Subscription<D> {
    pub(crate) fn new(inner: WsSubscription) -> Self {
        Subscription {
            state: State::Sent { inner, done: false },
            data: PhantomData,
        }
    }

    pub(crate) fn failed(error: Error) -> Self {
        Subscription {
            state: State::NotSent {
                copy: error.duplicate(),
                error: Some(error),
            },
            data: PhantomData,
        }
    }

    /// The subscription's id on the connection (`None` when it failed before starting).
    pub fn id(&self) -> Option<&str> {
        match &self.state {
            State::Sent { inner, .. } => Some(inner.id()),
            State::NotSent { .. } => None,
        }
    }

    /// Waits until the subscription is live: the server acknowledged it (AppSync's
    /// `start_ack`; `graphql-transport-ws` and legacy `graphql-ws` have no such frame, so
    /// there it means the start was written to an acknowledged connection). From then on, a
    /// mutation that triggers it reaches this stream (on AppSync; elsewhere as soon as the
    /// server processed the start), so subscribe, `started().await?`, then mutate:
    ///
    /// ```no_run
    /// # #[typed_graphql::graphql(schema = "../devserver/schema.graphql", query = r#"
    /// #   subscription OnAddTodo($boardId: ID) { onAddTodo(boardId: $boardId) { id title } }
    /// # "#)]
    /// # pub mod todos {}
    /// # use futures::StreamExt;
    /// # use typed_graphql::appsync::{http::AppSyncClient, realtime::SubscriptionEvent};
    /// # async fn run(client: AppSyncClient) -> Result<(), Box<dyn std::error::Error>> {
    /// let vars = todos::on_add_todo::Variables { board_id: typed_graphql::Maybe::Value("b1".into()) };
    /// let request = todos::OnAddTodo::request(vars);
    /// let mut events = client.subscribe(&request);
    /// // An invalid subscription, refused credentials, an unreachable endpoint: the error is
    /// // here, typed, instead of a silent wait for events that never come.
    /// events.started().await?;
    /// // ... run the mutation now: its event is not missed.
    /// if let Some(SubscriptionEvent::Data(response)) = events.next().await.transpose()? {
    ///     println!("{:?}", response.data);
    /// }
    /// # Ok(()) }
    /// ```
    ///
    /// `Err` when the subscription ended before the acknowledgement: the server's `error` frame
    /// (AppSync: `Error::AppSync`), refused credentials, no acknowledgement within
    /// the start-ack timeout, a connection that could not be opened, too many subscriptions on
    /// the connection ([`WsError::TooManySubscriptions`](super::WsError)). The stream still
    /// ends with that error; `started` gives an equivalent copy (the same variant; a boxed
    /// source is kept as text).
    ///
    /// It takes nothing from the stream (events that arrived meanwhile stay buffered for it),
    /// is cancel-safe (drop the future, in `select!` or `tokio::time::timeout`, and call it
    /// again) and can be called any number of times: once live it answers `Ok` at once, also
    /// after a reconnection (the stream yields [`SubscriptionEvent::Reconnected`] then). It
    /// waits at most as long as connecting (with its retries) plus the start-ack timeout.
    pub async fn started(&mut self) -> Result<(), Error> {
        std::future::poll_fn(|cx| self.poll_started(cx)).await
    }

    /// [`started`](Subscription::started) as a poll function, for hand-written futures.
    pub fn poll_started(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
        match &mut self.state {
            State::Sent { inner, .. } => inner.poll_started(cx),
            State::NotSent { copy, .. } => Poll::Ready(Err(copy.duplicate())),
        }
    }

    /// Whether the server acknowledged the subscription, without waiting.
    pub fn is_started(&self) -> bool {
        matches!(&self.state, State::Sent { inner, .. } if inner.is_started())
    }
}

impl<D: DeserializeOwned> Stream for Subscription<D> {
    type Item = Result<SubscriptionEvent<D>, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let (inner, done) = match &mut self.state {
            State::NotSent { error, .. } => return Poll::Ready(error.take().map(Err)),
            State::Sent { done: true, .. } => return Poll::Ready(None),
            State::Sent { inner, done } => (inner, done),
        };
        match Pin::new(inner).poll_next(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(None) | Poll::Ready(Some(SubEvent::Ended(None))) => {
                *done = true;
                Poll::Ready(None)
            }
            Poll::Ready(Some(SubEvent::Ended(Some(error)))) => {
                *done = true;
                Poll::Ready(Some(Err(error)))
            }
            Poll::Ready(Some(SubEvent::Reconnected)) => {
                Poll::Ready(Some(Ok(SubscriptionEvent::Reconnected)))
            }
            Poll::Ready(Some(SubEvent::Lagged(missed))) => {
                Poll::Ready(Some(Ok(SubscriptionEvent::Lagged { missed })))
            }
            Poll::Ready(Some(SubEvent::Data(payload))) => Poll::Ready(Some(
                payload
                    .decode::<Response<D>>()
                    .map(SubscriptionEvent::Data)
                    .map_err(Error::Decode),
            )),
        }
    }
}
