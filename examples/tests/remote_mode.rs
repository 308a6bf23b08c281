//! The todo example against "a real endpoint": a devserver the example did not start, named
//! only by the environment variables a user sets for their AppSync API (API key, then IAM with
//! credentials from the standard AWS variables). Same binary, the target comes from the
//! environment; no secret appears in the output.

mod support;

use std::process::Command;
use std::time::Duration;

use support::{example_binary, local_command, run, Output};
use typed_graphql_devserver::{Config, DevServer, IamCredentials};

const KEY: &str = "da2-remote-mode-key";
const ACCESS_KEY_ID: &str = "AKIDEXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const REGION: &str = "eu-west-1";

async fn endpoint() -> DevServer {
    let config = Config {
        api_key: Some(KEY.into()),
        iam: Some(IamCredentials::new(ACCESS_KEY_ID, SECRET, REGION)),
        ..Config::default()
    };
    DevServer::start_with(config)
        .await
        .expect("the devserver starts")
}

/// Runs the command off the runtime's threads, so that the server keeps answering meanwhile.
async fn run_todo(command: Command) -> Output {
    tokio::task::spawn_blocking(move || run(command, Duration::from_secs(60)))
        .await
        .expect("the runner thread")
}

fn check(output: &Output, mode_line: &str) {
    let shown = output.shown();
    assert!(output.status.success(), "the example failed.\n{shown}");
    assert_eq!(output.stdout.lines().next(), Some(mode_line), "{shown}");
    assert!(
        output.stdout.contains("received the typed event"),
        "{shown}"
    );
    assert!(output.stdout.contains("\ndone: "), "{shown}");
    for secret in [KEY, SECRET] {
        assert!(
            !output.stdout.contains(secret) && !output.stderr.contains(secret),
            "{shown}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn with_an_api_key() {
    let server = endpoint().await;
    let mut command = local_command(example_binary("todo"));
    command
        .env("AWS_GRAPHQL_API_ENDPOINT", server.appsync_url())
        .env("AWS_GRAPHQL_API_KEY", KEY);
    let output = run_todo(command).await;
    check(
        &output,
        &format!("mode: AppSync {} (API key)", server.appsync_url()),
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn with_iam_credentials_from_the_aws_variables() {
    let server = endpoint().await;
    let mut command = local_command(example_binary("todo"));
    command
        .env("AWS_GRAPHQL_API_ENDPOINT", server.appsync_url())
        .env("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID)
        .env("AWS_SECRET_ACCESS_KEY", SECRET)
        // 127.0.0.1 names no region, as a custom domain does not.
        .env("AWS_REGION", REGION);
    let output = run_todo(command).await;
    check(
        &output,
        &format!("mode: AppSync {} (IAM)", server.appsync_url()),
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_key_fails_with_a_clear_message_and_a_non_zero_exit() {
    let server = endpoint().await;
    let mut command = local_command(example_binary("todo"));
    command
        .env("AWS_GRAPHQL_API_ENDPOINT", server.appsync_url())
        .env("AWS_GRAPHQL_API_KEY", "da2-wrong");
    let output = run_todo(command).await;
    assert!(!output.status.success(), "{}", output.shown());
    assert!(
        output
            .stderr
            .contains("error: ListTodos failed: AppSync refused the request")
            && output.stderr.contains("the API key was rejected"),
        "{}",
        output.shown()
    );
}
