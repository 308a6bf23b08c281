//! [`WsEngine`]: the handle that starts the socket task on demand, and [`WsSubscription`], one
//! subscription's event stream (dropping it stops the subscription).

use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};

use futures::Stream;
use serde_json::Value;
use tokio::sync::mpsc;

use super::codec::{Codec, StartFrame};
use super::driver::{self, Command};
use super::error::WsError;
use super::WsConfig;
use crate::error::Error;

/// What a subscription receives.
#[derive(Debug)]
pub enum SubEvent {
    /// An event: a GraphQL response as JSON.
    Data(Value),
    /// The connection was lost and reopened and the subscription started again; events sent
    /// in between are lost (re-query if they matter).
    Reconnected,
    /// The subscription ended: normally (`None`) or with an error. Nothing follows.
    Ended(Option<Error>),
}

/// The socket task's mailbox, shared by every clone of the engine.
pub(crate) type Mailbox = Arc<Mutex<Option<mpsc::UnboundedSender<Command>>>>;

pub(crate) fn lock(mailbox: &Mailbox) -> MutexGuard<'_, Option<mpsc::UnboundedSender<Command>>> {
    mailbox
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Runs subscriptions of one protocol over one shared socket. Cheap to clone: clones share the
/// socket.
#[derive(Clone)]
pub struct WsEngine {
    codec: Arc<dyn Codec>,
    config: Arc<WsConfig>,
    mailbox: Mailbox,
    /// The URL shown in errors (no query).
    url: Arc<str>,
}

impl std::fmt::Debug for WsEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WsEngine")
            .field("url", &self.url)
            .field("config", &self.config)
            .field("connected", &lock(&self.mailbox).is_some())
            .finish()
    }
}

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// A subscription id unique in this process (and, with the time prefix, across restarts).
fn new_id() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("{:x}-{}", nanos, NEXT_ID.fetch_add(1, Ordering::Relaxed))
}

impl WsEngine {
    /// An engine speaking `codec`; `url` is what errors show (never with its query).
    pub fn new(codec: impl Codec, config: WsConfig, url: impl Into<String>) -> Self {
        WsEngine {
            codec: Arc::new(codec),
            config: Arc::new(config),
            mailbox: Arc::new(Mutex::new(None)),
            url: Arc::from(url.into()),
        }
    }

    /// Starts a subscription whose start frame `start` builds; opens the socket if needed.
    pub fn subscribe(&self, start: StartFrame) -> WsSubscription {
        let id = new_id();
        let (events, rx) = mpsc::unbounded_channel();
        let command = Command::Subscribe {
            id: id.clone(),
            start,
            events: events.clone(),
        };
        if let Err(err) = self.send(command, true) {
            let _ = events.send(SubEvent::Ended(Some(Error::from(err))));
        }
        WsSubscription {
            id,
            rx,
            mailbox: Arc::clone(&self.mailbox),
            ended: false,
        }
    }

    /// Whether a socket task is running.
    pub fn is_connected(&self) -> bool {
        lock(&self.mailbox)
            .as_ref()
            .is_some_and(|tx| !tx.is_closed())
    }

    fn send(&self, command: Command, spawn: bool) -> Result<(), WsError> {
        let mut mailbox = lock(&self.mailbox);
        let command = match mailbox.as_ref() {
            Some(tx) => match tx.send(command) {
                Ok(()) => return Ok(()),
                Err(returned) => returned.0,
            },
            None => command,
        };
        if !spawn {
            return Ok(());
        }
        let runtime = tokio::runtime::Handle::try_current().map_err(|_| WsError::NoRuntime)?;
        let (tx, rx) = mpsc::unbounded_channel();
        // A fresh channel's receiver is alive: this send cannot fail.
        let _ = tx.send(command);
        *mailbox = Some(tx);
        runtime.spawn(driver::run(driver::Driver::new(
            Arc::clone(&self.codec),
            Arc::clone(&self.config),
            Arc::clone(&self.mailbox),
            Arc::clone(&self.url),
            rx,
        )));
        Ok(())
    }
}

/// One subscription's events. Dropping it stops the subscription (a stop frame goes to the
/// server) and closes the socket when it was the last one.
#[derive(Debug)]
pub struct WsSubscription {
    id: String,
    rx: mpsc::UnboundedReceiver<SubEvent>,
    mailbox: Mailbox,
    ended: bool,
}

impl WsSubscription {
    /// The subscription's id on the socket.
    pub fn id(&self) -> &str {
        &self.id
    }
}

impl Stream for WsSubscription {
    type Item = SubEvent;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<SubEvent>> {
        if self.ended {
            return Poll::Ready(None);
        }
        match self.rx.poll_recv(cx) {
            Poll::Ready(Some(event)) => {
                if matches!(event, SubEvent::Ended(_)) {
                    self.ended = true;
                }
                Poll::Ready(Some(event))
            }
            Poll::Ready(None) => {
                // The socket task went away without a word (the runtime is shutting down).
                self.ended = true;
                Poll::Ready(Some(SubEvent::Ended(Some(Error::from(
                    WsError::ConnectionLost {
                        reason: "the connection task stopped".to_owned(),
                    },
                )))))
            }
            Poll::Pending => Poll::Pending,
        }
    }
}

impl Drop for WsSubscription {
    fn drop(&mut self) {
        if self.ended {
            return;
        }
        if let Some(tx) = lock(&self.mailbox).as_ref() {
            let _ = tx.send(Command::Stop {
                id: self.id.clone(),
            });
        }
    }
}
