//! Persisted queries: requests that carry the document's SHA-256 (computed by the macro at build
//! time, [`Operation::DOCUMENT_SHA256`]) instead of, or before, the document itself.
//!
//! - Automatic persisted queries (Apollo's protocol): the first request carries
//!   `extensions.persistedQuery {version: 1, sha256Hash}` and no `query`; a server that does not
//!   know the hash answers `PersistedQueryNotFound`, and the client sends the same request again
//!   once with the document, which the server then remembers. A server answering
//!   `PersistedQueryNotSupported` turns the feature off for that client.
//! - Trusted documents: only the id is ever sent, as `documentId: "sha256:<hash>"` (the
//!   GraphQL-over-HTTP persisted documents appendix) or as `extensions.persistedQuery` (Apollo's
//!   and GraphQL Yoga's persisted-operation lists). Servers that run only registered
//!   documents accept nothing else; a miss is returned as the server's error.

use std::collections::HashMap;
use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::Method;
use serde_json::value::RawValue;

use super::client::HttpClient;
use crate::error::Error;
use crate::operation::{Executable, OperationKind};
use crate::request::{Carried, Request};
use crate::response::{GraphQLError, Response};

/// How an [`HttpClient`] sends the documents of queries and mutations; set with
/// [`HttpClientBuilder::persisted_queries`](super::HttpClientBuilder::persisted_queries).
///
/// Every mode needs the operation's [`DOCUMENT_SHA256`](crate::Operation::DOCUMENT_SHA256), which
/// the `#[graphql]` macro generates. Subscriptions always send their document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum PersistedQueries {
    /// The whole document with every request (the default).
    #[default]
    Off,
    /// Automatic persisted queries (Apollo's protocol): the hash first, the document once more
    /// when the server does not know it yet. Operations without a hash send their document.
    Automatic,
    /// Trusted documents: only `"documentId": "sha256:<hash>"`, never the document. An
    /// operation without a hash is refused with [`Error::Request`] before anything is sent.
    DocumentId,
    /// Trusted documents in Apollo's format: only `extensions.persistedQuery` with the hash,
    /// never the document, and no retry on `PersistedQueryNotFound`.
    HashOnly,
}

/// The builder's persisted-query settings.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Options {
    pub(crate) mode: PersistedQueries,
    pub(crate) get_for_queries: bool,
}

/// A client's persisted-query settings and what it learnt from the server.
pub(crate) struct State {
    options: Options,
    /// Cleared when the server answers `PersistedQueryNotSupported`: shared by clones.
    automatic: AtomicBool,
}

impl fmt::Debug for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Persisted")
            .field("mode", &self.options.mode)
            .field("get_for_queries", &self.options.get_for_queries)
            .field("server_supports", &self.automatic.load(Ordering::Relaxed))
            .finish()
    }
}

impl State {
    pub(crate) fn new(options: Options) -> State {
        State {
            options,
            automatic: AtomicBool::new(options.mode == PersistedQueries::Automatic),
        }
    }

    /// Whether requests go through this module (any mode but `Off`, APQ still supported).
    pub(crate) fn sends_ids(&self) -> bool {
        match self.options.mode {
            PersistedQueries::Off => false,
            PersistedQueries::Automatic => self.automatic.load(Ordering::Relaxed),
            PersistedQueries::DocumentId | PersistedQueries::HashOnly => true,
        }
    }
}

/// Sends `request` as the client's mode says; see [`PersistedQueries`].
pub(crate) async fn execute<Op: Executable>(
    client: &HttpClient,
    request: &Request<Op>,
    headers: HeaderMap,
) -> Result<Response<Op::Data>, Error> {
    let state = &client.inner.persisted;
    // Only a typed operation's request sends `Op::DOCUMENT`, which the hash is of; untyped
    // operations (documents known at run time) have none.
    let Some(hash) = Op::DOCUMENT_SHA256 else {
        if state.options.mode == PersistedQueries::Automatic {
            return send(client, request, Carried::default(), headers).await;
        }
        return Err(Error::Request {
            reason: format!(
                "trusted documents need the document's hash, and `{}` has none",
                request
                    .operation_name()
                    .unwrap_or("the anonymous operation")
            ),
            source: "generate the operation with #[graphql] (hand-written and untyped operations \
                     have no DOCUMENT_SHA256), or build the client without persisted queries"
                .into(),
        });
    };
    let persisted = serde_json::json!({ "version": 1, "sha256Hash": hash });
    let hash_only = Carried {
        query: false,
        document_id: None,
        extension: Some(("persistedQuery", &persisted)),
    };
    match state.options.mode {
        PersistedQueries::Off => send(client, request, Carried::default(), headers).await,
        PersistedQueries::HashOnly => send(client, request, hash_only, headers).await,
        PersistedQueries::DocumentId => {
            let id = format!("sha256:{hash}");
            let carried = Carried {
                query: false,
                document_id: Some(&id),
                extension: None,
            };
            send(client, request, carried, headers).await
        }
        PersistedQueries::Automatic => {
            let first = send(client, request, hash_only, headers.clone()).await;
            match persisted_error(&first) {
                Some(Refusal::NotFound) => {
                    let with_query = Carried {
                        query: true,
                        ..hash_only
                    };
                    send(client, request, with_query, headers).await
                }
                Some(Refusal::NotSupported) => {
                    state.automatic.store(false, Ordering::Relaxed);
                    send(client, request, Carried::default(), headers).await
                }
                None => first,
            }
        }
    }
}

/// The members of a body in the order they are sent, for a GET's URL parameters.
const MEMBERS: [&str; 5] = [
    "query",
    "documentId",
    "operationName",
    "variables",
    "extensions",
];

/// Sends one request: GET with URL parameters for hash-only queries when asked, else POST.
async fn send<Op: Executable>(
    client: &HttpClient,
    request: &Request<Op>,
    carried: Carried<'_>,
    headers: HeaderMap,
) -> Result<Response<Op::Data>, Error> {
    let body = request.body_json(carried)?;
    let endpoint = client.inner.endpoint.clone();
    let get = !carried.query
        && Op::KIND == OperationKind::Query
        && client.inner.persisted.options.get_for_queries;
    if !get {
        let body = Bytes::from(body);
        return client.exchange(Method::POST, endpoint, body, headers).await;
    }
    // The same members as the POST body: strings as they are, objects as JSON text.
    let members: HashMap<&str, &RawValue> =
        serde_json::from_str(&body).map_err(|source| Error::Request {
            reason: "the request could not be put in a URL".to_owned(),
            source: Box::new(source),
        })?;
    let mut url = endpoint;
    {
        let mut pairs = url.query_pairs_mut();
        for name in MEMBERS {
            let Some(raw) = members.get(name) else {
                continue;
            };
            match serde_json::from_str::<String>(raw.get()) {
                Ok(text) => pairs.append_pair(name, &text),
                Err(_) => pairs.append_pair(name, raw.get()),
            };
        }
    }
    client
        .exchange(Method::GET, url, Bytes::new(), headers)
        .await
}

/// Why a server refused a hash-only request.
#[derive(Debug, PartialEq, Eq)]
enum Refusal {
    /// It does not know the hash yet: send the document.
    NotFound,
    /// It does not do persisted queries at all.
    NotSupported,
}

/// The refusal in an answer, whether it came as a 200 with errors or as a 4xx
/// ([`Error::GraphQL`]). Servers say it in the message (Apollo's protocol) and some in
/// `extensions.code` too.
fn persisted_error<D>(answer: &Result<Response<D>, Error>) -> Option<Refusal> {
    let errors: &[GraphQLError] = match answer {
        Ok(response) if response.data.is_none() => &response.errors,
        Err(Error::GraphQL(errors)) => &errors.0,
        _ => return None,
    };
    errors.iter().find_map(|error| {
        let code = error
            .extensions
            .as_ref()
            .and_then(|e| e.get("code"))
            .and_then(|c| c.as_str());
        match (error.message.as_str(), code) {
            ("PersistedQueryNotFound", _) | (_, Some("PERSISTED_QUERY_NOT_FOUND")) => {
                Some(Refusal::NotFound)
            }
            ("PersistedQueryNotSupported", _) | (_, Some("PERSISTED_QUERY_NOT_SUPPORTED")) => {
                Some(Refusal::NotSupported)
            }
            _ => None,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::response::GraphQLErrors;

    fn error(message: &str, code: Option<&str>) -> GraphQLError {
        let mut json = serde_json::json!({ "message": message });
        if let Some(code) = code {
            json["extensions"] = serde_json::json!({ "code": code });
        }
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn refusals_are_recognised_in_200s_and_4xx() {
        let ok = |e: GraphQLError| -> Result<Response<()>, Error> {
            Ok(Response {
                data: None,
                errors: vec![e],
                extensions: None,
            })
        };
        let status = |e: GraphQLError| -> Result<Response<()>, Error> {
            Err(Error::GraphQL(GraphQLErrors(vec![e])))
        };
        assert_eq!(
            persisted_error(&ok(error("PersistedQueryNotFound", None))),
            Some(Refusal::NotFound)
        );
        assert_eq!(
            persisted_error(&status(error(
                "PersistedQueryNotFound",
                Some("PERSISTED_QUERY_NOT_FOUND")
            ))),
            Some(Refusal::NotFound)
        );
        assert_eq!(
            persisted_error(&ok(error("x", Some("PERSISTED_QUERY_NOT_SUPPORTED")))),
            Some(Refusal::NotSupported)
        );
        assert_eq!(persisted_error(&ok(error("boom", None))), None);
        // Data next to the error: the query ran, nothing to retry.
        let partial: Result<Response<()>, Error> = Ok(Response {
            data: Some(()),
            errors: vec![error("PersistedQueryNotFound", None)],
            extensions: None,
        });
        assert_eq!(persisted_error(&partial), None);
    }
}
