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
use super::subscription::{lock, Mailbox, SubEvent};
use super::WsConfig;
use crate::error::{excerpt, Error};

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// What subscription handles ask of the socket task.
pub(crate) enum Command {
    Subscribe {
        id: String,
        start: StartFrame,
        events: mpsc::UnboundedSender<SubEvent>,
    },
    Stop {
        id: String,
    },
}

struct Sub {
    start: StartFrame,
    events: mpsc::UnboundedSender<SubEvent>,
    /// When the start acknowledgement is due; `None` once acknowledged (or not yet sent).
    ack_deadline: Option<Instant>,
    /// Acknowledged on some connection: a later start is a resubscription to announce.
    ever_acked: bool,
    /// Announce [`SubEvent::Reconnected`] on the next acknowledgement.
    announce: bool,
}

/// Why a connection attempt failed. The error is rebuilt for every subscription it ends.
struct Failure {
    make: Box<dyn Fn(u32) -> Error + Send + Sync>,
    retryable: bool,
}

enum Outcome {
    Exit,
    Lost(String),
}

pub(crate) struct Driver {
    codec: Arc<dyn Codec>,
    config: Arc<WsConfig>,
    mailbox: Mailbox,
    url: Arc<str>,
    rx: mpsc::UnboundedReceiver<Command>,
    subs: HashMap<String, Sub>,
}

impl Driver {
    pub(crate) fn new(
        codec: Arc<dyn Codec>,
        config: Arc<WsConfig>,
        mailbox: Mailbox,
        url: Arc<str>,
        rx: mpsc::UnboundedReceiver<Command>,
    ) -> Self {
        Driver {
            codec,
            config,
            mailbox,
            url,
            rx,
            subs: HashMap::new(),
        }
    }
}

pub(crate) async fn run(mut driver: Driver) {
    let mut attempts = 0u32;
    let mut lost: Option<String> = None;
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
        match driver.open().await {
            Ok((socket, announced)) => {
                attempts = 0;
                match driver.serve(socket, announced).await {
                    Outcome::Exit => return,
                    Outcome::Lost(reason) => {
                        lost = Some(reason);
                        sleep(driver.config.backoff(1)).await;
                    }
                }
            }
            Err(failure) => {
                attempts += 1;
                if !failure.retryable || attempts >= driver.config.max_connect_attempts {
                    let make = &failure.make;
                    let lost_before = lost.take();
                    driver.end_all(|| match &lost_before {
                        // A reconnection that failed: say the connection was lost first.
                        Some(reason) if failure.retryable => Error::from(WsError::ConnectionLost {
                            reason: format!("{reason}; reconnecting failed: {}", make(attempts)),
                        }),
                        _ => make(attempts),
                    });
                    attempts = 0;
                    continue;
                }
                sleep(driver.config.backoff(attempts)).await;
            }
        }
    }
}

impl Driver {
    /// Applies a command while no socket is open.
    fn apply_offline(&mut self, command: Command) {
        match command {
            Command::Subscribe { id, start, events } => {
                self.subs.insert(id, new_sub(start, events));
            }
            Command::Stop { id } => {
                self.subs.remove(&id);
            }
        }
    }

    /// Gives up the mailbox when no command is waiting (then `None`: the task ends). Under the
    /// mailbox lock, so no handle can send to a task that is going away.
    fn try_exit(&mut self) -> Option<Command> {
        let mut mailbox = lock(&self.mailbox);
        match self.rx.try_recv() {
            Ok(command) => Some(command),
            Err(_) => {
                *mailbox = None;
                self.rx.close();
                None
            }
        }
    }

    fn end_all(&mut self, make: impl Fn() -> Error) {
        for (_, sub) in self.subs.drain() {
            let _ = sub.events.send(SubEvent::Ended(Some(make())));
        }
    }

    fn connect_error(&self, retryable: bool, reason: String) -> Failure {
        let url = self.url.to_string();
        Failure {
            make: Box::new(move |attempts| {
                Error::from(WsError::Connect {
                    url: url.clone(),
                    attempts,
                    source: reason.clone().into(),
                })
            }),
            retryable,
        }
    }

    /// Opens the socket, sends the init frame and waits for the acknowledgement.
    async fn open(&mut self) -> Result<(Socket, Option<Duration>), Failure> {
        let request = match self.codec.handshake().await {
            Ok(request) => request,
            Err(err) => {
                // Auth providers and URLs: not a network problem, retrying does not help.
                let shown = Arc::new(std::sync::Mutex::new(Some(err)));
                let text = shown
                    .lock()
                    .map(|e| e.as_ref().map(ToString::to_string).unwrap_or_default())
                    .unwrap_or_default();
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
                });
            }
        };
        let connecting = tokio_tungstenite::connect_async(request);
        let mut socket = match timeout(self.config.connect_timeout, connecting).await {
            Err(_) => {
                let limit = self.config.connect_timeout;
                return Err(self.connect_error(true, format!("no connection within {limit:?}")));
            }
            Ok(Err(tungstenite::Error::Http(response))) => {
                let status = response.status().as_u16();
                let body = response.body().as_deref().map(|b| excerpt(b, 200));
                let retryable = status >= 500 || status == 429;
                return Err(self.connect_error(
                    retryable,
                    format!(
                        "the server refused the upgrade with HTTP {status}: {}",
                        body.unwrap_or_default()
                    ),
                ));
            }
            Ok(Err(err)) => return Err(self.connect_error(true, err.to_string())),
            Ok(Ok((socket, _response))) => socket,
        };
        let init = Message::text(self.codec.init_frame());
        if let Err(err) = socket.send(init).await {
            return Err(self.connect_error(true, err.to_string()));
        }
        let deadline = Instant::now() + self.config.ack_timeout;
        loop {
            let frame = match timeout_at(deadline, socket.next()).await {
                None => {
                    let limit = self.config.ack_timeout;
                    return Err(Failure {
                        make: Box::new(move |_| Error::from(WsError::AckTimeout(limit))),
                        retryable: true,
                    });
                }
                Some(frame) => frame,
            };
            let text = match frame {
                Some(Ok(Message::Text(text))) => text,
                Some(Ok(Message::Close(_))) | None => {
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
                _ => continue,
            }
        }
    }

    /// A failure whose error is the server's frame, decoded again for every subscription.
    fn redecoded(&self, text: &str, retryable: bool) -> Failure {
        let codec = Arc::clone(&self.codec);
        let text = text.to_owned();
        Failure {
            make: Box::new(move |_| match codec.decode(&text) {
                ServerFrame::ConnectionError { error, .. } | ServerFrame::Error { error, .. } => {
                    error
                }
                _ => Error::from(WsError::ConnectionLost {
                    reason: excerpt(text.as_bytes(), 200),
                }),
            }),
            retryable,
        }
    }

    /// Runs one open connection until it is lost or no subscription is left.
    async fn serve(&mut self, mut socket: Socket, announced: Option<Duration>) -> Outcome {
        let keep_alive = self
            .config
            .keep_alive_timeout
            .or(announced)
            .unwrap_or(self.config.default_keep_alive_timeout);
        let mut last_alive = Instant::now();
        let ids: Vec<String> = self.subs.keys().cloned().collect();
        for id in ids {
            if let Err(reason) = self.start(&mut socket, id).await {
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
            };
            if let Err(reason) = step {
                for sub in self.subs.values_mut() {
                    sub.ack_deadline = None;
                    sub.announce = sub.ever_acked;
                }
                return Outcome::Lost(reason);
            }
        }
    }

    /// Sends subscription `id`'s start frame, built afresh.
    async fn start(&mut self, socket: &mut Socket, id: String) -> Result<(), String> {
        let Some(sub) = self.subs.get(&id) else {
            return Ok(());
        };
        let build = Arc::clone(&sub.start);
        match build(id.clone()).await {
            Ok(frame) => {
                if let Some(sub) = self.subs.get_mut(&id) {
                    sub.ack_deadline = Some(Instant::now() + self.config.start_ack_timeout);
                }
                send(socket, frame).await
            }
            Err(err) => {
                if let Some(sub) = self.subs.remove(&id) {
                    let _ = sub.events.send(SubEvent::Ended(Some(err)));
                }
                Ok(())
            }
        }
    }

    async fn apply(&mut self, socket: &mut Socket, command: Command) -> Result<(), String> {
        match command {
            Command::Subscribe { id, start, events } => {
                self.subs.insert(id.clone(), new_sub(start, events));
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
        let expired: Vec<String> = self
            .subs
            .iter()
            .filter(|(_, sub)| sub.ack_deadline.is_some_and(|due| due <= now))
            .map(|(id, _)| id.clone())
            .collect();
        for id in expired {
            if let Some(sub) = self.subs.remove(&id) {
                let limit = self.config.start_ack_timeout;
                let _ = sub.events.send(SubEvent::Ended(Some(
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
                let why = frame.map(|f| format!(" ({} {})", f.code, f.reason));
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
            ServerFrame::StartAck { id } => {
                if let Some(sub) = self.subs.get_mut(&id) {
                    sub.ack_deadline = None;
                    sub.ever_acked = true;
                    if std::mem::take(&mut sub.announce) {
                        let _ = sub.events.send(SubEvent::Reconnected);
                    }
                }
            }
            ServerFrame::Data { id, payload } => {
                *last_alive = Instant::now();
                if let Some(sub) = self.subs.get(&id) {
                    let _ = sub.events.send(SubEvent::Data(payload));
                }
            }
            ServerFrame::Error {
                id: Some(id),
                error,
            } => {
                if let Some(sub) = self.subs.remove(&id) {
                    let _ = sub.events.send(SubEvent::Ended(Some(error)));
                }
            }
            ServerFrame::Error { id: None, .. } => {
                // Not tied to a subscription: it answers a start that is still unacknowledged.
                let failure = self.redecoded(text.as_str(), false);
                let pending: Vec<String> = self
                    .subs
                    .iter()
                    .filter(|(_, sub)| sub.ack_deadline.is_some())
                    .map(|(id, _)| id.clone())
                    .collect();
                for id in pending {
                    if let Some(sub) = self.subs.remove(&id) {
                        let _ = sub.events.send(SubEvent::Ended(Some((failure.make)(0))));
                        send(socket, self.codec.stop_frame(&id)).await?;
                    }
                }
            }
            ServerFrame::Complete { id } => {
                if let Some(sub) = self.subs.remove(&id) {
                    let _ = sub.events.send(SubEvent::Ended(None));
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

fn new_sub(start: StartFrame, events: mpsc::UnboundedSender<SubEvent>) -> Sub {
    Sub {
        start,
        events,
        ack_deadline: None,
        ever_acked: false,
        announce: false,
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

async fn timeout_at<F: std::future::Future>(deadline: Instant, future: F) -> Option<F::Output> {
    tokio::time::timeout_at(deadline, future).await.ok()
}
