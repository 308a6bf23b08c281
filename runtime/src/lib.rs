#![doc = include_str!("guide.md")]
#![warn(missing_docs)]
#![forbid(unsafe_code)]

#[doc(inline)]
pub use typed_graphql_macros::graphql;

mod decode;
pub mod error;
mod maybe;
pub mod operation;
mod private_de;
pub mod request;
pub mod response;
pub mod scalars;
pub mod untyped;

#[cfg(feature = "appsync")]
pub mod appsync;
#[cfg(feature = "http")]
pub mod http;
#[cfg(feature = "multipart")]
pub mod multipart;
#[cfg(feature = "websocket")]
pub mod websocket;
#[cfg(feature = "ws")]
pub mod ws;

pub use decode::{decode, decode_value, DecodeError};
pub use error::{BoxError, Error};
pub use maybe::Maybe;
pub use operation::{Executable, Operation, OperationKind, SubscriptionOperation};
pub use request::Request;
pub use response::{ErrorLocation, GraphQLError, GraphQLErrors, JsonMap, PathSegment, Response};
pub use scalars::Id;

/// What using an operation usually needs, in one import: `use typed_graphql::prelude::*;`.
///
/// [`Operation`] for `MyQuery::request(...)`, and [`StreamExt`](futures::StreamExt) for
/// `events.next().await` on subscription streams, so that no direct `futures` dependency is
/// needed.
pub mod prelude {
    pub use crate::operation::{Executable, Operation, SubscriptionOperation};
    pub use crate::response::Response;
    pub use crate::Error;
    pub use futures::{Stream, StreamExt};
}

/// The repository's README: its Rust blocks are doctests, so every snippet it shows compiles
/// against this crate (paths like `graphql/schema.graphql` resolve in `runtime/graphql/`, a link
/// to the examples' files).
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;

/// What generated code refers to. Not a public API: it may change in any release.
#[doc(hidden)]
pub mod __private {
    pub use serde;
    pub use serde_json;

    pub use crate::private_de::{
        enum_value, field, fields, object, skip, take, Fields, Keys, Object, MAX_TUPLE_FIELDS,
    };
}
