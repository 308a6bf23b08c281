//! A tiny HTTP/1.1 server on 127.0.0.1 for transport tests: it records what the client sent and
//! answers with scripted replies (statuses, headers, chunked bodies with pauses, hangs, cut
//! connections). Protocol behaviour is also tested against the devserver and strawberry; this
//! one exists for what real servers do not do on demand (hang, cut a stream mid-part, count
//! open connections).
#![allow(dead_code)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A request as the server received it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Recorded {
    /// The first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("request body is JSON")
    }
}

/// What to answer.
pub enum Reply {
    /// A complete response with `Content-Length`.
    Full {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// A chunked response: each chunk after its pause. With `finish` the terminating zero-size
    /// chunk is sent; without, the connection is cut after the last chunk.
    Chunked {
        status: u16,
        headers: Vec<(String, String)>,
        chunks: Vec<(Duration, Vec<u8>)>,
        finish: bool,
    },
    /// Never answer (the connection stays open).
    Hang,
}

impl Reply {
    /// 200 with a JSON body.
    pub fn json(status: u16, body: &str) -> Reply {
        Reply::Full {
            status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: body.as_bytes().to_vec(),
        }
    }

    /// A body with this content type.
    pub fn typed(status: u16, content_type: &str, body: &str) -> Reply {
        Reply::Full {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.as_bytes().to_vec(),
        }
    }

    /// Adds a header.
    pub fn with_header(mut self, name: &str, value: &str) -> Reply {
        match &mut self {
            Reply::Full { headers, .. } | Reply::Chunked { headers, .. } => {
                headers.push((name.into(), value.into()))
            }
            Reply::Hang => {}
        }
        self
    }
}

type Handler = Arc<dyn Fn(&Recorded) -> Reply + Send + Sync>;

/// The running server; stops accepting when dropped.
pub struct TestServer {
    pub port: u16,
    requests: Arc<Mutex<Vec<Recorded>>>,
    open: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl TestServer {
    /// Starts a server answering every request with `handler`.
    pub async fn start(handler: impl Fn(&Recorded) -> Reply + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let open = Arc::new(AtomicUsize::new(0));
        let handler: Handler = Arc::new(handler);
        let (recorded, counter) = (requests.clone(), open.clone());
        let task = tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let (handler, recorded, counter) =
                    (handler.clone(), recorded.clone(), counter.clone());
                counter.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(async move {
                    let _ = serve(socket, handler, recorded).await;
                    counter.fetch_sub(1, Ordering::SeqCst);
                });
            }
        });
        TestServer {
            port,
            requests,
            open,
            task,
        }
    }

    /// `http://127.0.0.1:<port>/graphql`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/graphql", self.port)
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }

    /// How many connections are open now.
    pub fn open_connections(&self) -> usize {
        self.open.load(Ordering::SeqCst)
    }
}

async fn serve(
    mut socket: TcpStream,
    handler: Handler,
    recorded: Arc<Mutex<Vec<Recorded>>>,
) -> std::io::Result<()> {
    let mut buf = Vec::new();
    loop {
        let Some(request) = read_request(&mut socket, &mut buf).await? else {
            return Ok(());
        };
        recorded.lock().unwrap().push(request.clone());
        match handler(&request) {
            Reply::Hang => {
                // Wait until the client goes away.
                let mut sink = [0u8; 64];
                while socket.read(&mut sink).await? > 0 {}
                return Ok(());
            }
            Reply::Full {
                status,
                headers,
                body,
            } => {
                let mut head = status_line(status);
                for (name, value) in headers {
                    head.push_str(&format!("{name}: {value}\r\n"));
                }
                head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
                socket.write_all(head.as_bytes()).await?;
                socket.write_all(&body).await?;
            }
            Reply::Chunked {
                status,
                headers,
                chunks,
                finish,
            } => {
                let mut head = status_line(status);
                for (name, value) in headers {
                    head.push_str(&format!("{name}: {value}\r\n"));
                }
                head.push_str("Transfer-Encoding: chunked\r\n\r\n");
                socket.write_all(head.as_bytes()).await?;
                socket.flush().await?;
                for (pause, chunk) in chunks {
                    tokio::time::sleep(pause).await;
                    if chunk.is_empty() {
                        continue;
                    }
                    socket
                        .write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
                        .await?;
                    socket.write_all(&chunk).await?;
                    socket.write_all(b"\r\n").await?;
                    socket.flush().await?;
                }
                if !finish {
                    return Ok(());
                }
                socket.write_all(b"0\r\n\r\n").await?;
            }
        }
        socket.flush().await?;
    }
}

fn status_line(status: u16) -> String {
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        406 => "Not Acceptable",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        _ => "Status",
    };
    format!("HTTP/1.1 {status} {reason}\r\n")
}

async fn read_request(
    socket: &mut TcpStream,
    buf: &mut Vec<u8>,
) -> std::io::Result<Option<Recorded>> {
    let head_end = loop {
        if let Some(pos) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break pos;
        }
        let mut chunk = [0u8; 4096];
        let n = socket.read(&mut chunk).await?;
        if n == 0 {
            return Ok(None);
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let request_line = lines.next().unwrap_or_default();
    let mut parts = request_line.split(' ');
    let method = parts.next().unwrap_or_default().to_owned();
    let path = parts.next().unwrap_or_default().to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let body_start = head_end + 4;
    while buf.len() < body_start + length {
        let mut chunk = [0u8; 4096];
        let n = socket.read(&mut chunk).await?;
        if n == 0 {
            return Ok(None);
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let body = buf[body_start..body_start + length].to_vec();
    buf.drain(..body_start + length);
    Ok(Some(Recorded {
        method,
        path,
        headers,
        body,
    }))
}

/// Asserts that `result` is what a proxy's HTML error page (nginx's `502 Bad Gateway`) becomes:
/// a status error with the content type and an excerpt of the page, and a message naming the
/// status.
pub fn assert_bad_gateway_page<T: std::fmt::Debug>(result: Result<T, typed_graphql::Error>) {
    match result {
        Err(err @ typed_graphql::Error::Status { .. }) => {
            let typed_graphql::Error::Status {
                status,
                content_type,
                excerpt,
            } = &err
            else {
                unreachable!()
            };
            assert_eq!(*status, 502);
            assert_eq!(content_type, "text/html");
            assert!(excerpt.contains("502 Bad Gateway"), "{excerpt}");
            assert!(err.to_string().contains("HTTP 502"), "{err}");
        }
        other => panic!("expected a status error, got {other:?}"),
    }
}
