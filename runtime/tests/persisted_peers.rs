//! Persisted queries against independent servers from npm (`scripts/persisted-peers/`), started
//! on 127.0.0.1 by this test: Apollo Server's built-in Automatic Persisted Queries (the miss, the
//! retry, the hit, GET, a wrong hash, `PersistedQueryNotSupported`) and GraphQL Yoga's
//! persisted-operations plugin serving trusted documents only (`extensions.persistedQuery` and
//! `documentId`). The servers log what they received (`/log`); Yoga's trusted documents are
//! registered from a `{hash: document}` map, each key checked with node's own SHA-256. When the
//! install fails the test fails under `CI`, and otherwise prints a loud skip message.
#![cfg(feature = "http")]

mod peer;
mod persisted;

use persisted::{Recorder, Rehashed, WrongHash};
use serde_json::{json, Value};
use typed_graphql::http::{HttpClient, PersistedQueries};
use typed_graphql::{Error, Operation};

#[typed_graphql::graphql(
    schema = "../scripts/persisted-peers/schema.graphql",
    query = r#"
        query Hello($name: String!) { hello(name: $name) }
        query Counter { counter }
        mutation Bump($by: Int!) { bump(by: $by) }
    "#
)]
mod ops {}

use ops::{bump, hello, Bump, Counter, Hello};

struct Peers(peer::Peer);

impl Peers {
    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.0.port())
    }

    fn client(&self, path: &str, mode: PersistedQueries, get: bool) -> (HttpClient, Recorder) {
        persisted::client(self.url(path), mode, get)
    }

    /// What the GraphQL endpoints received since the last call, as
    /// `path method [query] [hash] [documentId] [-> first error]`.
    async fn log(&self, since: &mut usize) -> Vec<String> {
        let log: Vec<Value> = reqwest::get(self.url("/log"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let new = log[*since..]
            .iter()
            .map(|entry| {
                let mut parts = vec![
                    entry["path"].as_str().unwrap().to_owned(),
                    entry["method"].as_str().unwrap().to_owned(),
                ];
                for (key, word) in [
                    ("query", "query"),
                    ("sha256Hash", "hash"),
                    ("documentId", "documentId"),
                ] {
                    if entry[key] != Value::Null && entry[key] != Value::Bool(false) {
                        parts.push(word.to_owned());
                    }
                }
                if let Some(error) = entry["errors"][0].as_str() {
                    parts.push(format!("-> {error}"));
                }
                parts.join(" ")
            })
            .collect();
        *since = log.len();
        new
    }

    /// Registers trusted documents from a `{hash: document}` map.
    async fn register(&self, map: Value) -> reqwest::Response {
        reqwest::Client::new()
            .post(self.url("/register"))
            .json(&map)
            .send()
            .await
            .unwrap()
    }
}

fn start() -> Option<Peers> {
    peer::Peer::start(
        "persisted-peers",
        "node",
        "scripts/persisted-peers/server.js",
    )
    .map(Peers)
}

fn hello_to(name: &str) -> typed_graphql::Request<Hello> {
    Hello::request(hello::Variables::new(name.into()))
}

#[tokio::test]
async fn apollo_server_automatic_persisted_queries() {
    let Some(peers) = start() else { return };
    let mut seen = 0;
    let (client, sent) = peers.client("/apollo", PersistedQueries::Automatic, false);

    // The hash only; Apollo Server misses; the client retries once with the document.
    let first = client.execute(&hello_to("ada")).await.unwrap();
    assert_eq!(first.data.unwrap().hello, "hello ada");
    let requests = sent.take();
    assert_eq!(requests[0].shape(), "POST hash");
    assert_eq!(requests[0].hash().as_deref(), Hello::DOCUMENT_SHA256);
    assert_eq!(requests[1].shape(), "POST query hash");
    assert_eq!(requests.len(), 2);
    assert_eq!(
        peers.log(&mut seen).await,
        [
            "/apollo POST hash -> PersistedQueryNotFound",
            "/apollo POST query hash"
        ]
    );

    // The hit: the hash alone.
    let second = client.execute(&hello_to("bob")).await.unwrap();
    assert_eq!(second.data.unwrap().hello, "hello bob");
    assert_eq!(peers.log(&mut seen).await, ["/apollo POST hash"]);

    // GET for hashed queries (CDN-cacheable); a miss is retried as POST; mutations stay POST.
    let (get, sent) = peers.client("/apollo", PersistedQueries::Automatic, true);
    get.execute(&hello_to("cy")).await.unwrap();
    let counter = get
        .execute(&Counter::request(Default::default()))
        .await
        .unwrap();
    assert!(counter.data.is_some());
    let bumped = get
        .execute(&Bump::request(bump::Variables::new(2)))
        .await
        .unwrap();
    assert!(bumped.data.unwrap().bump >= 2);
    assert_eq!(
        sent.shapes(),
        [
            "GET hash",
            "GET hash",
            "POST query hash",
            "POST hash",
            "POST query hash"
        ]
    );
    assert_eq!(
        peers.log(&mut seen).await,
        [
            "/apollo GET hash",
            "/apollo GET hash -> PersistedQueryNotFound",
            "/apollo POST query hash",
            "/apollo POST hash -> PersistedQueryNotFound",
            "/apollo POST query hash",
        ]
    );
}

#[tokio::test]
async fn apollo_server_rejects_a_wrong_hash_and_can_turn_apq_off() {
    let Some(peers) = start() else { return };
    let mut seen = 0;
    let (client, _) = peers.client("/apollo", PersistedQueries::Automatic, false);
    let err = client
        .execute(&Rehashed::<Hello, WrongHash>::request(
            hello::Variables::new("x".into()),
        ))
        .await
        .unwrap_err();
    match err {
        Error::GraphQL(errors) => {
            assert_eq!(errors.0[0].message, "provided sha does not match query")
        }
        other => panic!("expected Apollo Server to reject the hash, got {other:?}"),
    }
    assert_eq!(
        peers.log(&mut seen).await,
        [
            "/apollo POST hash -> PersistedQueryNotFound",
            "/apollo POST query hash -> provided sha does not match query"
        ]
    );

    // A server without persisted queries: one refusal, then the client sends documents only.
    let (off, sent) = peers.client("/apollo-off", PersistedQueries::Automatic, false);
    let first = off.execute(&hello_to("x")).await.unwrap();
    assert_eq!(first.data.unwrap().hello, "hello x");
    let clone = off.clone();
    clone.execute(&hello_to("y")).await.unwrap();
    assert_eq!(sent.shapes(), ["POST hash", "POST query", "POST query"]);
    assert_eq!(
        peers.log(&mut seen).await,
        [
            "/apollo-off POST hash -> PersistedQueryNotSupported",
            "/apollo-off POST query",
            "/apollo-off POST query"
        ]
    );
}

#[tokio::test]
async fn yoga_trusted_documents() {
    let Some(peers) = start() else { return };
    let mut seen = 0;
    // The macro's hashes, checked by the server's own SHA-256 when registered.
    let registered = peers
        .register(json!({
            Hello::DOCUMENT_SHA256.unwrap(): Hello::DOCUMENT,
            Bump::DOCUMENT_SHA256.unwrap(): Bump::DOCUMENT,
        }))
        .await;
    assert_eq!(registered.status(), 200);
    let wrong = peers.register(json!({ "00": Counter::DOCUMENT })).await;
    assert_eq!(wrong.status(), 400);

    for (path, mode, shape) in [
        ("/yoga", PersistedQueries::HashOnly, "hash"),
        ("/yoga-document", PersistedQueries::DocumentId, "documentId"),
    ] {
        for get in [false, true] {
            let (client, sent) = peers.client(path, mode, get);
            let method = if get { "GET" } else { "POST" };
            let answer = client.execute(&hello_to("eve")).await.unwrap();
            assert!(
                answer.errors.is_empty(),
                "{path} {method}: {:?}",
                answer.errors
            );
            assert_eq!(answer.data.unwrap().hello, "hello eve");
            let bumped = client
                .execute(&Bump::request(bump::Variables::new(1)))
                .await;
            assert!(bumped.unwrap().data.is_some());
            // Not registered: the server's error, and no fallback to the document.
            let refused = client
                .execute(&Counter::request(Default::default()))
                .await
                .unwrap();
            assert_eq!(refused.errors[0].message, "PersistedQueryNotFound");
            assert!(refused.data.is_none());
            assert_eq!(
                sent.shapes(),
                [
                    format!("{method} {shape}"),
                    format!("POST {shape}"),
                    format!("{method} {shape}")
                ]
            );
            assert_eq!(
                peers.log(&mut seen).await,
                [
                    format!("{path} {method} {shape}"),
                    format!("{path} POST {shape}"),
                    format!("{path} {method} {shape}")
                ]
            );
        }
    }

    // Yoga refuses documents outright: trusted documents only.
    let plain = HttpClient::new(peers.url("/yoga")).unwrap();
    let refused = plain.execute(&hello_to("x")).await.unwrap();
    assert_eq!(refused.errors[0].message, "PersistedQueryOnly");
}
