//! AppSync with IAM auth: every HTTP request, the realtime handshake and every subscription
//! `start` are signed with SigV4 (service `appsync`); the devserver verifies the signatures by
//! signing again with the credentials it is configured with.
//!
//! ```sh
//! cargo run --example appsync_iam
//! ```
//!
//! Against a real API: `AuthMode::iam(IamAuth::from_env())` reads `AWS_ACCESS_KEY_ID`,
//! `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`, and the region from the endpoint's host.

use std::error::Error;
use std::process::ExitCode;

use typed_graphql::appsync::auth::{AuthMode, AwsCredentials, IamAuth};
use typed_graphql::appsync::http::AppSyncClient;
use typed_graphql::Maybe;
use typed_graphql_devserver::{Config, DevServer, IamCredentials};
use typed_graphql_examples::todos::{self, types::AddTodoInput};
use typed_graphql_examples::{exit_code, next_todo, step};

// AWS's documentation example credentials: they open nothing but this local server.
const ACCESS_KEY_ID: &str = "AKIDEXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const REGION: &str = "eu-west-1";

#[tokio::main]
async fn main() -> ExitCode {
    exit_code(run().await)
}

async fn run() -> Result<(), Box<dyn Error>> {
    let iam = IamCredentials::new(ACCESS_KEY_ID, SECRET, REGION);
    let config = Config {
        iam: Some(iam),
        ..Config::default()
    };
    let server = step("starting the devserver", DevServer::start_with(config)).await?;

    // 127.0.0.1 names no region, so it is given (a standard AppSync host carries it).
    let credentials = AwsCredentials::new(ACCESS_KEY_ID, SECRET, None);
    let auth = AuthMode::iam(IamAuth::new(credentials).region(REGION));
    let client = AppSyncClient::builder(server.appsync_url(), auth).build()?;
    println!(
        "AppSync at {} with IAM (SigV4, {REGION})",
        server.appsync_url()
    );

    let get = todos::GetTodo::request(todos::get_todo::Variables::new("t2".into()));
    let todo = step("GetTodo", client.execute(&get))
        .await?
        .into_result()?
        .todo;
    println!(
        "signed query GetTodo(t2): {:?}",
        todo.map(|t| t.todo_fields.title)
    );

    let vars = todos::on_add_todo::Variables {
        board_id: Maybe::Value("b2".into()),
    };
    let mut events = client.subscribe(&todos::OnAddTodo::request(vars));
    // Live once AppSync acknowledged it: the mutation below reaches it.
    step("subscribing", events.started()).await?;
    println!("signed realtime handshake and start: subscribed OnAddTodo(boardId: \"b2\")");

    let input = AddTodoInput::new("b2".into(), "Rotate the access keys".to_owned());
    let add = todos::AddTodo::request(todos::add_todo::Variables::new(input));
    step("AddTodo", client.execute(&add)).await?.into_result()?;
    let todo = next_todo(&mut events).await?;
    println!(
        "signed mutation AddTodo, event received: {} \"{}\"",
        todo.id, todo.title
    );
    Ok(())
}
