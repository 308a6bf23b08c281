//! [`AppSyncSubscription`]: one subscription's typed events.

use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures::Stream;
use serde::de::DeserializeOwned;

use crate::error::Error;
use crate::response::Response;
use crate::ws::{SubEvent, WsSubscription};

/// What a subscription yields besides errors.
#[derive(Debug, Clone, PartialEq)]
pub enum SubscriptionEvent<D> {
    /// An event. Its `errors` may be non-empty: AppSync reports a non-null field the
    /// triggering mutation did not select this way (the error's `Display` names the field).
    Data(Response<D>),
    /// The connection was lost, reopened, and this subscription started again. Events in
    /// between are lost: re-query if they matter. The stream goes on.
    Reconnected,
    /// The stream was not polled fast enough: `missed` events (the oldest unread ones) were
    /// dropped to keep at most [`WsConfig::subscription_buffer`](crate::ws::WsConfig) waiting.
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
pub struct AppSyncSubscription<D> {
    inner: Option<WsSubscription>,
    failed: Option<Error>,
    data: PhantomData<fn() -> D>,
}

impl<D> std::fmt::Debug for AppSyncSubscription<D> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppSyncSubscription")
            .field("id", &self.inner.as_ref().map(WsSubscription::id))
            .finish_non_exhaustive()
    }
}

impl<D> AppSyncSubscription<D> {
    pub(crate) fn new(inner: WsSubscription) -> Self {
        AppSyncSubscription {
            inner: Some(inner),
            failed: None,
            data: PhantomData,
        }
    }

    pub(crate) fn failed(error: Error) -> Self {
        AppSyncSubscription {
            inner: None,
            failed: Some(error),
            data: PhantomData,
        }
    }

    /// The subscription's id on the connection (`None` when it failed before starting).
    pub fn id(&self) -> Option<&str> {
        self.inner.as_ref().map(WsSubscription::id)
    }
}

impl<D: DeserializeOwned> Stream for AppSyncSubscription<D> {
    type Item = Result<SubscriptionEvent<D>, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if let Some(error) = self.failed.take() {
            return Poll::Ready(Some(Err(error)));
        }
        let Some(inner) = self.inner.as_mut() else {
            return Poll::Ready(None);
        };
        match Pin::new(inner).poll_next(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(None) | Poll::Ready(Some(SubEvent::Ended(None))) => {
                self.inner = None;
                Poll::Ready(None)
            }
            Poll::Ready(Some(SubEvent::Ended(Some(error)))) => {
                self.inner = None;
                Poll::Ready(Some(Err(error)))
            }
            Poll::Ready(Some(SubEvent::Reconnected)) => {
                Poll::Ready(Some(Ok(SubscriptionEvent::Reconnected)))
            }
            Poll::Ready(Some(SubEvent::Lagged(missed))) => {
                Poll::Ready(Some(Ok(SubscriptionEvent::Lagged { missed })))
            }
            Poll::Ready(Some(SubEvent::Data(value))) => Poll::Ready(Some(
                crate::decode::decode_value::<Response<D>>(value)
                    .map(SubscriptionEvent::Data)
                    .map_err(Error::Decode),
            )),
        }
    }
}
