//! GraphQL over HTTP: queries and mutations with reqwest (rustls, no OpenSSL).
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use typed_graphql::http::HttpClient;
//! let client = HttpClient::builder("http://127.0.0.1:4000/graphql")
//!     .bearer_auth("my-token")
//!     .cookie_store(true)
//!     .build()?;
//! // let response = client.execute(&MyQuery::request(vars)).await?;
//! # let _ = client; Ok(()) }
//! ```
//!
//! - [`HttpClient::execute`] sends a query or mutation (a subscription is a compile error) and
//!   decodes the typed [`Response`](crate::Response), keeping partial data and errors.
//! - [`HttpClient::execute_with`] adds per-request headers.
//! - [`HttpClient::execute_raw`] sends an already-serialised body: for transports that sign the
//!   exact bytes (AppSync's SigV4) or send something else than a [`Request`](crate::Request).
//! - A [`RequestHook`] computes headers from the final body for every request (tokens that
//!   expire, signatures).
//!
//! How answers map to results is described in [`HttpClient::execute`].
//!
//! The operation kind is checked at compile time. Subscribing to a subscription compiles:
//!
//! ```no_run
//! # use typed_graphql::{Operation, OperationKind, SubscriptionOperation, http::HttpClient};
//! struct OnTodo;
//! impl Operation for OnTodo {
//!     type Variables = ();
//!     type Data = ();
//!     const KIND: OperationKind = OperationKind::Subscription;
//!     const NAME: &'static str = "OnTodo";
//!     const DOCUMENT: &'static str = "subscription OnTodo { onAddTodo { id } }";
//! }
//! impl SubscriptionOperation for OnTodo {}
//! # #[cfg(feature = "multipart")]
//! fn run(client: HttpClient) {
//!     let _events = client.subscribe(&OnTodo::request(()));
//! }
//! ```
//!
//! but executing it as a request/response call does not:
//!
//! ```compile_fail,E0277
//! # use typed_graphql::{Operation, OperationKind, SubscriptionOperation, http::HttpClient};
//! struct OnTodo;
//! impl Operation for OnTodo {
//!     type Variables = ();
//!     type Data = ();
//!     const KIND: OperationKind = OperationKind::Subscription;
//!     const NAME: &'static str = "OnTodo";
//!     const DOCUMENT: &'static str = "subscription OnTodo { onAddTodo { id } }";
//! }
//! impl SubscriptionOperation for OnTodo {}
//! async fn run(client: HttpClient) {
//!     let _ = client.execute(&OnTodo::request(())).await;
//! }
//! ```

mod classify;
pub(crate) mod client;
mod hook;
mod persisted;

/// The body type of [`HttpClient::execute_raw`] (the `bytes` crate's).
pub use bytes::Bytes;
pub use client::{BuildError, HttpClient, HttpClientBuilder, DEFAULT_MAX_RESPONSE_BYTES};
pub use hook::{OutgoingRequest, RequestHook};
pub use persisted::PersistedQueries;
/// Header types used in this module's API (reqwest's re-export of the `http` crate's).
pub use reqwest::header;

// Used by the multipart transport.
#[cfg(feature = "multipart")]
pub(crate) use classify::{starts_like_object, EXCERPT_CHARS};
