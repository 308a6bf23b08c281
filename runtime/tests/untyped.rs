//! Untyped requests (documents known only at run time, JSON variables, `serde_json::Value`
//! data) through every transport: GraphQL over HTTP and multipart subscriptions against the
//! devserver, AppSync HTTP and AppSync realtime (the WebSocket engine) against its AppSync
//! emulation, and the exact bytes sent, recorded by a scripted server.
#![cfg(all(feature = "multipart", feature = "appsync"))]

mod http_support;

use std::time::Duration;

use serde_json::{json, Value};
use typed_graphql::appsync::auth::AuthMode;
use typed_graphql::appsync::http::AppSyncClient;
use typed_graphql::appsync::realtime::SubscriptionEvent;
use typed_graphql::http::HttpClient;
use typed_graphql::prelude::*;
use typed_graphql::untyped::{self, UntypedRequest};
use typed_graphql_devserver::{Config, DevServer};

use http_support::{Reply, TestServer};

const KEY: &str = "da2-untypedtestkey000000000001";
const WAIT: Duration = Duration::from_secs(10);

async fn devserver() -> DevServer {
    DevServer::start_with(Config {
        api_key: Some(KEY.into()),
        ..Config::default()
    })
    .await
    .expect("start the devserver")
}

/// The data of a response without errors.
fn data(result: Result<Response<Value>, Error>) -> Value {
    result
        .expect("an answer")
        .into_result()
        .expect("no GraphQL errors")
}

/// Every event's `countdown` until the stream ends; the stream must end cleanly.
async fn countdown<S, E>(mut events: S, data: impl Fn(E) -> Value) -> Vec<i64>
where
    S: Stream<Item = Result<E, Error>> + Unpin,
{
    let mut seen = Vec::new();
    loop {
        match tokio::time::timeout(WAIT, events.next()).await {
            Err(_) => panic!("no event within {WAIT:?}; so far {seen:?}"),
            Ok(None) => return seen,
            Ok(Some(Err(err))) => panic!("the stream failed after {seen:?}: {err}"),
            Ok(Some(Ok(event))) => seen.push(data(event)["countdown"].as_i64().expect("a number")),
        }
    }
}

#[tokio::test]
async fn http_executes_and_subscribes_untyped_documents() {
    let server = devserver().await;
    let client = HttpClient::new(server.graphql_url()).unwrap();

    // A mutation and a named query with variables: data as JSON.
    let added = data(
        client
            .execute(
                &untyped::mutation(
                    "mutation Add($input: AddTodoInput!) { addTodo(input: $input) { id title } }",
                )
                .with_operation_name("Add")
                .with_variables(
                    json!({ "input": { "boardId": "b-untyped", "title": "from JSON" } }),
                ),
            )
            .await,
    );
    let id = added["addTodo"]["id"].as_str().expect("an id").to_owned();
    let todo = data(
        client
            .execute(
                &untyped::query("query Todo($id: ID!) { todo(id: $id) { title } }")
                    .with_variables(json!({ "id": id })),
            )
            .await,
    );
    assert_eq!(todo, json!({ "todo": { "title": "from JSON" } }));

    // An anonymous query without variables.
    let query = untyped::query("{ todos(boardId: \"b-untyped\") { title } }");
    let todos = data(client.execute(&query).await);
    assert_eq!(todos, json!({ "todos": [{ "title": "from JSON" }] }));

    // Errors the server reports stay errors, with the data JSON could still hold.
    let response = client
        .execute(&untyped::query("{ nope }"))
        .await
        .expect_err("an invalid document is refused");
    assert!(response.to_string().contains("nope"), "{response}");

    // A document of several operations: the kind read from it routes it.
    let document = "query Count { todos { id } }\n\
                    subscription Down($from: Int!) { countdown(from: $from) }";
    match UntypedRequest::new(document, Some("Down"))
        .unwrap()
        .with_variables(json!({ "from": 3 }))
    {
        UntypedRequest::Subscription(request) => {
            let seen = countdown(client.subscribe(&request), |event| {
                event.data.expect("data")
            })
            .await;
            assert_eq!(seen, [3, 2, 1]);
        }
        other => panic!("expected a subscription, got {other:?}"),
    }
    match UntypedRequest::new(document, Some("Count")).unwrap() {
        UntypedRequest::Query(request) => {
            let data = client
                .execute(&request)
                .await
                .unwrap()
                .into_result()
                .unwrap();
            assert!(data["todos"].is_array(), "{data}");
        }
        other => panic!("expected a query, got {other:?}"),
    }
}

#[tokio::test]
async fn appsync_executes_and_subscribes_untyped_documents() {
    let server = devserver().await;
    let client = AppSyncClient::builder(server.appsync_url(), AuthMode::api_key(KEY))
        .build()
        .unwrap();

    let mutation = untyped::mutation(
        "mutation { addTodo(input: {boardId: \"b-as\", title: \"t\"}) { title } }",
    );
    let added = data(client.execute(&mutation).await);
    assert_eq!(added, json!({ "addTodo": { "title": "t" } }));

    // AppSync realtime: the WebSocket engine carries the untyped subscription.
    let events = client.subscribe(
        &untyped::subscription("subscription Down($from: Int!) { countdown(from: $from) }")
            .with_operation_name("Down")
            .with_variables(json!({ "from": 2 })),
    );
    let seen = countdown(events, |event| match event {
        SubscriptionEvent::Data(response) => response.data.expect("data"),
        other => panic!("expected data, got {other:?}"),
    })
    .await;
    assert_eq!(seen, [2, 1]);
}

#[tokio::test]
async fn what_is_sent_matches_gql_and_graphql_request() {
    let server = TestServer::start(|_| Reply::json(200, r#"{"data":{"me":"ada"}}"#)).await;
    let client = HttpClient::new(server.url()).unwrap();

    let me = data(client.execute(&untyped::query("{ me }")).await);
    assert_eq!(me, json!({ "me": "ada" }));
    client
        .execute(
            &untyped::query("query Me($x: Int) { me }")
                .with_operation_name("Me")
                .with_variables(json!({ "x": 1 })),
        )
        .await
        .unwrap();

    let bodies: Vec<String> = server
        .requests()
        .iter()
        .map(|r| String::from_utf8(r.body.clone()).unwrap())
        .collect();
    // No `operationName` for an anonymous operation, no `variables` when there are none.
    assert_eq!(
        bodies,
        [
            r#"{"query":"{ me }"}"#,
            r#"{"query":"query Me($x: Int) { me }","operationName":"Me","variables":{"x":1}}"#,
        ]
    );
}
