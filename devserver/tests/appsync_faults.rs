//! Fault switches of the AppSync realtime emulation, seen from a raw client: refused
//! connections, upgrades refused with an HTTP status, raw frames, one subscription failing while another keeps flowing, typed start
//! errors; and mutations from the plain GraphQL endpoint reaching realtime subscribers.

use std::time::Duration;

use futures::StreamExt;
use serde_json::{json, Value};
use typed_graphql_devserver::{Config, DevServer};

mod support;
use support::*;

#[tokio::test]
async fn rejecting_connections_refuses_good_credentials_until_switched_off() {
    let server = DevServer::start_with(keyed()).await.unwrap();
    let object = auth(&server);
    server.faults().set_reject_connections_unauthorized(true);
    let mut socket = connect_query(&server, &object).await;
    let refusal = init(&mut socket).await;
    assert_eq!(refusal["type"], "connection_error");
    assert_eq!(
        refusal["payload"]["errors"][0]["errorType"],
        "com.amazonaws.deepdish.graphql.auth#UnauthorizedException"
    );
    assert_eq!(next_json(&mut socket).await, json!({"closed": true}));

    server.faults().set_reject_connections_unauthorized(false);
    let mut socket = connect_query(&server, &object).await;
    assert_eq!(init(&mut socket).await["type"], "connection_ack");
    assert_eq!(server.stats().realtime_connections(), 2);
}

#[tokio::test]
async fn rejecting_upgrades_answers_with_the_status_and_appsyncs_error_until_switched_off() {
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    use tokio_tungstenite::tungstenite::http::HeaderValue;
    let server = DevServer::start_with(keyed()).await.unwrap();
    server.faults().reject_upgrades_with(Some(401));
    let mut request = server.appsync_realtime_url().into_client_request().unwrap();
    request.headers_mut().insert(
        "sec-websocket-protocol",
        HeaderValue::from_static("graphql-ws"),
    );
    match tokio_tungstenite::connect_async(request).await {
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
            assert_eq!(response.status().as_u16(), 401);
            let body: Value = serde_json::from_slice(response.body().as_deref().unwrap()).unwrap();
            assert_eq!(
                body["errors"][0]["errorType"], "UnauthorizedException",
                "{body}"
            );
        }
        other => panic!("expected the refused upgrade, got {:?}", other.map(|_| ())),
    }
    assert_eq!(server.stats().realtime_upgrades_refused(), 1);
    assert_eq!(server.stats().realtime_connections(), 0);

    server.faults().reject_upgrades_with(None);
    let mut socket = connect_query(&server, &auth(&server)).await;
    assert_eq!(init(&mut socket).await["type"], "connection_ack");
    assert_eq!(server.stats().realtime_upgrades_refused(), 1);
}

#[tokio::test]
async fn raw_frames_reach_every_open_connection_unchanged() {
    let server = DevServer::start().await.unwrap();
    let object = json!({"host": "h"});
    let mut first = connect_query(&server, &object).await;
    let mut second = connect_query(&server, &object).await;
    init(&mut first).await;
    init(&mut second).await;
    assert!(
        server
            .stats()
            .wait_for(Duration::from_secs(2), |s| s.open_realtime_connections()
                == 2)
            .await
    );
    assert_eq!(server.faults().send_raw(r#"{"type":"surprise","n":1}"#), 2);
    assert_eq!(
        next_message(&mut first).await,
        json!({"type": "surprise", "n": 1})
    );
    assert_eq!(
        next_message(&mut second).await,
        json!({"type": "surprise", "n": 1})
    );

    // Not even JSON: sent as it is.
    server.faults().send_raw("garbage{");
    let frame = tokio::time::timeout(Duration::from_secs(5), first.next())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    let text = frame.into_text().unwrap();
    // The default `ka` interval is 10 s: no `ka` can come in between here.
    assert_eq!(text.as_str(), "garbage{");
}

#[tokio::test]
async fn one_subscription_errors_while_another_keeps_receiving() {
    let server = DevServer::start_with(keyed()).await.unwrap();
    let object = auth(&server);
    let mut socket = connect_query(&server, &object).await;
    init(&mut socket).await;
    assert_eq!(
        start(&mut socket, "a", ON_ADD, json!({"b": "b1"}), &object).await["type"],
        "start_ack"
    );
    assert_eq!(
        start(&mut socket, "b", ON_ADD, json!({"b": "b1"}), &object).await["type"],
        "start_ack"
    );
    assert_eq!(server.stats().active_subscriptions(), 2);

    server
        .faults()
        .error_subscription("a", "LimitExceededError", "Rate limit exceeded");
    assert_eq!(
        next_message(&mut socket).await,
        json!({"type": "error", "id": "a", "payload": {"errors": [{
            "errorType": "LimitExceededError", "message": "Rate limit exceeded"
        }]}})
    );
    assert!(
        server
            .stats()
            .wait_for(Duration::from_secs(2), |s| s.active_subscriptions() == 1)
            .await
    );

    add_todo(&server, "b1", "id title boardId").await;
    let event = next_message(&mut socket).await;
    assert_eq!(event["type"], "data");
    assert_eq!(event["id"], "b");
    // Nothing more for `a`.
    let quiet = tokio::time::timeout(Duration::from_millis(150), next_message(&mut socket)).await;
    assert!(quiet.is_err(), "unexpected {quiet:?}");
}

#[tokio::test]
async fn the_next_start_fails_with_the_chosen_error_type_once() {
    let server = DevServer::start().await.unwrap();
    let object = json!({"host": "h"});
    let mut socket = connect_query(&server, &object).await;
    init(&mut socket).await;
    server.faults().fail_next_start_with(
        "MaxSubscriptionsReachedError",
        "Max number of 100 subscriptions reached",
    );
    let refused = start(&mut socket, "1", ON_ADD, json!({}), &object).await;
    assert_eq!(
        refused,
        json!({"type": "error", "id": "1", "payload": {"errors": [{
            "errorType": "MaxSubscriptionsReachedError",
            "message": "Max number of 100 subscriptions reached"
        }]}})
    );
    assert_eq!(
        server.stats().last_start_authorization(),
        Some(object.clone())
    );
    assert_eq!(
        start(&mut socket, "1", ON_ADD, json!({}), &object).await,
        json!({"type": "start_ack", "id": "1"})
    );
}

#[tokio::test]
async fn a_mutation_on_the_graphql_endpoint_reaches_realtime_subscribers() {
    let server = DevServer::start_with(Config::default()).await.unwrap();
    let object = json!({"host": "h"});
    let mut socket = connect_query(&server, &object).await;
    init(&mut socket).await;
    start(&mut socket, "s", ON_ADD, json!({"b": "b2"}), &object).await;
    let response: Value = reqwest::Client::new()
        .post(server.graphql_url())
        .json(&json!({"query":
            "mutation { addTodo(input: {boardId: \"b2\", title: \"from http\"}) { id boardId title } }"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = response["data"]["addTodo"]["id"].clone();
    assert_eq!(
        next_message(&mut socket).await,
        json!({"type": "data", "id": "s", "payload": {"data": {"onAddTodo": {
            "id": id, "title": "from http", "boardId": "b2"
        }}}})
    );
}

#[tokio::test]
async fn a_field_listening_to_several_mutations_gets_each_as_selected() {
    let server = DevServer::start_with(keyed()).await.unwrap();
    let object = auth(&server);
    let mut socket = connect_query(&server, &object).await;
    init(&mut socket).await;
    let changed = "subscription { onTodoChanged(boardId: \"b1\") { id title } }";
    let deleted = "subscription { onDeleteTodo(id: \"t1\") { id } }";
    assert_eq!(
        start(&mut socket, "c", changed, json!({}), &object).await["type"],
        "start_ack"
    );
    assert_eq!(
        start(&mut socket, "d", deleted, json!({}), &object).await["type"],
        "start_ack"
    );

    // Not selecting boardId: the filter on boardId cannot match, so `c` gets nothing; `d`
    // filters on `id`, which was selected.
    let (status, _) = http(
        &server,
        &[("x-api-key", KEY)],
        json!({"query": "mutation { deleteTodo(id: \"t1\") { id } }"}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        next_message(&mut socket).await,
        json!({"type": "data", "id": "d", "payload": {"data": {"onDeleteTodo": {"id": "t1"}}}})
    );

    let (_, body) = http(
        &server,
        &[("x-api-key", KEY)],
        json!({"query": "mutation { updateTodo(input: {id: \"t2\", title: \"moved\"}) { id boardId title } addTodo(input: {boardId: \"b1\", title: \"new\"}) { id boardId title } }"}),
    )
    .await;
    // t2 is on b2: filtered out; the new todo on b1 arrives.
    let added = body["data"]["addTodo"]["id"].clone();
    assert_eq!(
        next_message(&mut socket).await,
        json!({"type": "data", "id": "c", "payload": {"data": {"onTodoChanged": {"id": added, "title": "new"}}}})
    );
    let quiet = tokio::time::timeout(Duration::from_millis(150), next_message(&mut socket)).await;
    assert!(quiet.is_err(), "unexpected {quiet:?}");
}
