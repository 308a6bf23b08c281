//! The AppSync emulation over real sockets: HTTP auth, the realtime handshake with both auth
//! placements (raw tokio-tungstenite frames), AppSync's subscription semantics (selection from
//! the mutation, filters, the non-null error event), limits and faults.

use std::time::Duration;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use futures::StreamExt;
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use typed_graphql_devserver::{Config, DevServer};

mod support;
use support::*;

#[tokio::test]
async fn http_requests_need_a_configured_credential() {
    let server = DevServer::start_with(keyed()).await.unwrap();
    let query = json!({"query": "{ todo(id: \"t1\") { title } }"});
    let (status, body) = http(&server, &[], query.clone()).await;
    assert_eq!(status, 401);
    assert_eq!(body["errors"][0]["errorType"], "UnauthorizedException");
    let (status, _) = http(&server, &[("x-api-key", "da2-wrong")], query.clone()).await;
    assert_eq!(status, 401);
    for (name, value) in [
        ("x-api-key", KEY),
        ("authorization", "eyJ.jwt.sig"),
        ("authorization", "lambda-allow"),
    ] {
        let (status, body) = http(&server, &[(name, value)], query.clone()).await;
        assert_eq!(status, 200, "{name}");
        assert_eq!(body, json!({"data": {"todo": {"title": "Buy milk"}}}));
    }
    assert_eq!(server.stats().appsync_requests(), 5);
    assert_eq!(server.stats().appsync_rejected(), 2);

    let open = DevServer::start().await.unwrap();
    let (status, _) = http(&open, &[], query).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn the_query_string_handshake_is_acked_and_kept_alive() {
    let server = DevServer::start_with(Config {
        keep_alive_interval: Some(Duration::from_millis(50)),
        connection_timeout_ms: Some(123_000),
        ..keyed()
    })
    .await
    .unwrap();
    let object = auth(&server);
    let mut socket = connect_query(&server, &object).await;
    assert_eq!(
        init(&mut socket).await,
        json!({"type": "connection_ack", "payload": {"connectionTimeoutMs": 123000}})
    );
    assert_eq!(next_json(&mut socket).await, json!({"type": "ka"}));
    assert_eq!(next_json(&mut socket).await, json!({"type": "ka"}));
    assert_eq!(server.stats().last_handshake_auth(), Some(object));
    assert_eq!(server.stats().realtime_connections(), 1);
}

#[tokio::test]
async fn the_subprotocol_handshake_carries_the_auth_object_too() {
    let server = DevServer::start_with(keyed()).await.unwrap();
    let object = json!({"host": "example.appsync-api.eu-west-1.amazonaws.com", "Authorization": "eyJ.jwt.sig"});
    let protocols = format!(
        "graphql-ws, header-{}",
        URL_SAFE_NO_PAD.encode(object.to_string())
    );
    let mut socket = connect_with(server.appsync_realtime_url(), &protocols).await;
    assert_eq!(init(&mut socket).await["type"], "connection_ack");
    assert_eq!(server.stats().last_handshake_auth(), Some(object));
}

#[tokio::test]
async fn a_bad_handshake_credential_is_a_connection_error_then_close() {
    let server = DevServer::start_with(keyed()).await.unwrap();
    let object = json!({"host": "h", "x-api-key": "da2-wrong"});
    let mut socket = connect_query(&server, &object).await;
    let refusal = init(&mut socket).await;
    assert_eq!(refusal["type"], "connection_error");
    assert!(refusal["payload"]["errors"][0]["errorType"]
        .as_str()
        .unwrap()
        .ends_with("UnauthorizedException"));
    assert_eq!(next_json(&mut socket).await, json!({"closed": true}));
}

#[tokio::test]
async fn a_mutation_reaches_matching_subscriptions_as_the_mutation_selected_it() {
    let server = DevServer::start_with(keyed()).await.unwrap();
    let object = auth(&server);
    let mut socket = connect_query(&server, &object).await;
    init(&mut socket).await;
    let ack = start(&mut socket, "s1", ON_ADD, json!({"b": "b2"}), &object).await;
    assert_eq!(ack, json!({"type": "start_ack", "id": "s1"}));
    assert_eq!(
        server.stats().last_start_authorization(),
        Some(object.clone())
    );
    assert_eq!(server.stats().active_subscriptions(), 1);

    // b1 does not match the filter; b2 does. The mutation aliases `id`: resolved by field name.
    add_todo(&server, "b1", "key: id title boardId").await;
    let created = add_todo(&server, "b2", "key: id title boardId").await;
    let id = created["data"]["created"]["key"]
        .as_str()
        .unwrap()
        .to_owned();
    let event = next_message(&mut socket).await;
    assert_eq!(
        event,
        json!({"type": "data", "id": "s1", "payload": {"data": {"onAddTodo": {
            "id": id, "title": "on b2", "boardId": "b2"
        }}}})
    );

    // A mutation that did not select `title`: the subscriber's `title` is null... and String! so
    // the whole field is null with AppSync's error.
    add_todo(&server, "b2", "id boardId").await;
    let event = next_message(&mut socket).await;
    assert_eq!(event["payload"]["data"], json!({"onAddTodo": null}));
    assert_eq!(
        event["payload"]["errors"][0]["message"],
        "Cannot return null for non-nullable type: 'String' within parent 'Todo' (/onAddTodo/title)"
    );
    assert_eq!(
        event["payload"]["errors"][0]["path"],
        json!(["onAddTodo", "title"])
    );
}

#[tokio::test]
async fn unselected_nullable_fields_are_null_and_non_null_done_is_the_error() {
    let server = DevServer::start().await.unwrap();
    let object = json!({"host": "h"});
    let mut socket = connect_query(&server, &object).await;
    init(&mut socket).await;
    start(
        &mut socket,
        "a",
        "subscription { onAddTodo { id note priority } }",
        json!({}),
        &object,
    )
    .await;
    start(
        &mut socket,
        "b",
        "subscription { onAddTodo { id done } }",
        json!({}),
        &object,
    )
    .await;
    // A filter on a field the mutation did not select never matches.
    start(
        &mut socket,
        "c",
        "subscription { onAddTodo(boardId: \"b1\") { id } }",
        json!({}),
        &object,
    )
    .await;
    http(&server, &[], json!({"query": "mutation { addTodo(input: {boardId: \"b1\", title: \"x\", note: \"n\"}) { id } }"})).await;
    let mut events = [
        next_message(&mut socket).await,
        next_message(&mut socket).await,
    ];
    events.sort_by_key(|event| event["id"].as_str().unwrap().to_owned());
    assert_eq!(
        events[0]["payload"]["data"]["onAddTodo"]["note"],
        Value::Null
    );
    assert_eq!(
        events[0]["payload"]["data"]["onAddTodo"]["priority"],
        Value::Null
    );
    assert!(events[0]["payload"].get("errors").is_none());
    assert_eq!(
        events[1]["payload"],
        json!({
            "data": {"onAddTodo": null},
            "errors": [{
                "message": "Cannot return null for non-nullable type: 'Boolean' within parent 'Todo' (/onAddTodo/done)",
                "path": ["onAddTodo", "done"]
            }]
        })
    );
    // Nothing for "c": the next frame is the answer to this stop.
    send(&mut socket, json!({"type": "stop", "id": "c"})).await;
    assert_eq!(
        next_message(&mut socket).await,
        json!({"type": "complete", "id": "c"})
    );
}

#[tokio::test]
async fn stop_completes_and_the_limit_and_refusals_use_appsyncs_error_types() {
    let server = DevServer::start_with(Config {
        max_subscriptions_per_connection: Some(2),
        ..keyed()
    })
    .await
    .unwrap();
    let object = auth(&server);
    let mut socket = connect_query(&server, &object).await;
    init(&mut socket).await;
    assert_eq!(
        start(&mut socket, "1", ON_ADD, json!({}), &object).await["type"],
        "start_ack"
    );
    let duplicate = start(&mut socket, "1", ON_ADD, json!({}), &object).await;
    assert_eq!(
        duplicate["payload"]["errors"][0]["errorType"],
        "DuplicatedOperationError"
    );
    assert_eq!(
        start(&mut socket, "2", ON_ADD, json!({}), &object).await["type"],
        "start_ack"
    );
    let over = start(&mut socket, "3", ON_ADD, json!({}), &object).await;
    assert_eq!(
        over,
        json!({"type": "error", "id": "3", "payload": {"errors": [{
            "errorType": "MaxSubscriptionsReachedError",
            "message": "Max number of 2 subscriptions reached"
        }]}})
    );
    let wrong = start(
        &mut socket,
        "4",
        ON_ADD,
        json!({}),
        &json!({"host": "h", "x-api-key": "nope"}),
    )
    .await;
    assert_eq!(
        wrong["payload"]["errors"][0]["errorType"],
        "UnauthorizedException"
    );

    send(&mut socket, json!({"type": "stop", "id": "1"})).await;
    assert_eq!(
        next_message(&mut socket).await,
        json!({"type": "complete", "id": "1"})
    );
    assert_eq!(server.stats().stops_received(), 1);
    assert_eq!(server.stats().active_subscriptions(), 1);
    let query = start(&mut socket, "5", "query { me }", json!({}), &object).await;
    assert_eq!(
        query["payload"]["errors"][0]["errorType"],
        "UnsupportedOperation"
    );
    let invalid = start(
        &mut socket,
        "6",
        "subscription { onAddTodo { nope } }",
        json!({}),
        &object,
    )
    .await;
    assert_eq!(
        invalid["payload"]["errors"][0]["errorType"],
        "ValidationError"
    );
    assert!(invalid["payload"]["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("nope"));

    drop(socket);
    assert!(
        server
            .stats()
            .wait_for(Duration::from_secs(5), |s| s.active_subscriptions() == 0
                && s.open_realtime_connections() == 0)
            .await
    );
}

#[tokio::test]
async fn engine_subscriptions_stream_then_complete_or_error() {
    let server = DevServer::start().await.unwrap();
    let object = json!({"host": "h"});
    let mut socket = connect_query(&server, &object).await;
    init(&mut socket).await;
    assert_eq!(
        start(
            &mut socket,
            "c",
            "subscription { countdown(from: 2) }",
            json!({}),
            &object
        )
        .await["type"],
        "start_ack"
    );
    assert_eq!(
        next_message(&mut socket).await["payload"],
        json!({"data": {"countdown": 2}})
    );
    assert_eq!(
        next_message(&mut socket).await["payload"],
        json!({"data": {"countdown": 1}})
    );
    assert_eq!(
        next_message(&mut socket).await,
        json!({"type": "complete", "id": "c"})
    );

    start(
        &mut socket,
        "f",
        "subscription { failAfter(events: 1) }",
        json!({}),
        &object,
    )
    .await;
    assert_eq!(
        next_message(&mut socket).await["payload"],
        json!({"data": {"failAfter": 1}})
    );
    let error = next_message(&mut socket).await;
    assert_eq!(error["type"], "error");
    assert_eq!(error["id"], "f");
    assert_eq!(error["payload"]["errors"][0]["errorType"], "StreamError");
    assert!(
        server
            .stats()
            .wait_for(Duration::from_secs(2), |s| s.active_subscriptions() == 0)
            .await
    );
}

#[tokio::test]
async fn faults_inject_start_errors_drop_acks_and_kas_and_cut_connections() {
    let server = DevServer::start_with(Config {
        keep_alive_interval: Some(Duration::from_millis(30)),
        ..Config::default()
    })
    .await
    .unwrap();
    let object = json!({"host": "h"});
    let mut socket = connect_query(&server, &object).await;
    init(&mut socket).await;

    server.faults().error_next_start("Rate limit exceeded");
    let injected = start(&mut socket, "1", ON_ADD, json!({}), &object).await;
    assert_eq!(
        injected["payload"]["errors"][0]["message"],
        "Rate limit exceeded"
    );
    assert_eq!(
        start(&mut socket, "2", ON_ADD, json!({}), &object).await["type"],
        "start_ack"
    );

    server.faults().set_suppress_start_ack(true);
    server.faults().set_suppress_ka(true);
    // Drain kas already in flight, then: no ack, no ka, for a while.
    tokio::time::sleep(Duration::from_millis(50)).await;
    while let Ok(Some(_)) = tokio::time::timeout(Duration::from_millis(10), socket.next()).await {}
    send(
        &mut socket,
        json!({"id": "3", "type": "start", "payload": {
            "data": json!({"query": ON_ADD}).to_string(), "extensions": {"authorization": object}
        }}),
    )
    .await;
    let quiet = tokio::time::timeout(Duration::from_millis(200), socket.next()).await;
    assert!(quiet.is_err(), "expected silence, got {quiet:?}");
    assert_eq!(server.stats().active_subscriptions(), 2);

    server.faults().drop_connections();
    let end = tokio::time::timeout(Duration::from_secs(5), socket.next())
        .await
        .unwrap();
    assert!(
        matches!(end, None | Some(Err(_))),
        "expected the connection to be cut without a close frame, got {end:?}"
    );
    assert!(
        server
            .stats()
            .wait_for(Duration::from_secs(2), |s| s.open_realtime_connections()
                == 0)
            .await
    );
}

#[tokio::test]
async fn a_websocket_without_the_graphql_ws_subprotocol_is_refused() {
    let server = DevServer::start().await.unwrap();
    let request = server.appsync_realtime_url().into_client_request().unwrap();
    let err = tokio_tungstenite::connect_async(request).await.unwrap_err();
    assert!(err.to_string().contains("400"), "{err}");
}

#[tokio::test]
async fn skipping_connection_init_does_not_skip_the_handshake_check() {
    let server = DevServer::start_with(keyed()).await.unwrap();
    let good = auth(&server);
    let bad = json!({"host": "h", "x-api-key": "da2-wrong"});
    let mut socket = connect_query(&server, &bad).await;
    let refusal = start(&mut socket, "1", ON_ADD, json!({}), &good).await;
    assert_eq!(refusal["type"], "connection_error");
    assert_eq!(server.stats().active_subscriptions(), 0);

    let mut socket = connect_query(&server, &good).await;
    assert_eq!(
        start(&mut socket, "1", ON_ADD, json!({}), &good).await,
        json!({"type": "start_ack", "id": "1"})
    );
}
