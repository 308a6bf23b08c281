//! Endpoint 2: an AWS AppSync emulation. HTTP with API key / JWT / Lambda auth, and the
//! realtime WebSocket protocol where mutations sent over HTTP reach `@aws_subscribe`
//! subscriptions with AppSync's semantics (see [`projection`]), and the control plane's
//! `GetIntrospectionSchema` ([`control_plane`]).

mod auth;
pub(crate) mod control_plane;
pub(crate) mod http;
mod model;
mod projection;
mod publish;
pub(crate) mod realtime;
mod selection;
mod sigv4;

use std::sync::Arc;

use tokio::sync::broadcast;

pub(crate) use model::model;
pub(crate) use publish::{mutation_results, Published};

/// Fan-out of mutation results to realtime subscriptions.
pub(crate) struct Hub {
    sender: broadcast::Sender<Arc<Published>>,
}

impl Default for Hub {
    fn default() -> Self {
        Hub {
            sender: broadcast::channel(1024).0,
        }
    }
}

impl Hub {
    pub(crate) fn publish(&self, published: Published) {
        // No receiver is fine: nobody subscribed.
        let _ = self.sender.send(Arc::new(published));
    }

    pub(crate) fn subscribe(&self) -> broadcast::Receiver<Arc<Published>> {
        self.sender.subscribe()
    }
}
