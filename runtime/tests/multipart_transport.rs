//! Multipart subscriptions against a scripted server on 127.0.0.1: the request sent, framing
//! variants real servers use, and every way a stream can end (cleanly, with a server error, cut,
//! idle, refused, dropped by the client).
#![cfg(feature = "multipart")]

mod http_support;

mod todo_ops;
use todo_ops::{Countdown, CountdownData, CountdownVars};

use std::time::{Duration, Instant};

use futures::StreamExt;
use http_support::{Reply, TestServer};
use typed_graphql::http::HttpClient;
use typed_graphql::{Error, Operation, Response};

fn request() -> typed_graphql::Request<Countdown> {
    Countdown::request(CountdownVars { from: 3 })
}

const ROUTER_TYPE: &str = r#"multipart/mixed;boundary="graphql";subscriptionSpec=1.0"#;

/// Router-style framing of these bodies, closed when `close`.
fn router_body(bodies: &[&str], close: bool) -> Vec<u8> {
    let mut out = String::new();
    for body in bodies {
        out.push_str("\r\n--graphql\r\ncontent-type: application/json\r\n\r\n");
        out.push_str(body);
    }
    if close {
        out.push_str("\r\n--graphql--\r\n");
    }
    out.into_bytes()
}

fn event(n: i32) -> String {
    format!(r#"{{"payload":{{"data":{{"countdown":{n}}}}}}}"#)
}

fn chunked(content_type: &str, body: Vec<u8>, chunk: usize, finish: bool) -> Reply {
    Reply::Chunked {
        status: 200,
        headers: vec![("Content-Type".into(), content_type.into())],
        chunks: body
            .chunks(chunk.max(1))
            .map(|c| (Duration::ZERO, c.to_vec()))
            .collect(),
        finish,
    }
}

async fn collect(client: &HttpClient) -> Vec<Result<Response<CountdownData>, Error>> {
    client.subscribe(&request()).collect().await
}

fn counts(items: &[Result<Response<CountdownData>, Error>]) -> Vec<i32> {
    items
        .iter()
        .filter_map(|item| item.as_ref().ok())
        .filter_map(|response| response.data.as_ref())
        .map(|data| data.countdown)
        .collect()
}

#[tokio::test]
async fn typed_events_then_a_clean_end_with_the_protocol_accept_header() {
    let body = router_body(&["{}", &event(3), "{}", &event(2), &event(1)], true);
    let server = TestServer::start(move |_| chunked(ROUTER_TYPE, body.clone(), 4096, true)).await;
    let client = HttpClient::new(server.url()).unwrap();
    let items = collect(&client).await;
    assert_eq!(counts(&items), [3, 2, 1]);
    assert!(items.iter().all(Result::is_ok), "{items:?}");

    let sent = &server.requests()[0];
    assert_eq!(sent.method, "POST");
    assert_eq!(
        sent.header("accept"),
        Some("multipart/mixed;subscriptionSpec=1.0, application/json")
    );
    assert_eq!(sent.json()["operationName"], "Countdown");
    assert_eq!(sent.json()["variables"]["from"], 3);
}

#[tokio::test]
async fn one_byte_chunks_custom_boundary_and_lf_line_ends() {
    let body = format!(
        "--my boundary\ncontent-type: application/json\n\n{}\n--my boundary\n\n{}\n--my boundary--\n",
        event(2),
        event(1)
    )
    .into_bytes();
    let server = TestServer::start(move |_| {
        chunked(
            r#"multipart/mixed; boundary="my boundary"; subscriptionSpec="1.0""#,
            body.clone(),
            1,
            true,
        )
    })
    .await;
    let client = HttpClient::new(server.url()).unwrap();
    let items = collect(&client).await;
    assert_eq!(counts(&items), [2, 1]);
    assert_eq!(items.len(), 2, "{items:?}");
}

#[tokio::test]
async fn strawberry_framing_is_read() {
    // As recorded from strawberry: no opening delimiter, the first heartbeat before any, the
    // delimiter's line end in the next write, an empty part before the close.
    let ct = "Content-Type: application/json; charset=utf-8\r\n";
    let chunks = [
        format!("\r\n{ct}Content-Length: 2\r\n\r\n{{}}\r\n--graphql"),
        format!("\r\n{ct}\r\n{}\r\n--graphql", event(5)),
        "\r\n--graphql--\r\n".to_owned(),
    ];
    let server = TestServer::start(move |_| Reply::Chunked {
        status: 200,
        headers: vec![(
            "Content-Type".into(),
            "multipart/mixed;boundary=graphql;subscriptionSpec=1.0,application/json".into(),
        )],
        chunks: chunks
            .iter()
            .map(|c| (Duration::from_millis(5), c.clone().into_bytes()))
            .collect(),
        finish: true,
    })
    .await;
    let client = HttpClient::new(server.url()).unwrap();
    let items = collect(&client).await;
    assert_eq!(counts(&items), [5]);
    assert_eq!(items.len(), 1, "{items:?}");
}

#[tokio::test]
async fn graphql_errors_in_an_event_keep_the_stream_open() {
    let body = router_body(
        &[
            r#"{"payload":{"data":null,"errors":[{"message":"tick failed","path":["countdown"]}]}}"#,
            &event(1),
        ],
        true,
    );
    let server = TestServer::start(move |_| chunked(ROUTER_TYPE, body.clone(), 7, true)).await;
    let client = HttpClient::new(server.url()).unwrap();
    let items = collect(&client).await;
    assert_eq!(items.len(), 2);
    let first = items[0].as_ref().unwrap();
    assert!(first.data.is_none());
    assert_eq!(first.errors[0].message, "tick failed");
    assert_eq!(counts(&items), [1]);
}

#[tokio::test]
async fn a_transport_error_ends_the_stream_with_the_servers_errors() {
    let body = router_body(
        &[
            &event(3),
            r#"{"payload":null,"errors":[{"message":"subscription closed: schema reload","extensions":{"code":"SUBSCRIPTION_SCHEMA_RELOAD"}}]}"#,
            &event(2),
        ],
        true,
    );
    let server = TestServer::start(move |_| chunked(ROUTER_TYPE, body.clone(), 4096, true)).await;
    let client = HttpClient::new(server.url()).unwrap();
    let items = collect(&client).await;
    assert_eq!(counts(&items), [3]);
    assert_eq!(items.len(), 2, "the stream ends at the error: {items:?}");
    match &items[1] {
        Err(Error::SubscriptionTransport(errors)) => {
            assert_eq!(
                errors.0[0].extensions.as_ref().unwrap()["code"],
                "SUBSCRIPTION_SCHEMA_RELOAD"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_stream_without_its_closing_boundary_is_an_error_not_silence() {
    // The HTTP body ends properly, but the multipart stream does not.
    let body = router_body(&[&event(3), &event(2)], false);
    let ended = body.clone();
    let server = TestServer::start(move |_| chunked(ROUTER_TYPE, ended.clone(), 4096, true)).await;
    let client = HttpClient::new(server.url()).unwrap();
    let items = collect(&client).await;
    // The last part is not followed by a delimiter, so it is not known to be complete.
    assert_eq!(counts(&items), [3]);
    match items.last().unwrap() {
        Err(err @ Error::StreamEndedEarly { source: None, .. }) => {
            assert!(err.to_string().contains("--graphql--"), "{err}")
        }
        other => panic!("{other:?}"),
    }

    // The connection is cut mid-body.
    let server = TestServer::start(move |_| chunked(ROUTER_TYPE, body.clone(), 4096, false)).await;
    let client = HttpClient::new(server.url()).unwrap();
    let items = collect(&client).await;
    assert_eq!(counts(&items), [3]);
    assert!(
        matches!(items.last().unwrap(), Err(Error::StreamEndedEarly { .. })),
        "{items:?}"
    );
}

#[tokio::test]
async fn malformed_json_and_oversized_parts_are_typed_errors() {
    let body = router_body(&[&event(3), r#"{"payload":{"data":"#, &event(2)], true);
    let server = TestServer::start(move |_| chunked(ROUTER_TYPE, body.clone(), 4096, true)).await;
    let client = HttpClient::new(server.url()).unwrap();
    let items = collect(&client).await;
    assert_eq!(counts(&items), [3]);
    assert!(
        matches!(items[1], Err(Error::Malformed { .. })),
        "{items:?}"
    );
    assert_eq!(items.len(), 2);

    let big = format!(
        r#"{{"payload":{{"data":{{"countdown":1,"pad":"{}"}}}}}}"#,
        "x".repeat(10_000)
    );
    let body = router_body(&[&event(3), &big, &event(2)], true);
    let server = TestServer::start(move |_| chunked(ROUTER_TYPE, body.clone(), 512, true)).await;
    let client = HttpClient::builder(server.url())
        .max_response_bytes(4096)
        .build()
        .unwrap();
    let items = collect(&client).await;
    assert_eq!(counts(&items), [3]);
    assert!(
        matches!(items[1], Err(Error::ResponseTooLarge { limit: 4096 })),
        "{items:?}"
    );
    assert_eq!(items.len(), 2);

    let body = router_body(&[r#"{"payload":{"data":{"countdown":"three"}}}"#], true);
    let server = TestServer::start(move |_| chunked(ROUTER_TYPE, body.clone(), 4096, true)).await;
    let client = HttpClient::new(server.url()).unwrap();
    match &collect(&client).await[0] {
        Err(Error::Decode(err)) => assert_eq!(err.path, "payload.data.countdown"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_single_json_answer_is_a_refusal_carrying_the_servers_errors() {
    let server = TestServer::start(|request: &http_support::Recorded| {
        if request.header("x-case") == Some("html") {
            Reply::typed(502, "text/html", "<h1>Bad Gateway</h1>")
        } else {
            Reply::json(
                200,
                r#"{"data":null,"errors":[{"message":"Cannot return null for non-nullable field Subscription.countdown."}]}"#,
            )
        }
    })
    .await;
    let client = HttpClient::new(server.url()).unwrap();
    let items = collect(&client).await;
    assert_eq!(items.len(), 1);
    match &items[0] {
        Err(
            err @ Error::SubscriptionRefused {
                status: 200,
                errors,
                ..
            },
        ) => {
            assert!(errors.0[0].message.contains("non-nullable"));
            assert!(
                err.to_string().contains("instead of a multipart stream"),
                "{err}"
            );
        }
        other => panic!("{other:?}"),
    }

    let mut headers = typed_graphql::http::header::HeaderMap::new();
    headers.insert("x-case", "html".parse().unwrap());
    let items: Vec<_> = client.subscribe_with(&request(), headers).collect().await;
    assert!(
        matches!(items[0], Err(Error::Status { status: 502, .. })),
        "{items:?}"
    );
}

#[tokio::test]
async fn silence_beyond_the_idle_timeout_ends_the_stream() {
    let server = TestServer::start(|_| Reply::Chunked {
        status: 200,
        headers: vec![("Content-Type".into(), ROUTER_TYPE.into())],
        chunks: vec![
            (Duration::ZERO, router_body(&[&event(3)], false)),
            (Duration::ZERO, b"\r\n--graphql\r\n".to_vec()),
            (Duration::from_secs(30), router_body(&[&event(2)], true)),
        ],
        finish: true,
    })
    .await;
    let client = HttpClient::builder(server.url())
        .subscription_idle_timeout(Some(Duration::from_millis(300)))
        .build()
        .unwrap();
    let started = Instant::now();
    let items = collect(&client).await;
    assert_eq!(counts(&items), [3]);
    assert!(
        matches!(items[1], Err(Error::Timeout(d)) if d == Duration::from_millis(300)),
        "{items:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn dropping_the_stream_closes_the_connection() {
    // Heartbeats every 20 ms for 10 s unless the client goes away.
    let mut chunks = vec![(Duration::ZERO, router_body(&[&event(9)], false))];
    chunks.extend((0..500).map(|_| (Duration::from_millis(20), router_body(&["{}"], false))));
    let server = TestServer::start(move |_| Reply::Chunked {
        status: 200,
        headers: vec![("Content-Type".into(), ROUTER_TYPE.into())],
        chunks: chunks.clone(),
        finish: true,
    })
    .await;
    let client = HttpClient::new(server.url()).unwrap();
    let mut events = client.subscribe(&request());
    // The first part completes when the next delimiter (the first heartbeat's) arrives.
    let first = events.next().await.unwrap().unwrap();
    assert_eq!(first.data.unwrap().countdown, 9);
    assert_eq!(server.open_connections(), 1);
    drop(events);
    let deadline = Instant::now() + Duration::from_secs(3);
    while server.open_connections() > 0 {
        assert!(
            Instant::now() < deadline,
            "the connection stayed open after the drop"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_single_json_result_with_data_is_one_event_then_a_clean_end() {
    // A server without the protocol runs the subscription as a query (multipart notes, §7).
    let server = TestServer::start(|_| Reply::json(200, r#"{"data":{"countdown":3}}"#)).await;
    let client = HttpClient::new(server.url()).unwrap();
    let mut events = client.subscribe(&request());
    events
        .started()
        .await
        .expect("a result is an accepted subscription");
    let items: Vec<_> = events.collect().await;
    assert_eq!(counts(&items), [3]);
    assert_eq!(items.len(), 1, "{items:?}");
}

#[tokio::test]
async fn a_5_mb_event_passes_by_default() {
    let pad = "x".repeat(5 * 1024 * 1024);
    let big = format!(r#"{{"payload":{{"data":{{"countdown":2,"pad":"{pad}"}}}}}}"#);
    let body = router_body(&[&event(3), &big, &event(1)], true);
    let server =
        TestServer::start(move |_| chunked(ROUTER_TYPE, body.clone(), 64 * 1024, true)).await;
    let items = collect(&HttpClient::new(server.url()).unwrap()).await;
    assert_eq!(counts(&items), [3, 2, 1]);
    assert!(items.iter().all(Result::is_ok));
    // A smaller `max_response_bytes` ends the stream at such a part: see
    // `malformed_json_and_oversized_parts_are_typed_errors`.
}
