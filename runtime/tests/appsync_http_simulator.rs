//! [`AppSyncClient`] against an independent implementation: AWS's AppSync simulator
//! (`@aws-amplify/amplify-appsync-simulator`, the engine of `amplify mock api`), started on
//! 127.0.0.1 by this test (`scripts/appsync-simulator/`, API key auth). Shows that AppSync's
//! own refusal shape (401 `UnauthorizedException`) becomes a typed rejection. When the install
//! fails the test fails under `CI`, and otherwise prints a loud skip message.
#![cfg(feature = "appsync")]

use serde::{Deserialize, Serialize};
use typed_graphql::appsync::auth::{AuthError, AuthKind, AuthMode};
use typed_graphql::appsync::http::AppSyncClient;
use typed_graphql::{Error, Executable, Operation, OperationKind};

mod peer;

/// AWS's AppSync simulator, announcing `READY <port> <api key>`.
fn start() -> Option<peer::Peer> {
    peer::Peer::start(
        "appsync-simulator",
        "node",
        "scripts/appsync-simulator/server.js",
    )
}

struct AddTodo;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AddTodoInput {
    board_id: String,
    title: String,
}

#[derive(Serialize)]
struct AddTodoVars {
    input: AddTodoInput,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct AddTodoData {
    add_todo: Option<NewTodo>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct NewTodo {
    id: String,
    board_id: String,
    title: String,
    done: bool,
}

impl Operation for AddTodo {
    type Variables = AddTodoVars;
    type Data = AddTodoData;
    const KIND: OperationKind = OperationKind::Mutation;
    const NAME: &'static str = "AddTodo";
    const DOCUMENT: &'static str =
        "mutation AddTodo($input: AddTodoInput!) { addTodo(input: $input) { id boardId title done } }";
}
impl Executable for AddTodo {}

fn add(title: &str) -> typed_graphql::Request<AddTodo> {
    AddTodo::request(AddTodoVars {
        input: AddTodoInput {
            board_id: "board-A".into(),
            title: title.into(),
        },
    })
}

#[tokio::test]
async fn api_key_requests_against_the_appsync_simulator() {
    let Some(simulator) = start() else { return };
    let url = format!("http://127.0.0.1:{}/graphql", simulator.port());

    let client = AppSyncClient::builder(&url, AuthMode::api_key(simulator.announced(1)))
        .build()
        .unwrap();
    assert_eq!(
        client.endpoint().realtime_url().as_str(),
        format!("ws://127.0.0.1:{}/graphql/realtime", simulator.port()),
        "the simulator's realtime path is the custom-domain one"
    );
    let response = client.execute(&add("from Rust ✓")).await.unwrap();
    assert!(response.errors.is_empty(), "{:?}", response.errors);
    let todo = response.data.unwrap().add_todo.unwrap();
    assert!(!todo.id.is_empty());
    assert_eq!(
        (todo.board_id.as_str(), todo.title.as_str(), todo.done),
        ("board-A", "from Rust ✓", false)
    );

    let wrong = AppSyncClient::builder(&url, AuthMode::api_key("da2-notthekey"))
        .build()
        .unwrap();
    match wrong.execute(&add("refused")).await {
        Err(Error::Auth(AuthError::Rejected {
            kind,
            error_type,
            message,
            ..
        })) => {
            assert_eq!(kind, AuthKind::ApiKey);
            assert_eq!(error_type, "UnauthorizedException");
            assert!(message.contains("Invalid API key"), "{message}");
        }
        other => panic!("expected an API key rejection, got {other:?}"),
    }

    // Cognito is not an auth mode of this API: refused as well, with the Cognito advice.
    let jwt = AppSyncClient::builder(&url, AuthMode::cognito("eyJhbGciOiJub25lIn0.e30."))
        .build()
        .unwrap();
    match jwt.execute(&add("refused")).await {
        Err(Error::Auth(AuthError::Rejected { kind, .. })) => {
            assert_eq!(kind, AuthKind::CognitoUserPools)
        }
        other => panic!("expected a Cognito rejection, got {other:?}"),
    }
}
