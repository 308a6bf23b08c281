//! Interop with an independent implementation: strawberry-graphql (Python) serving
//! subscriptions over multipart HTTP, started on 127.0.0.1 by this test
//! (`scripts/strawberry/`). When the install fails the test fails under `CI`, and otherwise
//! prints a loud skip message.
#![cfg(feature = "multipart")]

mod todo_ops;
use todo_ops::{Countdown, CountdownData, CountdownVars};

use futures::StreamExt;
use serde::{Deserialize, Serialize};
use typed_graphql::http::HttpClient;
use typed_graphql::{Error, Executable, Operation, OperationKind, Response, SubscriptionOperation};

mod peer;

/// strawberry-graphql serving multipart subscriptions, announcing `READY <port>`.
struct Strawberry(peer::Peer);

impl Strawberry {
    fn url(&self) -> String {
        format!("http://127.0.0.1:{}/graphql", self.0.port())
    }
}

fn start() -> Option<Strawberry> {
    peer::Peer::start(
        "strawberry",
        ".tools/strawberry-venv/bin/python",
        "scripts/strawberry/server.py",
    )
    .map(Strawberry)
}

// Hand-written stand-ins for what the `#[graphql]` macro generates.
struct Ticks;
#[derive(Serialize)]
struct TicksVars {
    count: i32,
}
#[derive(Debug, Deserialize, PartialEq)]
struct TicksData {
    ticks: Tick,
}
#[derive(Debug, Deserialize, PartialEq)]
struct Tick {
    n: i32,
    label: String,
    tags: Vec<String>,
}
impl Operation for Ticks {
    type Variables = TicksVars;
    type Data = TicksData;
    const KIND: OperationKind = OperationKind::Subscription;
    const NAME: &'static str = "Ticks";
    const DOCUMENT: &'static str =
        "subscription Ticks($count: Int!) { ticks(count: $count) { n label tags } }";
}
impl SubscriptionOperation for Ticks {}

struct Failing;
#[derive(Serialize)]
struct NoVars {}
#[derive(Debug, Deserialize, PartialEq)]
struct FailingData {
    failing: i32,
}
impl Operation for Failing {
    type Variables = NoVars;
    type Data = FailingData;
    const KIND: OperationKind = OperationKind::Subscription;
    const NAME: &'static str = "Failing";
    const DOCUMENT: &'static str = "subscription Failing { failing }";
}
impl SubscriptionOperation for Failing {}

/// A document the server rejects (`Int` where the schema has no such argument).
struct BadArgument;
impl Operation for BadArgument {
    type Variables = NoVars;
    type Data = CountdownData;
    const KIND: OperationKind = OperationKind::Subscription;
    const NAME: &'static str = "BadArgument";
    const DOCUMENT: &'static str = "subscription BadArgument { countdown(start: 3) }";
}
impl SubscriptionOperation for BadArgument {}

struct Hello;
#[derive(Serialize)]
struct HelloVars {
    name: String,
}
#[derive(Debug, Deserialize, PartialEq)]
struct HelloData {
    hello: String,
}
impl Operation for Hello {
    type Variables = HelloVars;
    type Data = HelloData;
    const KIND: OperationKind = OperationKind::Query;
    const NAME: &'static str = "Hello";
    const DOCUMENT: &'static str = "query Hello($name: String!) { hello(name: $name) }";
}
impl Executable for Hello {}

fn ok<D>(items: &[Result<Response<D>, Error>]) -> Vec<&Response<D>> {
    items
        .iter()
        .map(|item| item.as_ref().expect("no stream error"))
        .collect()
}

#[tokio::test]
async fn strawberry_subscriptions_arrive_typed_and_end_cleanly() {
    let Some(server) = start() else { return };
    let client = HttpClient::new(server.url()).unwrap();

    // Events in order; the initial heartbeat (sent before any delimiter) and the empty last
    // part are skipped; the stream then ends (None) instead of failing.
    let items: Vec<_> = client
        .subscribe(&Countdown::request(CountdownVars { from: 4 }))
        .collect()
        .await;
    let counts: Vec<i32> = ok(&items)
        .iter()
        .map(|r| r.data.as_ref().unwrap().countdown)
        .collect();
    assert_eq!(counts, [4, 3, 2, 1]);

    // Object-typed events.
    let items: Vec<_> = client
        .subscribe(&Ticks::request(TicksVars { count: 3 }))
        .collect()
        .await;
    let ticks: Vec<&Tick> = ok(&items)
        .into_iter()
        .map(|r| &r.data.as_ref().unwrap().ticks)
        .collect();
    assert_eq!(ticks.len(), 3);
    assert_eq!(
        *ticks[1],
        Tick {
            n: 1,
            label: "tick 1".into(),
            tags: vec!["odd".into()]
        }
    );

    // A source stream that raises: strawberry sends the error inside a payload, then closes.
    let items: Vec<_> = client
        .subscribe(&Failing::request(NoVars {}))
        .collect()
        .await;
    let responses = ok(&items);
    assert_eq!(responses.len(), 2, "{items:?}");
    assert_eq!(responses[0].data, Some(FailingData { failing: 1 }));
    assert!(responses[1].data.is_none());
    assert_eq!(responses[1].errors[0].message, "the source stream failed");

    // Validation errors arrive as one event without data.
    let items: Vec<_> = client
        .subscribe(&BadArgument::request(NoVars {}))
        .collect()
        .await;
    let responses = ok(&items);
    assert_eq!(responses.len(), 1, "{items:?}");
    assert!(responses[0].data.is_none());
    assert!(
        responses[0].errors[0].message.contains("start"),
        "{:?}",
        responses[0].errors
    );
}

#[tokio::test]
async fn strawberry_answers_queries_over_graphql_over_http() {
    let Some(server) = start() else { return };
    let client = HttpClient::new(server.url()).unwrap();
    let response = client
        .execute(&Hello::request(HelloVars {
            name: "typed".into(),
        }))
        .await
        .unwrap();
    assert_eq!(response.into_result().unwrap().hello, "Hello, typed!");
}
