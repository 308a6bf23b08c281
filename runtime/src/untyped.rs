//! Documents known only at run time: untyped requests with JSON variables and
//! [`serde_json::Value`] data, for every transport.
//!
//! The typed transports' methods take them as they take generated operations: an untyped
//! query or mutation is [`Executable`], an untyped subscription a [`SubscriptionOperation`].
//! Pick the kind with a constructor ([`query`], [`mutation`], [`subscription`]) or let
//! [`UntypedRequest::new`] read it from the document:
//!
//! ```no_run
//! # async fn run(client: typed_graphql::http::HttpClient) -> Result<(), Box<dyn std::error::Error>> {
//! use typed_graphql::untyped::{self, json, UntypedRequest};
//! use typed_graphql::prelude::*;
//!
//! // The kind is known: a constructor.
//! let request = untyped::query("query Todo($id: ID!) { todo(id: $id) { title } }")
//!     .with_variables(json!({ "id": "t1" }));
//! let response = client.execute(&request).await?;
//! println!("{}", response.data.unwrap_or_default()["todo"]["title"]);
//!
//! // A document from a file or a user: its kind decides how it runs.
//! let document = std::fs::read_to_string("operation.graphql")?;
//! match UntypedRequest::new(document, None)? {
//!     UntypedRequest::Query(request) => println!("{:?}", client.execute(&request).await?),
//!     UntypedRequest::Mutation(request) => println!("{:?}", client.execute(&request).await?),
//!     UntypedRequest::Subscription(request) => {
//!         let mut events = client.subscribe(&request);
//!         while let Some(event) = events.next().await {
//!             println!("{:?}", event?.data);
//!         }
//!     }
//! }
//! # Ok(()) }
//! ```
//!
//! Nothing is validated on the client: the server answers with errors for a document that is
//! not valid against its schema. What is sent matches gql and graphql-request: an anonymous
//! operation sends no `operationName`, a request without variables no `variables` key.

use std::borrow::Cow;
use std::fmt;

/// serde_json's `json!` and `Value`, so that one dependency is enough for untyped requests.
pub use serde_json::{json, Value};

use crate::operation::{Executable, Operation, OperationKind, SubscriptionOperation};
use crate::request::Request;

/// The variables of an untyped request: a JSON object, or `null` for none (then no `variables`
/// key is sent).
pub type Variables = Value;

/// An untyped query: any document, `serde_json::Value` data. See [`query`].
///
/// It has no document of its own: build its requests with [`query`] or
/// [`UntypedRequest::new`], not with [`Operation::request`] (which would send an empty one).
#[derive(Debug)]
pub enum UntypedQuery {}

/// An untyped mutation: any document, `serde_json::Value` data. See [`mutation`].
///
/// Build its requests with [`mutation`] or [`UntypedRequest::new`].
#[derive(Debug)]
pub enum UntypedMutation {}

/// An untyped subscription: any document, `serde_json::Value` events. See [`subscription`].
///
/// Build its requests with [`subscription`] or [`UntypedRequest::new`].
#[derive(Debug)]
pub enum UntypedSubscription {}

/// The three untyped operation kinds. Sealed: only this module's types implement it.
pub trait UntypedOperation:
    Operation<Variables = Variables, Data = Value> + sealed::Sealed
{
}

mod sealed {
    pub trait Sealed {}
}

macro_rules! untyped_operation {
    ($ty:ident, $kind:ident) => {
        impl Operation for $ty {
            type Variables = Variables;
            type Data = Value;
            const KIND: OperationKind = OperationKind::$kind;
            const NAME: &'static str = "";
            const DOCUMENT: &'static str = "";
        }
        impl sealed::Sealed for $ty {}
        impl UntypedOperation for $ty {}
    };
}

untyped_operation!(UntypedQuery, Query);
untyped_operation!(UntypedMutation, Mutation);
untyped_operation!(UntypedSubscription, Subscription);

// Written out (not in the macro) so that the compiler's "other types implement" notes on a
// kind mismatch show these lines, not a macro expansion.
impl Executable for UntypedQuery {}
impl Executable for UntypedMutation {}
impl SubscriptionOperation for UntypedSubscription {}

fn untyped<Op: UntypedOperation>(document: impl Into<Cow<'static, str>>) -> Request<Op> {
    Request::with_document(document.into(), None, Value::Null)
}

/// A request running `document` as a query: anonymous and without variables until
/// [`with_operation_name`](Request::with_operation_name) and
/// [`with_variables`](Request::with_variables) say otherwise.
pub fn query(document: impl Into<Cow<'static, str>>) -> Request<UntypedQuery> {
    untyped(document)
}

/// A request running `document` as a mutation; see [`query`].
pub fn mutation(document: impl Into<Cow<'static, str>>) -> Request<UntypedMutation> {
    untyped(document)
}

/// A request subscribing with `document`; see [`query`].
pub fn subscription(document: impl Into<Cow<'static, str>>) -> Request<UntypedSubscription> {
    untyped(document)
}

impl<Op: UntypedOperation> Request<Op> {
    /// Sends these variables: a JSON object (`json!({"id": "1"})`), or `null` for none.
    pub fn with_variables(mut self, variables: Value) -> Self {
        self.variables = variables;
        self
    }

    /// Runs the operation of the document with this name (sent as `operationName`): needed
    /// when the document holds several operations.
    pub fn with_operation_name(mut self, name: impl Into<Cow<'static, str>>) -> Self {
        self.set_operation_name(Some(name.into()));
        self
    }
}

/// An untyped request whose kind was read from its document: run the first two with a
/// transport's `execute`, subscribe with the third.
#[derive(Debug, Clone)]
pub enum UntypedRequest {
    /// The operation is a query.
    Query(Request<UntypedQuery>),
    /// The operation is a mutation.
    Mutation(Request<UntypedMutation>),
    /// The operation is a subscription.
    Subscription(Request<UntypedSubscription>),
}

impl UntypedRequest {
    /// Finds the operation to run in `document`, as a GraphQL server does: the one named
    /// `operation_name`, or the only one when no name is given. The request carries the
    /// operation's name (none for an anonymous operation) and no variables.
    ///
    /// Only the document's outline is read (operation keywords and names outside braces): it
    /// is not validated, the server does that.
    pub fn new(
        document: impl Into<Cow<'static, str>>,
        operation_name: Option<&str>,
    ) -> Result<UntypedRequest, DocumentError> {
        let document = document.into();
        let operations = outline(&document)?;
        let chosen = match operation_name {
            Some(wanted) => operations
                .iter()
                .find(|op| op.name.as_deref() == Some(wanted))
                .ok_or_else(|| DocumentError::NoSuchOperation {
                    name: wanted.to_owned(),
                    available: names(&operations),
                })?,
            None => match operations.as_slice() {
                [] => return Err(DocumentError::NoOperation),
                [only] => only,
                _ => {
                    return Err(DocumentError::NameNeeded {
                        available: names(&operations),
                    })
                }
            },
        };
        let name = chosen.name.clone().map(Cow::Owned);
        let kind = chosen.kind;
        Ok(match kind {
            OperationKind::Query => {
                let mut request = untyped::<UntypedQuery>(document);
                request.set_operation_name(name);
                UntypedRequest::Query(request)
            }
            OperationKind::Mutation => {
                let mut request = untyped::<UntypedMutation>(document);
                request.set_operation_name(name);
                UntypedRequest::Mutation(request)
            }
            OperationKind::Subscription => {
                let mut request = untyped::<UntypedSubscription>(document);
                request.set_operation_name(name);
                UntypedRequest::Subscription(request)
            }
        })
    }

    /// Sends these variables: a JSON object, or `null` for none.
    pub fn with_variables(self, variables: Value) -> Self {
        match self {
            UntypedRequest::Query(r) => UntypedRequest::Query(r.with_variables(variables)),
            UntypedRequest::Mutation(r) => UntypedRequest::Mutation(r.with_variables(variables)),
            UntypedRequest::Subscription(r) => {
                UntypedRequest::Subscription(r.with_variables(variables))
            }
        }
    }

    /// The operation's kind.
    pub fn kind(&self) -> OperationKind {
        match self {
            UntypedRequest::Query(_) => OperationKind::Query,
            UntypedRequest::Mutation(_) => OperationKind::Mutation,
            UntypedRequest::Subscription(_) => OperationKind::Subscription,
        }
    }
}

/// A document whose operation to run cannot be found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DocumentError {
    /// The document holds no operation (only fragments, or nothing).
    #[error("the document holds no operation (query, mutation or subscription)")]
    NoOperation,
    /// Several operations and no name to choose one.
    #[error(
        "the document holds several operations ({}): give the name of the one to run",
        .available.join(", ")
    )]
    NameNeeded {
        /// The operations' names (`<anonymous>` for unnamed ones).
        available: Vec<String>,
    },
    /// No operation has the name given.
    #[error("the document has no operation named `{name}` (it has: {})", .available.join(", "))]
    NoSuchOperation {
        /// The name asked for.
        name: String,
        /// The operations' names (`<anonymous>` for unnamed ones).
        available: Vec<String>,
    },
    /// The outline cannot be read: e.g. a definition that is not an operation or a fragment,
    /// or unbalanced braces.
    #[error("not an executable GraphQL document: {reason} (line {line})")]
    Syntax {
        /// What was found.
        reason: String,
        /// The line (from 1).
        line: usize,
    },
}

/// One operation of a document's outline.
struct Outlined {
    kind: OperationKind,
    name: Option<String>,
}

fn names(operations: &[Outlined]) -> Vec<String> {
    operations
        .iter()
        .map(|op| op.name.clone().unwrap_or_else(|| "<anonymous>".to_owned()))
        .collect()
}

/// Where the outline reader is between top-level tokens.
enum At {
    /// Before a definition.
    Between,
    /// After `query`/`mutation`/`subscription`: the name may follow.
    AfterKeyword,
    /// In a definition's header (name, variables, directives), before its `{`.
    Header,
}

/// The operations of `document`, read from its top-level tokens only: the keywords and names
/// outside braces, strings and comments skipped.
fn outline(document: &str) -> Result<Vec<Outlined>, DocumentError> {
    let bytes = document.as_bytes();
    let mut operations = Vec::new();
    let (mut depth, mut line, mut i) = (0usize, 1usize, 0usize);
    let mut at = At::Between;
    let syntax = |reason: String, line: usize| DocumentError::Syntax { reason, line };
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'\n' => {
                line += 1;
                i += 1;
            }
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'"' => {
                let block = bytes[i..].starts_with(b"\"\"\"");
                i += if block { 3 } else { 1 };
                loop {
                    match bytes.get(i) {
                        None => return Err(syntax("an unterminated string".to_owned(), line)),
                        Some(b'\\') => i += 2,
                        Some(b'"') if !block => {
                            i += 1;
                            break;
                        }
                        Some(b'"') if bytes[i..].starts_with(b"\"\"\"") => {
                            i += 3;
                            break;
                        }
                        Some(b'\n') if !block => {
                            return Err(syntax("an unterminated string".to_owned(), line))
                        }
                        Some(b'\n') => {
                            line += 1;
                            i += 1;
                        }
                        Some(_) => i += 1,
                    }
                }
            }
            b'{' | b'(' | b'[' => {
                if depth == 0 && b == b'{' && matches!(at, At::Between) {
                    // The shorthand `{ ... }`: an anonymous query.
                    operations.push(Outlined {
                        kind: OperationKind::Query,
                        name: None,
                    });
                }
                if depth == 0 && matches!(at, At::AfterKeyword) {
                    at = At::Header;
                }
                depth += 1;
                i += 1;
            }
            b'}' | b')' | b']' => {
                depth = depth.checked_sub(1).ok_or_else(|| {
                    syntax(
                        format!("a `{}` without its opening bracket", b as char),
                        line,
                    )
                })?;
                // The selection set closed: the definition ended (a default value's `}`
                // inside the variables' parentheses does not end it).
                if depth == 0 && b == b'}' {
                    at = At::Between;
                }
                i += 1;
            }
            b'_' | b'a'..=b'z' | b'A'..=b'Z' => {
                let start = i;
                while i < bytes.len() && (bytes[i] == b'_' || bytes[i].is_ascii_alphanumeric()) {
                    i += 1;
                }
                if depth > 0 {
                    continue;
                }
                let word = &document[start..i];
                at = match at {
                    At::Between => {
                        let kind = match word {
                            "query" => Some(OperationKind::Query),
                            "mutation" => Some(OperationKind::Mutation),
                            "subscription" => Some(OperationKind::Subscription),
                            "fragment" => None,
                            other => {
                                return Err(syntax(
                                    format!(
                                        "`{other}` where an operation or a fragment should start"
                                    ),
                                    line,
                                ))
                            }
                        };
                        match kind {
                            Some(kind) => {
                                operations.push(Outlined { kind, name: None });
                                At::AfterKeyword
                            }
                            None => At::Header,
                        }
                    }
                    At::AfterKeyword => {
                        if let Some(op) = operations.last_mut() {
                            op.name = Some(word.to_owned());
                        }
                        At::Header
                    }
                    At::Header => At::Header,
                };
            }
            b'@' | b'$' if depth == 0 => {
                if matches!(at, At::AfterKeyword) {
                    at = At::Header;
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    if depth > 0 {
        return Err(syntax(
            "an opening bracket without its closing one".to_owned(),
            line,
        ));
    }
    Ok(operations)
}

impl fmt::Display for UntypedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (kind, name) = match self {
            UntypedRequest::Query(r) => ("query", r.operation_name()),
            UntypedRequest::Mutation(r) => ("mutation", r.operation_name()),
            UntypedRequest::Subscription(r) => ("subscription", r.operation_name()),
        };
        write!(f, "{kind} {}", name.unwrap_or("<anonymous>"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn body<Op: Operation>(request: &Request<Op>) -> String {
        request.to_json().unwrap()
    }

    #[test]
    fn anonymous_without_variables_sends_only_the_query() {
        assert_eq!(body(&query("{ me }")), r#"{"query":"{ me }"}"#);
        assert_eq!(
            body(&query("{ me }").with_variables(json!({}))),
            r#"{"query":"{ me }","variables":{}}"#
        );
    }

    #[test]
    fn name_and_variables_are_sent_in_the_reference_clients_order() {
        let request = mutation("mutation Login($user: String!) { login(user: $user) }")
            .with_operation_name("Login")
            .with_variables(json!({ "user": "ada" }));
        assert_eq!(
            body(&request),
            r#"{"query":"mutation Login($user: String!) { login(user: $user) }","operationName":"Login","variables":{"user":"ada"}}"#
        );
    }

    #[test]
    fn variables_that_are_not_an_object_are_refused() {
        let err = query("{ me }")
            .with_variables(json!([1, 2]))
            .to_json()
            .unwrap_err();
        assert!(matches!(err, crate::Error::Request { .. }), "{err:?}");
        let shown = format!("{err} {:?}", std::error::Error::source(&err));
        assert!(shown.contains("must be a JSON object"), "{shown}");
    }

    #[test]
    fn the_kind_and_name_come_from_the_document() {
        let document = r#"
            # a comment with { braces and query words
            fragment F on Todo { id title }
            query Todos($board: ID = "{", $f: In = {a: [1]}) @live { todos(boardId: $board) { ...F } }
            mutation { addTodo(input: {boardId: "b", title: """block } "quoted" """}) { id } }
            subscription OnAdd { onAddTodo { ...F } }
        "#;
        let request = UntypedRequest::new(document, Some("Todos")).unwrap();
        assert!(
            matches!(&request, UntypedRequest::Query(r) if r.operation_name() == Some("Todos"))
        );
        let request = UntypedRequest::new(document, Some("OnAdd")).unwrap();
        assert_eq!(request.kind(), OperationKind::Subscription);
        assert_eq!(request.to_string(), "subscription OnAdd");

        match UntypedRequest::new(document, None) {
            Err(DocumentError::NameNeeded { available }) => {
                assert_eq!(available, ["Todos", "<anonymous>", "OnAdd"])
            }
            other => panic!("{other:?}"),
        }
        match UntypedRequest::new(document, Some("Nope")) {
            Err(err @ DocumentError::NoSuchOperation { .. }) => {
                assert!(
                    err.to_string().contains("Todos, <anonymous>, OnAdd"),
                    "{err}"
                )
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_single_operation_needs_no_name() {
        let request = UntypedRequest::new("{ me }", None).unwrap();
        assert!(matches!(&request, UntypedRequest::Query(r) if r.operation_name().is_none()));
        let body = match request.with_variables(json!({"a": 1})) {
            UntypedRequest::Query(r) => r.to_json().unwrap(),
            other => panic!("{other:?}"),
        };
        assert_eq!(body, r#"{"query":"{ me }","variables":{"a":1}}"#);

        let request = UntypedRequest::new("subscription($id: ID) { onAddTodo { id } }", None);
        assert!(
            matches!(request, Ok(UntypedRequest::Subscription(r)) if r.operation_name().is_none())
        );
    }

    #[test]
    fn documents_without_an_operation_are_refused() {
        assert_eq!(
            UntypedRequest::new("fragment F on Todo { id }", None).unwrap_err(),
            DocumentError::NoOperation
        );
        assert!(matches!(
            UntypedRequest::new("type Query { a: Int }", None),
            Err(DocumentError::Syntax { line: 1, .. })
        ));
        assert!(matches!(
            UntypedRequest::new("query {\n a ", None),
            Err(DocumentError::Syntax { line: 2, .. })
        ));
        assert!(matches!(
            UntypedRequest::new("query { a(s: \"x) }", None),
            Err(DocumentError::Syntax { .. })
        ));
    }
}
