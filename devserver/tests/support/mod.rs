//! Helpers shared by the AppSync tests: raw frames over tokio-tungstenite, HTTP with reqwest.
#![allow(dead_code)]

use std::time::Duration;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use futures::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};
use typed_graphql_devserver::{Config, DevServer};

pub type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

pub const KEY: &str = "da2-testkey";

pub fn keyed() -> Config {
    Config {
        api_key: Some(KEY.into()),
        jwt: Some("eyJ.jwt.sig".into()),
        lambda_token: Some("lambda-allow".into()),
        ..Config::default()
    }
}

pub fn auth(server: &DevServer) -> Value {
    json!({"host": server.appsync_addr().to_string(), "x-api-key": KEY})
}

pub async fn http(server: &DevServer, headers: &[(&str, &str)], body: Value) -> (u16, Value) {
    let mut request = reqwest::Client::new()
        .post(server.appsync_url())
        .json(&body);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

pub async fn connect_with(url: String, protocols: &str) -> Socket {
    let mut request = url.into_client_request().unwrap();
    request.headers_mut().insert(
        "sec-websocket-protocol",
        HeaderValue::from_str(protocols).unwrap(),
    );
    let (socket, response) = tokio_tungstenite::connect_async(request).await.unwrap();
    assert_eq!(response.headers()["sec-websocket-protocol"], "graphql-ws");
    socket
}

/// Connects with the auth object in the query string (`?header=<base64>&payload=e30=`).
pub async fn connect_query(server: &DevServer, object: &Value) -> Socket {
    let header = STANDARD.encode(object.to_string());
    let url = format!(
        "{}?header={header}&payload=e30=",
        server.appsync_realtime_url()
    );
    connect_with(url, "graphql-ws").await
}

pub async fn next_json(socket: &mut Socket) -> Value {
    loop {
        let frame = tokio::time::timeout(Duration::from_secs(5), socket.next())
            .await
            .expect("a frame within 5 s")
            .expect("the socket is open")
            .unwrap();
        match frame {
            Message::Text(text) => return serde_json::from_str(text.as_str()).unwrap(),
            Message::Close(_) => return json!({"closed": true}),
            _ => continue,
        }
    }
}

/// The next frame that is not a `ka`.
pub async fn next_message(socket: &mut Socket) -> Value {
    loop {
        let message = next_json(socket).await;
        if message["type"] != "ka" {
            return message;
        }
    }
}

pub async fn send(socket: &mut Socket, message: Value) {
    socket
        .send(Message::Text(message.to_string().into()))
        .await
        .unwrap();
}

pub async fn init(socket: &mut Socket) -> Value {
    send(socket, json!({"type": "connection_init"})).await;
    next_message(socket).await
}

pub async fn start(
    socket: &mut Socket,
    id: &str,
    query: &str,
    variables: Value,
    auth: &Value,
) -> Value {
    let data = json!({"query": query, "variables": variables}).to_string();
    send(
        socket,
        json!({"id": id, "type": "start", "payload": {
            "data": data, "extensions": {"authorization": auth}
        }}),
    )
    .await;
    next_message(socket).await
}

pub const ON_ADD: &str = "subscription S($b: ID) { onAddTodo(boardId: $b) { id title boardId } }";

pub async fn add_todo(server: &DevServer, board: &str, selection: &str) -> Value {
    let (status, body) = http(
        server,
        &[("x-api-key", KEY)],
        json!({"query": format!(
            "mutation {{ created: addTodo(input: {{boardId: \"{board}\", title: \"on {board}\"}}) {{ {selection} }} }}"
        )}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    body
}
