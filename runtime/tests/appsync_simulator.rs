//! Interop with AWS's own AppSync simulator (`@aws-amplify/amplify-appsync-simulator` 2.16.20,
//! the engine behind `amplify mock api`), started on 127.0.0.1 by this test
//! (`scripts/appsync-simulator/`): realtime subscriptions in the query-string placement, events
//! triggered by mutations over AppSync HTTP, argument filters (applied by the entry script the
//! way AppSync applies them), several subscriptions on one connection, a document the server
//! rejects, and the subprotocol placement the simulator does not understand.
//!
//! When the install fails the test fails under `CI`, and otherwise prints a loud skip message.
#![cfg(feature = "appsync")]

use std::time::Duration;

use futures::StreamExt;
use serde::{Deserialize, Serialize};
use typed_graphql::appsync::auth::AuthMode;
use typed_graphql::appsync::http::AppSyncClient;
use typed_graphql::appsync::realtime::{AppSyncSubscription, AuthPlacement, SubscriptionEvent};
use typed_graphql::ws::WsConfig;
use typed_graphql::{Error, Executable, Operation, OperationKind, SubscriptionOperation};

const WAIT: Duration = Duration::from_secs(10);

mod peer;

/// AWS's AppSync simulator, announcing `READY <port> <api key>`.
struct Simulator(peer::Peer);

impl Simulator {
    fn port(&self) -> u16 {
        self.0.port()
    }

    fn api_key(&self) -> &str {
        self.0.announced(1)
    }

    fn client(&self) -> AppSyncClient {
        // The simulator serves realtime on the custom-domain style path of the same port, so
        // the realtime URL is given explicitly.
        AppSyncClient::builder(
            format!("http://127.0.0.1:{}/graphql", self.port()),
            AuthMode::api_key(self.api_key()),
        )
        .realtime_url(format!("ws://127.0.0.1:{}/graphql/realtime", self.port()))
        .build()
        .expect("an AppSync client for the simulator")
    }

    fn logs(&self) -> String {
        self.0.logs()
    }
}

fn start() -> Option<Simulator> {
    peer::Peer::start(
        "appsync-simulator",
        "node",
        "scripts/appsync-simulator/server.js",
    )
    .map(Simulator)
}

// Hand-written stand-ins for what the `#[graphql]` macro generates.

#[derive(Debug, Deserialize, PartialEq, Clone)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
enum Priority {
    Low,
    Normal,
    High,
}

#[derive(Debug, Deserialize, PartialEq, Clone)]
#[serde(rename_all = "camelCase")]
struct Todo {
    id: String,
    board_id: String,
    title: String,
    done: bool,
    priority: Option<Priority>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct OnAddTodoData {
    on_add_todo: Option<Todo>,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
struct BoardVars {
    board_id: Option<String>,
}

struct OnAddTodo;
impl Operation for OnAddTodo {
    type Variables = BoardVars;
    type Data = OnAddTodoData;
    const KIND: OperationKind = OperationKind::Subscription;
    const NAME: &'static str = "OnAddTodo";
    const DOCUMENT: &'static str = "subscription OnAddTodo($boardId: ID) { \
         onAddTodo(boardId: $boardId) { id boardId title done priority } }";
}
impl SubscriptionOperation for OnAddTodo {}

/// Selects a field `Todo` does not have: the simulator refuses the start.
struct OnAddTodoUnknownField;
impl Operation for OnAddTodoUnknownField {
    type Variables = BoardVars;
    type Data = OnAddTodoData;
    const KIND: OperationKind = OperationKind::Subscription;
    const NAME: &'static str = "OnAddTodoUnknownField";
    const DOCUMENT: &'static str = "subscription OnAddTodoUnknownField($boardId: ID) { \
         onAddTodo(boardId: $boardId) { id nope } }";
}
impl SubscriptionOperation for OnAddTodoUnknownField {}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AddTodoInput {
    board_id: String,
    title: String,
    priority: Option<&'static str>,
}

#[derive(Serialize)]
struct AddTodoVars {
    input: AddTodoInput,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct AddTodoData {
    add_todo: Option<Todo>,
}

struct AddTodo;
impl Operation for AddTodo {
    type Variables = AddTodoVars;
    type Data = AddTodoData;
    const KIND: OperationKind = OperationKind::Mutation;
    const NAME: &'static str = "AddTodo";
    const DOCUMENT: &'static str = "mutation AddTodo($input: AddTodoInput!) { \
         addTodo(input: $input) { id boardId title done priority } }";
}
impl Executable for AddTodo {}

fn board(id: &str) -> BoardVars {
    BoardVars {
        board_id: Some(id.to_owned()),
    }
}

async fn add_todo(client: &AppSyncClient, board_id: &str, title: &str) -> Todo {
    client
        .execute(&AddTodo::request(AddTodoVars {
            input: AddTodoInput {
                board_id: board_id.to_owned(),
                title: title.to_owned(),
                priority: Some("HIGH"),
            },
        }))
        .await
        .expect("addTodo over the simulator's HTTP endpoint")
        .into_result()
        .expect("addTodo without errors")
        .add_todo
        .expect("addTodo returns the todo")
}

fn todo_of(item: Option<Result<SubscriptionEvent<OnAddTodoData>, Error>>) -> Todo {
    match item {
        Some(Ok(SubscriptionEvent::Data(response))) => response
            .into_result()
            .expect("an event without errors")
            .on_add_todo
            .expect("a todo in the event"),
        other => panic!("expected an event, got {other:?}"),
    }
}

/// The simulator has no way to tell when a `start` is live, so mutations on `board_id` are sent
/// until the subscription receives one of them (at most 10 s); returns the todo received.
/// Warm-up events of other boards (an unfiltered subscription sees them) are skipped.
async fn wait_until_live(
    client: &AppSyncClient,
    events: &mut AppSyncSubscription<OnAddTodoData>,
    board_id: &str,
) -> Todo {
    let deadline = tokio::time::Instant::now() + WAIT;
    let mut sent = Vec::new();
    loop {
        sent.push(add_todo(client, board_id, "warm-up").await.id);
        while let Ok(item) = tokio::time::timeout(Duration::from_millis(300), events.next()).await {
            let todo = todo_of(item);
            assert_eq!(todo.title, "warm-up", "an unexpected event: {todo:?}");
            if sent.contains(&todo.id) {
                return todo;
            }
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the subscription received none of {} mutations within 10 s",
            sent.len()
        );
    }
}

/// Events of the warm-up mutations still in flight are skipped; the next other one returned.
async fn next_titled(events: &mut AppSyncSubscription<OnAddTodoData>) -> Todo {
    loop {
        let item = tokio::time::timeout(WAIT, events.next())
            .await
            .expect("the subscription yielded nothing within 10 s");
        let todo = todo_of(item);
        if todo.title != "warm-up" {
            return todo;
        }
    }
}

#[tokio::test]
async fn a_mutation_over_http_reaches_a_typed_filtered_subscription() {
    let Some(simulator) = start() else { return };
    let client = simulator.client();
    let mut events = client.subscribe(&OnAddTodo::request(board("board-A")));
    let warm = wait_until_live(&client, &mut events, "board-A").await;
    assert_eq!(warm.board_id, "board-A");

    // The filter argument: a todo of another board is not delivered, the next one is, typed
    // (enum included) and equal to what the mutation returned.
    add_todo(&client, "board-B", "elsewhere").await;
    let added = add_todo(&client, "board-A", "Buy milk").await;
    let event = next_titled(&mut events).await;
    assert_eq!(event, added, "logs:\n{}", simulator.logs());
    assert_eq!(event.title, "Buy milk");
    assert_eq!(event.priority, Some(Priority::High));
    assert!(!event.done);
}

#[tokio::test]
async fn subscriptions_share_the_connection_and_each_gets_its_own_events() {
    let Some(simulator) = start() else { return };
    let client = simulator.client();
    let mut all = client.subscribe(&OnAddTodo::request(BoardVars { board_id: None }));
    let mut a = client.subscribe(&OnAddTodo::request(board("board-A")));
    let mut b = client.subscribe(&OnAddTodo::request(board("board-B")));
    wait_until_live(&client, &mut all, "board-C").await;
    wait_until_live(&client, &mut a, "board-A").await;
    wait_until_live(&client, &mut b, "board-B").await;

    let to_b = add_todo(&client, "board-B", "for B").await;
    let to_a = add_todo(&client, "board-A", "for A").await;
    assert_eq!(next_titled(&mut a).await, to_a);
    assert_eq!(next_titled(&mut b).await, to_b);
    // The unfiltered one sees both, in order.
    assert_eq!(next_titled(&mut all).await, to_b);
    assert_eq!(next_titled(&mut all).await, to_a);

    // Dropping one (its `stop` goes out) leaves the others flowing on the same connection.
    drop(a);
    let again = add_todo(&client, "board-B", "B again").await;
    assert_eq!(next_titled(&mut b).await, again);
    assert_eq!(next_titled(&mut all).await, again);
}

#[tokio::test]
async fn a_start_the_simulator_rejects_ends_that_subscription_only() {
    let Some(simulator) = start() else { return };
    let client = simulator.client();
    let mut good = client.subscribe(&OnAddTodo::request(board("board-A")));
    wait_until_live(&client, &mut good, "board-A").await;

    let mut bad = client.subscribe(&OnAddTodoUnknownField::request(board("board-A")));
    let item = tokio::time::timeout(WAIT, bad.next())
        .await
        .expect("the rejected subscription yielded nothing within 10 s");
    match item {
        Some(Err(Error::AppSync(err))) => {
            let shown = err.to_string();
            assert!(
                shown.contains("Cannot query field \"nope\""),
                "the server's message is kept: {shown}"
            );
        }
        other => panic!("expected the server's error, got {other:?}"),
    }
    assert!(
        tokio::time::timeout(WAIT, bad.next())
            .await
            .expect("the rejected stream ends")
            .is_none(),
        "nothing follows the error"
    );

    let added = add_todo(&client, "board-A", "still flowing").await;
    assert_eq!(next_titled(&mut good).await, added);
}

#[tokio::test]
async fn the_subprotocol_placement_the_simulator_ignores_fails_with_an_error_not_a_hang() {
    let Some(simulator) = start() else { return };
    let client = simulator.client();
    // The simulator reads auth from the query string only; with the auth object in a
    // `header-...` subprotocol it accepts the upgrade and closes the socket (code 1002).
    let realtime = client
        .realtime()
        .placement(AuthPlacement::Subprotocol)
        .config(WsConfig {
            ack_timeout: Duration::from_secs(2),
            reconnect_initial_delay: Duration::from_millis(50),
            reconnect_max_delay: Duration::from_millis(200),
            max_connect_attempts: 2,
            ..WsConfig::default()
        })
        .build();
    let mut events = realtime.subscribe(&OnAddTodo::request(board("board-A")));
    let item = tokio::time::timeout(Duration::from_secs(20), events.next())
        .await
        .expect("the refused subscription yielded nothing within 20 s");
    match item {
        Some(Err(err)) => {
            let shown = err.to_string();
            eprintln!("the subprotocol placement ended with: {shown}");
            assert!(
                !shown.contains(simulator.api_key()),
                "secret shown: {shown}"
            );
        }
        other => panic!("expected an error, got {other:?}"),
    }
    assert!(
        tokio::time::timeout(WAIT, events.next())
            .await
            .expect("the refused stream ends")
            .is_none(),
        "nothing follows the error"
    );
}

/// The simulator reports a non-null field missing from an event in graphql-js's words
/// ("Cannot return null for non-nullable field Todo.done."); the error names the field the
/// mutation should select, as it does for AppSync's wording.
#[tokio::test]
async fn a_non_null_field_missing_from_an_event_is_named_in_graphql_js_wording() {
    let Some(simulator) = start() else { return };
    let client = simulator.client();
    let mut events = client.subscribe(&OnAddTodo::request(board("board-N")));
    wait_until_live(&client, &mut events, "board-N").await;
    // The resolver leaves `done` out for this title; the mutation's own answer fails too.
    let _ = client
        .execute(&AddTodo::request(AddTodoVars {
            input: AddTodoInput {
                board_id: "board-N".to_owned(),
                title: "without done".to_owned(),
                priority: None,
            },
        }))
        .await;
    loop {
        let item = tokio::time::timeout(WAIT, events.next())
            .await
            .expect("the subscription yielded nothing within 10 s");
        let Some(Ok(SubscriptionEvent::Data(response))) = item else {
            panic!("expected an event, got {item:?}");
        };
        if response.errors.is_empty() {
            continue; // a warm-up event still in flight
        }
        let error = &response.errors[0];
        assert_eq!(
            error.message,
            "Cannot return null for non-nullable field Todo.done.",
            "logs:\n{}",
            simulator.logs()
        );
        assert_eq!(
            error.appsync_unselected_field().as_deref(),
            Some("onAddTodo.done")
        );
        assert!(
            error
                .to_string()
                .contains("the mutation probably does not select `onAddTodo.done`"),
            "{error}"
        );
        return;
    }
}
