//! [`ConnectionState`]: where the engine's connection stands, and [`ConnectionStates`], the
//! stream of its transitions.

use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use futures::stream::BoxStream;
use futures::Stream;
use tokio::sync::broadcast;

use super::error::Disconnect;
use crate::error::Error;

/// The state of an engine's shared connection, as [`ConnectionStates`] reports it.
///
/// A connection lives from the first subscription to the last: it goes
/// `Closed -> Connecting -> Connected`, and, when it is lost, `Disrupted -> Reconnected` (or
/// `Disrupted -> Failed -> Closed` when it cannot be reopened), and back to `Closed` once no
/// subscription is left.
///
/// Every failed attempt in between is a `Retrying` state with its number and error, so a
/// server that never acknowledges shows up at once, not after the last attempt.
///
/// `Disrupted` then `Reconnected` is the signal to refetch: events published in between were
/// not delivered (each affected subscription also yields its own `Reconnected` notice).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum ConnectionState {
    /// No connection is open: nothing has subscribed yet, or the last subscription ended and
    /// the connection was closed. The next subscription opens one.
    Closed,
    /// The first connection is being opened (upgrade, init, acknowledgement), retried with
    /// backoff if need be.
    Connecting,
    /// The server acknowledged the connection; subscriptions are being started and events flow.
    Connected,
    /// The open connection was lost (`cause` says how: missed keep-alives, closed by the
    /// server, a network error). The engine is reconnecting with backoff; events sent
    /// meanwhile are lost.
    Disrupted {
        /// How the connection was lost.
        cause: Disconnect,
    },
    /// Connection attempt `attempt` (1-based, counting attempts in a row) failed with
    /// `error`; the engine tries again after `delay`. A connection that was acknowledged but
    /// lost again within [`WsConfig::stable_after`](super::WsConfig::stable_after) counts as
    /// a failed attempt too, so a server that accepts and drops at once is not retried in a
    /// tight loop.
    Retrying {
        /// Which attempt failed.
        attempt: u32,
        /// Why (typed: match on [`Error::Ws`] and [`WsError`](super::WsError)).
        error: Arc<Error>,
        /// The wait before the next attempt.
        delay: std::time::Duration,
    },
    /// The connection was reopened after a disruption and every live subscription is being
    /// started again. Refetch what the gap may have hidden. Otherwise it is `Connected`: the
    /// state stays `Reconnected` until the next transition.
    Reconnected,
    /// Connecting failed for good (refused credentials, too many failed attempts): every
    /// subscription ended with the error, which `error` repeats. `Closed` follows; a new
    /// subscription tries again.
    Failed {
        /// The error the subscriptions ended with (typed: match on [`Error::Ws`] and
        /// [`WsError`](super::WsError), e.g. [`WsError::cause`](super::WsError::cause)).
        error: Arc<Error>,
    },
}

impl PartialEq for ConnectionState {
    fn eq(&self, other: &Self) -> bool {
        use ConnectionState::*;
        match (self, other) {
            (Closed, Closed) | (Connecting, Connecting) | (Connected, Connected) => true,
            (Reconnected, Reconnected) => true,
            (Disrupted { cause: a }, Disrupted { cause: b }) => a == b,
            (Failed { error: a }, Failed { error: b }) => same_error(a, b),
            (
                Retrying {
                    attempt: a,
                    error: e,
                    delay: d,
                },
                Retrying {
                    attempt: b,
                    error: f,
                    delay: g,
                },
            ) => a == b && d == g && same_error(e, f),
            _ => false,
        }
    }
}

/// Errors are not comparable; one shared, or two that say the same, are the same state.
fn same_error(a: &Arc<Error>, b: &Arc<Error>) -> bool {
    Arc::ptr_eq(a, b) || a.to_string() == b.to_string()
}

impl Eq for ConnectionState {}

/// Transitions kept for watchers that do not keep up; older ones are skipped.
const BACKLOG: usize = 64;

/// The current state and its watchers, shared by an engine's handles and its socket task.
pub(crate) struct StateHub {
    current: Mutex<ConnectionState>,
    tx: broadcast::Sender<ConnectionState>,
}

impl StateHub {
    pub(crate) fn new() -> StateHub {
        StateHub {
            current: Mutex::new(ConnectionState::Closed),
            tx: broadcast::channel(BACKLOG).0,
        }
    }

    pub(crate) fn current(&self) -> ConnectionState {
        super::lock(&self.current).clone()
    }

    /// Records a transition; repeating the current state is not one.
    pub(crate) fn set(&self, state: ConnectionState) {
        let mut current = super::lock(&self.current);
        if *current == state {
            return;
        }
        *current = state.clone();
        // No watcher is fine.
        let _ = self.tx.send(state);
    }

    /// The current state, then every transition. Taken under the lock `set` holds, so no
    /// transition falls between the two.
    pub(crate) fn watch(&self) -> ConnectionStates {
        let current = super::lock(&self.current);
        let rx = self.tx.subscribe();
        let first = current.clone();
        drop(current);
        let stream = futures::stream::unfold((Some(first), rx), |(first, mut rx)| async move {
            if let Some(state) = first {
                return Some((state, (None, rx)));
            }
            loop {
                match rx.recv().await {
                    Ok(state) => return Some((state, (None, rx))),
                    // Skipped transitions: go on with the oldest one still kept.
                    Err(broadcast::error::RecvError::Lagged(_)) => continue,
                    Err(broadcast::error::RecvError::Closed) => return None,
                }
            }
        });
        ConnectionStates {
            inner: Box::pin(stream),
        }
    }
}

/// A [`Stream`] of [`ConnectionState`]s: the state when it was created, then every transition
/// in order. It ends once the client (every clone), its subscriptions and its connection are
/// gone.
///
/// Transitions are rare; a watcher that leaves more than 64 unread skips the oldest ones.
pub struct ConnectionStates {
    inner: BoxStream<'static, ConnectionState>,
}

impl std::fmt::Debug for ConnectionStates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConnectionStates").finish_non_exhaustive()
    }
}

impl Stream for ConnectionStates {
    type Item = ConnectionState;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<ConnectionState>> {
        self.inner.as_mut().poll_next(cx)
    }
}
