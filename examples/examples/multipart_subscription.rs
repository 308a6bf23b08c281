//! A subscription over multipart HTTP (`multipart/mixed`, Apollo's protocol) on a plain GraphQL
//! endpoint: subscribe `OnAddTodo(boardId: "b1")`, add todos with the HTTP client, receive the
//! typed event of the watched board.
//!
//! ```sh
//! cargo run --example multipart_subscription
//! ```

use std::error::Error;
use std::process::ExitCode;

use futures::StreamExt;
use typed_graphql::http::HttpClient;
use typed_graphql::Maybe;
use typed_graphql_devserver::DevServer;
use typed_graphql_examples::todos::{self, types::AddTodoInput};
use typed_graphql_examples::{exit_code, step};

#[tokio::main]
async fn main() -> ExitCode {
    exit_code(run().await)
}

async fn run() -> Result<(), Box<dyn Error>> {
    let server = step("starting the devserver", DevServer::start()).await?;
    let client = HttpClient::new(server.graphql_url())?;
    println!("multipart subscriptions at {}", server.graphql_url());

    let vars = todos::on_add_todo::Variables {
        board_id: Maybe::Value("b1".into()),
    };
    let mut events = client.subscribe(&todos::OnAddTodo::request(vars));
    // Sends the request and returns once the server answered with a multipart stream: the
    // subscription runs, and the mutations below reach it.
    step("subscribing", events.started()).await?;
    println!("subscribed OnAddTodo(boardId: \"b1\")");

    for (board, title) in [("b2", "Plan the offsite"), ("b1", "Fix the tap")] {
        let add = todos::AddTodo::request(todos::add_todo::Variables::new(AddTodoInput::new(
            board.into(),
            title.to_owned(),
        )));
        let added = step("AddTodo", client.execute(&add)).await?.into_result()?;
        let added = added.add_todo.ok_or("AddTodo returned no todo")?;
        println!("added {} \"{}\" on board {board}", added.id, added.title);
    }

    let event = step("waiting for the event", async {
        events
            .next()
            .await
            .ok_or("the subscription ended without an event")
    })
    .await??;
    let todo = event
        .into_result()?
        .on_add_todo
        .ok_or("an event without a todo")?;
    if todo.board_id != "b1" {
        return Err(format!("the filter let through a todo of board {}", todo.board_id).into());
    }
    println!("event: {todo:?}");
    Ok(())
}
