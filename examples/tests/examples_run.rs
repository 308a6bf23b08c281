//! Every short example runs against the in-process devserver and prints what it shows. The
//! binaries are the ones `cargo test` built next to this test (`target/<profile>/examples/`);
//! when this test was built alone they are built first.

mod support;

use std::time::Duration;

use support::{example_binary, local_command, run};

/// Runs example `name` (killed after 60 s) and checks that it succeeded and printed each of
/// `expected`.
fn check(name: &str, expected: &[&str]) {
    let output = run(local_command(example_binary(name)), Duration::from_secs(60));
    let shown = output.shown();
    assert!(output.status.success(), "example {name} failed.\n{shown}");
    for line in expected {
        assert!(
            output.stdout.contains(line),
            "example {name} did not print {line:?}.\n{shown}"
        );
    }
}

#[test]
fn http_query() {
    check(
        "http_query",
        &[
            "query GetTodo(t1): \"Buy milk\"",
            "mutation AddTodo: created t3 on board b2",
            "not allowed to read todo forbidden-1",
            "Error::Status { status: 502",
        ],
    );
}

#[test]
fn multipart_subscription() {
    check(
        "multipart_subscription",
        &[
            "subscribed OnAddTodo(boardId: \"b1\")",
            "event: TodoFields { id: Id(\"t4\"), board_id: Id(\"b1\"), title: \"Fix the tap\"",
        ],
    );
}

#[test]
fn ws_subscription() {
    check(
        "ws_subscription",
        &[
            "graphql-transport-ws: AddTodo over the socket created t3",
            "graphql-transport-ws: event t3 \"Sent over graphql-transport-ws\" on board b1",
            "graphql-ws: event t4 \"Sent over graphql-ws\" on board b1",
            "api gateway: pushed events received: [3, 2, 1]",
        ],
    );
}

#[test]
fn appsync_api_key() {
    check(
        "appsync_api_key",
        &[
            "ListTodos with the API key: 2 todos",
            "OnAddTodo event over the realtime WebSocket: t3 \"Renew the API key\"",
            "with a wrong key: AppSync refused the request (UnauthorizedException",
        ],
    );
}

#[test]
fn appsync_iam() {
    check(
        "appsync_iam",
        &[
            "signed query GetTodo(t2): Some(\"Write report\")",
            "signed mutation AddTodo, event received: t3 \"Rotate the access keys\"",
        ],
    );
}

#[test]
fn appsync_cognito() {
    check(
        "appsync_cognito",
        &[
            "Cognito query 1: 2 todos (tokens fetched: 1)",
            "Lambda-authorized AddTodo reached the Cognito subscription: Refresh the tokens",
        ],
    );
}

#[test]
fn an_api_key_never_appears_in_the_output() {
    let output = run(
        local_command(example_binary("appsync_api_key")),
        Duration::from_secs(60),
    );
    for secret in ["da2-example-key", "da2-wrong"] {
        assert!(
            !output.stdout.contains(secret) && !output.stderr.contains(secret),
            "{}",
            output.shown()
        );
    }
}
