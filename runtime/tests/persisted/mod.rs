//! What persisted-query tests share: a request hook that records every request as sent.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};

use futures::future::BoxFuture;
use typed_graphql::http::header::HeaderMap;
use typed_graphql::http::{HttpClient, OutgoingRequest, PersistedQueries, RequestHook};
use typed_graphql::{BoxError, Executable, Operation, OperationKind};

/// One request as the client sent it.
#[derive(Debug, Clone)]
pub struct Sent {
    pub method: String,
    /// The URL's parameters, decoded (`GET` requests carry the request there).
    pub params: Vec<(String, String)>,
    /// The body as JSON (`Null` when empty).
    pub body: serde_json::Value,
}

impl Sent {
    /// Whether the request carried the document.
    pub fn has_query(&self) -> bool {
        self.body.get("query").is_some() || self.param("query").is_some()
    }

    /// `extensions.persistedQuery.sha256Hash`, from the body or the URL.
    pub fn hash(&self) -> Option<String> {
        let extensions = match self.param("extensions") {
            Some(text) => serde_json::from_str(&text).unwrap(),
            None => self.body.get("extensions").cloned().unwrap_or_default(),
        };
        assert!(
            extensions["persistedQuery"]["version"] == 1 || extensions["persistedQuery"].is_null()
        );
        extensions["persistedQuery"]["sha256Hash"]
            .as_str()
            .map(str::to_owned)
    }

    /// `documentId`, from the body or the URL.
    pub fn document_id(&self) -> Option<String> {
        self.param("documentId").or_else(|| {
            self.body
                .get("documentId")
                .and_then(|v| v.as_str())
                .map(str::to_owned)
        })
    }

    /// A URL parameter, decoded.
    pub fn param(&self, name: &str) -> Option<String> {
        self.params
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
    }

    /// A short description for assertions: method, then what it carried.
    pub fn shape(&self) -> String {
        let mut parts = vec![self.method.clone()];
        if self.has_query() {
            parts.push("query".to_owned());
        }
        if self.hash().is_some() {
            parts.push("hash".to_owned());
        }
        if self.document_id().is_some() {
            parts.push("documentId".to_owned());
        }
        parts.join(" ")
    }
}

/// A client of `url` in `mode` (hash-only queries as GET when `get`) and the recorder of what
/// it sends.
pub fn client(url: String, mode: PersistedQueries, get: bool) -> (HttpClient, Recorder) {
    let recorder = Recorder::default();
    let client = HttpClient::builder(url)
        .persisted_queries(mode)
        .get_for_hashed_queries(get)
        .request_hook(recorder.clone())
        .build()
        .unwrap();
    (client, recorder)
}

/// Records every request the client sends.
#[derive(Clone, Default)]
pub struct Recorder(Arc<Mutex<Vec<Sent>>>);

impl Recorder {
    /// The requests sent so far, emptied.
    pub fn take(&self) -> Vec<Sent> {
        std::mem::take(&mut self.0.lock().unwrap())
    }

    /// [`take`](Recorder::take) as shapes.
    pub fn shapes(&self) -> Vec<String> {
        self.take().iter().map(Sent::shape).collect()
    }
}

impl RequestHook for Recorder {
    fn headers<'a>(
        &'a self,
        request: OutgoingRequest<'a>,
    ) -> BoxFuture<'a, Result<HeaderMap, BoxError>> {
        let body = if request.body.is_empty() {
            serde_json::Value::Null
        } else {
            serde_json::from_slice(request.body).unwrap()
        };
        self.0.lock().unwrap().push(Sent {
            method: request.method.to_owned(),
            params: request.url.query_pairs().into_owned().collect(),
            body,
        });
        Box::pin(async { Ok(HeaderMap::new()) })
    }
}

/// The hash a [`Rehashed`] operation claims.
pub trait ClaimedHash {
    const HASH: Option<&'static str>;
}

/// A hash that is not the document's.
pub struct WrongHash;
impl ClaimedHash for WrongHash {
    const HASH: Option<&'static str> =
        Some("0000000000000000000000000000000000000000000000000000000000000000");
}

/// No hash, as operations written by hand have.
pub struct NoHash;
impl ClaimedHash for NoHash {
    const HASH: Option<&'static str> = None;
}

/// Operation `Op` (document, name, types) with hash `H` instead of the macro's.
pub struct Rehashed<Op, H>(std::marker::PhantomData<(Op, H)>);

impl<Op: Operation, H: ClaimedHash> Operation for Rehashed<Op, H> {
    type Variables = Op::Variables;
    type Data = Op::Data;
    const KIND: OperationKind = Op::KIND;
    const NAME: &'static str = Op::NAME;
    const DOCUMENT: &'static str = Op::DOCUMENT;
    const DOCUMENT_SHA256: Option<&'static str> = H::HASH;
}

impl<Op: Executable, H: ClaimedHash> Executable for Rehashed<Op, H> {}
