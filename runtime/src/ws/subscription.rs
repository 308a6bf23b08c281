//! [`WsEngine`]: the handle that starts the socket task on demand, and [`WsSubscription`], one
//! subscription's event stream (dropping it stops the subscription).

use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use futures::Stream;
use tokio::sync::mpsc;

use super::codec::{Codec, StartFrame};
use super::driver::{self, Command, Sub};
use super::error::WsError;
use super::inbox::Inbox;
use super::payload::Payload;
use super::state::{ConnectionState, ConnectionStates, StateHub};
use super::{lock, WsConfig};
use crate::error::Error;

/// What a subscription receives.
#[derive(Debug)]
#[non_exhaustive]
pub enum SubEvent {
    /// An event: a GraphQL response as raw JSON, decoded by the reader.
    Data(Payload),
    /// The connection was lost and reopened and the subscription started again; events sent
    /// in between are lost (re-query if they matter).
    Reconnected,
    /// The stream was not read fast enough: this many events were dropped (the oldest ones)
    /// to keep [`WsConfig::subscription_buffer`] events at most. Re-query if they matter.
    Lagged(u64),
    /// The subscription ended: normally (`None`) or with an error. Nothing follows.
    Ended(Option<Error>),
}

/// What every clone of an engine, its socket task and its subscriptions share.
pub(crate) struct Shared {
    pub(crate) codec: Arc<dyn Codec>,
    pub(crate) config: WsConfig,
    /// The URL shown in errors (no query).
    pub(crate) url: Box<str>,
    /// The socket task's mailbox; `None` while no task runs.
    pub(crate) mailbox: Mutex<Option<mpsc::UnboundedSender<Command>>>,
    /// Subscriptions started and not yet removed by the socket task, for the per-connection
    /// limit.
    pub(crate) live: AtomicUsize,
    pub(crate) states: StateHub,
    /// The last `connection_ack` payload, as JSON text.
    pub(crate) ack_payload: Mutex<Option<String>>,
}

/// Runs subscriptions of one protocol over one shared socket. Cheap to clone: clones share the
/// socket.
#[derive(Clone)]
pub struct WsEngine {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for WsEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WsEngine")
            .field("url", &self.shared.url)
            .field("config", &self.shared.config)
            .field("state", &self.shared.states.current())
            .field("subscriptions", &self.shared.live.load(Ordering::Relaxed))
            .finish()
    }
}

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// A subscription id unique in this process (and, with the time prefix, across restarts).
fn new_id() -> Box<str> {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("{:x}-{}", nanos, NEXT_ID.fetch_add(1, Ordering::Relaxed)).into_boxed_str()
}

impl WsEngine {
    /// An engine speaking `codec`; `url` is what errors show (never with its query).
    pub fn new(codec: impl Codec, config: WsConfig, url: impl Into<String>) -> Self {
        WsEngine {
            shared: Arc::new(Shared {
                codec: Arc::new(codec),
                config,
                url: url.into().into_boxed_str(),
                mailbox: Mutex::new(None),
                live: AtomicUsize::new(0),
                states: StateHub::new(),
                ack_payload: Mutex::new(None),
            }),
        }
    }

    /// Starts a subscription whose start frame `start` builds; opens the socket if needed.
    ///
    /// Past [`WsConfig::max_subscriptions`] live subscriptions, the stream ends at once with
    /// [`WsError::TooManySubscriptions`] and nothing is sent.
    pub fn subscribe(&self, start: StartFrame) -> WsSubscription {
        self.start(start, true)
    }

    /// Runs a one-shot operation (a query or mutation over the socket) whose start frame
    /// `start` builds: like [`subscribe`](WsEngine::subscribe), except that a lost connection
    /// ends it with [`WsError::ConnectionLost`] instead of sending it again (a mutation must
    /// not run twice).
    pub fn execute(&self, start: StartFrame) -> WsSubscription {
        self.start(start, false)
    }

    fn start(&self, start: StartFrame, resubscribe: bool) -> WsSubscription {
        let id = new_id();
        let inbox = Arc::new(Inbox::new());
        let handle = WsSubscription {
            id: id.clone(),
            inbox: Arc::clone(&inbox),
            shared: Arc::clone(&self.shared),
        };
        let limit = self.shared.config.max_subscriptions;
        let claimed = self
            .shared
            .live
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
                (n < limit).then_some(n + 1)
            })
            .is_ok();
        if !claimed {
            let error = WsError::TooManySubscriptions { limit };
            inbox.push(SubEvent::Ended(Some(error.into())), 1);
            return handle;
        }
        // From here the place is given back when the stream or `sub` is dropped, whichever is
        // first.
        inbox.hold_place();
        let sub = Sub::new(start, inbox, Arc::clone(&self.shared), resubscribe);
        if let Err(command) = self.send(Command::Subscribe { id, sub }) {
            let error = Error::from(WsError::NoRuntime);
            handle.inbox.push(SubEvent::Ended(Some(error)), 1);
            // Ended first: dropping the command must not report a stopped task instead.
            drop(command);
        }
        handle
    }

    /// Whether a socket task is running.
    pub fn is_connected(&self) -> bool {
        lock(&self.shared.mailbox)
            .as_ref()
            .is_some_and(|tx| !tx.is_closed())
    }

    /// The connection's current state.
    pub fn connection_state(&self) -> ConnectionState {
        self.shared.states.current()
    }

    /// The connection's state now, then every transition; see [`ConnectionState`].
    pub fn connection_states(&self) -> ConnectionStates {
        self.shared.states.watch()
    }

    /// The payload of the last connection's acknowledgement (`connection_ack`), if it had
    /// one: what the server tells about the session (e.g. a user id). `None` before the first
    /// acknowledgement.
    pub fn ack_payload(&self) -> Option<serde_json::Value> {
        let text = lock(&self.shared.ack_payload).clone()?;
        serde_json::from_str(&text).ok()
    }

    /// How many subscriptions are live (started and not yet ended) on the connection.
    pub fn subscriptions(&self) -> usize {
        self.shared.live.load(Ordering::SeqCst)
    }

    /// Hands `command` to the socket task, starting one if none runs; gives it back when no
    /// Tokio runtime is there to run the task.
    fn send(&self, command: Command) -> Result<(), Command> {
        let mut mailbox = lock(&self.shared.mailbox);
        let command = match mailbox.as_ref() {
            Some(tx) => match tx.send(command) {
                Ok(()) => return Ok(()),
                Err(returned) => returned.0,
            },
            None => command,
        };
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return Err(command);
        };
        let (tx, rx) = mpsc::unbounded_channel();
        // A fresh channel's receiver is alive: this send cannot fail.
        let _ = tx.send(command);
        *mailbox = Some(tx);
        // Under the mailbox lock, after the previous task's `Closed`: watchers see the
        // transitions in order.
        self.shared.states.set(ConnectionState::Connecting);
        runtime.spawn(driver::run(driver::Driver::new(
            Arc::clone(&self.shared),
            rx,
        )));
        Ok(())
    }
}

/// One subscription's events. Dropping it stops the subscription (a stop frame goes to the
/// server) and closes the socket when it was the last one.
pub struct WsSubscription {
    id: Box<str>,
    inbox: Arc<Inbox>,
    shared: Arc<Shared>,
}

impl std::fmt::Debug for WsSubscription {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WsSubscription")
            .field("id", &self.id)
            .field("started", &self.inbox.is_started())
            .field("ended", &self.inbox.is_ended())
            .finish()
    }
}

impl WsSubscription {
    /// The subscription's id on the socket.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Waits until the subscription is live: the server acknowledged its start (the codec's
    /// [`ServerFrame::StartAck`](super::ServerFrame::StartAck)). Then an event of a change
    /// made from now on reaches this stream. For a protocol without a start acknowledgement,
    /// the first event counts as it.
    ///
    /// `Err` when the subscription ended before that: the server's error frame, no
    /// acknowledgement within [`WsConfig::start_ack_timeout`](super::WsConfig), a connection
    /// that could not be opened or was refused, [`WsError::TooManySubscriptions`], or
    /// [`WsError::NotStarted`] when the server completed it without an error. The stream
    /// still ends with that error; here it is an equivalent copy (the same variant and
    /// fields, a boxed source kept as text).
    ///
    /// Takes nothing from the stream: events that arrived meanwhile stay queued. Cancel-safe
    /// (drop the future, e.g. in `select!` or `timeout`, and call it again), and callable any
    /// number of times: once resolved it answers at once, and stays `Ok` after reconnections
    /// (the stream says [`SubEvent::Reconnected`] then).
    pub async fn started(&mut self) -> Result<(), Error> {
        std::future::poll_fn(|cx| self.poll_started(cx)).await
    }

    /// [`started`](WsSubscription::started) as a poll function, for hand-written futures.
    pub fn poll_started(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
        self.inbox.poll_started(cx)
    }

    /// Whether the server acknowledged the start, without waiting.
    pub fn is_started(&self) -> bool {
        self.inbox.is_started()
    }
}

impl Stream for WsSubscription {
    type Item = SubEvent;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<SubEvent>> {
        self.inbox.poll(cx)
    }
}

impl Shared {
    /// Gives the subscription's place under the per-connection limit back, if it holds one.
    pub(crate) fn give_place_back(&self, inbox: &Inbox) {
        if inbox.give_place_back() {
            self.live.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

impl Drop for WsSubscription {
    fn drop(&mut self) {
        self.shared.give_place_back(&self.inbox);
        if self.inbox.is_ended() {
            return;
        }
        if let Some(tx) = lock(&self.shared.mailbox).as_ref() {
            let _ = tx.send(Command::Stop {
                id: self.id.clone(),
            });
        }
    }
}
