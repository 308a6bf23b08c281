//! The todo app: a typed query, a typed subscription with a filter argument over the AppSync
//! realtime WebSocket, and typed mutations over AppSync HTTP whose event reaches the
//! subscription, only for the board it filters on.
//!
//! ```sh
//! cargo run --example todo
//! ```
//!
//! By default it starts the devserver in-process (an AppSync emulation on 127.0.0.1). To run the
//! same code against your own AppSync API (with `graphql/schema.graphql` deployed), set
//! `AWS_GRAPHQL_API_ENDPOINT` and either `AWS_GRAPHQL_API_KEY` or the standard AWS credential
//! variables (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`) for IAM.

use std::error::Error;
use std::process::ExitCode;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use typed_graphql::appsync::http::AppSyncClient;
use typed_graphql::Maybe;
use typed_graphql_examples::todos::{self, fragments::TodoFields};
use typed_graphql_examples::{exit_code, next_todo, step, Target, STEP_TIMEOUT};

/// The board the subscription listens to, and another one whose todos it must not receive.
const WATCHED_BOARD: &str = "b1";
const OTHER_BOARD: &str = "b2";

#[tokio::main]
async fn main() -> ExitCode {
    exit_code(run().await)
}

async fn run() -> Result<(), Box<dyn Error>> {
    let target = step("starting the target", Target::from_env()).await?;
    println!("{}", target.mode_line());
    let client = target.appsync_client()?;

    println!("\n1. Query ListTodos over AppSync HTTP");
    let list = todos::ListTodos::request(todos::list_todos::Variables::new());
    let response = step("ListTodos", client.execute(&list)).await?;
    let data = response
        .into_result()
        .map_err(|errors| format!("ListTodos returned errors: {errors}"))?;
    println!("   {} todo(s):", data.todos.len());
    for todo in &data.todos {
        println!("   {}", describe(todo));
    }

    println!("\n2. Subscribe OnAddTodo(boardId: \"{WATCHED_BOARD}\") over the AppSync realtime WebSocket");
    let vars = todos::on_add_todo::Variables {
        board_id: Maybe::Value(WATCHED_BOARD.into()),
    };
    let mut events = client.subscribe(&todos::OnAddTodo::request(vars));
    // Returns once AppSync acknowledged the subscription (`start_ack`): from then on the
    // mutations below reach it. A refused subscription is an error here, not a missing event.
    step("subscribing", events.started()).await?;
    println!("   subscribed: AppSync now pushes every todo added to board {WATCHED_BOARD}");

    // Unique titles, so that this run's events are told apart from anyone else's on a shared API.
    let run_id = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|t| t.as_millis() % 100_000)
        .unwrap_or(0);
    println!("\n3. Mutation AddTodo over AppSync HTTP, on board {OTHER_BOARD} (the filter should drop it)");
    let input =
        todos::types::AddTodoInput::new(OTHER_BOARD.into(), format!("Book the dentist #{run_id}"));
    let other = add_todo(&client, input).await?;
    println!("   added {}", describe(&other));

    println!("\n4. Mutation AddTodo over AppSync HTTP, on board {WATCHED_BOARD}");
    let mut input = todos::types::AddTodoInput::new(
        WATCHED_BOARD.into(),
        format!("Water the plants #{run_id}"),
    );
    input.priority = Maybe::Value(todos::types::Priority::High);
    input.tags = Maybe::Value(vec!["garden".to_owned()]);
    let watched = add_todo(&client, input).await?;
    println!("   added {}", describe(&watched));

    println!("\n5. Waiting for the subscription's event (at most {STEP_TIMEOUT:?})");
    // Events arrive in mutation order: had the filter let the other board's todo through, it
    // would come first. On a shared API other clients' todos of the board may arrive too.
    let event = loop {
        let event = next_todo(&mut events).await?;
        if event.id == other.id {
            return Err(format!("the filter let through {}", describe(&event)).into());
        }
        if event.id == watched.id {
            break event;
        }
        println!("   (skipped another client's todo: {})", describe(&event));
    };
    println!("   received the typed event (`todos::on_add_todo::Data`), its onAddTodo:");
    for line in format!("{event:#?}").lines() {
        println!("   {line}");
    }

    // A short look for more: the other board's todo must never arrive.
    let more = tokio::time::timeout(Duration::from_millis(500), next_todo(&mut events)).await;
    if let Ok(Ok(late)) = more {
        if late.id == other.id {
            return Err(format!("the filter let through {}", describe(&late)).into());
        }
    }
    println!(
        "\ndone: the subscription received the todo of board {WATCHED_BOARD} and not the one of board {OTHER_BOARD}"
    );
    Ok(())
}

/// Adds a todo with the typed `AddTodo` mutation and returns what the server created.
async fn add_todo(
    client: &AppSyncClient,
    input: todos::types::AddTodoInput,
) -> Result<TodoFields, Box<dyn Error>> {
    let request = todos::AddTodo::request(todos::add_todo::Variables::new(input));
    let response = step("AddTodo", client.execute(&request)).await?;
    let data = response
        .into_result()
        .map_err(|errors| format!("AddTodo returned errors: {errors}"))?;
    data.add_todo
        .ok_or_else(|| "AddTodo returned no todo".into())
}

/// One line for a todo: id, board, title, priority, tags.
fn describe(todo: &TodoFields) -> String {
    let priority = todo.priority.as_ref().map_or("-", |p| p.as_str());
    format!(
        "{} on board {}: \"{}\" (done: {}, priority: {priority}, tags: {:?})",
        todo.id, todo.board_id, todo.title, todo.done, todo.tags
    )
}
