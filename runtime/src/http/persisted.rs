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

use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::Method;
use serde::Serialize;

use super::client::HttpClient;
use crate::error::Error;
use crate::operation::{Executable, OperationKind};
use crate::request::Request;
use crate::response::{GraphQLError, JsonMap, Response};

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

/// What a request carries besides operation name and variables.
#[derive(Clone, Copy)]
enum Carries<'a> {
    /// `extensions.persistedQuery`, and the document when `with_query`.
    Hash { hash: &'a str, with_query: bool },
    /// `documentId: "sha256:<hash>"`.
    DocumentId(&'a str),
    /// The document only (APQ turned off by the server).
    Query,
}

/// The JSON body (or, for GET, the URL parameters) of one request.
#[derive(Serialize)]
struct Body<'a, V> {
    #[serde(skip_serializing_if = "Option::is_none")]
    query: Option<&'a str>,
    #[serde(rename = "documentId", skip_serializing_if = "Option::is_none")]
    document_id: Option<String>,
    #[serde(rename = "operationName")]
    operation_name: &'a str,
    variables: &'a V,
    #[serde(skip_serializing_if = "Option::is_none")]
    extensions: Option<JsonMap>,
}

fn body<'a, Op: Executable>(
    request: &'a Request<Op>,
    carries: Carries<'_>,
) -> Body<'a, Op::Variables> {
    let mut extensions = request.extensions.clone();
    let (query, document_id) = match carries {
        Carries::Hash { hash, with_query } => {
            let persisted = serde_json::json!({ "version": 1, "sha256Hash": hash });
            extensions
                .get_or_insert_with(JsonMap::new)
                .insert("persistedQuery".to_owned(), persisted);
            (with_query.then_some(Op::DOCUMENT), None)
        }
        Carries::DocumentId(hash) => (None, Some(format!("sha256:{hash}"))),
        Carries::Query => (Some(Op::DOCUMENT), None),
    };
    Body {
        query,
        document_id,
        operation_name: Op::NAME,
        variables: &request.variables,
        extensions,
    }
}

/// Sends `request` as the client's mode says; see [`PersistedQueries`].
pub(crate) async fn execute<Op: Executable>(
    client: &HttpClient,
    request: &Request<Op>,
    headers: HeaderMap,
) -> Result<Response<Op::Data>, Error> {
    let state = &client.inner.persisted;
    let hash = Op::DOCUMENT_SHA256;
    match (state.options.mode, hash) {
        (PersistedQueries::DocumentId | PersistedQueries::HashOnly, None) => Err(Error::Request {
            reason: format!(
                "trusted documents need the document's hash, and `{}` has none",
                Op::NAME
            ),
            source: "generate the operation with #[graphql] (hand-written operations have no \
                     DOCUMENT_SHA256), or build the client without persisted queries"
                .into(),
        }),
        (PersistedQueries::DocumentId, Some(hash)) => {
            send(client, request, Carries::DocumentId(hash), headers).await
        }
        (PersistedQueries::HashOnly, Some(hash)) => {
            let carries = Carries::Hash {
                hash,
                with_query: false,
            };
            send(client, request, carries, headers).await
        }
        (PersistedQueries::Automatic, Some(hash)) => {
            let carries = Carries::Hash {
                hash,
                with_query: false,
            };
            let first = send(client, request, carries, headers.clone()).await;
            match persisted_error(&first) {
                Some(Refusal::NotFound) => {
                    let carries = Carries::Hash {
                        hash,
                        with_query: true,
                    };
                    send(client, request, carries, headers).await
                }
                Some(Refusal::NotSupported) => {
                    state.automatic.store(false, Ordering::Relaxed);
                    send(client, request, Carries::Query, headers).await
                }
                None => first,
            }
        }
        (PersistedQueries::Automatic | PersistedQueries::Off, None) => {
            send(client, request, Carries::Query, headers).await
        }
        (PersistedQueries::Off, Some(_)) => send(client, request, Carries::Query, headers).await,
    }
}

/// Sends one request: GET with URL parameters for hash-only queries when asked, else POST.
async fn send<Op: Executable>(
    client: &HttpClient,
    request: &Request<Op>,
    carries: Carries<'_>,
    headers: HeaderMap,
) -> Result<Response<Op::Data>, Error> {
    let body = body(request, carries);
    let hash_only = body.query.is_none();
    let serialise = |source: serde_json::Error| Error::Request {
        reason: "the variables could not be serialised as JSON".to_owned(),
        source: Box::new(source),
    };
    let endpoint = client.inner.endpoint.clone();
    if hash_only
        && Op::KIND == OperationKind::Query
        && client.inner.persisted.options.get_for_queries
    {
        let mut url = endpoint;
        {
            let mut pairs = url.query_pairs_mut();
            if let Some(id) = &body.document_id {
                pairs.append_pair("documentId", id);
            }
            pairs.append_pair("operationName", body.operation_name);
            let variables = serde_json::to_string(body.variables).map_err(serialise)?;
            pairs.append_pair("variables", &variables);
            if let Some(extensions) = &body.extensions {
                let extensions = serde_json::to_string(extensions).map_err(serialise)?;
                pairs.append_pair("extensions", &extensions);
            }
        }
        return client
            .exchange(Method::GET, url, Bytes::new(), headers)
            .await;
    }
    let bytes = serde_json::to_vec(&body).map_err(serialise)?;
    client
        .exchange(Method::POST, endpoint, Bytes::from(bytes), headers)
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
