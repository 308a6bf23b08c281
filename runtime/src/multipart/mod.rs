//! Subscriptions over multipart/mixed HTTP responses (Apollo's subscription protocol).
//!
//! [`HttpClient::subscribe`](crate::http::HttpClient::subscribe) sends the subscription with
//! `Accept: multipart/mixed;subscriptionSpec=1.0, application/json` and gives a
//! [`Subscription`] stream of typed events. The framing is read by [`Parser`], a pure
//! incremental parser (bytes in, parts out) that works with any chunking, boundary (taken
//! from the response's `Content-Type`, quoted or not; `graphql` by default), CRLF or LF line
//! ends, strawberry's heartbeat-before-the-first-delimiter and empty last part, and a bounded
//! part size.
//!
//! Part bodies: `{}` is a heartbeat (skipped); `{"payload": {...}}` an event;
//! `{"payload": null, "errors": [...]}` ends the stream with
//! [`Error::SubscriptionTransport`](crate::Error::SubscriptionTransport); the closing boundary
//! ends it cleanly; a connection that ends without it is
//! [`Error::StreamEndedEarly`](crate::Error::StreamEndedEarly).

mod content_type;
mod message;
pub mod parser;
mod stream;

pub use content_type::boundary_from_content_type;
pub use message::{interpret, Message};
pub use parser::{Event, FramingError, Parser, Part};
pub use stream::Subscription;
pub(crate) use stream::SubscriptionConfig;
