//! [`AppSyncClient`] with IAM auth against the devserver's AppSync emulation (127.0.0.1),
//! which verifies SigV4 by signing the request again with the configured secret: accepted
//! with a session token (also for a body with non-ASCII text), rejected with a typed error
//! for a wrong secret, a missing session token or another region, and a clear error when the
//! region cannot be known.
#![cfg(feature = "appsync")]

mod http_support;
mod todo_ops;
use http_support::{Reply, TestServer};
use todo_ops::{AddTodo, AddTodoInput, AddTodoVars};

use serde::{Deserialize, Serialize};
use typed_graphql::appsync::auth::{AuthError, AuthKind, AuthMode, AwsCredentials, IamAuth};
use typed_graphql::appsync::http::AppSyncClient;
use typed_graphql::{Error, Executable, Operation, OperationKind};
use typed_graphql_devserver::{Config, DevServer, IamCredentials};

const ACCESS_KEY: &str = "ASIAEXAMPLEACCESSKEY";
const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const SESSION: &str = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+session==";
const REGION: &str = "us-east-1";

// Hand-written stand-ins for what the `#[graphql]` macro generates.

#[derive(Debug, Deserialize, PartialEq)]
struct Titled {
    id: String,
    title: String,
}

struct TodoTitle;

#[derive(Serialize)]
struct IdVars {
    id: String,
}

#[derive(Debug, Deserialize)]
struct TodoTitleData {
    todo: Option<Titled>,
}

impl Operation for TodoTitle {
    type Variables = IdVars;
    type Data = TodoTitleData;
    const KIND: OperationKind = OperationKind::Query;
    const NAME: &'static str = "TodoTitle";
    const DOCUMENT: &'static str = "query TodoTitle($id: ID!) { todo(id: $id) { id title } }";
}
impl Executable for TodoTitle {}

/// A devserver accepting temporary IAM credentials only.
async fn server() -> DevServer {
    DevServer::start_with(Config {
        iam: Some(IamCredentials::new(ACCESS_KEY, SECRET_KEY, REGION).with_session_token(SESSION)),
        ..Config::default()
    })
    .await
    .expect("start the devserver")
}

fn iam(secret: &str, session: Option<&str>) -> AuthMode {
    AuthMode::Iam(IamAuth::new(AwsCredentials::new(
        ACCESS_KEY,
        secret,
        session.map(str::to_owned),
    )))
}

fn client(server: &DevServer, auth: AuthMode) -> AppSyncClient {
    AppSyncClient::builder(server.appsync_url(), auth)
        .region(REGION)
        .build()
        .expect("build the client")
}

async fn title(client: &AppSyncClient) -> Result<String, Error> {
    let response = client
        .execute(&TodoTitle::request(IdVars { id: "t1".into() }))
        .await?;
    assert!(response.errors.is_empty(), "{:?}", response.errors);
    Ok(response.data.expect("data").todo.expect("todo t1").title)
}

fn assert_rejected(result: Result<String, Error>, secret: &str) {
    match result {
        Err(Error::Auth(AuthError::Rejected {
            kind,
            ref error_type,
            ..
        })) => {
            assert_eq!(kind, AuthKind::Iam);
            assert!(error_type.contains("UnauthorizedException"), "{error_type}");
            let err = result.unwrap_err();
            let text = format!("{err} {err:?}");
            assert!(text.contains("IAM signature was rejected"), "{text}");
            assert!(!text.contains(secret), "the secret leaked: {text}");
            assert!(!text.contains(SESSION), "the session token leaked: {text}");
        }
        other => panic!("expected an IAM rejection, got {other:?}"),
    }
}

#[tokio::test]
async fn iam_with_a_session_token_is_accepted() {
    let server = server().await;
    let client = client(&server, iam(SECRET_KEY, Some(SESSION)));
    assert_eq!(title(&client).await.unwrap(), "Buy milk");
    // The signature covers the body: a mutation with non-ASCII variables verifies too.
    let response = client
        .execute(&AddTodo::request(AddTodoVars {
            input: AddTodoInput {
                board_id: "b1".into(),
                title: "Grüße, 日本 🚀 \"quoted\"".into(),
            },
        }))
        .await
        .unwrap();
    let added = response.data.unwrap().add_todo.unwrap();
    assert_eq!(added.title, "Grüße, 日本 🚀 \"quoted\"");
    assert_eq!(server.stats().appsync_rejected(), 0);
}

#[tokio::test]
async fn iam_rejections_are_typed() {
    let server = server().await;
    let wrong_secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYWRONGKEY";
    assert_rejected(
        title(&client(&server, iam(wrong_secret, Some(SESSION)))).await,
        wrong_secret,
    );
    // The server's credentials are temporary: a request without the session token fails.
    assert_rejected(
        title(&client(&server, iam(SECRET_KEY, None))).await,
        SECRET_KEY,
    );
    // Signed for another region.
    let elsewhere = AppSyncClient::builder(server.appsync_url(), iam(SECRET_KEY, Some(SESSION)))
        .region("eu-west-3")
        .build()
        .unwrap();
    assert_rejected(title(&elsewhere).await, SECRET_KEY);
    assert_eq!(server.stats().appsync_rejected(), 3);
}

#[tokio::test]
async fn iam_without_a_region_says_to_set_one() {
    let server = server().await;
    let client = AppSyncClient::builder(server.appsync_url(), iam(SECRET_KEY, Some(SESSION)))
        .build()
        .unwrap();
    match title(&client).await {
        Err(Error::Auth(AuthError::UnknownRegion { host })) => {
            assert_eq!(host, server.appsync_addr().to_string());
        }
        other => panic!("expected an unknown-region error, got {other:?}"),
    }
    assert_eq!(server.stats().appsync_requests(), 0);
}

#[tokio::test]
async fn debug_output_never_shows_aws_secrets() {
    let server = server().await;
    let client = client(&server, iam(SECRET_KEY, Some(SESSION)));
    let shown = format!("{client:?} {client:#?}");
    assert!(
        !shown.contains(SECRET_KEY) && !shown.contains(SESSION),
        "{shown}"
    );
    assert!(
        shown.contains(ACCESS_KEY),
        "the access key id helps debugging: {shown}"
    );
}

/// What goes on the wire for an IAM-signed query, as a server receives it: exactly the headers
/// AWS's SDKs sign and send (`content-type: application/json`, `host`, `x-amz-date`,
/// `x-amz-security-token`, `authorization`), none of the realtime handshake's set, and the
/// client's own `Accept`.
#[tokio::test]
async fn iam_over_http_sends_exactly_the_sdk_header_set() {
    let capture = TestServer::start(|_| Reply::json(200, r#"{"data":{"todo":null}}"#)).await;
    let client = AppSyncClient::builder(capture.url(), iam(SECRET_KEY, Some(SESSION)))
        .region(REGION)
        .build()
        .unwrap();
    client
        .execute(&TodoTitle::request(IdVars { id: "t1".into() }))
        .await
        .unwrap();
    let request = &capture.requests()[0];
    let mut names: Vec<String> = request
        .headers
        .iter()
        .map(|(name, _)| name.to_ascii_lowercase())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "accept",
            "authorization",
            "content-length",
            "content-type",
            "host",
            "x-amz-date",
            "x-amz-security-token"
        ],
        "{request:?}"
    );
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(
        request.header("accept"),
        Some("application/graphql-response+json, application/json")
    );
    assert_eq!(request.header("x-amz-security-token"), Some(SESSION));
    let authorization = request.header("authorization").unwrap();
    assert!(
        authorization.contains(
            "/us-east-1/appsync/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature="
        ),
        "{authorization}"
    );
}
