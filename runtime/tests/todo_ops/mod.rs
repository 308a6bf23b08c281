//! Operations of the devserver's todo schema the transport tests share, written by hand: these
//! tests exercise the transports on their own, so a code-generation bug cannot hide a transport
//! bug (the macro's output is tested with the transports in `examples/` and `tests/`).
//!
//! `Countdown` (also served by the strawberry peer) is for every transport; the todo operations
//! and helpers are AppSync's. `AddTodo` selects what `OnAddTodo` needs (`id title boardId`) but
//! not `done`.

// Each test crate uses a subset of this module.
#![allow(dead_code, unused_imports)]

use serde::{Deserialize, Serialize};
use typed_graphql::{Operation, OperationKind, SubscriptionOperation};

#[cfg(feature = "appsync")]
pub use appsync::*;

/// `countdown(from:)`: `from`, `from - 1`, ..., `1`, then the end.
pub struct Countdown;

#[derive(Serialize)]
pub struct CountdownVars {
    pub from: i32,
}

#[derive(Debug, Deserialize, PartialEq)]
pub struct CountdownData {
    pub countdown: i32,
}

impl Operation for Countdown {
    type Variables = CountdownVars;
    type Data = CountdownData;
    const KIND: OperationKind = OperationKind::Subscription;
    const NAME: &'static str = "Countdown";
    const DOCUMENT: &'static str = "subscription Countdown($from: Int!) { countdown(from: $from) }";
}
impl SubscriptionOperation for Countdown {}

#[cfg(feature = "appsync")]
mod appsync {
    use std::time::Duration;

    use futures::StreamExt;
    use serde::de::DeserializeOwned;
    use serde::{Deserialize, Serialize};
    use typed_graphql::appsync::http::AppSyncClient;
    use typed_graphql::appsync::realtime::{AppSyncSubscription, SubscriptionEvent};
    use typed_graphql::{Error, Executable, Operation, OperationKind, SubscriptionOperation};
    use typed_graphql_devserver::DevServer;

    /// How long a test waits for an event or a server-side count.
    pub const WAIT: Duration = Duration::from_secs(10);

    /// A todo as `OnAddTodo` and `AddTodo` select it.
    #[derive(Debug, Deserialize, PartialEq, Clone)]
    #[serde(rename_all = "camelCase")]
    pub struct TodoEvent {
        pub id: String,
        pub title: String,
        pub board_id: String,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct OnAddTodoData {
        pub on_add_todo: Option<TodoEvent>,
    }

    #[derive(Serialize, Clone)]
    #[serde(rename_all = "camelCase")]
    pub struct BoardVars {
        pub board_id: Option<String>,
    }

    pub struct OnAddTodo;
    impl Operation for OnAddTodo {
        type Variables = BoardVars;
        type Data = OnAddTodoData;
        const KIND: OperationKind = OperationKind::Subscription;
        const NAME: &'static str = "OnAddTodo";
        const DOCUMENT: &'static str =
        "subscription OnAddTodo($boardId: ID) { onAddTodo(boardId: $boardId) { id title boardId } }";
    }
    impl SubscriptionOperation for OnAddTodo {}

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct AddTodoInput {
        pub board_id: String,
        pub title: String,
    }

    #[derive(Serialize)]
    pub struct AddTodoVars {
        pub input: AddTodoInput,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct AddTodoData {
        pub add_todo: Option<TodoEvent>,
    }

    pub struct AddTodo;
    impl Operation for AddTodo {
        type Variables = AddTodoVars;
        type Data = AddTodoData;
        const KIND: OperationKind = OperationKind::Mutation;
        const NAME: &'static str = "AddTodo";
        const DOCUMENT: &'static str =
        "mutation AddTodo($input: AddTodoInput!) { addTodo(input: $input) { id title boardId } }";
    }
    impl Executable for AddTodo {}

    /// `OnAddTodo`'s variables for board `id`.
    pub fn board(id: &str) -> BoardVars {
        BoardVars {
            board_id: Some(id.to_owned()),
        }
    }

    /// Adds a todo over AppSync HTTP; the todo as the mutation returned it.
    pub async fn add_todo(client: &AppSyncClient, board_id: &str, title: &str) -> TodoEvent {
        client
            .execute(&AddTodo::request(AddTodoVars {
                input: AddTodoInput {
                    board_id: board_id.to_owned(),
                    title: title.to_owned(),
                },
            }))
            .await
            .expect("mutation over AppSync HTTP")
            .into_result()
            .expect("no errors")
            .add_todo
            .expect("a todo")
    }

    /// The stream's next item, within [`WAIT`].
    pub async fn next<D: DeserializeOwned>(
        stream: &mut AppSyncSubscription<D>,
    ) -> Option<Result<SubscriptionEvent<D>, Error>> {
        tokio::time::timeout(WAIT, stream.next())
            .await
            .expect("the subscription yielded nothing within 10 s")
    }

    /// The next item, which must be an event with a todo.
    pub async fn next_todo(stream: &mut AppSyncSubscription<OnAddTodoData>) -> TodoEvent {
        match next(stream).await {
            Some(Ok(SubscriptionEvent::Data(response))) => response
                .into_result()
                .expect("an event without errors")
                .on_add_todo
                .expect("a todo in the event"),
            other => panic!("expected an event, got {other:?}"),
        }
    }

    /// Waits until the server counts `n` active subscriptions.
    pub async fn active(server: &DevServer, n: usize) {
        assert!(
            server
                .stats()
                .wait_for(WAIT, |s| s.active_subscriptions() == n)
                .await,
            "expected {n} active subscriptions, the server has {}",
            server.stats().active_subscriptions()
        );
    }
}
