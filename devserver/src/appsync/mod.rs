//! Endpoint 2: an AWS AppSync emulation (HTTP with auth, realtime WebSocket).

pub(crate) mod http;
pub(crate) mod realtime;

/// Fan-out of mutation results to realtime subscriptions.
#[derive(Default)]
pub(crate) struct Hub {}
