//! The task that owns the socket: connects, multiplexes, watches keep-alives, reconnects.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use futures::{SinkExt, StreamExt};
use tokio::net::TcpStream;
use tokio::sync::mpsc;
use tokio::time::{sleep, sleep_until, timeout, Instant};
use tokio_tungstenite::tungstenite::{self, Message};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use super::codec::{Codec, ServerFrame, StartFrame};
use super::error::{Disconnect, Retry, TimeoutKind, WsError, LIMITED_ATTEMPTS};
use super::inbox::Inbox;
use super::lock;
use super::payload::Payload;
use super::state::ConnectionState;
use super::subscription::{Shared, SubEvent};
use crate::error::{excerpt, Error};

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// What subscription handles ask of the socket task.
pub(crate) enum Command {
    Subscribe { id: Box<str>, sub: Sub },
    Stop { id: Box<str> },
}

/// A subscription as the socket task keeps it. Dropping it releases its place under the
/// per-connection limit, and ends its stream if nothing did (the task or the runtime stopped).
pub(crate) struct Sub {
    start: StartFrame,
    inbox: Arc<Inbox>,
    shared: Arc<Shared>,
    /// When the start acknowledgement is due; `None` once acknowledged (or not yet sent).
    ack_deadline: Option<Instant>,
    /// Acknowledged on some connection: a later start is a resubscription to announce.
    ever_acked: bool,
    /// Announce [`SubEvent::Reconnected`] on the next acknowledgement.
    announce: bool,
    /// Started again after a lost connection (subscriptions), or ended with the loss (a query
    /// or mutation: running it twice is not safe).
    resubscribe: bool,
}

impl Sub {
    pub(crate) fn new(
        start: StartFrame,
        inbox: Arc<Inbox>,
        shared: Arc<Shared>,
        resubscribe: bool,
    ) -> Sub {
        Sub {
            start,
            inbox,
            shared,
            ack_deadline: None,
            ever_acked: false,
            announce: false,
            resubscribe,
        }
    }

    fn send(&self, event: SubEvent) {
        self.inbox
            .push(event, self.shared.config.subscription_buffer);
    }

    /// The server acknowledged the start: no deadline left, `started()` resolves, and a
    /// resubscription is announced.
    fn acknowledge(&mut self) {
        self.ack_deadline = None;
        self.ever_acked = true;
        self.inbox.mark_started();
        if std::mem::take(&mut self.announce) {
            self.send(SubEvent::Reconnected);
        }
    }
}

impl Drop for Sub {
    fn drop(&mut self) {
        self.shared.give_place_back(&self.inbox);
        // Nobody reads an inbox only this holds (the stream was dropped).
        if !self.inbox.is_ended() && Arc::strong_count(&self.inbox) > 1 {
            let lost = WsError::ConnectionLost {
                cause: Disconnect::Stopped,
                reconnect: None,
            };
            self.inbox.push(SubEvent::Ended(Some(lost.into())), 1);
        }
    }
}

/// Why a connection attempt failed. The error is rebuilt for every subscription it ends.
struct Failure {
    make: Box<dyn Fn(u32) -> Error + Send + Sync>,
    retry: Retry,
}

impl Failure {
    /// How many attempts in a row this kind of failure allows.
    fn budget(&self, config: &super::WsConfig) -> u32 {
        match self.retry {
            Retry::Never => 1,
            Retry::Limited => LIMITED_ATTEMPTS.min(config.max_connect_attempts),
            Retry::Backoff => config.max_connect_attempts,
        }
    }
}

enum Outcome {
    Exit,
    /// The connection was lost: `cause` for the state stream; `failure` when the way it was
    /// lost (a close code) decides whether and how often to retry.
    Lost {
        cause: Disconnect,
        failure: Option<Failure>,
    },
}

pub(crate) struct Driver {
    shared: Arc<Shared>,
    codec: Arc<dyn Codec>,
    rx: mpsc::UnboundedReceiver<Command>,
    subs: HashMap<Box<str>, Sub>,
}

impl Driver {
    pub(crate) fn new(shared: Arc<Shared>, rx: mpsc::UnboundedReceiver<Command>) -> Self {
        Driver {
            codec: Arc::clone(&shared.codec),
            shared,
            rx,
            subs: HashMap::new(),
        }
    }

    fn set_state(&self, state: ConnectionState) {
        self.shared.states.set(state);
    }
}

pub(crate) async fn run(mut driver: Driver) {
    // Failed attempts in a row; a connection lost before `stable_after` is one of them.
    let mut attempts = 0u32;
    let mut lost: Option<Disconnect> = None;
    // The engine announced `Connecting` when it spawned this task.
    let mut announce_connecting = false;
    loop {
        while let Ok(command) = driver.rx.try_recv() {
            driver.apply_offline(command);
        }
        if driver.subs.is_empty() {
            match driver.try_exit() {
                None => return,
                Some(command) => {
                    driver.apply_offline(command);
                    continue;
                }
            }
        }
        if std::mem::take(&mut announce_connecting) {
            driver.set_state(ConnectionState::Connecting);
        }
        let (failure, from_loss) = match driver.open().await {
            Ok((socket, announced)) => {
                let opened = Instant::now();
                driver.set_state(match lost {
                    Some(_) => ConnectionState::Reconnected,
                    None => ConnectionState::Connected,
                });
                match driver.serve(socket, announced).await {
                    Outcome::Exit => return,
                    Outcome::Lost { cause, failure } => {
                        if opened.elapsed() >= driver.shared.config.stable_after {
                            attempts = 0;
                        }
                        driver.set_state(ConnectionState::Disrupted {
                            cause: cause.clone(),
                        });
                        let failure = failure
                            .unwrap_or_else(|| driver.connect_error(Retry::Backoff, cause.clone()));
                        lost = Some(cause);
                        (failure, true)
                    }
                }
            }
            Err(failure) => (failure, false),
        };
        attempts += 1;
        if attempts >= failure.budget(&driver.shared.config) {
            let make = &failure.make;
            let lost_before = lost.take();
            let end = || match &lost_before {
                // A reconnection that failed for a network reason: say the connection was
                // lost first. Refusals keep their typed error.
                Some(cause) if failure.retry == Retry::Backoff => {
                    Error::from(WsError::ConnectionLost {
                        cause: cause.clone(),
                        reconnect: Some(Box::new(make(attempts))),
                    })
                }
                _ => make(attempts),
            };
            driver.end_all(end);
            driver.set_state(ConnectionState::Failed {
                error: Arc::new(end()),
            });
            attempts = 0;
            announce_connecting = true;
            continue;
        }
        let delay = driver.shared.config.backoff(attempts);
        // A loss was announced as `Disrupted` already.
        if !from_loss {
            driver.set_state(ConnectionState::Retrying {
                attempt: attempts,
                error: Arc::new((failure.make)(attempts)),
                delay,
            });
        }
        sleep(delay).await;
    }
}

impl Driver {
    /// Applies a command while no socket is open.
    fn apply_offline(&mut self, command: Command) {
        match command {
            Command::Subscribe { id, sub } => {
                self.subs.insert(id, sub);
            }
            Command::Stop { id } => {
                self.subs.remove(&id);
            }
        }
    }

    /// Gives up the mailbox when no command is waiting (then `None`: the task ends, the state
    /// is `Closed`). Under the mailbox lock, so no handle can send to a task that is going
    /// away, and a task spawned next announces `Connecting` after this `Closed`.
    fn try_exit(&mut self) -> Option<Command> {
        let mut mailbox = lock(&self.shared.mailbox);
        match self.rx.try_recv() {
            Ok(command) => Some(command),
            Err(_) => {
                *mailbox = None;
                self.rx.close();
                self.set_state(ConnectionState::Closed);
                None
            }
        }
    }

    fn end_all(&mut self, make: impl Fn() -> Error) {
        for (_, sub) in self.subs.drain() {
            sub.send(SubEvent::Ended(Some(make())));
        }
    }

    /// A failure to open the socket (or a lost connection): `WsError::Connect` with `cause`.
    fn connect_error(&self, retry: Retry, cause: Disconnect) -> Failure {
        let url = self.shared.url.to_string();
        Failure {
            make: Box::new(move |attempts| {
                Error::from(WsError::Connect {
                    url: url.clone(),
                    attempts,
                    cause: cause.clone(),
                })
            }),
            retry,
        }
    }

    /// A failure retrying does not fix: `WsError::Refused` with a hint.
    fn refused(&self, cause: Disconnect, hint: &'static str) -> Failure {
        let url = self.shared.url.to_string();
        Failure {
            make: Box::new(move |_| {
                Error::from(WsError::Refused {
                    url: url.clone(),
                    cause: cause.clone(),
                    hint,
                })
            }),
            retry: Retry::Never,
        }
    }

    /// A failure from the server's close frame (`cause`) before or after the acknowledgement.
    fn closed(&self, cause: Disconnect) -> Failure {
        match cause.close_code().and_then(|code| self.close_hint(code)) {
            Some((hint, Retry::Never)) => self.refused(cause, hint),
            Some((hint, Retry::Limited)) => Failure {
                retry: Retry::Limited,
                ..self.refused(cause, hint)
            },
            Some((_, Retry::Backoff)) | None => self.connect_error(Retry::Backoff, cause),
        }
    }

    /// A failure whose error the codec, the server's frame or an auth provider gave: the
    /// first subscription gets `err` itself, the others (and the state stream) equivalents.
    fn failed_with(err: Error, retry: Retry) -> Failure {
        let copy = err.duplicate();
        let first = std::sync::Mutex::new(Some(err));
        Failure {
            make: Box::new(move |_| lock(&first).take().unwrap_or_else(|| copy.duplicate())),
            retry,
        }
    }

    /// Opens the socket, sends the init frame and waits for the acknowledgement.
    async fn open(&mut self) -> Result<(Socket, Option<Duration>), Failure> {
        let config = &self.shared.config;
        let request = match self.codec.handshake().await {
            Ok(request) => request,
            Err(err) => return Err(Self::failed_with(err, Retry::Never)),
        };
        let init = match self.codec.init_frame().await {
            Ok(init) => init,
            Err(err) => return Err(Self::failed_with(err, Retry::Never)),
        };
        let limits = tungstenite::protocol::WebSocketConfig::default()
            .max_message_size(Some(config.max_message_size))
            .max_frame_size(Some(config.max_message_size));
        let connecting = tokio_tungstenite::connect_async_with_config(request, Some(limits), true);
        let mut socket =
            match timeout(config.connect_timeout, connecting).await {
                Err(_) => {
                    let cause = Disconnect::Timeout {
                        what: TimeoutKind::Connect,
                        limit: config.connect_timeout,
                    };
                    return Err(self.connect_error(Retry::Backoff, cause));
                }
                Ok(Err(tungstenite::Error::Http(response))) => {
                    let status = response.status().as_u16();
                    let body = response
                        .body()
                        .as_deref()
                        .map(|b| excerpt(b, 200))
                        .unwrap_or_default();
                    return Err(self.upgrade_refused(status, body));
                }
                Ok(Err(tungstenite::Error::Protocol(
                    tungstenite::error::ProtocolError::SecWebSocketSubProtocolError(err),
                ))) => return Err(self.refused(
                    Disconnect::Handshake {
                        status: None,
                        detail: err.to_string(),
                    },
                    "the server does not speak the subprotocol this client asked for: check that \
                     the URL is an endpoint of this protocol",
                )),
                Ok(Err(err)) => {
                    return Err(self.connect_error(Retry::Backoff, Disconnect::from_socket(err)))
                }
                Ok(Ok((socket, _response))) => socket,
            };
        if let Err(err) = socket.send(Message::text(init)).await {
            return Err(self.connect_error(Retry::Backoff, Disconnect::from_socket(err)));
        }
        let deadline = Instant::now() + config.ack_timeout;
        loop {
            let frame = match timeout_at(deadline, socket.next()).await {
                None => {
                    let limit = config.ack_timeout;
                    return Err(Failure {
                        make: Box::new(move |_| Error::from(WsError::AckTimeout(limit))),
                        retry: Retry::Backoff,
                    });
                }
                Some(frame) => frame,
            };
            let text = match frame {
                Some(Ok(Message::Text(text))) => text,
                Some(Ok(Message::Close(frame))) => {
                    return Err(self.closed(Disconnect::from_close(frame)))
                }
                None => return Err(self.connect_error(Retry::Backoff, Disconnect::Ended)),
                Some(Err(err)) => {
                    return Err(self.connect_error(Retry::Backoff, Disconnect::from_socket(err)))
                }
                Some(Ok(_)) => continue,
            };
            match self.codec.decode(text.as_str()) {
                ServerFrame::ConnectionAck {
                    keep_alive_timeout,
                    payload,
                } => {
                    *lock(&self.shared.ack_payload) = payload.map(|p| p.get().to_owned());
                    return Ok((socket, keep_alive_timeout));
                }
                ServerFrame::ConnectionError { retryable, error } => {
                    let retry = if retryable {
                        Retry::Backoff
                    } else {
                        Retry::Never
                    };
                    return Err(Self::failed_with(error, retry));
                }
                ServerFrame::Error { id: None, error } => {
                    return Err(Self::failed_with(error, Retry::Never))
                }
                ServerFrame::Ping { pong: Some(pong) } => {
                    if let Err(err) = socket.send(Message::text(pong)).await {
                        let cause = Disconnect::from_socket(err);
                        return Err(self.connect_error(Retry::Backoff, cause));
                    }
                }
                _ => continue,
            }
        }
    }

    /// The upgrade was answered with HTTP `status`: the codec's typed error when it has one
    /// (refused credentials), else [`WsError::Refused`], or a retryable failure for server
    /// errors and throttling.
    fn upgrade_refused(&self, status: u16, body: String) -> Failure {
        if let Some(error) = self.codec.upgrade_refused(status, &body) {
            return Self::failed_with(error, Retry::Never);
        }
        let cause = Disconnect::Handshake {
            status: Some(status),
            detail: body,
        };
        let hint = match status {
            500..=599 | 429 | 408 => return self.connect_error(Retry::Backoff, cause),
            401 | 403 => "check the credentials (and that the token has not expired)",
            404 => "no WebSocket endpoint at this URL: check the realtime URL",
            _ => "check the realtime URL and the subprotocol the server expects",
        };
        self.refused(cause, hint)
    }

    /// What close `code` means and whether reconnecting may help: the codec's word first,
    /// then the standard and `graphql-transport-ws` codes.
    fn close_hint(&self, code: u16) -> Option<(&'static str, Retry)> {
        self.codec
            .close_hint(code)
            .or_else(|| super::error::close_hint(code))
    }

    /// Runs one open connection until it is lost or no subscription is left.
    async fn serve(&mut self, mut socket: Socket, announced: Option<Duration>) -> Outcome {
        let config = &self.shared.config;
        let keep_alive = config
            .keep_alive_timeout
            .or(announced)
            .or_else(|| self.codec.default_keep_alive(config));
        let ping = config.ping_interval.zip(self.codec.ping_frame());
        let mut pinger = ping
            .as_ref()
            .map(|(every, _)| tokio::time::interval_at(Instant::now() + *every, *every));
        let mut last_alive = Instant::now();
        // One timer for the connection, moved forward only when it fires: resetting a timer
        // on every frame would cost a timer-wheel update per event.
        let mut watchdog = keep_alive.map(|window| Box::pin(sleep_until(last_alive + window)));
        let ids: Vec<Box<str>> = self.subs.keys().cloned().collect();
        for id in ids {
            if let Err(cause) = self.start(&mut socket, id).await {
                return self.lost(cause, None);
            }
        }
        loop {
            if self.subs.is_empty() {
                match self.try_exit() {
                    None => {
                        close(socket, self.codec.terminate_frame()).await;
                        return Outcome::Exit;
                    }
                    Some(command) => {
                        if let Err(cause) = self.apply(&mut socket, command).await {
                            return self.lost(cause, None);
                        }
                        continue;
                    }
                }
            }
            let next_ack = self.subs.values().filter_map(|s| s.ack_deadline).min();
            let step = tokio::select! {
                frame = socket.next() => self.on_message(&mut socket, frame, &mut last_alive).await,
                command = self.rx.recv() => match command {
                    Some(command) => self.apply(&mut socket, command).await.map_err(Into::into),
                    None => Err(Disconnect::Stopped.into()),
                },
                _ = expiry(&mut watchdog) => {
                    let window = keep_alive.unwrap_or_default();
                    match (last_alive + window, &mut watchdog) {
                        (due, Some(timer)) if due > Instant::now() => {
                            timer.as_mut().reset(due);
                            Ok(())
                        }
                        _ => Err(Disconnect::Timeout { what: TimeoutKind::KeepAlive, limit: window }.into()),
                    }
                }
                _ = sleep_until(next_ack.unwrap_or_else(Instant::now)), if next_ack.is_some() => {
                    self.expire_starts(&mut socket).await.map_err(Into::into)
                }
                _ = tick(&mut pinger) => match &ping {
                    Some((_, frame)) => send(&mut socket, frame.clone()).await.map_err(Into::into),
                    None => Ok(()),
                },
            };
            if let Err(Loss { cause, failure }) = step {
                return self.lost(cause, failure);
            }
        }
    }

    /// After a lost connection: no start is pending, and those acknowledged before will
    /// announce their resubscription.
    fn lost(&mut self, cause: Disconnect, failure: Option<Failure>) -> Outcome {
        let once: Vec<Box<str>> = self
            .subs
            .iter()
            .filter(|(_, sub)| !sub.resubscribe)
            .map(|(id, _)| id.clone())
            .collect();
        for id in once {
            if let Some(sub) = self.subs.remove(&id) {
                sub.send(SubEvent::Ended(Some(
                    WsError::ConnectionLost {
                        cause: cause.clone(),
                        reconnect: None,
                    }
                    .into(),
                )));
            }
        }
        for sub in self.subs.values_mut() {
            sub.ack_deadline = None;
            sub.announce = sub.ever_acked;
        }
        Outcome::Lost { cause, failure }
    }

    /// Sends subscription `id`'s start frame, built afresh.
    async fn start(&mut self, socket: &mut Socket, id: Box<str>) -> Result<(), Disconnect> {
        let Some(sub) = self.subs.get(&id) else {
            return Ok(());
        };
        let build = Arc::clone(&sub.start);
        match build(id.to_string()).await {
            Ok(frame) => {
                send(socket, frame).await?;
                if let Some(sub) = self.subs.get_mut(&id) {
                    if self.codec.acknowledges_starts() {
                        sub.ack_deadline =
                            Some(Instant::now() + self.shared.config.start_ack_timeout);
                    } else {
                        // No acknowledgement frame: written to an acknowledged connection
                        // is as live as it gets.
                        sub.acknowledge();
                    }
                }
                Ok(())
            }
            Err(err) => {
                if let Some(sub) = self.subs.remove(&id) {
                    sub.send(SubEvent::Ended(Some(err)));
                }
                Ok(())
            }
        }
    }

    async fn apply(&mut self, socket: &mut Socket, command: Command) -> Result<(), Disconnect> {
        match command {
            Command::Subscribe { id, sub } => {
                self.subs.insert(id.clone(), sub);
                self.start(socket, id).await
            }
            Command::Stop { id } => match self.subs.remove(&id) {
                // Sent even while the start is unacknowledged, so the server never keeps it.
                Some(_) => send(socket, self.codec.stop_frame(&id)).await,
                None => Ok(()),
            },
        }
    }

    async fn expire_starts(&mut self, socket: &mut Socket) -> Result<(), Disconnect> {
        let now = Instant::now();
        let expired: Vec<Box<str>> = self
            .subs
            .iter()
            .filter(|(_, sub)| sub.ack_deadline.is_some_and(|due| due <= now))
            .map(|(id, _)| id.clone())
            .collect();
        for id in expired {
            if let Some(sub) = self.subs.remove(&id) {
                let limit = self.shared.config.start_ack_timeout;
                sub.send(SubEvent::Ended(Some(
                    WsError::StartAckTimeout(limit).into(),
                )));
                send(socket, self.codec.stop_frame(&id)).await?;
            }
        }
        Ok(())
    }

    async fn on_message(
        &mut self,
        socket: &mut Socket,
        message: Option<Result<Message, tungstenite::Error>>,
        last_alive: &mut Instant,
    ) -> Result<(), Loss> {
        let text = match message {
            Some(Ok(Message::Text(text))) => text,
            Some(Ok(Message::Close(frame))) => {
                let cause = Disconnect::from_close(frame);
                return Err(Loss {
                    failure: Some(self.closed(cause.clone())),
                    cause,
                });
            }
            None => return Err(Disconnect::Ended.into()),
            Some(Err(err)) => return Err(Disconnect::from_socket(err).into()),
            // Pings are answered by tungstenite; binary frames mean nothing here.
            Some(Ok(_)) => return Ok(()),
        };
        match self.codec.decode(text.as_str()) {
            ServerFrame::KeepAlive => *last_alive = Instant::now(),
            ServerFrame::Ping { pong } => {
                *last_alive = Instant::now();
                if let Some(pong) = pong {
                    send(socket, pong).await?;
                }
            }
            ServerFrame::StartAck { id } => {
                if let Some(sub) = self.subs.get_mut(&*id) {
                    sub.acknowledge();
                }
            }
            ServerFrame::Data { id, payload } => {
                *last_alive = Instant::now();
                let Some(sub) = self.subs.get_mut(&*id) else {
                    return Ok(());
                };
                // A server only sends events of a subscription it runs: the first event
                // acknowledges a start whose acknowledgement is still due.
                if sub.ack_deadline.is_some() {
                    sub.acknowledge();
                }
                let json = payload.get();
                if let Some(payload) = Payload::within(text.clone(), json) {
                    sub.send(SubEvent::Data(payload));
                }
            }
            ServerFrame::Error {
                id: Some(id),
                error,
            } => {
                if let Some(sub) = self.subs.remove(&*id) {
                    sub.send(SubEvent::Ended(Some(error)));
                }
            }
            ServerFrame::Error { id: None, error } => {
                // Not tied to a subscription: it answers a start that is still unacknowledged.
                let failure = Self::failed_with(error, Retry::Never);
                let pending: Vec<Box<str>> = self
                    .subs
                    .iter()
                    .filter(|(_, sub)| sub.ack_deadline.is_some())
                    .map(|(id, _)| id.clone())
                    .collect();
                for id in pending {
                    if let Some(sub) = self.subs.remove(&id) {
                        sub.send(SubEvent::Ended(Some((failure.make)(0))));
                        send(socket, self.codec.stop_frame(&id)).await?;
                    }
                }
            }
            ServerFrame::Complete { id } => {
                if let Some(sub) = self.subs.remove(&*id) {
                    sub.send(SubEvent::Ended(None));
                }
            }
            ServerFrame::ConnectionError { .. } => {
                return Err(Disconnect::ConnectionError {
                    frame: excerpt(text.as_bytes(), 300),
                }
                .into())
            }
            ServerFrame::ConnectionAck { .. } | ServerFrame::Ignored => {}
        }
        Ok(())
    }
}

/// How a connection was lost: `failure` when the way it ended decides the retry.
struct Loss {
    cause: Disconnect,
    failure: Option<Failure>,
}

impl From<Disconnect> for Loss {
    fn from(cause: Disconnect) -> Loss {
        Loss {
            cause,
            failure: None,
        }
    }
}

/// Closes the socket politely: the protocol's goodbye (if any), a close frame, then the
/// server's answers (it may still be answering stop frames) until it closes its side, for at
/// most a second.
async fn close(mut socket: Socket, terminate: Option<String>) {
    let _ = timeout(Duration::from_secs(1), async move {
        if let Some(frame) = terminate {
            let _ = socket.send(Message::text(frame)).await;
        }
        if socket.close(None).await.is_ok() {
            while let Some(Ok(_)) = socket.next().await {}
        }
    })
    .await;
}

async fn send(socket: &mut Socket, frame: String) -> Result<(), Disconnect> {
    socket
        .send(Message::text(frame))
        .await
        .map_err(Disconnect::from_socket)
}

/// Waits for `timer`; forever when there is none.
async fn expiry(timer: &mut Option<std::pin::Pin<Box<tokio::time::Sleep>>>) {
    match timer {
        Some(timer) => timer.as_mut().await,
        None => std::future::pending().await,
    }
}

async fn tick(timer: &mut Option<tokio::time::Interval>) {
    match timer {
        Some(timer) => {
            timer.tick().await;
        }
        None => std::future::pending().await,
    }
}

async fn timeout_at<F: std::future::Future>(deadline: Instant, future: F) -> Option<F::Output> {
    tokio::time::timeout_at(deadline, future).await.ok()
}
