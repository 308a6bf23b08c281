//! Multipart subscription responses (Apollo's protocol): one JSON part per event, `{}`
//! heartbeats, transport errors as `{"payload":null,"errors":[..]}`, then the close delimiter.

use std::convert::Infallible;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::Response;
use futures::stream::{BoxStream, StreamExt};
use serde_json::json;
use tokio::sync::watch;
use tokio::time::{interval_at, Instant, Interval, MissedTickBehavior};

use crate::schema::STREAM_ERROR_CODE;
use crate::server::App;
use crate::state::{Gauge, Stats};

/// Starts a multipart response for a subscription request.
pub(crate) fn respond(app: Arc<App>, request: async_graphql::Request) -> Response {
    app.stats
        .multipart_streams_started
        .fetch_add(1, Ordering::SeqCst);
    let boundary = app.faults.multipart_boundary();
    let writer = Writer {
        events: app.schema.execute_stream(request),
        heartbeat: heartbeat(app.config.heartbeat()),
        shutdown: app.shutdown.clone(),
        framing: Framing {
            boundary: boundary.clone(),
            newline: if app.faults.multipart_lf_only() {
                "\n"
            } else {
                "\r\n"
            },
            opened: false,
        },
        close_after: app.faults.multipart_close_after(),
        written: 0,
        done: false,
        _open: Gauge::up(&app.stats, |stats: &Stats| &stats.open_multipart_streams),
    };
    let chunks = futures::stream::unfold(writer, |mut writer| async move {
        let chunk = writer.next_chunk().await?;
        Some((chunk, writer))
    });
    let body = match app.faults.multipart_chunk_size() {
        Some(size) => Body::from_stream(chunks.flat_map(move |chunk| {
            futures::stream::iter(pieces(chunk, size).map(Ok::<Bytes, Infallible>))
        })),
        None => Body::from_stream(chunks.map(Ok::<Bytes, Infallible>)),
    };
    let mut response = Response::new(body);
    *response.status_mut() = StatusCode::OK;
    let content_type = format!("multipart/mixed;boundary=\"{boundary}\";subscriptionSpec=\"1.0\"");
    if let Ok(value) = HeaderValue::from_str(&content_type) {
        response.headers_mut().insert(CONTENT_TYPE, value);
    }
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// `chunk` cut into pieces of at most `size` (> 0) bytes.
fn pieces(chunk: Bytes, size: usize) -> impl Iterator<Item = Bytes> {
    (0..chunk.len())
        .step_by(size)
        .map(move |start| chunk.slice(start..(start + size).min(chunk.len())))
}

fn heartbeat(period: Duration) -> Interval {
    // No heartbeat at the very start: with a long interval the bytes are deterministic.
    let mut timer = interval_at(Instant::now() + period, period);
    timer.set_missed_tick_behavior(MissedTickBehavior::Delay);
    timer
}

/// Writes parts the way Apollo Router does: each part is followed at once by the next
/// delimiter, so a client can hand the part on without waiting for what comes after it.
struct Framing {
    boundary: String,
    newline: &'static str,
    /// Whether the opening delimiter was written (every part then ends with a delimiter).
    opened: bool,
}

impl Framing {
    fn part(&mut self, json: &str) -> Bytes {
        let nl = self.newline;
        let b = &self.boundary;
        let open = if self.opened {
            nl.to_owned()
        } else {
            format!("{nl}--{b}{nl}")
        };
        self.opened = true;
        Bytes::from(format!(
            "{open}content-type: application/json{nl}{nl}{json}{nl}--{b}"
        ))
    }

    fn close(&self) -> String {
        let nl = self.newline;
        if self.opened {
            format!("--{nl}")
        } else {
            format!("{nl}--{}--{nl}", self.boundary)
        }
    }
}

struct Writer {
    events: BoxStream<'static, async_graphql::Response>,
    heartbeat: Interval,
    shutdown: watch::Receiver<bool>,
    framing: Framing,
    close_after: Option<usize>,
    written: usize,
    done: bool,
    /// Counts this stream as open until the body is dropped: by hyper when the client goes away.
    _open: Gauge,
}

impl Writer {
    async fn next_chunk(&mut self) -> Option<Bytes> {
        if self.done || self.close_after.is_some_and(|limit| self.written >= limit) {
            // The fault "close without the end marker" ends here too.
            return None;
        }
        enum Next {
            Event(Option<Box<async_graphql::Response>>),
            Heartbeat,
            Shutdown,
        }
        let next = tokio::select! {
            event = self.events.next() => Next::Event(event.map(Box::new)),
            _ = self.heartbeat.tick() => Next::Heartbeat,
            _ = self.shutdown.wait_for(|stop| *stop) => Next::Shutdown,
        };
        match next {
            Next::Event(Some(response)) => Some(self.event(*response)),
            Next::Event(None) => {
                self.done = true;
                Some(Bytes::from(self.framing.close()))
            }
            Next::Heartbeat => Some(self.framing.part("{}")),
            Next::Shutdown => None,
        }
    }

    fn event(&mut self, response: async_graphql::Response) -> Bytes {
        self.written += 1;
        let is_transport_error = response.errors.iter().any(|error| {
            error
                .extensions
                .as_ref()
                .and_then(|ext| ext.get("code"))
                .is_some_and(|code| *code == async_graphql::Value::from(STREAM_ERROR_CODE))
        });
        if is_transport_error {
            self.done = true;
            // Written by hand so `payload` comes first, as Apollo Router writes it.
            let errors = serde_json::to_string(&response.errors).unwrap_or_else(|_| "[]".into());
            let body = format!("{{\"payload\":null,\"errors\":{errors}}}");
            let mut chunk = self.framing.part(&body).to_vec();
            chunk.extend_from_slice(self.framing.close().as_bytes());
            return Bytes::from(chunk);
        }
        let body = json!({ "payload": crate::graphql_http::response_json(&response) }).to_string();
        self.framing.part(&body)
    }
}
