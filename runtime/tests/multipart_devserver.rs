//! Multipart subscriptions against the real devserver (async-graphql behind axum on
//! 127.0.0.1): events and a clean end, a transport error, a cut stream, framing variants,
//! heartbeats against the idle timeout, cancellation by drop, and a mutation's event.
#![cfg(feature = "multipart")]

mod todo_ops;
use todo_ops::{Countdown, CountdownVars};

use std::time::Duration;

use futures::{FutureExt, StreamExt};
use serde::{Deserialize, Serialize};
use typed_graphql::http::HttpClient;
use typed_graphql::{Error, Executable, Operation, OperationKind, SubscriptionOperation};
use typed_graphql_devserver::{Config, DevServer};

// Hand-written stand-ins for what the `#[graphql]` macro generates.

struct FailAfter;

#[derive(Serialize)]
struct FailAfterVars {
    events: i32,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
struct FailAfterData {
    fail_after: i32,
}

impl Operation for FailAfter {
    type Variables = FailAfterVars;
    type Data = FailAfterData;
    const KIND: OperationKind = OperationKind::Subscription;
    const NAME: &'static str = "FailAfter";
    const DOCUMENT: &'static str =
        "subscription FailAfter($events: Int!) { failAfter(events: $events) }";
}
impl SubscriptionOperation for FailAfter {}

struct OnAddTodo;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OnAddTodoVars {
    board_id: Option<String>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
struct OnAddTodoData {
    on_add_todo: Option<AddedTodo>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
struct AddedTodo {
    id: String,
    board_id: String,
    title: String,
}

impl Operation for OnAddTodo {
    type Variables = OnAddTodoVars;
    type Data = OnAddTodoData;
    const KIND: OperationKind = OperationKind::Subscription;
    const NAME: &'static str = "OnAddTodo";
    const DOCUMENT: &'static str =
        "subscription OnAddTodo($boardId: ID) { onAddTodo(boardId: $boardId) { id boardId title } }";
}
impl SubscriptionOperation for OnAddTodo {}

struct AddTodo;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AddTodoVars {
    board_id: String,
    title: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct AddTodoData {
    add_todo: Option<AddedTodo>,
}

impl Operation for AddTodo {
    type Variables = AddTodoVars;
    type Data = AddTodoData;
    const KIND: OperationKind = OperationKind::Mutation;
    const NAME: &'static str = "AddTodo";
    const DOCUMENT: &'static str = "mutation AddTodo($boardId: ID!, $title: String!) { \
        addTodo(input: {boardId: $boardId, title: $title}) { id boardId title } }";
}
impl Executable for AddTodo {}

/// A server without heartbeats during a test (one hour apart), so events are all there is.
async fn quiet_server() -> DevServer {
    DevServer::start_with(Config {
        heartbeat_interval: Some(Duration::from_secs(3600)),
        ..Config::default()
    })
    .await
    .unwrap()
}

fn countdown(from: i32) -> typed_graphql::Request<Countdown> {
    Countdown::request(CountdownVars { from })
}

async fn countdown_values(client: &HttpClient, from: i32) -> Vec<Result<i32, Error>> {
    client
        .subscribe(&countdown(from))
        .map(|item| item.map(|response| response.data.unwrap().countdown))
        .collect()
        .await
}

#[tokio::test]
async fn countdown_events_arrive_in_order_and_the_stream_ends_cleanly() {
    let server = quiet_server().await;
    let client = HttpClient::new(server.graphql_url()).unwrap();
    let values: Vec<i32> = countdown_values(&client, 3)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(values, vec![3, 2, 1]);
    assert_eq!(server.stats().multipart_streams_started(), 1);
    assert!(
        server
            .stats()
            .wait_for(Duration::from_secs(2), |s| s.open_multipart_streams() == 0)
            .await
    );
}

#[tokio::test]
async fn a_stream_error_is_a_subscription_transport_error_after_the_events() {
    let server = quiet_server().await;
    let client = HttpClient::new(server.graphql_url()).unwrap();
    let items: Vec<_> = client
        .subscribe(&FailAfter::request(FailAfterVars { events: 2 }))
        .collect()
        .await;
    assert_eq!(items.len(), 3, "{items:?}");
    assert_eq!(
        items[0].as_ref().unwrap().data,
        Some(FailAfterData { fail_after: 1 })
    );
    assert_eq!(
        items[1].as_ref().unwrap().data,
        Some(FailAfterData { fail_after: 2 })
    );
    match &items[2] {
        Err(Error::SubscriptionTransport(errors)) => {
            assert!(
                errors.0[0].message.contains("broke after 2 events"),
                "{errors}"
            )
        }
        other => panic!("expected a transport error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_stream_cut_before_its_end_marker_is_stream_ended_early() {
    let server = quiet_server().await;
    server.faults().close_multipart_after(Some(1));
    let client = HttpClient::new(server.graphql_url()).unwrap();
    let items = countdown_values(&client, 3).await;
    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(items[0].as_ref().unwrap(), &3);
    match &items[1] {
        Err(Error::StreamEndedEarly { boundary, .. }) => assert_eq!(boundary, "graphql"),
        other => panic!("expected StreamEndedEarly, got {other:?}"),
    }
}

#[tokio::test]
async fn a_server_chosen_boundary_and_lf_only_lines_still_parse() {
    let server = quiet_server().await;
    server
        .faults()
        .set_multipart_boundary(Some("sub-7f3a".into()));
    server.faults().set_multipart_lf_only(true);
    let client = HttpClient::new(server.graphql_url()).unwrap();
    let values: Vec<i32> = countdown_values(&client, 2)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(values, vec![2, 1]);
}

#[tokio::test]
async fn heartbeats_keep_an_idle_subscription_alive_and_their_absence_times_out() {
    let lively = DevServer::start_with(Config {
        heartbeat_interval: Some(Duration::from_millis(20)),
        ..Config::default()
    })
    .await
    .unwrap();
    let client = HttpClient::builder(lively.graphql_url())
        .subscription_idle_timeout(Some(Duration::from_millis(250)))
        .build()
        .unwrap();
    let mut events = client.subscribe(&OnAddTodo::request(OnAddTodoVars { board_id: None }));
    // Heartbeats only: no item for a second, four idle timeouts long.
    let waited = tokio::time::timeout(Duration::from_secs(1), events.next()).await;
    assert!(waited.is_err(), "heartbeats are not events: {waited:?}");
    drop(events);

    let silent = quiet_server().await;
    let client = HttpClient::builder(silent.graphql_url())
        .subscription_idle_timeout(Some(Duration::from_millis(250)))
        .build()
        .unwrap();
    let mut events = client.subscribe(&OnAddTodo::request(OnAddTodoVars { board_id: None }));
    match tokio::time::timeout(Duration::from_secs(5), events.next()).await {
        Ok(Some(Err(Error::Timeout(limit)))) => assert_eq!(limit, Duration::from_millis(250)),
        other => panic!("expected an idle timeout, got {other:?}"),
    }
}

#[tokio::test]
async fn dropping_the_stream_closes_it_on_the_server() {
    let server = DevServer::start_with(Config {
        heartbeat_interval: Some(Duration::from_millis(20)),
        ..Config::default()
    })
    .await
    .unwrap();
    let client = HttpClient::new(server.graphql_url()).unwrap();
    let mut events = client.subscribe(&OnAddTodo::request(OnAddTodoVars { board_id: None }));
    // Polling sends the request; nothing arrives but heartbeats.
    let _ = tokio::time::timeout(Duration::from_millis(100), events.next()).await;
    assert!(
        server
            .stats()
            .wait_for(Duration::from_secs(2), |s| s.open_multipart_streams() == 1)
            .await
    );
    assert_eq!(server.todo_feed_listeners(), 1);
    drop(events);
    assert!(
        server
            .stats()
            .wait_for(Duration::from_secs(5), |s| s.open_multipart_streams() == 0)
            .await,
        "the server still writes to a dropped subscription"
    );
    assert_eq!(server.todo_feed_listeners(), 0);
}

#[tokio::test]
async fn a_mutation_delivers_an_event_to_a_matching_subscription_only() {
    let server = quiet_server().await;
    let client = HttpClient::new(server.graphql_url()).unwrap();
    let mut home = client.subscribe(&OnAddTodo::request(OnAddTodoVars {
        board_id: Some("b1".into()),
    }));
    let first = tokio::spawn(async move {
        let first = home.next().await;
        (first, home)
    });
    let registered = tokio::time::timeout(Duration::from_secs(5), async {
        while server.todo_feed_listeners() < 1 {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await;
    assert!(
        registered.is_ok(),
        "the subscription never reached the server"
    );

    for (board, title) in [("b2", "at work"), ("b1", "at home")] {
        let added = client
            .execute(&AddTodo::request(AddTodoVars {
                board_id: board.into(),
                title: title.into(),
            }))
            .await
            .unwrap();
        assert!(added.data.unwrap().add_todo.is_some());
    }
    let (event, home) = tokio::time::timeout(Duration::from_secs(5), first)
        .await
        .unwrap()
        .unwrap();
    let todo = event.unwrap().unwrap().data.unwrap().on_add_todo.unwrap();
    assert_eq!(todo.board_id, "b1");
    assert_eq!(todo.title, "at home");
    drop(home);
}

#[tokio::test]
async fn an_invalid_subscription_arrives_as_one_event_with_errors() {
    let server = quiet_server().await;
    let client = HttpClient::new(server.graphql_url()).unwrap();
    // `from` is required; the server reports it in the stream (as strawberry does).
    let body =
        typed_graphql::http::Bytes::from_static(br#"{"query":"subscription { countdown }"}"#);
    let items: Vec<Result<typed_graphql::Response<serde_json::Value>, Error>> = client
        .subscribe_raw(body, Default::default())
        .collect()
        .await;
    assert_eq!(items.len(), 1, "{items:?}");
    let response = items[0].as_ref().unwrap();
    assert!(response.data.is_none());
    assert!(
        response.errors[0].message.contains("from"),
        "{:?}",
        response.errors
    );
}

// `started()`: the server accepted the subscription (its answer's head announces a
// multipart stream).

async fn add(client: &HttpClient, board: &str, title: &str) -> AddedTodo {
    client
        .execute(&AddTodo::request(AddTodoVars {
            board_id: board.into(),
            title: title.into(),
        }))
        .await
        .unwrap()
        .data
        .unwrap()
        .add_todo
        .unwrap()
}

async fn next_todo<S>(events: &mut S) -> AddedTodo
where
    S: futures::Stream<Item = Result<typed_graphql::Response<OnAddTodoData>, Error>> + Unpin,
{
    tokio::time::timeout(Duration::from_secs(10), events.next())
        .await
        .expect("no event within 10 s")
        .expect("the stream ended")
        .expect("an event, not an error")
        .data
        .unwrap()
        .on_add_todo
        .unwrap()
}

#[tokio::test]
async fn after_started_a_mutation_is_always_received() {
    let server = quiet_server().await;
    let client = HttpClient::new(server.graphql_url()).unwrap();
    // No listener polling, no sleep, no task reading the stream meanwhile: `started()` is the
    // only wait, many times over.
    for round in 0..25 {
        let board = format!("b-started-{round}");
        let mut events = client.subscribe(&OnAddTodo::request(OnAddTodoVars {
            board_id: Some(board.clone()),
        }));
        assert!(!events.is_started());
        tokio::time::timeout(Duration::from_secs(10), events.started())
            .await
            .unwrap()
            .expect("the server accepts the subscription");
        assert!(events.is_started());
        let added = add(&client, &board, &format!("round {round}")).await;
        assert_eq!(next_todo(&mut events).await, added, "round {round}");
    }
}

#[tokio::test]
async fn started_twice_and_after_a_cancelled_wait_keeps_every_event() {
    let server = quiet_server().await;
    let client = HttpClient::new(server.graphql_url()).unwrap();
    let mut events = client.subscribe(&OnAddTodo::request(OnAddTodoVars {
        board_id: Some("b-twice".into()),
    }));
    // Dropped while the request is under way: the next call goes on with the same request.
    let _ = tokio::time::timeout(Duration::from_micros(1), events.started()).await;
    events.started().await.unwrap();
    assert_eq!(server.stats().multipart_streams_started(), 1);
    let first = add(&client, "b-twice", "first").await;
    let second = add(&client, "b-twice", "second").await;
    // Events that arrived before a later call are still there for the stream.
    tokio::time::sleep(Duration::from_millis(200)).await;
    events.started().await.unwrap();
    assert_eq!(next_todo(&mut events).await, first);
    assert_eq!(next_todo(&mut events).await, second);
    assert!(events.started().now_or_never().is_some_and(|r| r.is_ok()));
}

#[tokio::test]
async fn a_refused_subscription_fails_started_and_the_stream_yields_the_same_error() {
    let server = quiet_server().await;
    let client = HttpClient::new(server.graphql_url()).unwrap();
    // A document that does not parse: the server answers with one JSON response.
    let body = typed_graphql::http::Bytes::from_static(br#"{"query":"subscription { onAddTodo("}"#);
    let mut events = client.subscribe_raw::<serde_json::Value>(body, Default::default());
    for call in ["first", "second"] {
        match events.started().await {
            Err(Error::SubscriptionRefused { errors, .. }) => {
                assert!(!errors.0.is_empty(), "{call} call")
            }
            other => panic!("{call} call: expected a refusal, got {other:?}"),
        }
    }
    assert!(!events.is_started());
    assert!(matches!(
        events.next().await,
        Some(Err(Error::SubscriptionRefused { .. }))
    ));
    assert!(events.next().await.is_none());
    assert!(events.next().await.is_none());
    assert!(matches!(
        events.started().await,
        Err(Error::SubscriptionRefused { .. })
    ));
}

#[tokio::test]
async fn a_failing_proxy_fails_started_with_the_status() {
    let server = quiet_server().await;
    server.faults().set_proxy_error(true);
    let client = HttpClient::new(server.graphql_url()).unwrap();
    let mut events = client.subscribe(&OnAddTodo::request(OnAddTodoVars { board_id: None }));
    assert!(matches!(
        events.started().await,
        Err(Error::Status { status: 502, .. })
    ));
}
