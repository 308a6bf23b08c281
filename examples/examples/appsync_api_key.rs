//! AppSync with API key auth: a query and a mutation over HTTP, a subscription over the
//! realtime WebSocket (the key authorizes the handshake and every `start`), and what a wrong
//! key looks like (`AuthError::Rejected`, with a hint of what to check).
//!
//! ```sh
//! cargo run --example appsync_api_key
//! ```
//!
//! Against a real API: `AppSyncClient::builder(endpoint, AuthMode::api_key_from_env("AWS_GRAPHQL_API_KEY")?)`.

use std::error::Error;
use std::process::ExitCode;

use typed_graphql::appsync::auth::{AuthError, AuthMode};
use typed_graphql::appsync::http::AppSyncClient;
use typed_graphql_devserver::{Config, DevServer};
use typed_graphql_examples::todos::{self, types::AddTodoInput};
use typed_graphql_examples::{exit_code, next_todo, step};

const KEY: &str = "da2-example-key";

#[tokio::main]
async fn main() -> ExitCode {
    exit_code(run().await)
}

async fn run() -> Result<(), Box<dyn Error>> {
    let config = Config {
        api_key: Some(KEY.into()),
        ..Config::default()
    };
    let server = step("starting the devserver", DevServer::start_with(config)).await?;
    let client = AppSyncClient::builder(server.appsync_url(), AuthMode::api_key(KEY)).build()?;

    let list = todos::ListTodos::request(Default::default());
    let todos = step("ListTodos", client.execute(&list))
        .await?
        .into_result()?
        .todos;
    println!("ListTodos with the API key: {} todos", todos.len());

    let mut events = client.subscribe(&todos::OnAddTodo::request(Default::default()));
    // Live once AppSync acknowledged it: the mutation below reaches it.
    step("subscribing", events.started()).await?;
    let input = AddTodoInput::new("b1".into(), "Renew the API key".to_owned());
    let add = todos::AddTodo::request(todos::add_todo::Variables::new(input));
    step("AddTodo", client.execute(&add)).await?.into_result()?;
    let todo = next_todo(&mut events).await?;
    println!(
        "OnAddTodo event over the realtime WebSocket: {} \"{}\"",
        todo.id, todo.title
    );

    let wrong =
        AppSyncClient::builder(server.appsync_url(), AuthMode::api_key("da2-wrong")).build()?;
    match wrong.execute(&list).await {
        Err(typed_graphql::Error::Auth(rejected @ AuthError::Rejected { .. })) => {
            println!("with a wrong key: {rejected}");
        }
        other => return Err(format!("expected a rejection, got {other:?}").into()),
    }
    Ok(())
}
