#![doc = include_str!("guide.md")]
#![warn(missing_docs)]
#![forbid(unsafe_code)]

pub use typed_graphql_macros::graphql;

mod decode;
pub mod error;
mod maybe;
pub mod operation;
mod private_de;
pub mod request;
pub mod response;
pub mod scalars;

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

/// What generated code refers to. Not a public API: it may change in any release.
#[doc(hidden)]
pub mod __private {
    pub use serde;
    pub use serde_json;

    pub use crate::private_de::{
        enum_value, field, fields, object, skip, take, Fields, Keys, Object, MAX_TUPLE_FIELDS,
    };
}
