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
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures::StreamExt;
use typed_graphql::appsync::auth::{AuthMode, TokenSource};
use typed_graphql::appsync::http::AppSyncClient;
use typed_graphql_devserver::{Config, DevServer};
use typed_graphql_examples::todos;
use typed_graphql_examples::{exit_code, step, STEP_TIMEOUT};

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

    // A cached token with its expiry; `sign_in` stands for the real call (e.g. Cognito's
    // InitiateAuth with REFRESH_TOKEN_AUTH). Tokens here live 300 ms to show a refresh.
    let cache: Arc<Mutex<Option<(String, Instant)>>> = Arc::default();
    let sign_ins = Arc::new(AtomicUsize::new(0));
    let (provider_cache, provider_sign_ins) = (cache.clone(), sign_ins.clone());
    let provider = TokenSource::provider(move || {
        let mut cached = provider_cache.lock().unwrap();
        if !cached
            .as_ref()
            .is_some_and(|(_, expiry)| Instant::now() < *expiry)
        {
            provider_sign_ins.fetch_add(1, Ordering::SeqCst); // sign_in()
            *cached = Some((JWT.to_owned(), Instant::now() + Duration::from_millis(300)));
        }
        let token = cached
            .as_ref()
            .map(|(token, _)| token.clone())
            .unwrap_or_default();
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
        println!(
            "Cognito query {round}: {} todos (sign-ins so far: {})",
            todos.len(),
            sign_ins.load(Ordering::SeqCst)
        );
        tokio::time::sleep(Duration::from_millis(400)).await; // the token expires meanwhile
    }
    let mut events = client.subscribe(&todos::OnAddTodo::request(Default::default()));
    server
        .stats()
        .wait_for(STEP_TIMEOUT, |s| s.active_subscriptions() == 1)
        .await;
    println!(
        "Cognito subscription started (sign-ins so far: {})",
        sign_ins.load(Ordering::SeqCst)
    );
    drop(events.next()); // not waiting for events here: appsync_api_key.rs shows that part

    let lambda =
        AppSyncClient::builder(server.appsync_url(), AuthMode::lambda(LAMBDA_TOKEN)).build()?;
    let todos = step("ListTodos (Lambda)", lambda.execute(&list))
        .await?
        .into_result()?
        .todos;
    println!("Lambda authorizer query: {} todos", todos.len());
    Ok(())
}
