//! AppSync realtime subscriptions: the protocol codec and handshake over the
//! [`ws`](crate::ws) engine.
//!
//! - [`frames`]: the pure protocol (frames in and out, handshake encodings).
//! - [`AppSyncCodec`]: the [`Codec`](crate::ws::Codec) that authorizes every connection.
//! - [`RealtimeClient`] and `AppSyncClient::subscribe`: typed subscriptions
//!   ([`AppSyncSubscription`]).

mod client;
mod codec;
pub mod frames;
mod stream;

pub use client::{RealtimeClient, RealtimeClientBuilder};
pub use codec::{AppSyncCodec, AuthPlacement};
pub use stream::{AppSyncSubscription, SubscriptionEvent};
