//! The server end of a GraphQL WebSocket on 127.0.0.1, shared by the tests, the `ws_events`
//! bench and the `appsync_frames` fuzz target (each includes this file; the fuzz crate by
//! `#[path]`): accepting connections and completing their upgrade. What a server then says is
//! each caller's own script.
// Each includer uses part of it.
#![allow(dead_code)]

use tokio::net::{TcpListener, TcpStream};
use tokio_tungstenite::tungstenite::handshake::server::{ErrorResponse, Request, Response};
use tokio_tungstenite::tungstenite::http::{HeaderValue, StatusCode};
use tokio_tungstenite::WebSocketStream;

/// An upgraded server-side socket.
pub type Socket = WebSocketStream<TcpStream>;

/// The subprotocols the server agrees to, in its order of preference.
const SUBPROTOCOLS: [&str; 2] = ["graphql-transport-ws", "graphql-ws"];

/// Completes the upgrade on `tcp`, agreeing to the first GraphQL subprotocol the client asks
/// for (none when it asks for none, as API Gateway's clients), or refuses it with HTTP
/// `refuse_with`. `None` when the handshake failed or was refused.
pub async fn upgrade(tcp: TcpStream, refuse_with: Option<u16>) -> Option<Socket> {
    let _ = tcp.set_nodelay(true);
    // tungstenite's callback signature, not ours.
    #[allow(clippy::result_large_err)]
    let answer = |request: &Request, mut response: Response| {
        if let Some(status) = refuse_with {
            let mut refused = ErrorResponse::new(Some("refused".to_owned()));
            *refused.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
            return Err(refused);
        }
        let asked = request
            .headers()
            .get("sec-websocket-protocol")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        let chosen = SUBPROTOCOLS
            .into_iter()
            .find(|p| asked.split(',').any(|a| a.trim() == *p));
        if let Some(chosen) = chosen {
            response
                .headers_mut()
                .insert("sec-websocket-protocol", HeaderValue::from_static(chosen));
        }
        Ok(response)
    };
    tokio_tungstenite::accept_hdr_async(tcp, answer).await.ok()
}

/// The next connection on `listener` whose upgrade succeeds (see [`upgrade`]); `None` once
/// the listener fails.
pub async fn accept(listener: &TcpListener) -> Option<Socket> {
    loop {
        let (tcp, _) = listener.accept().await.ok()?;
        if let Some(socket) = upgrade(tcp, None).await {
            return Some(socket);
        }
    }
}
