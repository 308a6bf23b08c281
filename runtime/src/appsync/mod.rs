//! AWS AppSync: HTTP operations and realtime WebSocket subscriptions, every auth mode.
//!
//! - [`auth`]: API key, Cognito user pools / OIDC JWT, Lambda authorizer tokens and IAM (SigV4),
//!   with providers that are asked again for every request and connection.
//! - [`endpoint`]: the AppSync endpoint's URLs (GraphQL, realtime, custom domains), host and
//!   region.
//! - [`AppSyncClient`]: queries and mutations over HTTP, subscriptions over the realtime
//!   WebSocket.
//! - [`realtime`]: AppSync's realtime protocol as a codec over the [`ws`](crate::ws) engine.

pub mod auth;
mod client;
pub mod endpoint;
mod error;
pub mod realtime;

pub use client::{AppSyncBuildError, AppSyncClient, AppSyncClientBuilder};
pub use error::{AppSyncError, ServerError};
pub use realtime::{AppSyncSubscription, AuthPlacement, SubscriptionEvent};
