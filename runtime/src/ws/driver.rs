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
use super::error::WsError;
use super::inbox::Inbox;
use super::lock;
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
}

impl Sub {
    pub(crate) fn new(start: StartFrame, inbox: Arc<Inbox>, shared: Arc<Shared>) -> Sub {
        Sub {
            start,
            inbox,
            shared,
            ack_deadline: None,
            ever_acked: false,
            announce: false,
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
                reason: "the connection task stopped".to_owned(),
            };
            self.inbox.push(SubEvent::Ended(Some(lost.into())), 1);
        }
    }
}

/// Why a connection attempt failed. The error is rebuilt for every subscription it ends.
struct Failure {
    make: Box<dyn Fn(u32) -> Error + Send + Sync>,
    retryable: bool,
    /// The error as text, for [`ConnectionState::Failed`].
    reason: String,
}

enum Outcome {
    Exit,
    Lost(String),
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
    let mut attempts = 0u32;
    let mut lost: Option<String> = None;
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
        match driver.open().await {
            Ok((socket, announced)) => {
                attempts = 0;
                driver.set_state(match lost.take() {
                    Some(_) => ConnectionState::Reconnected,
                    None => ConnectionState::Connected,
                });
                match driver.serve(socket, announced).await {
                    Outcome::Exit => return,
                    Outcome::Lost(reason) => {
                        driver.set_state(ConnectionState::Disrupted {
                            reason: reason.clone(),
                        });
                        lost = Some(reason);
                        sleep(driver.shared.config.backoff(1)).await;
                    }
                }
            }
            Err(failure) => {
                attempts += 1;
                if !failure.retryable || attempts >= driver.shared.config.max_connect_attempts {
                    let make = &failure.make;
                    let lost_before = lost.take();
                    driver.end_all(|| match &lost_before {
                        // A reconnection that failed: say the connection was lost first.
                        Some(reason) if failure.retryable => Error::from(WsError::ConnectionLost {
                            reason: format!("{reason}; reconnecting failed: {}", make(attempts)),
                        }),
                        _ => make(attempts),
                    });
                    driver.set_state(ConnectionState::Failed {
                        reason: failure.reason,
                    });
                    attempts = 0;
                    announce_connecting = true;
                    continue;
                }
                sleep(driver.shared.config.backoff(attempts)).await;
            }
        }
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

    fn connect_error(&self, retryable: bool, reason: String) -> Failure {
        let url = self.shared.url.to_string();
        let shown = WsError::Connect {
            url: url.clone(),
            attempts: 1,
            source: reason.clone().into(),
        }
        .to_string();
        Failure {
            make: Box::new(move |attempts| {
                Error::from(WsError::Connect {
                    url: url.clone(),
                    attempts,
                    source: reason.clone().into(),
                })
            }),
            retryable,
            reason: shown,
        }
    }

    /// A failure retrying does not fix: `WsError::Refused` with a hint.
    fn refused(
        &self,
        status: Option<u16>,
        close_code: Option<u16>,
        reason: String,
        hint: &'static str,
    ) -> Failure {
        let url = self.shared.url.to_string();
        let make = move |_| {
            Error::from(WsError::Refused {
                url: url.clone(),
                status,
                close_code,
                reason: reason.clone(),
                hint,
            })
        };
        Failure {
            reason: make(0).to_string(),
            make: Box::new(make),
            retryable: false,
        }
    }

    /// Opens the socket, sends the init frame and waits for the acknowledgement.
    async fn open(&mut self) -> Result<(Socket, Option<Duration>), Failure> {
        let config = &self.shared.config;
        let request = match self.codec.handshake().await {
            Ok(request) => request,
            Err(err) => {
                // Auth providers and URLs: not a network problem, retrying does not help.
                let text = err.to_string();
                let shown = std::sync::Mutex::new(Some(err));
                let reason = text.clone();
                return Err(Failure {
                    make: Box::new(move |_| {
                        // The first subscription gets the typed error, the others its text.
                        let taken = shown.lock().ok().and_then(|mut e| e.take());
                        taken.unwrap_or_else(|| {
                            Error::from(WsError::ConnectionLost {
                                reason: text.clone(),
                            })
                        })
                    }),
                    retryable: false,
                    reason,
                });
            }
        };
        let connecting = tokio_tungstenite::connect_async(request);
        let mut socket =
            match timeout(config.connect_timeout, connecting).await {
                Err(_) => {
                    let limit = config.connect_timeout;
                    return Err(self.connect_error(true, format!("no connection within {limit:?}")));
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
                    None,
                    None,
                    format!("the upgrade's subprotocol was not agreed ({err})"),
                    "the server does not speak the subprotocol this client asked for: check that \
                     the URL is an endpoint of this protocol",
                )),
                Ok(Err(err)) => return Err(self.connect_error(true, err.to_string())),
                Ok(Ok((socket, _response))) => socket,
            };
        let init = Message::text(self.codec.init_frame());
        if let Err(err) = socket.send(init).await {
            return Err(self.connect_error(true, err.to_string()));
        }
        let deadline = Instant::now() + config.ack_timeout;
        loop {
            let frame = match timeout_at(deadline, socket.next()).await {
                None => {
                    let limit = config.ack_timeout;
                    return Err(Failure {
                        make: Box::new(move |_| Error::from(WsError::AckTimeout(limit))),
                        retryable: true,
                        reason: WsError::AckTimeout(limit).to_string(),
                    });
                }
                Some(frame) => frame,
            };
            let text = match frame {
                Some(Ok(Message::Text(text))) => text,
                Some(Ok(Message::Close(Some(close)))) => {
                    let code = u16::from(close.code);
                    let reason = format!(
                        "the server closed the connection before acknowledging it ({code} {})",
                        close.reason
                    );
                    return Err(match self.close_hint(code) {
                        Some((hint, false)) => self.refused(None, Some(code), reason, hint),
                        Some((hint, true)) => self.connect_error(true, format!("{reason}: {hint}")),
                        None => self.connect_error(true, reason),
                    });
                }
                Some(Ok(Message::Close(None))) | None => {
                    return Err(self.connect_error(
                        true,
                        "the server closed the connection before acknowledging it".to_owned(),
                    ))
                }
                Some(Err(err)) => return Err(self.connect_error(true, err.to_string())),
                Some(Ok(_)) => continue,
            };
            match self.codec.decode(text.as_str()) {
                ServerFrame::ConnectionAck { keep_alive_timeout } => {
                    return Ok((socket, keep_alive_timeout))
                }
                ServerFrame::ConnectionError { retryable, .. } => {
                    return Err(self.redecoded(text.as_str(), retryable))
                }
                ServerFrame::Error { id: None, .. } => {
                    return Err(self.redecoded(text.as_str(), false))
                }
                ServerFrame::Ping { pong: Some(pong) } => {
                    if let Err(err) = socket.send(Message::text(pong)).await {
                        return Err(self.connect_error(true, err.to_string()));
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
            let codec = Arc::clone(&self.codec);
            let text = body.clone();
            return Failure {
                reason: error.to_string(),
                make: Box::new(move |_| {
                    codec.upgrade_refused(status, &text).unwrap_or_else(|| {
                        Error::from(WsError::ConnectionLost {
                            reason: format!("the upgrade was refused with HTTP {status}"),
                        })
                    })
                }),
                retryable: false,
            };
        }
        let refusal = format!("the server refused the upgrade with HTTP {status}: {body}");
        let hint = match status {
            500..=599 | 429 | 408 => return self.connect_error(true, refusal),
            401 | 403 => "check the credentials (and that the token has not expired)",
            404 => "no WebSocket endpoint at this URL: check the realtime URL",
            _ => "check the realtime URL and the subprotocol the server expects",
        };
        self.refused(Some(status), None, refusal, hint)
    }

    /// What close `code` means and whether reconnecting may help: the codec's word first,
    /// then the standard and `graphql-transport-ws` codes.
    fn close_hint(&self, code: u16) -> Option<(&'static str, bool)> {
        self.codec
            .close_hint(code)
            .or_else(|| super::error::close_hint(code))
    }

    /// A failure whose error is the server's frame, decoded again for every subscription.
    fn redecoded(&self, text: &str, retryable: bool) -> Failure {
        let codec = Arc::clone(&self.codec);
        let text = text.to_owned();
        let make = move |_| match codec.decode(&text) {
            ServerFrame::ConnectionError { error, .. } | ServerFrame::Error { error, .. } => error,
            _ => Error::from(WsError::ConnectionLost {
                reason: excerpt(text.as_bytes(), 200),
            }),
        };
        Failure {
            reason: make(0).to_string(),
            make: Box::new(make),
            retryable,
        }
    }

    /// Runs one open connection until it is lost or no subscription is left.
    async fn serve(&mut self, mut socket: Socket, announced: Option<Duration>) -> Outcome {
        let config = &self.shared.config;
        let keep_alive = config
            .keep_alive_timeout
            .or(announced)
            .unwrap_or(config.default_keep_alive_timeout);
        let ping = config.ping_interval.zip(self.codec.ping_frame());
        let mut pinger = ping
            .as_ref()
            .map(|(every, _)| tokio::time::interval_at(Instant::now() + *every, *every));
        let mut last_alive = Instant::now();
        let ids: Vec<Box<str>> = self.subs.keys().cloned().collect();
        for id in ids {
            if let Err(reason) = self.start(&mut socket, id).await {
                self.mark_lost();
                return Outcome::Lost(reason);
            }
        }
        loop {
            if self.subs.is_empty() {
                match self.try_exit() {
                    None => {
                        close(socket).await;
                        return Outcome::Exit;
                    }
                    Some(command) => {
                        if let Err(reason) = self.apply(&mut socket, command).await {
                            self.mark_lost();
                            return Outcome::Lost(reason);
                        }
                        continue;
                    }
                }
            }
            let next_ack = self.subs.values().filter_map(|s| s.ack_deadline).min();
            let step = tokio::select! {
                frame = socket.next() => self.on_message(&mut socket, frame, &mut last_alive).await,
                command = self.rx.recv() => match command {
                    Some(command) => self.apply(&mut socket, command).await,
                    None => Err("the engine was dropped".to_owned()),
                },
                _ = sleep_until(last_alive + keep_alive) => {
                    Err(format!("no keep-alive from the server within {keep_alive:?}"))
                }
                _ = sleep_until(next_ack.unwrap_or_else(Instant::now)), if next_ack.is_some() => {
                    self.expire_starts(&mut socket).await
                }
                _ = tick(&mut pinger) => match &ping {
                    Some((_, frame)) => send(&mut socket, frame.clone()).await,
                    None => Ok(()),
                },
            };
            if let Err(reason) = step {
                self.mark_lost();
                return Outcome::Lost(reason);
            }
        }
    }

    /// After a lost connection: no start is pending, and those acknowledged before will
    /// announce their resubscription.
    fn mark_lost(&mut self) {
        for sub in self.subs.values_mut() {
            sub.ack_deadline = None;
            sub.announce = sub.ever_acked;
        }
    }

    /// Sends subscription `id`'s start frame, built afresh.
    async fn start(&mut self, socket: &mut Socket, id: Box<str>) -> Result<(), String> {
        let Some(sub) = self.subs.get(&id) else {
            return Ok(());
        };
        let build = Arc::clone(&sub.start);
        match build(id.to_string()).await {
            Ok(frame) => {
                if let Some(sub) = self.subs.get_mut(&id) {
                    sub.ack_deadline = Some(Instant::now() + self.shared.config.start_ack_timeout);
                }
                send(socket, frame).await
            }
            Err(err) => {
                if let Some(sub) = self.subs.remove(&id) {
                    sub.send(SubEvent::Ended(Some(err)));
                }
                Ok(())
            }
        }
    }

    async fn apply(&mut self, socket: &mut Socket, command: Command) -> Result<(), String> {
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

    async fn expire_starts(&mut self, socket: &mut Socket) -> Result<(), String> {
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
    ) -> Result<(), String> {
        let text = match message {
            Some(Ok(Message::Text(text))) => text,
            Some(Ok(Message::Close(frame))) => {
                let why = frame.map(|f| {
                    let code = u16::from(f.code);
                    match self.close_hint(code) {
                        Some((hint, _)) => format!(" ({code} {}: {hint})", f.reason),
                        None => format!(" ({code} {})", f.reason),
                    }
                });
                return Err(format!(
                    "the server closed the connection{}",
                    why.unwrap_or_default()
                ));
            }
            None => return Err("the connection ended".to_owned()),
            Some(Err(err)) => return Err(format!("the connection failed: {err}")),
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
                if let Some(sub) = self.subs.get_mut(id.as_str()) {
                    sub.acknowledge();
                }
            }
            ServerFrame::Data { id, payload } => {
                *last_alive = Instant::now();
                if let Some(sub) = self.subs.get_mut(id.as_str()) {
                    // A server only sends events of a subscription it runs: for protocols
                    // without a start acknowledgement (`graphql-transport-ws`), the first
                    // event is the acknowledgement.
                    if sub.ack_deadline.is_some() {
                        sub.acknowledge();
                    }
                    sub.send(SubEvent::Data(payload));
                }
            }
            ServerFrame::Error {
                id: Some(id),
                error,
            } => {
                if let Some(sub) = self.subs.remove(id.as_str()) {
                    sub.send(SubEvent::Ended(Some(error)));
                }
            }
            ServerFrame::Error { id: None, .. } => {
                // Not tied to a subscription: it answers a start that is still unacknowledged.
                let failure = self.redecoded(text.as_str(), false);
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
                if let Some(sub) = self.subs.remove(id.as_str()) {
                    sub.send(SubEvent::Ended(None));
                }
            }
            ServerFrame::ConnectionError { .. } => {
                return Err(format!(
                    "the server reported a connection error: {}",
                    excerpt(text.as_bytes(), 300)
                ))
            }
            ServerFrame::ConnectionAck { .. } | ServerFrame::Ignored => {}
        }
        Ok(())
    }
}

/// Closes the socket politely: a close frame, then the server's answers (it may still be
/// answering stop frames) until it closes its side, for at most a second.
async fn close(mut socket: Socket) {
    let _ = timeout(Duration::from_secs(1), async move {
        if socket.close(None).await.is_ok() {
            while let Some(Ok(_)) = socket.next().await {}
        }
    })
    .await;
}

async fn send(socket: &mut Socket, frame: String) -> Result<(), String> {
    socket
        .send(Message::text(frame))
        .await
        .map_err(|err| format!("sending failed: {err}"))
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
