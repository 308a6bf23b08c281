//! GraphQL over WebSocket with any server, one client type for three protocols:
//! `graphql-transport-ws` and legacy `graphql-ws` against the devserver's async-graphql
//! endpoint (subscribe `OnAddTodo(boardId: "b1")`, run `AddTodo` over the same socket, receive
//! the typed event), and an API Gateway WebSocket API (the devserver's emulation: no
//! subprotocol, auth on the upgrade, events pushed by the backend through the management API).
//!
//! ```sh
//! cargo run --example ws_subscription
//! ```

use std::error::Error;
use std::process::ExitCode;
use std::time::Duration;

use futures::StreamExt;
use typed_graphql::websocket::{Protocol, WebSocketClient};
use typed_graphql::ws::SubscriptionEvent;
use typed_graphql::Maybe;
use typed_graphql_devserver::{Config, DevServer};
use typed_graphql_examples::todos::{self, types::AddTodoInput};
use typed_graphql_examples::{exit_code, next_todo, step};

/// What the emulated API Gateway's `$connect` requires on the upgrade. Not a secret: it only
/// opens a server that lives as long as the example.
const GATEWAY_TOKEN: &str = "local-gateway-token";

#[tokio::main]
async fn main() -> ExitCode {
    exit_code(run().await)
}

async fn run() -> Result<(), Box<dyn Error>> {
    let config = Config {
        api_gateway_token: Some(GATEWAY_TOKEN.to_owned()),
        ..Config::default()
    };
    let server = step("starting the devserver", DevServer::start_with(config)).await?;
    for protocol in [Protocol::GraphqlTransportWs, Protocol::LegacyGraphqlWs] {
        subscribe_and_mutate(&server, protocol).await?;
    }
    api_gateway(&server).await
}

/// Subscribes, waits until the server listens, adds a todo over the same socket.
async fn subscribe_and_mutate(
    server: &DevServer,
    protocol: Protocol,
) -> Result<(), Box<dyn Error>> {
    let name = protocol.subprotocol().unwrap_or("none");
    let client = WebSocketClient::builder(server.graphql_ws_url(), protocol)
        // Sent in `connection_init`; asked for again on every reconnection.
        .init_payload_with(|| async { Ok(Some(serde_json::json!({"client": "example"}))) })
        .build()?;
    let vars = todos::on_add_todo::Variables {
        board_id: Maybe::Value("b1".into()),
    };
    let mut events = client.subscribe(&todos::OnAddTodo::request(vars));
    step("subscribing", events.started()).await?;
    // These protocols have no start acknowledgement: wait until the server listens.
    step("waiting for the server to listen", async {
        while server.todo_feed_listeners() == 0 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        Ok::<_, Box<dyn Error>>(())
    })
    .await?;
    println!(
        "{name}: subscribed OnAddTodo(boardId: \"b1\") at {}",
        server.graphql_ws_url()
    );

    let add = todos::AddTodo::request(todos::add_todo::Variables::new(AddTodoInput::new(
        "b1".into(),
        format!("Sent over {name}"),
    )));
    // A mutation over the subscription's own socket.
    let added = step("AddTodo", client.execute(&add)).await?.into_result()?;
    let added = added.add_todo.ok_or("AddTodo returned no todo")?;
    println!("{name}: AddTodo over the socket created {}", added.id);
    let todo = next_todo(&mut events).await?;
    println!(
        "{name}: event {} \"{}\" on board {}",
        todo.id, todo.title, todo.board_id
    );
    // Dropping the stream stops the subscription on the server (the next protocol's wait
    // above starts from no listener).
    drop(events);
    step("waiting for the server to stop listening", async {
        while server.todo_feed_listeners() > 0 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        Ok::<_, Box<dyn Error>>(())
    })
    .await
}

/// API Gateway: auth on the upgrade, no subprotocol; the backend pushes events.
async fn api_gateway(server: &DevServer) -> Result<(), Box<dyn Error>> {
    let client = WebSocketClient::builder(server.api_gateway_url(), Protocol::ApiGateway)
        .header("Authorization", GATEWAY_TOKEN)
        .build()?;
    let mut events = client.subscribe(&todos::Countdown::request(todos::countdown::Variables {
        from: 3,
    }));
    step("subscribing through API Gateway", events.started()).await?;
    // The backend stores the subscription (`start`), then publishes to its connection.
    let subscription = step("waiting for the backend to record it", async {
        loop {
            if let Some(s) = server.api_gateway_subscriptions().into_iter().next() {
                return Ok::<_, Box<dyn Error>>(s);
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    })
    .await?;
    println!(
        "api gateway: subscribed Countdown on connection {}",
        subscription.connection_id
    );
    for n in [3, 2, 1] {
        let message = serde_json::json!({"id": subscription.id, "type": "data",
            "payload": {"data": {"countdown": n}}});
        if !server.api_gateway_publish(&subscription.connection_id, message.to_string()) {
            return Err("the API Gateway connection is gone".into());
        }
    }
    let mut seen = Vec::new();
    while seen.len() < 3 {
        let item = step("waiting for the pushed events", async {
            events.next().await.ok_or("the subscription ended")
        })
        .await?;
        match item? {
            SubscriptionEvent::Data(response) => seen.push(response.into_result()?.countdown),
            SubscriptionEvent::Reconnected => println!("   (the connection was re-established)"),
            SubscriptionEvent::Lagged { missed } => println!("   ({missed} event(s) dropped)"),
        }
    }
    println!("api gateway: pushed events received: {seen:?}");
    Ok(())
}
