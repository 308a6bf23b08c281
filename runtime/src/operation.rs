//! Operations: what the `#[graphql]` macro generates for each query, mutation and subscription.

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::request::Request;

/// Which kind of operation a type is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OperationKind {
    /// `query`
    Query,
    /// `mutation`
    Mutation,
    /// `subscription`
    Subscription,
}

/// A typed GraphQL operation: its document, name, variables and response data.
///
/// Implemented by the types the `#[graphql]` macro generates. Transports take
/// [`Request`]s of an operation and give back [`Response`](crate::Response)s of its `Data`.
pub trait Operation: Sized {
    /// The variables struct (an empty struct, serialised as `{}`, when the operation declares none).
    type Variables: Serialize;
    /// The response data (the operation's selection set, typed).
    type Data: DeserializeOwned;
    /// Query, mutation or subscription.
    const KIND: OperationKind;
    /// The operation's name, sent as `operationName`.
    const NAME: &'static str;
    /// The document sent to the server: this operation plus exactly the fragments it uses.
    const DOCUMENT: &'static str;
    /// The SHA-256 of [`DOCUMENT`](Operation::DOCUMENT), 64 lowercase hex digits: the id of the
    /// document for persisted queries (see [`http::PersistedQueries`](crate::http)). The macro
    /// computes it at build time, and `typed-graphql manifest` writes the same value. `None` for
    /// operations written by hand: persisted modes then send the whole document (automatic
    /// persisted queries) or refuse the request (trusted documents).
    const DOCUMENT_SHA256: Option<&'static str> = None;

    /// A request for this operation with these variables.
    fn request(variables: Self::Variables) -> Request<Self> {
        Request::new(variables)
    }
}

/// A query or a mutation: sent with one request, answered with one response.
///
/// Subscriptions do not implement it, so sending one through a request/response call is a
/// compile error.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a query or a mutation, so it cannot be executed with a request/response call",
    label = "a subscription: it delivers a stream of events",
    note = "receive subscription events with a subscription transport's `subscribe(...)`"
)]
pub trait Executable: Operation {}

/// A subscription: answered with a stream of responses.
///
/// Queries and mutations do not implement it, so subscribing to one is a compile error.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a subscription, so it cannot be subscribed to",
    label = "a query or mutation: it is answered once",
    note = "run queries and mutations with a transport's `execute(...)`"
)]
pub trait SubscriptionOperation: Operation {}
