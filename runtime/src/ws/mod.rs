//! The protocol-agnostic WebSocket subscription engine: connection lifecycle, multiplexing,
//! keep-alive, reconnect and resubscribe. Protocols plug in as a [`Codec`].
//!
//! One task owns the socket. It opens it when the first subscription arrives, multiplexes every
//! subscription over it by id, and closes it once the last one has ended. It sends the codec's
//! init frame and waits for the acknowledgement (bounded by
//! [`WsConfig::ack_timeout`]), bounds every `start` by [`WsConfig::start_ack_timeout`], and
//! watches the server's keep-alives: silence longer than the keep-alive timeout counts as a
//! lost connection. A lost connection is reopened with jittered exponential backoff and every
//! live subscription is started again, each told so with [`SubEvent::Reconnected`].
//!
//! Retrying: a failed attempt (refused TCP, no acknowledgement, a retryable close code) is
//! retried after [`WsConfig::backoff`]-style delays, up to [`WsConfig::max_connect_attempts`]
//! attempts in a row; a connection counts as a success only once it stayed up for
//! [`WsConfig::stable_after`], so a server that acknowledges and drops at once is retried
//! with growing delays and then given up, not every half second forever. With the defaults,
//! a server that accepts the socket and never acknowledges fails a subscription after
//! 6 × 15 s of acknowledgement timeouts plus 12.5 s of backoff, about 100 s;
//! [`ConnectionState::Retrying`] reports every failed attempt meanwhile. Refusals (HTTP
//! 401/403, close codes the protocol calls fatal, an init payload refused) end the
//! subscriptions at once with a typed [`WsError`] ([`WsError::is_auth`],
//! [`WsError::is_retryable`]).
//!
//! Memory: a message larger than [`WsConfig::max_message_size`] (1 MiB by default) fails the
//! connection instead of being buffered; an event's payload is the frame's own text, moved
//! from the socket to the subscription and decoded there once ([`Payload`]).
//!
//! A subscription is live once the server acknowledged its start:
//! [`WsSubscription::started`] waits for that (or the error that ended it first) without
//! taking anything from the stream.
//!
//! The connection's own state (connecting, connected, disrupted, reconnected, closed) is a
//! stream too: [`WsEngine::connection_states`]. Subscribing past
//! [`WsConfig::max_subscriptions`] fails at once with [`WsError::TooManySubscriptions`]. Each
//! subscription buffers at most [`WsConfig::subscription_buffer`] unread events; past that
//! the oldest are dropped and the stream says how many ([`SubEvent::Lagged`]).

mod codec;
mod driver;
mod error;
mod inbox;
mod payload;
mod state;
mod subscription;
mod typed;

pub use codec::{Codec, Envelope, ServerFrame, StartFrame};
pub use error::{close_hint, Disconnect, Retry, TimeoutKind, WsError, LIMITED_ATTEMPTS};
pub use payload::Payload;
pub use state::{ConnectionState, ConnectionStates};
pub use subscription::{SubEvent, WsEngine, WsSubscription};
pub use typed::{Subscription, SubscriptionEvent};

use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

/// Locks `mutex`; a panic elsewhere while it was held does not poison the engine.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Timings and limits of the engine.
#[derive(Debug, Clone)]
pub struct WsConfig {
    /// How long to wait for the acknowledgement of the init frame (15 s by default).
    pub ack_timeout: Duration,
    /// How long to wait for a subscription's start acknowledgement (15 s by default).
    pub start_ack_timeout: Duration,
    /// The longest silence allowed between keep-alives when the server announces none (300 s
    /// by default, AppSync's announced value).
    pub default_keep_alive_timeout: Duration,
    /// Replaces the server's announced keep-alive timeout when set.
    pub keep_alive_timeout: Option<Duration>,
    /// How long opening the socket (TCP, TLS, upgrade) may take (10 s by default).
    pub connect_timeout: Duration,
    /// The first reconnect delay; doubled for every failed attempt (500 ms by default).
    pub reconnect_initial_delay: Duration,
    /// The longest reconnect delay (5 s by default).
    pub reconnect_max_delay: Duration,
    /// How many connection attempts in a row may fail before the subscriptions end with the
    /// last error (6 by default). A connection lost before [`stable_after`](Self::stable_after)
    /// counts as a failed attempt.
    pub max_connect_attempts: u32,
    /// How long a connection must stay up before its loss starts the retry count and the
    /// backoff afresh (10 s by default).
    pub stable_after: Duration,
    /// The largest WebSocket message (and frame) accepted, in bytes (1 MiB by default;
    /// AppSync's events are at most 240 KB). A larger one fails the connection, which is
    /// then reopened like a lost one.
    pub max_message_size: usize,
    /// The most subscriptions one connection carries (100 by default, AppSync's limit per
    /// connection); subscribing past it fails at once with
    /// [`WsError::TooManySubscriptions`] instead of waiting for the server's refusal.
    pub max_subscriptions: usize,
    /// The most unread events one subscription keeps (1,024 by default). When its stream is
    /// not polled and more arrive, the oldest are dropped and the stream then yields
    /// [`SubEvent::Lagged`] with their number: memory stays bounded, and one slow consumer
    /// never stalls the shared socket (and the other subscriptions and keep-alives on it).
    pub subscription_buffer: usize,
    /// How often to send the codec's [`ping_frame`](Codec::ping_frame), for protocols where
    /// the client proves it is alive (`None` by default: AppSync has no client ping).
    pub ping_interval: Option<Duration>,
}

impl Default for WsConfig {
    fn default() -> Self {
        WsConfig {
            ack_timeout: Duration::from_secs(15),
            start_ack_timeout: Duration::from_secs(15),
            default_keep_alive_timeout: Duration::from_secs(300),
            keep_alive_timeout: None,
            connect_timeout: Duration::from_secs(10),
            reconnect_initial_delay: Duration::from_millis(500),
            reconnect_max_delay: Duration::from_secs(5),
            max_connect_attempts: 6,
            stable_after: Duration::from_secs(10),
            max_message_size: 1 << 20,
            max_subscriptions: 100,
            subscription_buffer: 1024,
            ping_interval: None,
        }
    }
}

impl WsConfig {
    /// The delay after failed attempt `attempt` (1-based): exponential from
    /// [`reconnect_initial_delay`](Self::reconnect_initial_delay), capped at
    /// [`reconnect_max_delay`](Self::reconnect_max_delay), with up to 25% taken off at random
    /// so that many clients do not reconnect in lockstep.
    pub fn backoff(&self, attempt: u32) -> Duration {
        let exp = attempt.saturating_sub(1).min(16);
        let base = self
            .reconnect_initial_delay
            .saturating_mul(1u32 << exp)
            .min(self.reconnect_max_delay);
        base.saturating_sub(base.mul_f64(random_fraction() * 0.25))
    }
}

/// A random number in `[0, 1)`. The standard library's `RandomState` is seeded from the
/// operating system's random source (and every instance differs), which is all jitter needs:
/// no extra dependency, and not the clock, whose sub-second digits are constant on some
/// platforms.
fn random_fraction() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let bits = std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish();
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jitter_varies_between_calls() {
        let config = WsConfig::default();
        let delays: std::collections::HashSet<Duration> =
            (0..20).map(|_| config.backoff(2)).collect();
        assert!(delays.len() > 10, "{delays:?}");
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let config = WsConfig::default();
        let first = config.backoff(1);
        assert!(first <= Duration::from_millis(500) && first >= Duration::from_millis(375));
        let third = config.backoff(3);
        assert!(third <= Duration::from_secs(2) && third >= Duration::from_millis(1500));
        let late = config.backoff(30);
        assert!(late <= Duration::from_secs(5) && late >= Duration::from_millis(3750));
    }
}
