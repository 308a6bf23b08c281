//! Endpoint 1 over real HTTP: JSON answers, status codes, cookies, multipart bytes, faults.

use std::time::Duration;

use futures::StreamExt;
use serde_json::{json, Value};
use typed_graphql_devserver::{Config, DevServer};

async fn post(url: &str, accept: &str, body: Value) -> (u16, String, Value) {
    let response = reqwest::Client::new()
        .post(url)
        .header("accept", accept)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    let json = response.json().await.unwrap();
    (status, content_type, json)
}

const GRAPHQL_RESPONSE: &str = "application/graphql-response+json, application/json";

#[tokio::test]
async fn queries_run_against_the_seeded_store() {
    let server = DevServer::start().await.unwrap();
    let (status, content_type, body) = post(
        &server.graphql_url(),
        GRAPHQL_RESPONSE,
        json!({"query": "query T($id: ID!) { todo(id: $id) { id title done priority tags } node(id: \"b2\") { __typename id ... on Board { name } } }", "variables": {"id": "t1"}}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(content_type, "application/graphql-response+json");
    assert_eq!(
        body,
        json!({"data": {
            "todo": {"id": "t1", "title": "Buy milk", "done": false, "priority": "HIGH", "tags": ["errand"]},
            "node": {"__typename": "Board", "id": "b2", "name": "Work"}
        }})
    );
    assert_eq!(server.stats().graphql_requests(), 1);
}

#[tokio::test]
async fn mutations_change_the_store_and_search_finds_both_kinds() {
    let server = DevServer::start().await.unwrap();
    let (_, _, added) = post(
        &server.graphql_url(),
        GRAPHQL_RESPONSE,
        json!({"query": "mutation { addTodo(input: {boardId: \"b2\", title: \"Work out\", tags: [\"gym\"]}) { id boardId createdAt note } }"}),
    )
    .await;
    let todo = &added["data"]["addTodo"];
    assert_eq!(todo["boardId"], "b2");
    assert_eq!(todo["note"], Value::Null);
    assert!(todo["createdAt"].as_str().unwrap().ends_with('Z'));
    let (_, _, found) = post(
        &server.graphql_url(),
        GRAPHQL_RESPONSE,
        json!({"query": "{ search(text: \"work\") { __typename ... on Todo { title } ... on Board { name } } todos(boardId: \"b2\") { title } }"}),
    )
    .await;
    assert_eq!(
        found["data"]["search"],
        json!([{"__typename": "Todo", "title": "Work out"}, {"__typename": "Board", "name": "Work"}])
    );
    assert_eq!(
        found["data"]["todos"],
        json!([{"title": "Write report"}, {"title": "Work out"}])
    );
}

#[tokio::test]
async fn request_errors_are_400_with_the_graphql_media_type_and_200_with_json() {
    let server = DevServer::start().await.unwrap();
    let bad = json!({"query": "{ todo(idd: \"t1\") { id } }"});
    let (status, content_type, body) =
        post(&server.graphql_url(), GRAPHQL_RESPONSE, bad.clone()).await;
    assert_eq!(
        (status, content_type.as_str()),
        (400, "application/graphql-response+json")
    );
    assert!(body.get("data").is_none(), "{body}");
    let messages = body["errors"].as_array().unwrap();
    assert!(
        messages
            .iter()
            .any(|error| error["message"].as_str().unwrap().contains("\"idd\"")),
        "{body}"
    );

    let (status, content_type, body) = post(&server.graphql_url(), "application/json", bad).await;
    assert_eq!((status, content_type.as_str()), (200, "application/json"));
    assert!(body["errors"][0]["locations"].is_array(), "{body}");

    let response = reqwest::Client::new()
        .post(server.graphql_url())
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 400);
}

#[tokio::test]
async fn a_failing_nullable_field_gives_partial_data_with_200() {
    let server = DevServer::start().await.unwrap();
    let (status, _, body) = post(
        &server.graphql_url(),
        GRAPHQL_RESPONSE,
        json!({"query": "{ todo(id: \"forbidden-1\") { id } todos(boardId: \"b1\") { id } }"}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(body["data"], json!({"todo": null, "todos": [{"id": "t1"}]}));
    assert_eq!(body["errors"][0]["path"], json!(["todo"]));
    assert_eq!(body["errors"][0]["extensions"]["code"], "FORBIDDEN");
}

#[tokio::test]
async fn login_sets_a_session_cookie_that_me_reads() {
    let server = DevServer::start().await.unwrap();
    let response = reqwest::Client::new()
        .post(server.graphql_url())
        .json(&json!({"query": "mutation { login(user: \"ada\") }"}))
        .send()
        .await
        .unwrap();
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with("session=ada;"), "{cookie}");
    let me = |cookie: Option<&'static str>| {
        let url = server.graphql_url();
        async move {
            let mut request = reqwest::Client::new()
                .post(url)
                .json(&json!({"query": "{ me }"}));
            if let Some(cookie) = cookie {
                request = request.header("cookie", cookie);
            }
            request.send().await.unwrap().json::<Value>().await.unwrap()
        }
    };
    assert_eq!(
        me(Some("theme=dark; session=ada")).await,
        json!({"data": {"me": "ada"}})
    );
    assert_eq!(me(None).await, json!({"data": {"me": null}}));
}

#[tokio::test]
async fn the_proxy_error_route_and_fault_answer_502_html() {
    let server = DevServer::start().await.unwrap();
    let client = reqwest::Client::new();
    let response = client
        .post(server.proxy_error_url())
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 502);
    assert_eq!(response.headers()["content-type"], "text/html");
    assert!(response.text().await.unwrap().contains("502 Bad Gateway"));

    server.faults().set_proxy_error(true);
    let response = client
        .post(server.graphql_url())
        .json(&json!({"query": "{ me }"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 502);
    server.faults().set_proxy_error(false);
    let response = client
        .post(server.graphql_url())
        .json(&json!({"query": "{ me }"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
}

fn quiet() -> Config {
    Config {
        heartbeat_interval: Some(Duration::from_secs(3600)),
        ..Config::default()
    }
}

async fn subscribe_bytes(server: &DevServer, query: &str) -> (String, String) {
    let response = reqwest::Client::new()
        .post(server.graphql_url())
        .header(
            "accept",
            "multipart/mixed;subscriptionSpec=1.0, application/json",
        )
        .json(&json!({ "query": query }))
        .send()
        .await
        .unwrap();
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    (content_type, response.text().await.unwrap())
}

#[tokio::test]
async fn multipart_countdown_bytes_are_apollo_router_shaped() {
    let server = DevServer::start_with(quiet()).await.unwrap();
    let (content_type, body) =
        subscribe_bytes(&server, "subscription { countdown(from: 2) }").await;
    assert_eq!(
        content_type,
        "multipart/mixed;boundary=\"graphql\";subscriptionSpec=\"1.0\""
    );
    assert_eq!(
        body,
        "\r\n--graphql\r\ncontent-type: application/json\r\n\r\n{\"payload\":{\"data\":{\"countdown\":2}}}\
         \r\n--graphql\r\ncontent-type: application/json\r\n\r\n{\"payload\":{\"data\":{\"countdown\":1}}}\
         \r\n--graphql--\r\n"
    );
    assert!(
        server
            .stats()
            .wait_for(Duration::from_secs(2), |s| s.open_multipart_streams() == 0)
            .await
    );
}

#[tokio::test]
async fn a_stream_error_is_a_transport_error_part_then_the_close() {
    let server = DevServer::start_with(quiet()).await.unwrap();
    let (_, body) = subscribe_bytes(&server, "subscription { failAfter(events: 1) }").await;
    let parts: Vec<&str> = body.split("\r\n--graphql").collect();
    assert_eq!(parts.len(), 4, "{body}");
    assert!(
        parts[1].ends_with("{\"payload\":{\"data\":{\"failAfter\":1}}}"),
        "{body}"
    );
    let error: Value = serde_json::from_str(parts[2].split("\r\n\r\n").nth(1).unwrap()).unwrap();
    assert_eq!(error["payload"], Value::Null);
    assert!(error["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("after 1 events"));
    assert_eq!(parts[3], "--\r\n");
}

#[tokio::test]
async fn framing_faults_change_boundary_line_ends_and_the_end_marker() {
    let server = DevServer::start_with(quiet()).await.unwrap();
    server.faults().set_multipart_boundary(Some("-x-".into()));
    server.faults().set_multipart_lf_only(true);
    let (content_type, body) =
        subscribe_bytes(&server, "subscription { countdown(from: 1) }").await;
    assert!(content_type.contains("boundary=\"-x-\""), "{content_type}");
    assert_eq!(
        body,
        "\n---x-\ncontent-type: application/json\n\n{\"payload\":{\"data\":{\"countdown\":1}}}\n---x---\n"
    );

    server.faults().set_multipart_boundary(None);
    server.faults().set_multipart_lf_only(false);
    server.faults().close_multipart_after(Some(1));
    let (_, body) = subscribe_bytes(&server, "subscription { countdown(from: 3) }").await;
    assert_eq!(
        body,
        "\r\n--graphql\r\ncontent-type: application/json\r\n\r\n{\"payload\":{\"data\":{\"countdown\":3}}}\r\n--graphql"
    );
}

#[tokio::test]
async fn heartbeats_flow_and_a_dropped_client_closes_the_server_stream() {
    let server = DevServer::start_with(Config {
        heartbeat_interval: Some(Duration::from_millis(20)),
        ..Config::default()
    })
    .await
    .unwrap();
    let response = reqwest::Client::new()
        .post(server.graphql_url())
        .header("accept", "multipart/mixed;subscriptionSpec=1.0")
        .json(&json!({"query": "subscription { onAddTodo { id } }"}))
        .send()
        .await
        .unwrap();
    let mut body = response.bytes_stream();
    let mut seen = Vec::new();
    while !String::from_utf8_lossy(&seen)
        .contains("\r\n\r\n{}\r\n--graphql\r\ncontent-type: application/json\r\n\r\n{}")
    {
        seen.extend_from_slice(&body.next().await.unwrap().unwrap());
    }
    assert_eq!(server.stats().open_multipart_streams(), 1);
    drop(body);
    assert!(
        server
            .stats()
            .wait_for(Duration::from_secs(5), |s| s.open_multipart_streams() == 0)
            .await,
        "the server kept writing to a gone client"
    );
}

#[tokio::test]
async fn a_mutation_reaches_a_multipart_subscriber_filtered_by_board() {
    let server = DevServer::start_with(quiet()).await.unwrap();
    let response = reqwest::Client::new()
        .post(server.graphql_url())
        .header("accept", "multipart/mixed;subscriptionSpec=1.0")
        .json(&json!({"query": "subscription { onAddTodo(boardId: \"b1\") { title } }"}))
        .send()
        .await
        .unwrap();
    let mut body = response.bytes_stream();
    // The subscription is registered once the head arrived; the mutations follow it.
    for board in ["b2", "b1"] {
        post(
            &server.graphql_url(),
            GRAPHQL_RESPONSE,
            json!({"query": format!("mutation {{ addTodo(input: {{boardId: \"{board}\", title: \"on {board}\"}}) {{ id }} }}")}),
        )
        .await;
    }
    let mut seen = String::new();
    while !seen.ends_with("}}}}\r\n--graphql") {
        seen.push_str(&String::from_utf8_lossy(
            &body.next().await.unwrap().unwrap(),
        ));
    }
    // Only b1's todo, and the part is complete (delimiter written right after it).
    assert_eq!(
        seen,
        "\r\n--graphql\r\ncontent-type: application/json\r\n\r\n\
         {\"payload\":{\"data\":{\"onAddTodo\":{\"title\":\"on b1\"}}}}\r\n--graphql"
    );
}

#[tokio::test]
async fn introspection_answers_on_both_endpoints() {
    let server = DevServer::start().await.unwrap();
    let query = json!({"query": "{ __schema { subscriptionType { fields { name } } } __type(name: \"AWSDateTime\") { kind } }"});
    for url in [server.graphql_url(), server.appsync_url()] {
        let (status, _, body) = post(&url, "application/json", query.clone()).await;
        assert_eq!(status, 200, "{url}");
        let fields: Vec<&str> = body["data"]["__schema"]["subscriptionType"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|field| field["name"].as_str().unwrap())
            .collect();
        assert_eq!(
            fields,
            [
                "onAddTodo",
                "onUpdateTodo",
                "onDeleteTodo",
                "onTodoChanged",
                "countdown",
                "failAfter"
            ]
        );
        assert_eq!(body["data"]["__type"]["kind"], "SCALAR");
    }
}

#[tokio::test]
async fn dropping_the_server_stops_both_listeners_and_open_streams() {
    let server = DevServer::start().await.unwrap();
    let (graphql, appsync) = (server.graphql_addr(), server.appsync_addr());
    let response = reqwest::Client::new()
        .post(server.graphql_url())
        .header("accept", "multipart/mixed;subscriptionSpec=1.0")
        .json(&json!({"query": "subscription { onAddTodo { id } }"}))
        .send()
        .await
        .unwrap();
    drop(server);
    // The open stream ends (without its close delimiter) instead of hanging.
    let rest = tokio::time::timeout(Duration::from_secs(5), response.bytes())
        .await
        .expect("the stream ended");
    if let Ok(rest) = rest {
        assert!(!String::from_utf8_lossy(&rest).contains("--graphql--"));
    }
    for addr in [graphql, appsync] {
        let refused = tokio::time::timeout(Duration::from_secs(5), async {
            loop {
                if tokio::net::TcpStream::connect(addr).await.is_err() {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        })
        .await;
        assert!(refused.is_ok(), "{addr} still accepts connections");
    }
}

#[tokio::test]
async fn get_runs_queries_and_refuses_mutations() {
    let server = DevServer::start().await.unwrap();
    let client = reqwest::Client::new();
    let response = client
        .get(server.graphql_url())
        .query(&[
            ("query", "query Q($id: ID!) { todo(id: $id) { title } }"),
            ("operationName", "Q"),
            ("variables", "{\"id\":\"t2\"}"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        response.json::<Value>().await.unwrap(),
        json!({"data": {"todo": {"title": "Write report"}}})
    );

    let response = client
        .get(server.graphql_url())
        .query(&[("query", "mutation { deleteTodo(id: \"t1\") { id } }")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 405);
    assert_eq!(response.headers()["allow"], "GET, POST");
    // Not executed: t1 is still there.
    let (_, _, body) = post(
        &server.graphql_url(),
        "application/json",
        json!({"query": "{ todo(id: \"t1\") { id } }"}),
    )
    .await;
    assert_eq!(body, json!({"data": {"todo": {"id": "t1"}}}));

    let response = client.get(server.graphql_url()).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 400);
}

#[tokio::test]
async fn the_chunking_fault_splits_the_same_bytes_into_tiny_writes() {
    let server = DevServer::start_with(quiet()).await.unwrap();
    let query = "subscription { countdown(from: 3) }";
    let (_, whole) = subscribe_bytes(&server, query).await;

    server.faults().set_multipart_chunk_size(Some(3));
    let response = reqwest::Client::new()
        .post(server.graphql_url())
        .header("accept", "multipart/mixed;subscriptionSpec=1.0")
        .json(&json!({ "query": query }))
        .send()
        .await
        .unwrap();
    let mut stream = response.bytes_stream();
    let mut chunks = Vec::new();
    while let Some(chunk) = stream.next().await {
        chunks.push(chunk.unwrap());
    }
    let joined: Vec<u8> = chunks.iter().flat_map(|chunk| chunk.to_vec()).collect();
    assert_eq!(String::from_utf8(joined).unwrap(), whole);
    assert!(chunks.iter().all(|chunk| chunk.len() <= 3));
    assert!(chunks.len() >= whole.len() / 3, "{} chunks", chunks.len());
}

#[tokio::test]
async fn awsjson_round_trips_as_a_string_and_rejects_non_json() {
    let server = DevServer::start().await.unwrap();
    let url = server.graphql_url();
    let add = "mutation A($m: AWSJSON) { addTodo(input: {boardId: \"b1\", title: \"j\", meta: $m}) { meta } }";
    let (status, _, body) = post(
        &url,
        "application/json",
        json!({"query": add, "variables": {"m": "{\"a\":[1,2]}"}}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!({"data": {"addTodo": {"meta": "{\"a\":[1,2]}"}}})
    );
    let (status, _, body) = post(
        &url,
        "application/graphql-response+json",
        json!({"query": add, "variables": {"m": "{not json"}}),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert!(body["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("AWSJSON"));
}

#[tokio::test]
async fn delete_reaches_on_todo_changed_and_on_delete_todo_subscribers() {
    let server = DevServer::start_with(quiet()).await.unwrap();
    let response = reqwest::Client::new()
        .post(server.graphql_url())
        .header("accept", "multipart/mixed;subscriptionSpec=1.0")
        .json(&json!({"query": "subscription { onTodoChanged(boardId: \"b1\") { id title } }"}))
        .send()
        .await
        .unwrap();
    let mut stream = response.bytes_stream();
    assert!(
        server
            .stats()
            .wait_for(Duration::from_secs(2), |_| server.todo_feed_listeners()
                == 1)
            .await
    );
    let (_, _, deleted) = post(
        &server.graphql_url(),
        "application/json",
        json!({"query": "mutation { deleteTodo(id: \"t1\") { id } gone: deleteTodo(id: \"t1\") { id } }"}),
    )
    .await;
    assert_eq!(
        deleted,
        json!({"data": {"deleteTodo": {"id": "t1"}, "gone": null}})
    );
    let mut seen = String::new();
    while !seen.contains("Buy milk") {
        let chunk = tokio::time::timeout(Duration::from_secs(5), stream.next())
            .await
            .unwrap()
            .unwrap()
            .unwrap();
        seen.push_str(std::str::from_utf8(&chunk).unwrap());
    }
    assert!(
        seen.contains(r#"{"payload":{"data":{"onTodoChanged":{"id":"t1","title":"Buy milk"}}}}"#),
        "{seen}"
    );
}

#[tokio::test]
async fn a_subscription_without_the_multipart_accept_is_a_406_json_error() {
    let server = DevServer::start().await.unwrap();
    for accept in ["application/json", "application/graphql-response+json"] {
        let (status, content_type, body) = post(
            &server.graphql_url(),
            accept,
            json!({"query": "subscription { countdown(from: 1) }"}),
        )
        .await;
        assert_eq!(status, 406);
        assert_eq!(content_type, accept);
        assert_eq!(
            body["errors"][0]["extensions"]["code"],
            "SUBSCRIPTION_BAD_HEADER"
        );
        assert!(body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("multipart/mixed"));
    }
    assert_eq!(server.stats().multipart_streams_started(), 0);
}
