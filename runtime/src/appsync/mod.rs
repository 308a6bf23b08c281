//! AWS AppSync: HTTP operations and realtime WebSocket subscriptions, every auth mode.
//!
//! - [`auth`]: API key, Cognito user pools / OIDC JWT, Lambda authorizer tokens and IAM (SigV4),
//!   with providers that are asked again for every request and connection.
//! - [`realtime`]: AppSync's realtime protocol as a codec over the [`ws`](crate::ws) engine.

pub mod auth;
pub mod realtime;
