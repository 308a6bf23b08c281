//! AppSync realtime subscriptions: the protocol codec and handshake over the
//! [`ws`](crate::ws) engine.
//!
//! - [`frames`]: the pure protocol (frames in and out, handshake encodings).
//! - [`AppSyncCodec`]: the [`Codec`](crate::ws::Codec) that authorizes every connection.
//! - [`RealtimeClient`] and `AppSyncClient::subscribe`: typed subscriptions
//!   ([`AppSyncSubscription`]).
//!
//! ```no_run
//! # use typed_graphql::{Operation, OperationKind, SubscriptionOperation};
//! # #[derive(serde::Deserialize, Debug)] struct OnAddTodoData {}
//! # struct OnAddTodo;
//! # impl Operation for OnAddTodo {
//! #     type Variables = ();
//! #     type Data = OnAddTodoData;
//! #     const KIND: OperationKind = OperationKind::Subscription;
//! #     const NAME: &'static str = "OnAddTodo";
//! #     const DOCUMENT: &'static str = "subscription OnAddTodo { onAddTodo { id } }";
//! # }
//! # impl SubscriptionOperation for OnAddTodo {}
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use futures::StreamExt;
//! use typed_graphql::appsync::{auth::AuthMode, http::AppSyncClient};
//! use typed_graphql::appsync::realtime::{AuthPlacement, SubscriptionEvent};
//!
//! let client = AppSyncClient::builder(
//!     "https://abcdefghijklmnopqrstuvwxyz.appsync-api.eu-west-1.amazonaws.com/graphql",
//!     AuthMode::api_key(std::env::var("AWS_GRAPHQL_API_KEY")?),
//! )
//! // The handshake placement, timings and limits are the builder's too.
//! .placement(AuthPlacement::Subprotocol)
//! .build()?;
//! let mut events = client.subscribe(&OnAddTodo::request(()));
//! while let Some(event) = events.next().await {
//!     match event? {
//!         SubscriptionEvent::Data(response) => println!("{:?}", response.into_result()?),
//!         // Events sent while the connection was down are lost: re-query here.
//!         SubscriptionEvent::Reconnected => {}
//!         // This loop fell behind and the oldest unread events were dropped: re-query here.
//!         SubscriptionEvent::Lagged { missed } => eprintln!("missed {missed} events"),
//!     }
//! }
//! # Ok(()) }
//! ```
//!
//! The connection's state is a stream too, for apps that refetch once after a gap rather than
//! per subscription:
//!
//! ```no_run
//! # async fn run(client: typed_graphql::appsync::http::AppSyncClient) {
//! use futures::StreamExt;
//! use typed_graphql::ws::ConnectionState;
//!
//! let mut states = client.connection_states();
//! while let Some(state) = states.next().await {
//!     match state {
//!         ConnectionState::Disrupted { cause } => eprintln!("realtime disrupted: {cause}"),
//!         ConnectionState::Reconnected => { /* refetch what the gap may have hidden */ }
//!         _ => {}
//!     }
//! }
//! # }
//! ```

mod client;
mod codec;
pub mod frames;

pub use crate::ws::SubscriptionEvent;
pub use client::{RealtimeClient, RealtimeClientBuilder};
pub use codec::{AppSyncCodec, AuthPlacement};

/// An AppSync subscription's typed events: the engine's [`Subscription`](crate::ws::Subscription).
pub type AppSyncSubscription<D> = crate::ws::Subscription<D>;
