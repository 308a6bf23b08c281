//! GraphQL over WebSocket for any server: `graphql-transport-ws` (the `graphql-ws`
//! library: Apollo Server, GraphQL Yoga, Hasura, async-graphql, Strawberry), the legacy
//! `graphql-ws` protocol (Apollo's `subscriptions-transport-ws`), and API Gateway WebSocket
//! APIs (the legacy protocol behind a gateway that echoes no subprotocol).
//!
//! Each protocol is a small codec ([`frames`]) on the [`ws`](crate::ws) engine, which runs
//! the lifecycle for all of them (and for AppSync): one shared connection, keep-alives,
//! reconnection with backoff and resubscription, typed errors.
//!
//! ```no_run
//! # #[typed_graphql::graphql(schema = "../devserver/schema.graphql", query = r#"
//! #   subscription Countdown($from: Int!) { countdown(from: $from) }
//! # "#)]
//! # pub mod ops {}
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use futures::StreamExt;
//! use typed_graphql::websocket::{Protocol, WebSocketClient};
//! use typed_graphql::ws::SubscriptionEvent;
//!
//! let client = WebSocketClient::builder("ws://127.0.0.1:4000/graphql", Protocol::GraphqlTransportWs)
//!     // Called again on every reconnection: fresh tokens.
//!     .init_payload_with(|| async { Ok(Some(serde_json::json!({"token": "..."}))) })
//!     .build()?;
//! let mut events = client.subscribe(&ops::Countdown::request(ops::countdown::Variables { from: 3 }));
//! while let Some(event) = events.next().await {
//!     match event? {
//!         SubscriptionEvent::Data(response) => println!("{:?}", response.into_result()?),
//!         SubscriptionEvent::Reconnected => { /* events may have been missed: re-query */ }
//!         SubscriptionEvent::Lagged { missed } => eprintln!("dropped {missed} unread events"),
//!     }
//! }
//! # Ok(()) }
//! ```

mod client;
mod codec;
pub mod frames;

use std::time::Duration;

pub use client::{WebSocketClient, WebSocketClientBuilder};
pub use codec::InitPayload;

use crate::ws::WsConfig;

/// The protocol a server speaks over its WebSocket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Protocol {
    /// `graphql-transport-ws`, the `graphql-ws` library's protocol (subprotocol
    /// `graphql-transport-ws`): `connection_init`/`connection_ack`, `ping`/`pong` both ways,
    /// `subscribe`/`next`/`error`/`complete`. Close codes 44xx are typed errors.
    GraphqlTransportWs,
    /// The legacy `graphql-ws` protocol of Apollo's `subscriptions-transport-ws` (subprotocol
    /// `graphql-ws`): `start`/`data`/`error`/`complete`/`stop`, `ka` keep-alives,
    /// `connection_error` for a refused init.
    LegacyGraphqlWs,
    /// An AWS API Gateway WebSocket API speaking the legacy protocol. The gateway does not
    /// echo `Sec-WebSocket-Protocol`, so none is requested (a client that asks for one fails
    /// the handshake); auth goes in headers or the query string of the upgrade
    /// ([`header`](WebSocketClientBuilder::header), [`query`](WebSocketClientBuilder::query)),
    /// and in the init payload if the backend reads it. The gateway closes idle connections
    /// after 10 minutes (the client sends a keep-alive message every 5 minutes by default,
    /// [`keep_alive_message`](WebSocketClientBuilder::keep_alive_message)) and every
    /// connection after 2 hours: a normal reconnection and resubscription
    /// ([`SubscriptionEvent::Reconnected`](crate::ws::SubscriptionEvent)), not an error.
    /// Messages are limited to 128 KB.
    ApiGateway,
}

impl Protocol {
    /// The `Sec-WebSocket-Protocol` the client requests (`None`: none, for API Gateway).
    pub fn subprotocol(self) -> Option<&'static str> {
        match self {
            Protocol::GraphqlTransportWs => Some(frames::transport_ws::SUBPROTOCOL),
            Protocol::LegacyGraphqlWs => Some(frames::legacy::SUBPROTOCOL),
            Protocol::ApiGateway => None,
        }
    }

    /// The engine settings a new client starts from: [`WsConfig::default`], with, for
    /// `graphql-transport-ws`, a client `ping` every 10 s (a `pong` due within 20 s, else the
    /// connection counts as lost); for API Gateway, the keep-alive message every 5 minutes
    /// and its 128 KB message limit.
    pub fn default_config(self) -> WsConfig {
        let base = WsConfig::default();
        match self {
            Protocol::GraphqlTransportWs => WsConfig {
                ping_interval: Some(Duration::from_secs(10)),
                ..base
            },
            Protocol::LegacyGraphqlWs => base,
            Protocol::ApiGateway => WsConfig {
                ping_interval: Some(Duration::from_secs(300)),
                max_message_size: 128 * 1024,
                ..base
            },
        }
    }
}
