//! GraphQL over WebSocket on the GraphQL port (`/graphql/ws`): async-graphql's own
//! implementations of `graphql-transport-ws` and legacy `graphql-ws`, chosen by the client's
//! `Sec-WebSocket-Protocol`, over an axum WebSocket. The connection obeys the fault switches
//! that act on every connection ([`Faults::close_connections`](crate::Faults),
//! [`Faults::drop_connections`](crate::Faults), [`Faults::send_raw`](crate::Faults)).

use std::sync::atomic::Ordering;
use std::sync::Arc;

use async_graphql::http::{WebSocket as GraphQLWebSocket, WebSocketProtocols, WsMessage};
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::http::header::SEC_WEBSOCKET_PROTOCOL;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use futures::{SinkExt, StreamExt};

use crate::appsync::realtime::next_command;
use crate::server::App;
use crate::state::Command;

/// `GET /graphql/ws`: the upgrade, for either subprotocol.
pub(crate) async fn upgrade(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> Response {
    let protocol = headers
        .get_all(SEC_WEBSOCKET_PROTOCOL)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .find_map(|name| name.trim().parse::<WebSocketProtocols>().ok());
    let Some(protocol) = protocol else {
        return (
            StatusCode::BAD_REQUEST,
            "GraphQL over WebSocket needs the subprotocol `graphql-transport-ws` or `graphql-ws`",
        )
            .into_response();
    };
    app.stats
        .graphql_ws_connections
        .fetch_add(1, Ordering::SeqCst);
    ws.protocols([protocol.sec_websocket_protocol()])
        .on_upgrade(move |socket| connection(app, socket, protocol))
}

async fn connection(app: Arc<App>, socket: WebSocket, protocol: WebSocketProtocols) {
    let (mut sink, stream) = socket.split();
    let input = stream
        .take_while(|message| futures::future::ready(message.is_ok()))
        .filter_map(|message| {
            futures::future::ready(match message {
                Ok(Message::Text(text)) => Some(text.as_str().as_bytes().to_vec()),
                Ok(Message::Binary(bytes)) => Some(bytes.to_vec()),
                _ => None,
            })
        });
    let token = app.config.ws_token.clone();
    let mut output = GraphQLWebSocket::new(app.schema.clone(), input, protocol).on_connection_init(
        move |payload| {
            let token = token.clone();
            async move {
                // `{"token": ..}` in the init payload, when the server requires one.
                match token {
                    Some(token)
                        if payload.get("token").and_then(|t| t.as_str()) != Some(&token) =>
                    {
                        Err(async_graphql::Error::new(
                            "the init payload's token is refused",
                        ))
                    }
                    _ => Ok(async_graphql::Data::default()),
                }
            }
        },
    );
    let mut dropper = app.faults.drop_signal();
    dropper.borrow_and_update();
    let mut shutdown = app.shutdown.clone();
    let mut commands = app.faults.commands();
    loop {
        let message = tokio::select! {
            message = output.next() => match message {
                Some(WsMessage::Text(text)) => Message::Text(text.into()),
                Some(WsMessage::Close(code, reason)) => Message::Close(Some(CloseFrame {
                    code,
                    reason: reason.into(),
                })),
                None => Message::Close(None),
            },
            command = next_command(&mut commands) => match fault_message(command) {
                Some(message) => message,
                None => continue,
            },
            // Dropped without a close frame, as when the network path fails.
            _ = dropper.changed() => return,
            _ = shutdown.wait_for(|stop| *stop) => return,
        };
        let last = matches!(message, Message::Close(_));
        if sink.send(message).await.is_err() || last {
            return;
        }
    }
}

/// What a fault command sends on a connection that is not AppSync's: raw frames and close
/// frames (`None`: the command is AppSync's only).
pub(crate) fn fault_message(command: Command) -> Option<Message> {
    match command {
        Command::Raw(frame) => Some(Message::Text(frame.into())),
        Command::Close { code, reason } => Some(Message::Close(Some(CloseFrame {
            code,
            reason: reason.into(),
        }))),
        Command::ErrorSubscription { .. } => None,
    }
}
