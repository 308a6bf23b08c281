//! The request a transport sends: document, operation name and variables.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::ser::{Error as _, SerializeMap};
use serde::Serialize;

use crate::error::Error;
use crate::operation::Operation;

/// A request for operation `Op`: serialises as the GraphQL-over-HTTP body
/// `{"query": ..., "operationName": ..., "variables": ..., "extensions": ...}`.
///
/// `operationName` is left out for an anonymous operation, and `variables` when they serialise
/// to `null` (an operation without variables): never `"variables": null`. Variables that are
/// neither an object nor `null` cannot be sent ([`Error::Request`] when sending).
///
/// Typed requests come from [`Operation::request`]; requests for documents known only at run
/// time from [`untyped`](crate::untyped).
pub struct Request<Op: Operation> {
    /// The operation's variables.
    pub variables: Op::Variables,
    /// Optional `extensions` (e.g. persisted-query hashes), sent when set.
    pub extensions: Option<serde_json::Map<String, serde_json::Value>>,
    document: Cow<'static, str>,
    operation_name: Option<Cow<'static, str>>,
    op: PhantomData<fn() -> Op>,
}

impl<Op: Operation> Request<Op> {
    /// A request for `Op`'s own document and name with these variables.
    pub fn new(variables: Op::Variables) -> Self {
        Request::with_document(
            Cow::Borrowed(Op::DOCUMENT),
            Some(Cow::Borrowed(Op::NAME)),
            variables,
        )
    }

    /// A request carrying `document` and `operation_name` instead of `Op`'s own.
    pub(crate) fn with_document(
        document: Cow<'static, str>,
        operation_name: Option<Cow<'static, str>>,
        variables: Op::Variables,
    ) -> Self {
        Request {
            variables,
            extensions: None,
            document,
            operation_name,
            op: PhantomData,
        }
    }

    /// The document sent (for a typed operation: the operation plus the fragments it uses).
    pub fn document(&self) -> &str {
        &self.document
    }

    /// The operation's name, sent as `operationName`; `None` for an anonymous untyped one.
    pub fn operation_name(&self) -> Option<&str> {
        self.operation_name.as_deref()
    }

    pub(crate) fn set_operation_name(&mut self, name: Option<Cow<'static, str>>) {
        self.operation_name = name;
    }

    /// The request's JSON body, as transports send it (also the `payload` of WebSocket
    /// protocols' start frames).
    ///
    /// [`Error::Request`] when the variables cannot be serialised or are not a JSON object.
    pub fn to_json(&self) -> Result<String, Error> {
        self.body_json(Carried::default())
    }

    /// [`to_json`](Request::to_json) of the body carrying what `carried` says.
    pub(crate) fn body_json(&self, carried: Carried<'_>) -> Result<String, Error> {
        serde_json::to_string(&self.body(carried)).map_err(|source| Error::Request {
            reason: "the variables could not be serialised as a JSON object".to_owned(),
            source: Box::new(source),
        })
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
            document: self.document.clone(),
            operation_name: self.operation_name.clone(),
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
            .field("operation_name", &self.operation_name)
            .field("variables", &self.variables)
            .finish_non_exhaustive()
    }
}

impl<Op: Operation> Serialize for Request<Op> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.body(Carried::default()).serialize(serializer)
    }
}

/// What a request's body carries besides its operation name and variables: the document unless
/// a persisted query leaves it out, a `documentId`, and extra `extensions` members.
#[derive(Clone, Copy)]
pub(crate) struct Carried<'a> {
    /// Whether `query` (the document) is sent.
    pub(crate) query: bool,
    /// `documentId`, sent before `operationName` when set.
    pub(crate) document_id: Option<&'a str>,
    /// A member added to the request's own `extensions` (`persistedQuery`).
    pub(crate) extension: Option<(&'a str, &'a serde_json::Value)>,
}

impl Default for Carried<'_> {
    fn default() -> Self {
        Carried {
            query: true,
            document_id: None,
            extension: None,
        }
    }
}

/// A request serialised with what [`Carried`] says.
pub(crate) struct Body<'a, Op: Operation> {
    request: &'a Request<Op>,
    carried: Carried<'a>,
}

impl<Op: Operation> Request<Op> {
    /// The body carrying what `carried` says (persisted queries).
    pub(crate) fn body<'a>(&'a self, carried: Carried<'a>) -> Body<'a, Op> {
        Body {
            request: self,
            carried,
        }
    }
}

impl<Op: Operation> Serialize for Body<'_, Op> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Body { request, carried } = self;
        // Serialised once up front, kept byte for byte (key order included): `null` variables
        // (`()`, `None`) are left out and a non-object is refused before anything is sent.
        let variables =
            serde_json::value::to_raw_value(&request.variables).map_err(S::Error::custom)?;
        let text = variables.get();
        let sent = match text.as_bytes().first() {
            Some(b'{') => true,
            Some(b'n') => false,
            _ => {
                return Err(S::Error::custom(format!(
                    "GraphQL variables must be a JSON object, not `{}`",
                    crate::error::excerpt(text.as_bytes(), 40)
                )))
            }
        };
        let mut map = serializer.serialize_map(None)?;
        if carried.query {
            map.serialize_entry("query", &*request.document)?;
        }
        if let Some(id) = carried.document_id {
            map.serialize_entry("documentId", id)?;
        }
        if let Some(name) = &request.operation_name {
            map.serialize_entry("operationName", &**name)?;
        }
        if sent {
            map.serialize_entry("variables", &variables)?;
        }
        match (&request.extensions, carried.extension) {
            (extensions, Some((name, value))) => {
                let mut extensions = extensions.clone().unwrap_or_default();
                extensions.insert(name.to_owned(), value.clone());
                map.serialize_entry("extensions", &extensions)?;
            }
            (Some(extensions), None) => map.serialize_entry("extensions", extensions)?,
            (None, None) => {}
        }
        map.end()
    }
}
