//! GraphQL over plain HTTP: a typed query, a typed mutation, and the two kinds of failure a
//! caller handles: GraphQL errors next to partial data, and a typed transport error.
//!
//! ```sh
//! cargo run --example http_query
//! ```

use std::error::Error;
use std::process::ExitCode;

use typed_graphql::http::HttpClient;
use typed_graphql_devserver::DevServer;
use typed_graphql_examples::todos::{self, types::AddTodoInput};
use typed_graphql_examples::{exit_code, step};

#[tokio::main]
async fn main() -> ExitCode {
    exit_code(run().await)
}

async fn run() -> Result<(), Box<dyn Error>> {
    let server = step("starting the devserver", DevServer::start()).await?;
    // Any GraphQL-over-HTTP endpoint works here; `.bearer_auth(token)` or `.header(..)` add auth.
    let client = HttpClient::new(server.graphql_url())?;
    println!("GraphQL over HTTP at {}", server.graphql_url());

    let get = todos::GetTodo::request(todos::get_todo::Variables::new("t1".into()));
    let todo = step("GetTodo", client.execute(&get))
        .await?
        .into_result()?
        .todo;
    let todo = todo.ok_or("todo t1 is missing")?;
    println!(
        "query GetTodo(t1): \"{}\", note: {:?}",
        todo.todo_fields.title, todo.note
    );

    let input = AddTodoInput::new("b2".into(), "Send the invoice".to_owned());
    let add = todos::AddTodo::request(todos::add_todo::Variables::new(input));
    let added = step("AddTodo", client.execute(&add)).await?.into_result()?;
    let added = added.add_todo.ok_or("AddTodo returned no todo")?;
    println!(
        "mutation AddTodo: created {} on board {}",
        added.id, added.board_id
    );

    // The devserver fails `todo(id:)` for ids starting with "forbidden": the call still
    // succeeds, with the data the server could give (possibly none) next to the errors.
    let forbidden = todos::GetTodo::request(todos::get_todo::Variables::new("forbidden-1".into()));
    let response = step("GetTodo(forbidden-1)", client.execute(&forbidden)).await?;
    let error = response.errors.first().ok_or("expected a GraphQL error")?;
    let code = error
        .extensions
        .as_ref()
        .and_then(|ext| ext.get("code")?.as_str());
    println!(
        "query GetTodo(forbidden-1): data: {:?}, error: {error}, code: {}",
        response.data,
        code.unwrap_or("-")
    );

    // Failures below GraphQL are variants of one typed enum, e.g. a proxy's HTML error page.
    let proxy = HttpClient::new(server.proxy_error_url())?;
    match proxy.execute(&get).await {
        Err(typed_graphql::Error::Status {
            status,
            content_type,
            ..
        }) => {
            println!("behind a failing proxy: Error::Status {{ status: {status}, content_type: {content_type:?} }}")
        }
        other => {
            return Err(format!("expected Error::Status from the proxy, got {other:?}").into())
        }
    }
    Ok(())
}
