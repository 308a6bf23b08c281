//! [`AppSyncClient`] against the devserver's AppSync emulation (127.0.0.1): API key, Cognito,
//! OIDC and Lambda modes accepted and rejected with a typed error, providers asked once per
//! request, refreshed tokens picked up, per-request modes, redacted `Debug`. IAM is in
//! `appsync_http_iam.rs`.
#![cfg(feature = "appsync")]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use typed_graphql::appsync::auth::{AuthError, AuthKind, AuthMode, TokenSource};
use typed_graphql::appsync::http::AppSyncClient;
use typed_graphql::{BoxError, Error, Executable, Operation, OperationKind};
use typed_graphql_devserver::{Config, DevServer};

const API_KEY: &str = "da2-devserverapikey0000000001";
const JWT: &str = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEifQ.c2lnbmF0dXJl";
const LAMBDA_TOKEN: &str = "lambda-custom-token-42";

// Hand-written stand-ins for what the `#[graphql]` macro generates.

struct TodoTitle;

#[derive(Serialize)]
struct IdVars {
    id: String,
}

#[derive(Debug, Deserialize)]
struct TodoTitleData {
    todo: Option<Titled>,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Titled {
    id: String,
    title: String,
}

impl Operation for TodoTitle {
    type Variables = IdVars;
    type Data = TodoTitleData;
    const KIND: OperationKind = OperationKind::Query;
    const NAME: &'static str = "TodoTitle";
    const DOCUMENT: &'static str = "query TodoTitle($id: ID!) { todo(id: $id) { id title } }";
}
impl Executable for TodoTitle {}

fn todo_t1() -> typed_graphql::Request<TodoTitle> {
    TodoTitle::request(IdVars { id: "t1".into() })
}

/// A devserver accepting every credential above.
async fn server() -> DevServer {
    DevServer::start_with(Config {
        api_key: Some(API_KEY.into()),
        jwt: Some(JWT.into()),
        lambda_token: Some(LAMBDA_TOKEN.into()),
        ..Config::default()
    })
    .await
    .expect("start the devserver")
}

fn client(server: &DevServer, auth: AuthMode) -> AppSyncClient {
    AppSyncClient::builder(server.appsync_url(), auth)
        .build()
        .expect("build the client")
}

async fn title(client: &AppSyncClient) -> Result<String, Error> {
    let response = client.execute(&todo_t1()).await?;
    assert!(response.errors.is_empty(), "{:?}", response.errors);
    Ok(response.data.expect("data").todo.expect("todo t1").title)
}

/// The error must be a rejection of `kind` that names AppSync's error type and leaks nothing.
fn assert_rejected(result: Result<String, Error>, kind: AuthKind, secret: &str) {
    match result {
        Err(Error::Auth(AuthError::Rejected {
            kind: got,
            ref error_type,
            ..
        })) => {
            assert_eq!(got, kind);
            assert!(error_type.contains("UnauthorizedException"), "{error_type}");
            let err = result.unwrap_err();
            let text = format!("{err} {err:?}");
            assert!(text.contains(kind.rejection_hint()), "{text}");
            assert!(!text.contains(secret), "the credential leaked: {text}");
        }
        other => panic!("expected a {kind} rejection, got {other:?}"),
    }
}

#[tokio::test]
async fn api_key_accepted_and_rejected() {
    let server = server().await;
    let ok = client(&server, AuthMode::api_key(API_KEY));
    assert_eq!(title(&ok).await.unwrap(), "Buy milk");

    let bad = client(&server, AuthMode::api_key("da2-wrongkey"));
    let result = title(&bad).await;
    assert_rejected(result, AuthKind::ApiKey, "da2-wrongkey");
    let err = title(&bad).await.unwrap_err();
    assert!(err.to_string().contains("AWS_GRAPHQL_API_KEY"), "{err}");
    assert_eq!(server.stats().appsync_rejected(), 2);
}

#[tokio::test]
async fn jwt_modes_accepted_and_rejected() {
    let server = server().await;
    for (kind, good, bad) in [
        (
            AuthKind::CognitoUserPools,
            AuthMode::cognito(JWT),
            AuthMode::cognito("eyJ.expired.jwt"),
        ),
        (
            AuthKind::Oidc,
            AuthMode::oidc(JWT),
            AuthMode::oidc("eyJ.expired.jwt"),
        ),
        (
            AuthKind::Lambda,
            AuthMode::lambda(LAMBDA_TOKEN),
            AuthMode::lambda("eyJ.expired.jwt"),
        ),
    ] {
        assert_eq!(
            title(&client(&server, good)).await.unwrap(),
            "Buy milk",
            "{kind}"
        );
        assert_rejected(title(&client(&server, bad)).await, kind, "eyJ.expired.jwt");
    }
}

#[tokio::test]
async fn a_token_provider_is_asked_once_per_request() {
    let server = server().await;
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    let auth = AuthMode::cognito(TokenSource::provider(move || {
        counter.fetch_add(1, Ordering::SeqCst);
        async { Ok::<_, BoxError>(JWT.to_owned()) }
    }));
    let client = client(&server, auth);
    for n in 1..=3 {
        title(&client).await.unwrap();
        assert_eq!(calls.load(Ordering::SeqCst), n);
    }
    // Clones share the provider.
    title(&client.clone()).await.unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 4);
    assert_eq!(server.stats().appsync_requests(), 4);
}

#[tokio::test]
async fn a_refreshed_token_is_picked_up() {
    let server = server().await;
    // Stands in for a session whose token is refreshed after the first request fails.
    let current = Arc::new(std::sync::Mutex::new("eyJ.expired.jwt".to_owned()));
    let source = current.clone();
    let auth = AuthMode::oidc(TokenSource::provider(move || {
        let token = source.lock().map(|t| t.clone()).unwrap_or_default();
        async move { Ok::<_, BoxError>(token) }
    }));
    let client = client(&server, auth);
    assert_rejected(title(&client).await, AuthKind::Oidc, "eyJ.expired.jwt");
    *current.lock().unwrap() = JWT.to_owned();
    assert_eq!(title(&client).await.unwrap(), "Buy milk");
}

#[tokio::test]
async fn a_failing_provider_stops_the_request_before_it_is_sent() {
    let server = server().await;
    let auth = AuthMode::lambda(TokenSource::provider(|| async {
        Err::<String, BoxError>("the identity provider is down".into())
    }));
    match title(&client(&server, auth)).await {
        Err(Error::Auth(AuthError::TokenProvider { kind, source })) => {
            assert_eq!(kind, AuthKind::Lambda);
            assert!(source.to_string().contains("identity provider is down"));
        }
        other => panic!("expected a provider error, got {other:?}"),
    }
    assert_eq!(server.stats().appsync_requests(), 0);
}

#[tokio::test]
async fn one_client_can_use_another_mode_per_request() {
    let server = server().await;
    let client = client(&server, AuthMode::api_key("da2-wrongkey"));
    let response = client
        .execute_as(&AuthMode::lambda(LAMBDA_TOKEN), &todo_t1())
        .await
        .unwrap();
    assert_eq!(response.data.unwrap().todo.unwrap().id, "t1");
    assert!(title(&client).await.is_err());
}

#[tokio::test]
async fn a_server_without_auth_accepts_requests_and_graphql_errors_stay_graphql_errors() {
    let server = DevServer::start().await.unwrap();
    let client = client(&server, AuthMode::api_key("anything"));
    assert_eq!(title(&client).await.unwrap(), "Buy milk");

    struct Broken;
    impl Operation for Broken {
        type Variables = ();
        type Data = serde_json::Value;
        const KIND: OperationKind = OperationKind::Query;
        const NAME: &'static str = "Broken";
        const DOCUMENT: &'static str = "query Broken { nope }";
    }
    impl Executable for Broken {}
    let response = client.execute(&Broken::request(())).await.unwrap();
    assert!(response.data.is_none());
    assert_eq!(response.errors[0].other["errorType"], "ValidationError");
}

#[tokio::test]
async fn debug_output_never_shows_credentials() {
    let server = server().await;
    for (auth, secrets) in [
        (AuthMode::api_key(API_KEY), vec![API_KEY]),
        (AuthMode::cognito(JWT), vec![JWT]),
        (AuthMode::lambda(LAMBDA_TOKEN), vec![LAMBDA_TOKEN]),
    ] {
        let client = client(&server, auth);
        let shown = format!("{client:?} {client:#?} {:?}", client.auth());
        for secret in secrets {
            assert!(!shown.contains(secret), "{secret} leaked: {shown}");
        }
        assert!(shown.contains("127.0.0.1"), "{shown}");
    }
}
