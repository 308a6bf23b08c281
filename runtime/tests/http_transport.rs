//! The HTTP client against a scripted server on 127.0.0.1: what it sends (headers, body, auth,
//! cookies, hook headers) and how each kind of answer maps to a result.
#![cfg(feature = "http")]

mod http_support;

use std::time::{Duration, Instant};

use futures::future::BoxFuture;
use http_support::{Recorded, Reply, TestServer};
use serde::{Deserialize, Serialize};
use typed_graphql::http::header::{HeaderMap, HeaderValue};
use typed_graphql::http::{HttpClient, OutgoingRequest, RequestHook};
use typed_graphql::{BoxError, Error, Executable, Operation, OperationKind};

// Hand-written stand-ins for what the `#[graphql]` macro generates.
struct TodoQuery;

#[derive(Debug, Serialize)]
struct TodoVars {
    id: String,
}

#[derive(Debug, Deserialize, PartialEq)]
struct TodoData {
    todo: Option<Todo>,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Todo {
    id: String,
    title: String,
    done: bool,
}

impl Operation for TodoQuery {
    type Variables = TodoVars;
    type Data = TodoData;
    const KIND: OperationKind = OperationKind::Query;
    const NAME: &'static str = "Todo";
    const DOCUMENT: &'static str = "query Todo($id: ID!) { todo(id: $id) { id title done } }";
}
impl Executable for TodoQuery {}

fn todo_request() -> typed_graphql::Request<TodoQuery> {
    TodoQuery::request(TodoVars { id: "1".into() })
}

const TODO_JSON: &str = r#"{"data":{"todo":{"id":"1","title":"Write tests","done":false}}}"#;

#[tokio::test]
async fn sends_a_graphql_over_http_post_and_decodes_the_data() {
    let server = TestServer::start(|_| Reply::json(200, TODO_JSON)).await;
    let client = HttpClient::builder(server.url())
        .header("X-Client", "typed-graphql-tests")
        .bearer_auth("tok-1")
        .build()
        .unwrap();
    let mut extra = HeaderMap::new();
    extra.insert("x-request-id", HeaderValue::from_static("r-42"));
    extra.insert("x-client", HeaderValue::from_static("override"));
    let response = client.execute_with(&todo_request(), extra).await.unwrap();
    assert_eq!(
        response.data.unwrap().todo.unwrap().title,
        "Write tests".to_owned()
    );
    assert!(response.errors.is_empty());

    let sent = &server.requests()[0];
    assert_eq!(sent.method, "POST");
    assert_eq!(sent.path, "/graphql");
    assert_eq!(sent.header("content-type"), Some("application/json"));
    assert_eq!(
        sent.header("accept"),
        Some("application/graphql-response+json, application/json")
    );
    assert_eq!(sent.header("authorization"), Some("Bearer tok-1"));
    assert_eq!(sent.header("x-request-id"), Some("r-42"));
    assert_eq!(sent.header("x-client"), Some("override"));
    let body = sent.json();
    assert_eq!(body["query"], TodoQuery::DOCUMENT);
    assert_eq!(body["operationName"], "Todo");
    assert_eq!(body["variables"], serde_json::json!({"id": "1"}));
}

#[tokio::test]
async fn partial_data_and_errors_are_both_kept() {
    let server = TestServer::start(|_| {
        Reply::json(
            200,
            r#"{"data":{"todo":null},"errors":[{"message":"not allowed","path":["todo"],"extensions":{"code":"FORBIDDEN"}}]}"#,
        )
    })
    .await;
    let client = HttpClient::new(server.url()).unwrap();
    let response = client.execute(&todo_request()).await.unwrap();
    assert_eq!(response.data, Some(TodoData { todo: None }));
    assert_eq!(response.errors[0].message, "not allowed");
    assert_eq!(response.errors[0].path_string(), "todo");
    assert!(response.into_result().is_err());
}

#[tokio::test]
async fn each_kind_of_failure_maps_to_its_error() {
    let server = TestServer::start(|request: &Recorded| match request.header("x-case") {
        Some("validation") => Reply::typed(
            400,
            "application/graphql-response+json",
            r#"{"errors":[{"message":"Unknown argument \"idd\".","locations":[{"line":1,"column":28}]}]}"#,
        ),
        Some("html") => Reply::typed(
            502,
            "text/html",
            "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>nginx</body></html>",
        ),
        Some("not-json") => Reply::typed(200, "text/plain", "OK"),
        Some("mistyped") => Reply::json(
            200,
            r#"{"data":{"todo":{"id":"1","title":"x","done":"nope"}}}"#,
        ),
        _ => Reply::json(200, TODO_JSON),
    })
    .await;
    let client = HttpClient::new(server.url()).unwrap();
    let run = |case: &'static str| {
        let client = client.clone();
        async move {
            let mut headers = HeaderMap::new();
            headers.insert("x-case", HeaderValue::from_static(case));
            client.execute_with(&todo_request(), headers).await
        }
    };

    match run("validation").await {
        Err(Error::GraphQL(errors)) => {
            assert_eq!(errors.0[0].locations[0].column, 28);
            assert!(errors.to_string().contains("idd"));
        }
        other => panic!("expected GraphQL errors, got {other:?}"),
    }
    http_support::assert_bad_gateway_page(run("html").await);
    match run("not-json").await {
        Err(Error::Malformed { reason, excerpt }) => {
            assert!(reason.contains("text/plain"), "{reason}");
            assert_eq!(excerpt, "OK");
        }
        other => panic!("expected malformed, got {other:?}"),
    }
    match run("mistyped").await {
        Err(Error::Decode(err)) => assert_eq!(err.path, "data.todo.done"),
        other => panic!("expected a decode error, got {other:?}"),
    }
    assert!(run("fine").await.is_ok());
}

#[tokio::test]
async fn answers_are_bounded_by_max_response_bytes() {
    // 5 MB of real data passes with the default limit.
    let title = "x".repeat(5 * 1024 * 1024);
    let body = format!(r#"{{"data":{{"todo":{{"id":"1","title":"{title}","done":false}}}}}}"#);
    let chunks: Vec<_> = body
        .as_bytes()
        .chunks(64 * 1024)
        .map(|c| (Duration::ZERO, c.to_vec()))
        .collect();
    let server = TestServer::start(move |request: &Recorded| {
        let chunks = chunks.clone();
        if request.header("x-case") == Some("announced") {
            // Content-Length says it all before a byte of the body is read.
            let body: Vec<u8> = chunks.into_iter().flat_map(|(_, c)| c).collect();
            Reply::Full {
                status: 200,
                headers: vec![("Content-Type".into(), "application/json".into())],
                body,
            }
        } else {
            Reply::Chunked {
                status: 200,
                headers: vec![("Content-Type".into(), "application/json".into())],
                chunks,
                finish: true,
            }
        }
    })
    .await;
    let data = HttpClient::new(server.url())
        .unwrap()
        .execute(&todo_request())
        .await
        .unwrap()
        .into_result()
        .unwrap();
    assert_eq!(data.todo.unwrap().title.len(), 5 * 1024 * 1024);

    let small = HttpClient::builder(server.url())
        .max_response_bytes(1024 * 1024)
        .build()
        .unwrap();
    for case in ["chunked", "announced"] {
        let mut headers = HeaderMap::new();
        headers.insert("x-case", HeaderValue::from_static(case));
        match small.execute_with(&todo_request(), headers).await {
            Err(err @ Error::ResponseTooLarge { limit: 1048576 }) => {
                assert!(err.to_string().contains("max_response_bytes"), "{err}")
            }
            other => panic!("{case}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_server_that_does_not_answer_times_out() {
    let server = TestServer::start(|_| Reply::Hang).await;
    let client = HttpClient::builder(server.url())
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let started = Instant::now();
    match client.execute(&todo_request()).await {
        Err(Error::Timeout(limit)) => assert_eq!(limit, Duration::from_millis(300)),
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn a_closed_port_is_a_connect_error_without_credentials() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let client = HttpClient::builder(format!(
        "http://admin:hunter2@127.0.0.1:{port}/graphql?api_key=k3y"
    ))
    .build()
    .unwrap();
    let err = client.execute(&todo_request()).await.unwrap_err();
    assert!(matches!(err, Error::Connect { .. }), "{err:?}");
    let shown = format!("{err} {err:?}");
    assert!(
        shown.contains(&format!("127.0.0.1:{port}/graphql")),
        "{shown}"
    );
    for secret in ["hunter2", "k3y", "admin"] {
        assert!(!shown.contains(secret), "{secret} leaked: {shown}");
    }
}

#[tokio::test]
async fn cookies_set_by_a_login_are_sent_back_when_the_store_is_on() {
    let handler = |request: &Recorded| {
        if request.json()["operationName"] == "Login" {
            Reply::json(200, r#"{"data":{"login":true}}"#)
                .with_header("Set-Cookie", "session=abc123; Path=/; HttpOnly")
        } else {
            Reply::json(200, TODO_JSON)
        }
    };
    let login = || typed_graphql::Request::<LoginMutation>::new(LoginVars {});

    let server = TestServer::start(handler).await;
    let client = HttpClient::builder(server.url())
        .cookie_store(true)
        .cookie("theme=dark")
        .build()
        .unwrap();
    client.execute(&login()).await.unwrap();
    client.execute(&todo_request()).await.unwrap();
    let requests = server.requests();
    assert_eq!(requests[0].header("cookie"), Some("theme=dark"));
    let cookie = requests[1].header("cookie").unwrap_or_default();
    assert!(cookie.contains("session=abc123"), "{cookie}");
    assert!(!format!("{client:?}").contains("abc123"));

    let server = TestServer::start(handler).await;
    let client = HttpClient::new(server.url()).unwrap();
    client.execute(&login()).await.unwrap();
    client.execute(&todo_request()).await.unwrap();
    assert_eq!(server.requests()[1].header("cookie"), None);
}

struct LoginMutation;
#[derive(Serialize)]
struct LoginVars {}
#[derive(Deserialize)]
struct LoginData {
    #[allow(dead_code)]
    login: bool,
}
impl Operation for LoginMutation {
    type Variables = LoginVars;
    type Data = LoginData;
    const KIND: OperationKind = OperationKind::Mutation;
    const NAME: &'static str = "Login";
    const DOCUMENT: &'static str = "mutation Login { login }";
}
impl Executable for LoginMutation {}

/// Signs the body the way AppSync's IAM mode needs: a digest of the exact bytes sent.
struct BodyDigest;

impl RequestHook for BodyDigest {
    fn headers<'a>(
        &'a self,
        request: OutgoingRequest<'a>,
    ) -> BoxFuture<'a, Result<HeaderMap, BoxError>> {
        Box::pin(async move {
            let mut headers = HeaderMap::new();
            let digest = format!("len={};sum={}", request.body.len(), checksum(request.body));
            headers.insert("x-body-digest", HeaderValue::from_str(&digest)?);
            let accept = request.headers.get("accept").cloned();
            if let Some(accept) = accept {
                headers.insert("x-saw-accept", accept);
            }
            if request.body.is_empty() {
                return Err("nothing to sign".into());
            }
            Ok(headers)
        })
    }
}

fn checksum(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0u64, |sum, b| {
        sum.wrapping_mul(31).wrapping_add(u64::from(*b))
    })
}

#[tokio::test]
async fn a_request_hook_sees_the_exact_body_and_adds_headers() {
    let server = TestServer::start(|_| Reply::json(200, TODO_JSON)).await;
    let client = HttpClient::builder(server.url())
        .request_hook(BodyDigest)
        .build()
        .unwrap();
    client.execute(&todo_request()).await.unwrap();
    let sent = &server.requests()[0];
    let expected = format!("len={};sum={}", sent.body.len(), checksum(&sent.body));
    assert_eq!(sent.header("x-body-digest"), Some(expected.as_str()));
    assert_eq!(
        sent.header("x-saw-accept"),
        Some("application/graphql-response+json, application/json")
    );

    // The raw entry point sends the bytes given, unchanged; a failing hook stops the request.
    let raw = bytes_of(r#"{"query":"{ todo(id: \"1\") { id title done } }"}"#);
    let response = client
        .execute_raw::<TodoData>(raw.clone(), HeaderMap::new())
        .await
        .unwrap();
    assert!(response.data.is_some());
    assert_eq!(server.requests()[1].body, raw.to_vec());
    let err = client
        .execute_raw::<TodoData>(bytes_of(""), HeaderMap::new())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Request { .. }), "{err:?}");
    assert!(err.to_string().contains("nothing to sign"), "{err}");
    assert_eq!(server.requests().len(), 2);
}

fn bytes_of(text: &str) -> bytes::Bytes {
    bytes::Bytes::copy_from_slice(text.as_bytes())
}

#[test]
fn clients_errors_and_streams_cross_threads() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<HttpClient>();
    send_sync::<Error>();
    #[cfg(feature = "multipart")]
    {
        fn send<T: Send>() {}
        send::<typed_graphql::multipart::Subscription<TodoData>>();
    }
}
