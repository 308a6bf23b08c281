//! [`Faults`] (switches tests flip at runtime) and [`Stats`] (counters tests assert on).

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::sync::{broadcast, watch};

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Fault switches: make the server misbehave on purpose. All off by default.
#[derive(Debug)]
pub struct Faults {
    proxy_error: AtomicBool,
    multipart_close_after: Mutex<Option<usize>>,
    multipart_boundary: Mutex<Option<String>>,
    multipart_lf_only: AtomicBool,
    suppress_ka: AtomicBool,
    suppress_start_ack: AtomicBool,
    reject_connections: AtomicBool,
    reject_upgrades: AtomicUsize,
    multipart_chunk_size: AtomicUsize,
    next_start_error: Mutex<Option<(String, String)>>,
    drop_generation: watch::Sender<u64>,
    commands: broadcast::Sender<Command>,
}

/// An order for every open realtime connection.
#[derive(Debug, Clone)]
pub(crate) enum Command {
    /// Send this text frame as it is.
    Raw(String),
    /// Close the connection with this close frame.
    Close { code: u16, reason: String },
    /// End subscription `id` with an `error` frame of this type and message.
    ErrorSubscription {
        id: String,
        error_type: String,
        message: String,
    },
}

impl Default for Faults {
    fn default() -> Self {
        Faults {
            proxy_error: AtomicBool::new(false),
            multipart_close_after: Mutex::new(None),
            multipart_boundary: Mutex::new(None),
            multipart_lf_only: AtomicBool::new(false),
            suppress_ka: AtomicBool::new(false),
            suppress_start_ack: AtomicBool::new(false),
            reject_connections: AtomicBool::new(false),
            reject_upgrades: AtomicUsize::new(0),
            multipart_chunk_size: AtomicUsize::new(0),
            next_start_error: Mutex::new(None),
            drop_generation: watch::channel(0).0,
            commands: broadcast::channel(64).0,
        }
    }
}

impl Faults {
    /// GraphQL-over-HTTP endpoint: answer every request with `502 Bad Gateway` and an HTML
    /// page, as a reverse proxy does when the server behind it is down.
    pub fn set_proxy_error(&self, on: bool) {
        self.proxy_error.store(on, Ordering::SeqCst);
    }

    pub(crate) fn proxy_error(&self) -> bool {
        self.proxy_error.load(Ordering::SeqCst)
    }

    /// Multipart streams started from now on end (the HTTP body finishes cleanly) after this
    /// many events, without the closing delimiter. `None` (the default) ends them properly.
    pub fn close_multipart_after(&self, events: Option<usize>) {
        *lock(&self.multipart_close_after) = events;
    }

    pub(crate) fn multipart_close_after(&self) -> Option<usize> {
        *lock(&self.multipart_close_after)
    }

    /// Multipart streams started from now on use this boundary instead of `graphql`.
    pub fn set_multipart_boundary(&self, boundary: Option<String>) {
        *lock(&self.multipart_boundary) = boundary;
    }

    pub(crate) fn multipart_boundary(&self) -> String {
        lock(&self.multipart_boundary)
            .clone()
            .unwrap_or_else(|| "graphql".to_owned())
    }

    /// Multipart streams started from now on end their lines with a bare LF instead of CRLF.
    pub fn set_multipart_lf_only(&self, on: bool) {
        self.multipart_lf_only.store(on, Ordering::SeqCst);
    }

    pub(crate) fn multipart_lf_only(&self) -> bool {
        self.multipart_lf_only.load(Ordering::SeqCst)
    }

    /// AppSync realtime: stop (or resume) sending `ka` messages on every connection.
    pub fn set_suppress_ka(&self, on: bool) {
        self.suppress_ka.store(on, Ordering::SeqCst);
    }

    pub(crate) fn suppress_ka(&self) -> bool {
        self.suppress_ka.load(Ordering::SeqCst)
    }

    /// AppSync realtime: register subscriptions but never answer `start` with `start_ack`.
    pub fn set_suppress_start_ack(&self, on: bool) {
        self.suppress_start_ack.store(on, Ordering::SeqCst);
    }

    pub(crate) fn suppress_start_ack(&self) -> bool {
        self.suppress_start_ack.load(Ordering::SeqCst)
    }

    /// AppSync realtime: answer the next `start` (on any connection) with an `error` message
    /// carrying this message (errorType `InjectedFault`) instead of starting it.
    pub fn error_next_start(&self, message: impl Into<String>) {
        self.fail_next_start_with("InjectedFault", message);
    }

    /// AppSync realtime: answer the next `start` (on any connection) with an `error` message
    /// `{"errorType": error_type, "message": message}` instead of starting it, e.g.
    /// `("LimitExceededError", "Rate limit exceeded")` or `("UnauthorizedException", ..)`.
    pub fn fail_next_start_with(&self, error_type: impl Into<String>, message: impl Into<String>) {
        *lock(&self.next_start_error) = Some((error_type.into(), message.into()));
    }

    pub(crate) fn take_start_error(&self) -> Option<(String, String)> {
        lock(&self.next_start_error).take()
    }

    /// AppSync realtime: end the live subscription `id` (on whichever connection runs it) with
    /// an `error` frame `{"type":"error","id":id,"payload":{"errors":[{errorType, message}]}}`;
    /// other subscriptions keep flowing. Returns how many open connections were told (the one
    /// holding `id` acts, the others ignore it).
    pub fn error_subscription(
        &self,
        id: impl Into<String>,
        error_type: impl Into<String>,
        message: impl Into<String>,
    ) -> usize {
        self.command(Command::ErrorSubscription {
            id: id.into(),
            error_type: error_type.into(),
            message: message.into(),
        })
    }

    /// AppSync realtime and GraphQL over WebSocket: send `frame` as a text frame, unchanged, on every open connection
    /// (garbage, unknown message types, an id-less `error`...). Returns how many connections
    /// it was queued for.
    pub fn send_raw(&self, frame: impl Into<String>) -> usize {
        self.command(Command::Raw(frame.into()))
    }

    fn command(&self, command: Command) -> usize {
        // No receiver means no open connection: nothing to do.
        self.commands.send(command).unwrap_or(0)
    }

    pub(crate) fn commands(&self) -> broadcast::Receiver<Command> {
        self.commands.subscribe()
    }

    /// AppSync realtime: answer every `connection_init` from now on with a `connection_error`
    /// (`UnauthorizedException`) and close, whatever the credentials (as when an API key was
    /// deleted or a token revoked).
    pub fn set_reject_connections_unauthorized(&self, on: bool) {
        self.reject_connections.store(on, Ordering::SeqCst);
    }

    pub(crate) fn reject_connections_unauthorized(&self) -> bool {
        self.reject_connections.load(Ordering::SeqCst)
    }

    /// AppSync realtime: answer every WebSocket upgrade from now on with this HTTP status
    /// (e.g. 401 or 403) and an AppSync-style JSON error body instead of upgrading, as a
    /// gateway in front of the API does with refused credentials. `None` turns it off.
    pub fn reject_upgrades_with(&self, status: Option<u16>) {
        self.reject_upgrades
            .store(status.map_or(0, usize::from), Ordering::SeqCst);
    }

    pub(crate) fn upgrade_rejection(&self) -> Option<u16> {
        match self.reject_upgrades.load(Ordering::SeqCst) {
            0 => None,
            status => u16::try_from(status).ok(),
        }
    }

    /// Multipart streams started from now on write their bytes in pieces of at most `size`
    /// bytes (each its own HTTP chunk), splitting delimiters and JSON; `None` turns it off.
    pub fn set_multipart_chunk_size(&self, size: Option<usize>) {
        let size = size.map_or(0, |size| size.max(1));
        self.multipart_chunk_size.store(size, Ordering::SeqCst);
    }

    pub(crate) fn multipart_chunk_size(&self) -> Option<usize> {
        match self.multipart_chunk_size.load(Ordering::SeqCst) {
            0 => None,
            size => Some(size),
        }
    }

    /// AppSync realtime and GraphQL over WebSocket: close every open WebSocket connection now with a close frame of
    /// this code and reason (e.g. 1001 "going away" or 1012 "service restart", as a server
    /// being redeployed does). Returns how many connections were told.
    pub fn close_connections(&self, code: u16, reason: impl Into<String>) -> usize {
        self.command(Command::Close {
            code,
            reason: reason.into(),
        })
    }

    /// AppSync realtime and GraphQL over WebSocket: close every open WebSocket connection now (no close frame: the TCP
    /// connection is dropped, as when a network path fails).
    pub fn drop_connections(&self) {
        self.drop_generation
            .send_modify(|generation| *generation += 1);
    }

    pub(crate) fn drop_signal(&self) -> watch::Receiver<u64> {
        self.drop_generation.subscribe()
    }
}

/// Counters and last-seen values; every method reads the current value. `Debug` shows the
/// counters only: the last-seen auth objects and headers hold credentials.
#[derive(Default)]
pub struct Stats {
    pub(crate) graphql_requests: AtomicUsize,
    pub(crate) open_multipart_streams: AtomicUsize,
    pub(crate) multipart_streams_started: AtomicUsize,
    pub(crate) appsync_requests: AtomicUsize,
    pub(crate) appsync_rejected: AtomicUsize,
    pub(crate) realtime_connections: AtomicUsize,
    pub(crate) graphql_ws_connections: AtomicUsize,
    pub(crate) api_gateway_connections: AtomicUsize,
    pub(crate) realtime_upgrades_refused: AtomicUsize,
    pub(crate) open_realtime_connections: AtomicUsize,
    pub(crate) active_subscriptions: AtomicUsize,
    pub(crate) stops_received: AtomicUsize,
    pub(crate) last_handshake_auth: Mutex<Option<Value>>,
    pub(crate) last_realtime_query: Mutex<Option<String>>,
    pub(crate) last_start_authorization: Mutex<Option<Value>>,
    pub(crate) last_appsync_http_headers: Mutex<Option<Value>>,
}

impl std::fmt::Debug for Stats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stats")
            .field("graphql_requests", &self.graphql_requests())
            .field("open_multipart_streams", &self.open_multipart_streams())
            .field(
                "multipart_streams_started",
                &self.multipart_streams_started(),
            )
            .field("appsync_requests", &self.appsync_requests())
            .field("appsync_rejected", &self.appsync_rejected())
            .field("realtime_connections", &self.realtime_connections())
            .field("graphql_ws_connections", &self.graphql_ws_connections())
            .field("api_gateway_connections", &self.api_gateway_connections())
            .field(
                "realtime_upgrades_refused",
                &self.realtime_upgrades_refused(),
            )
            .field(
                "open_realtime_connections",
                &self.open_realtime_connections(),
            )
            .field("active_subscriptions", &self.active_subscriptions())
            .field("stops_received", &self.stops_received())
            .finish_non_exhaustive()
    }
}

impl Stats {
    /// Requests the GraphQL-over-HTTP endpoint answered (any outcome, multipart included).
    pub fn graphql_requests(&self) -> usize {
        self.graphql_requests.load(Ordering::SeqCst)
    }

    /// Multipart subscription responses still being written. Drops back when the stream ends
    /// or the client goes away (noticed at the next write, at the latest one heartbeat later).
    pub fn open_multipart_streams(&self) -> usize {
        self.open_multipart_streams.load(Ordering::SeqCst)
    }

    /// Multipart subscription responses started so far.
    pub fn multipart_streams_started(&self) -> usize {
        self.multipart_streams_started.load(Ordering::SeqCst)
    }

    /// Requests the AppSync HTTP endpoint answered, rejected ones included.
    pub fn appsync_requests(&self) -> usize {
        self.appsync_requests.load(Ordering::SeqCst)
    }

    /// AppSync HTTP requests rejected with 401.
    pub fn appsync_rejected(&self) -> usize {
        self.appsync_rejected.load(Ordering::SeqCst)
    }

    /// AppSync realtime WebSocket connections opened so far.
    pub fn realtime_connections(&self) -> usize {
        self.realtime_connections.load(Ordering::SeqCst)
    }

    /// GraphQL-over-WebSocket connections (`/graphql/ws`) opened so far.
    pub fn graphql_ws_connections(&self) -> usize {
        self.graphql_ws_connections.load(Ordering::SeqCst)
    }

    /// API Gateway emulation connections accepted so far (`$connect` passed).
    pub fn api_gateway_connections(&self) -> usize {
        self.api_gateway_connections.load(Ordering::SeqCst)
    }

    /// AppSync realtime WebSocket upgrades refused (by `Faults::reject_upgrades_with`).
    pub fn realtime_upgrades_refused(&self) -> usize {
        self.realtime_upgrades_refused.load(Ordering::SeqCst)
    }

    /// AppSync realtime WebSocket connections open now.
    pub fn open_realtime_connections(&self) -> usize {
        self.open_realtime_connections.load(Ordering::SeqCst)
    }

    /// Realtime subscriptions started and not yet stopped (over all connections).
    pub fn active_subscriptions(&self) -> usize {
        self.active_subscriptions.load(Ordering::SeqCst)
    }

    /// `stop` messages received.
    pub fn stops_received(&self) -> usize {
        self.stops_received.load(Ordering::SeqCst)
    }

    /// The auth object of the last realtime handshake (query string `header` or `header-`
    /// subprotocol), decoded; `None` until a handshake carried one.
    pub fn last_handshake_auth(&self) -> Option<Value> {
        lock(&self.last_handshake_auth).clone()
    }

    /// The query string of the last realtime upgrade exactly as sent (not decoded); `None`
    /// when it had none (the subprotocol placement).
    pub fn last_realtime_query(&self) -> Option<String> {
        lock(&self.last_realtime_query).clone()
    }

    /// `payload.extensions.authorization` of the last `start` message.
    pub fn last_start_authorization(&self) -> Option<Value> {
        lock(&self.last_start_authorization).clone()
    }

    /// The headers of the last AppSync HTTP request (accepted or not) as a JSON object, names
    /// lower-cased, e.g. `{"x-api-key": "...", "host": "127.0.0.1:4001", ...}`.
    pub fn last_appsync_http_headers(&self) -> Option<Value> {
        lock(&self.last_appsync_http_headers).clone()
    }

    /// Waits until `condition` holds (checked every 10 ms), at most `timeout`; tells whether
    /// it held.
    pub async fn wait_for(&self, timeout: Duration, condition: impl Fn(&Stats) -> bool) -> bool {
        let deadline = Instant::now() + timeout;
        loop {
            if condition(self) {
                return true;
            }
            if Instant::now() >= deadline {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
}

/// Increments a counter now and decrements it when dropped (a stream or connection ends,
/// however it ends).
pub(crate) struct Gauge {
    stats: Arc<Stats>,
    counter: fn(&Stats) -> &AtomicUsize,
}

impl Gauge {
    pub(crate) fn up(stats: &Arc<Stats>, counter: fn(&Stats) -> &AtomicUsize) -> Gauge {
        counter(stats).fetch_add(1, Ordering::SeqCst);
        Gauge {
            stats: Arc::clone(stats),
            counter,
        }
    }
}

impl Drop for Gauge {
    fn drop(&mut self) {
        (self.counter)(&self.stats).fetch_sub(1, Ordering::SeqCst);
    }
}
