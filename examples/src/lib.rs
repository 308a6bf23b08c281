//! Shared setup for the examples: the typed operations of `graphql/todos.graphql`, the target
//! they run against (the in-process devserver by default, a real AppSync API from environment
//! variables), and small helpers for timeouts and exit codes.
#![warn(missing_docs)]

use std::error::Error;
use std::future::Future;
use std::process::ExitCode;
use std::time::Duration;

use futures::StreamExt;
use typed_graphql::appsync::auth::{AuthMode, IamAuth};
use typed_graphql::appsync::http::{AppSyncBuildError, AppSyncClient};
use typed_graphql::appsync::realtime::{AppSyncSubscription, SubscriptionEvent};
use typed_graphql_devserver::{Config, DevServer};

/// The typed operations of `graphql/todos.graphql` (`ListTodos`, `GetTodo`, `AddTodo`,
/// `OnAddTodo`), checked against `graphql/schema.graphql` at build time.
#[typed_graphql::graphql(schema = "graphql/schema.graphql", query = "graphql/todos.graphql")]
pub mod todos {}

use todos::fragments::TodoFields;

/// The API key the in-process devserver is started with. Not a secret: it only opens a server
/// that lives as long as the example. Requiring a key locally makes the local run authenticate
/// exactly as the run against a real AppSync API does.
pub const LOCAL_API_KEY: &str = "da2-local-devserver-key";

/// How long one step (a request, a connection, waiting for an event) may take before the
/// example gives up with an error instead of hanging.
pub const STEP_TIMEOUT: Duration = Duration::from_secs(15);

/// Where an example sends its operations.
pub enum Target {
    /// The in-process devserver (default), requiring [`LOCAL_API_KEY`]; kept alive as long as
    /// this value lives.
    Local(DevServer),
    /// A real AppSync API named by `AWS_GRAPHQL_API_ENDPOINT`.
    Remote {
        /// The AppSync GraphQL HTTP endpoint.
        endpoint: String,
        /// `AWS_GRAPHQL_API_KEY` when set (API key mode); IAM from the standard AWS_* variables otherwise.
        api_key: Option<String>,
    },
}

impl Target {
    /// Picks the target: `AWS_GRAPHQL_API_ENDPOINT` when set, else starts the devserver on
    /// 127.0.0.1 (free ports) with [`LOCAL_API_KEY`].
    pub async fn from_env() -> std::io::Result<Target> {
        match std::env::var("AWS_GRAPHQL_API_ENDPOINT") {
            Ok(endpoint) if !endpoint.is_empty() => Ok(Target::Remote {
                endpoint,
                api_key: std::env::var("AWS_GRAPHQL_API_KEY")
                    .ok()
                    .filter(|k| !k.is_empty()),
            }),
            _ => {
                let config = Config {
                    api_key: Some(LOCAL_API_KEY.to_owned()),
                    ..Config::default()
                };
                Ok(Target::Local(DevServer::start_with(config).await?))
            }
        }
    }

    /// One line naming the mode, without any secret.
    pub fn mode_line(&self) -> String {
        match self {
            Target::Local(server) => format!(
                "mode: in-process devserver (AppSync emulation at {}, API key auth)",
                server.appsync_url()
            ),
            Target::Remote {
                endpoint,
                api_key: Some(_),
            } => format!("mode: AppSync {endpoint} (API key)"),
            Target::Remote {
                endpoint,
                api_key: None,
            } => format!("mode: AppSync {endpoint} (IAM)"),
        }
    }

    /// An AppSync client for the target: the devserver's AppSync emulation with
    /// [`LOCAL_API_KEY`], or the real API with `AWS_GRAPHQL_API_KEY` or, without a key, IAM
    /// (SigV4) with credentials from `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` /
    /// `AWS_SESSION_TOKEN`. The region comes from the endpoint's host; `AWS_REGION` supplies it
    /// for custom domains.
    pub fn appsync_client(&self) -> Result<AppSyncClient, AppSyncBuildError> {
        match self {
            Target::Local(server) => {
                AppSyncClient::builder(server.appsync_url(), AuthMode::api_key(LOCAL_API_KEY))
                    .build()
            }
            Target::Remote {
                endpoint,
                api_key: Some(key),
            } => AppSyncClient::builder(endpoint.as_str(), AuthMode::api_key(key.as_str())).build(),
            Target::Remote {
                endpoint,
                api_key: None,
            } => {
                let mut builder =
                    AppSyncClient::builder(endpoint.as_str(), AuthMode::iam(IamAuth::from_env()));
                if let Some(region) =
                    env_var("AWS_REGION").or_else(|| env_var("AWS_DEFAULT_REGION"))
                {
                    builder = builder.region(region);
                }
                builder.build()
            }
        }
    }
}

/// The next todo an `OnAddTodo` subscription delivers, within [`STEP_TIMEOUT`]. Waits through
/// reconnections (the timeout bounds the wait); an event with errors, a failed or ended
/// subscription is an error.
pub async fn next_todo(
    events: &mut AppSyncSubscription<todos::on_add_todo::Data>,
) -> Result<TodoFields, Box<dyn Error>> {
    loop {
        let item = step("waiting for the OnAddTodo event", async {
            events
                .next()
                .await
                .ok_or("the subscription ended before any event")
        })
        .await?;
        match item {
            Ok(SubscriptionEvent::Data(response)) => {
                let data = response
                    .into_result()
                    .map_err(|errors| format!("the event carried errors: {errors}"))?;
                return data
                    .on_add_todo
                    .ok_or_else(|| "the event carried no todo".into());
            }
            // The connection dropped and came back: events sent meanwhile are lost, but the
            // subscription goes on.
            Ok(SubscriptionEvent::Reconnected) => {
                println!("   (the connection was re-established)")
            }
            // Read too slowly: the oldest unread events were dropped, the newer ones follow.
            Ok(SubscriptionEvent::Lagged { missed }) => {
                println!("   ({missed} event(s) dropped: this stream was read too slowly)")
            }
            Err(err) => return Err(format!("the subscription failed: {err}").into()),
        }
    }
}

fn env_var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|value| !value.is_empty())
}

/// Runs one step of an example, bounded by [`STEP_TIMEOUT`]: a failure or a timeout becomes an
/// error that says which step it was, with the underlying causes, so a newcomer sees where and
/// why things went wrong.
pub async fn step<T, E: Into<Box<dyn Error>>>(
    what: &str,
    future: impl Future<Output = Result<T, E>>,
) -> Result<T, Box<dyn Error>> {
    match tokio::time::timeout(STEP_TIMEOUT, future).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(err)) => Err(format!("{what} failed: {}", with_causes(&*err.into())).into()),
        Err(_) => Err(format!("{what} timed out after {STEP_TIMEOUT:?}").into()),
    }
}

/// `err` followed by those of its causes its message does not already include (some errors
/// repeat their source's message, others leave it out).
fn with_causes(err: &dyn Error) -> String {
    let mut message = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !message.contains(&text) {
            message = format!("{message}: {text}");
        }
        source = cause.source();
    }
    message
}

/// The process's exit code for an example's result: success, or the error on stderr and a
/// non-zero code (so scripts and the tests notice failures).
pub fn exit_code(result: Result<(), Box<dyn Error>>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {}", with_causes(&*err));
            ExitCode::FAILURE
        }
    }
}
