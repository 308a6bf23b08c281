//! AWS AppSync: HTTP operations and realtime WebSocket subscriptions, every auth mode.
//!
//! - [`auth`]: API key, Cognito user pools / OIDC JWT, Lambda authorizer tokens and IAM (SigV4),
//!   with providers that are asked again for every request and connection.
//! - [`control_plane`]: AppSync's management API, for the schema with its directives
//!   (`GetIntrospectionSchema`).
//! - [`endpoint`]: the AppSync endpoint's URLs (GraphQL, realtime, custom domains), host and
//!   region.
//! - [`http`]: [`AppSyncClient`](http::AppSyncClient), queries and mutations over HTTP.
//! - [`realtime`]: AppSync's realtime protocol as a codec over the [`ws`](crate::ws) engine:
//!   `AppSyncClient::subscribe` and the configurable [`RealtimeClient`](realtime::RealtimeClient).

pub mod auth;
pub mod control_plane;
pub mod endpoint;
mod error;
pub mod http;
pub mod realtime;

pub use error::{AppSyncError, ServerError};
