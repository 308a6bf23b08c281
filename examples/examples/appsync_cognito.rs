//! AppSync with Cognito user pools (JWT) auth through a token provider that refreshes the
//! token when it expires, and with a Lambda authorizer token. The provider is asked for every
//! HTTP request, realtime handshake and `start`, so a refreshed token is always the one sent.
//!
//! ```sh
//! cargo run --example appsync_cognito
//! ```
//!
//! OIDC works the same way with `AuthMode::oidc(..)`.

use std::error::Error;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use typed_graphql::appsync::auth::{AuthMode, TokenSource};
use typed_graphql::appsync::http::AppSyncClient;
use typed_graphql_devserver::{Config, DevServer};
use typed_graphql_examples::todos::{self, types::AddTodoInput};
use typed_graphql_examples::{exit_code, next_todo, step};

// What the devserver accepts in `Authorization` (it compares, it does not decode).
const JWT: &str = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJleGFtcGxlIn0.c2lnbmF0dXJl";
const LAMBDA_TOKEN: &str = "lambda-example-token";

#[tokio::main]
async fn main() -> ExitCode {
    exit_code(run().await)
}

async fn run() -> Result<(), Box<dyn Error>> {
    let config = Config {
        jwt: Some(JWT.into()),
        lambda_token: Some(LAMBDA_TOKEN.into()),
        ..Config::default()
    };
    let server = step("starting the devserver", DevServer::start_with(config)).await?;

    let session = Arc::new(Session::default());
    let asked = Arc::clone(&session);
    let provider = TokenSource::provider(move || {
        let token = asked.token();
        async move { Ok::<_, typed_graphql::BoxError>(token) }
    });
    let client =
        AppSyncClient::builder(server.appsync_url(), AuthMode::cognito(provider)).build()?;

    let list = todos::ListTodos::request(Default::default());
    for round in 1..=2 {
        let todos = step("ListTodos", client.execute(&list))
            .await?
            .into_result()?
            .todos;
        let fetched = session.sign_ins.load(Ordering::SeqCst);
        println!(
            "Cognito query {round}: {} todos (tokens fetched: {fetched})",
            todos.len()
        );
        tokio::time::sleep(Duration::from_millis(400)).await; // the token expires meanwhile
    }
    let mut events = client.subscribe(&todos::OnAddTodo::request(Default::default()));
    // Live once AppSync acknowledged it: the mutation below reaches it.
    step("subscribing", events.started()).await?;

    // Another auth mode of the same API: this mutation goes through the Lambda authorizer.
    let lambda = AppSyncClient::builder(server.appsync_url(), AuthMode::lambda(LAMBDA_TOKEN));
    let input = AddTodoInput::new("b1".into(), "Refresh the tokens".to_owned());
    let add = todos::AddTodo::request(todos::add_todo::Variables::new(input));
    step("AddTodo", lambda.build()?.execute(&add))
        .await?
        .into_result()?;
    let todo = next_todo(&mut events).await?;
    println!(
        "Lambda-authorized AddTodo reached the Cognito subscription: {}",
        todo.title
    );
    let asked = session.asked.load(Ordering::SeqCst);
    let sign_ins = session.sign_ins.load(Ordering::SeqCst);
    println!("token asked for {asked} times (request, handshake, start), fetched {sign_ins} times");
    Ok(())
}

/// A signed-in user's session: the token is reused until it expires (after 300 ms here, to
/// show a refresh), then fetched again. Real code calls Cognito where `sign_ins` is counted
/// (e.g. InitiateAuth with REFRESH_TOKEN_AUTH); the devserver accepts one fixed JWT.
#[derive(Default)]
struct Session {
    expiry: Mutex<Option<Instant>>,
    asked: AtomicUsize,
    sign_ins: AtomicUsize,
}

impl Session {
    fn token(&self) -> String {
        self.asked.fetch_add(1, Ordering::SeqCst);
        let mut expiry = self.expiry.lock().unwrap_or_else(PoisonError::into_inner);
        if expiry.is_none_or(|at| Instant::now() >= at) {
            self.sign_ins.fetch_add(1, Ordering::SeqCst);
            *expiry = Some(Instant::now() + Duration::from_millis(300));
        }
        JWT.to_owned()
    }
}
