//! The request a transport sends: document, operation name and typed variables.

use std::fmt;
use std::marker::PhantomData;

use serde::ser::SerializeMap;
use serde::Serialize;

use crate::operation::Operation;

/// A request for operation `Op`: serialises as the GraphQL-over-HTTP body
/// `{"query": ..., "operationName": ..., "variables": ...}`.
pub struct Request<Op: Operation> {
    /// The operation's variables.
    pub variables: Op::Variables,
    /// Optional `extensions` (e.g. persisted-query hashes), sent when set.
    pub extensions: Option<serde_json::Map<String, serde_json::Value>>,
    op: PhantomData<fn() -> Op>,
}

impl<Op: Operation> Request<Op> {
    /// A request with these variables.
    pub fn new(variables: Op::Variables) -> Self {
        Request {
            variables,
            extensions: None,
            op: PhantomData,
        }
    }

    /// The document sent (the operation plus the fragments it uses).
    pub fn document(&self) -> &'static str {
        Op::DOCUMENT
    }

    /// The operation's name.
    pub fn operation_name(&self) -> &'static str {
        Op::NAME
    }
}

impl<Op: Operation> Clone for Request<Op>
where
    Op::Variables: Clone,
{
    fn clone(&self) -> Self {
        Request {
            variables: self.variables.clone(),
            extensions: self.extensions.clone(),
            op: PhantomData,
        }
    }
}

impl<Op: Operation> fmt::Debug for Request<Op>
where
    Op::Variables: fmt::Debug,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("operation_name", &Op::NAME)
            .field("variables", &self.variables)
            .finish_non_exhaustive()
    }
}

impl<Op: Operation> Serialize for Request<Op> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("query", Op::DOCUMENT)?;
        map.serialize_entry("operationName", Op::NAME)?;
        map.serialize_entry("variables", &self.variables)?;
        if let Some(extensions) = &self.extensions {
            map.serialize_entry("extensions", extensions)?;
        }
        map.end()
    }
}
