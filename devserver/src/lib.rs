//! A local GraphQL server for typed-graphql's tests and examples, on a real engine
//! (async-graphql 7 + axum 0.8), started in-process.
//!
//! Two listeners on 127.0.0.1:
//! - [`DevServer::graphql_url`]: GraphQL over HTTP (`application/graphql-response+json` or
//!   `application/json`) and multipart subscriptions (Apollo's protocol) when `Accept` has
//!   `multipart/mixed`; [`DevServer::graphql_ws_url`]: GraphQL over WebSocket,
//!   `graphql-transport-ws` and legacy `graphql-ws` (async-graphql's implementations);
//!   [`DevServer::api_gateway_url`]: an AWS API Gateway WebSocket API emulation (no
//!   subprotocol echo, idle and maximum-duration closes, 128 KB messages, events pushed
//!   through the management API at [`DevServer::api_gateway_management_url`]);
//! - [`DevServer::appsync_url`] and [`DevServer::appsync_realtime_url`]: an AWS AppSync
//!   emulation: HTTP with API key / JWT / Lambda / IAM (SigV4, verified by re-signing) auth,
//!   and the realtime WebSocket protocol (auth object in the query string or a `header-`
//!   subprotocol) with AppSync's subscription semantics (events carry what the mutation
//!   selected, arguments filter on top-level fields).
//!
//! The schema is [`SCHEMA_SDL`] (AppSync dialect), served from an in-memory store seeded with
//! boards `b1` (Home), `b2` (Work) and todos `t1` (b1, "Buy milk"), `t2` (b2, "Write report").
//!
//! Test hooks in the data: `todo(id:)` with an id starting with `forbidden` fails (partial
//! data next to another root field, `data: null` alone); `updateTodo` of an unknown id fails; `login(user:)` sets `Set-Cookie: session=<user>`
//! and `me` reads it; `countdown(from:)` emits `from..=1` then ends; `failAfter(events:)` emits
//! `1..=events` then a transport-level error (multipart: `{"payload":null,"errors":[..]}`;
//! realtime: an `error` frame with errorType `StreamError`). A subscription on the GraphQL
//! endpoint without `multipart/mixed` in `Accept` is refused with 406 and a single JSON error
//! (`extensions.code` `SUBSCRIPTION_BAD_HEADER`, as Apollo Router answers).
//!
//! Mutations on either endpoint reach multipart `onAddTodo`/`onUpdateTodo` subscribers
//! (ordinary GraphQL semantics) and realtime subscribers (AppSync's semantics: what the
//! mutation selected). [`Faults`] and [`Stats`] steer and observe both.
//!
//! ```no_run
//! # async fn run() -> std::io::Result<()> {
//! let server = typed_graphql_devserver::DevServer::start().await?;
//! println!("{}", server.graphql_url());
//! # Ok(()) }
//! ```
#![warn(missing_docs)]
#![forbid(unsafe_code)]

mod api_gateway;
mod appsync;
mod config;
mod graphql_http;
mod graphql_ws;
mod multipart;
mod operation;
mod schema;
mod server;
mod state;
mod store;

pub use api_gateway::ApiGatewaySubscription;
pub use appsync::control_plane::APPSYNC_API_ID;
pub use config::{Config, IamCredentials};
pub use server::DevServer;
pub use state::{Faults, Stats};

/// The schema in AWS AppSync's SDL dialect (AppSync scalars, `@aws_subscribe`): what the
/// `#[graphql]` macro reads for operations against this server.
pub const SCHEMA_SDL: &str = include_str!("../schema.graphql");

/// The SDL async-graphql prints for the executable schema (standard dialect, no AppSync
/// directives); tests compare it with [`SCHEMA_SDL`].
pub fn engine_sdl() -> String {
    schema::build(std::sync::Arc::new(store::Store::seeded())).sdl()
}
