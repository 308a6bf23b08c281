//! [`DevServer`]: binds both listeners, serves them on tokio tasks, stops on drop.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::routing::{any, get};
use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::appsync::Hub;
use crate::config::Config;
use crate::schema::DevSchema;
use crate::state::{Faults, Stats};
use crate::store::Store;

/// What every handler shares.
pub(crate) struct App {
    pub schema: DevSchema,
    pub store: Arc<Store>,
    pub config: Config,
    pub faults: Faults,
    pub stats: Arc<Stats>,
    /// Turns `true` when the server is dropped: long-lived streams and sockets end.
    pub shutdown: watch::Receiver<bool>,
    pub hub: Hub,
    pub gateway: crate::api_gateway::Gateway,
}

/// A running devserver. Dropping it stops both listeners and ends open streams and sockets.
pub struct DevServer {
    app: Arc<App>,
    graphql_addr: SocketAddr,
    appsync_addr: SocketAddr,
    shutdown: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

impl std::fmt::Debug for DevServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DevServer")
            .field("graphql_url", &self.graphql_url())
            .field("appsync_url", &self.appsync_url())
            .field("config", &self.app.config)
            .finish_non_exhaustive()
    }
}

impl DevServer {
    /// Starts a server with [`Config::default()`] on free ports of 127.0.0.1. Must run inside
    /// a tokio runtime.
    pub async fn start() -> std::io::Result<DevServer> {
        DevServer::start_with(Config::default()).await
    }

    /// Starts a server with `config` (free ports unless the config names them).
    pub async fn start_with(config: Config) -> std::io::Result<DevServer> {
        let graphql = TcpListener::bind(("127.0.0.1", config.port.unwrap_or(0))).await?;
        let appsync = TcpListener::bind(("127.0.0.1", config.appsync_port.unwrap_or(0))).await?;
        let graphql_addr = graphql.local_addr()?;
        let appsync_addr = appsync.local_addr()?;
        let (shutdown, shutdown_rx) = watch::channel(false);
        let store = Arc::new(Store::seeded());
        let app = Arc::new(App {
            schema: crate::schema::build(Arc::clone(&store)),
            store,
            config,
            faults: Faults::default(),
            stats: Arc::new(Stats::default()),
            shutdown: shutdown_rx,
            hub: Hub::default(),
            gateway: Default::default(),
        });
        let tasks = vec![
            serve(graphql, graphql_router(&app), app.shutdown.clone()),
            serve(appsync, appsync_router(&app), app.shutdown.clone()),
        ];
        Ok(DevServer {
            app,
            graphql_addr,
            appsync_addr,
            shutdown,
            tasks,
        })
    }

    /// `http://127.0.0.1:<port>/graphql`: GraphQL over HTTP, multipart subscriptions when
    /// `Accept` has `multipart/mixed`.
    pub fn graphql_url(&self) -> String {
        format!("http://{}/graphql", self.graphql_addr)
    }

    /// `ws://127.0.0.1:<port>/graphql/ws`: GraphQL over WebSocket, `graphql-transport-ws` or
    /// legacy `graphql-ws` by the requested subprotocol (the same schema and change feed as
    /// the HTTP endpoint). With [`Config::ws_token`](crate::Config) set, `connection_init`
    /// must carry `{"token": <it>}`.
    pub fn graphql_ws_url(&self) -> String {
        format!("ws://{}/graphql/ws", self.graphql_addr)
    }

    /// `ws://127.0.0.1:<port>/apigw`: the API Gateway WebSocket API emulation (see
    /// [`ApiGatewaySubscription`](crate::ApiGatewaySubscription) and the crate docs).
    pub fn api_gateway_url(&self) -> String {
        format!("ws://{}/apigw", self.graphql_addr)
    }

    /// `http://127.0.0.1:<port>/apigw`: the emulated gateway's management API; `POST` a
    /// message to `<this>/@connections/<connection id>` to send it to that connection.
    pub fn api_gateway_management_url(&self) -> String {
        format!("http://{}/apigw", self.graphql_addr)
    }

    /// The subscriptions the emulated API Gateway backend recorded (from `start` messages)
    /// on its open connections, ordered by connection and id.
    pub fn api_gateway_subscriptions(&self) -> Vec<crate::ApiGatewaySubscription> {
        self.app.gateway.subscriptions()
    }

    /// Sends `message` to emulated API Gateway connection `connection_id`, as a `POST` to the
    /// management API does (what a publishing backend calls); `false` when the connection is
    /// gone.
    pub fn api_gateway_publish(&self, connection_id: &str, message: impl Into<String>) -> bool {
        self.app.gateway.publish(connection_id, message.into())
    }

    /// How many emulated API Gateway connections are open now.
    pub fn api_gateway_open_connections(&self) -> usize {
        self.app.gateway.open()
    }

    /// `http://127.0.0.1:<port>/graphql/proxy-error`: always answers 502 with an HTML page.
    pub fn proxy_error_url(&self) -> String {
        format!("http://{}/graphql/proxy-error", self.graphql_addr)
    }

    /// `http://127.0.0.1:<port2>/graphql`: the AppSync-style HTTP endpoint (auth checked).
    pub fn appsync_url(&self) -> String {
        format!("http://{}/graphql", self.appsync_addr)
    }

    /// `ws://127.0.0.1:<port2>/graphql/realtime`: the AppSync realtime endpoint.
    pub fn appsync_realtime_url(&self) -> String {
        format!("ws://{}/graphql/realtime", self.appsync_addr)
    }

    /// `http://127.0.0.1:<port2>`: the base URL of the emulated AppSync control plane
    /// (`GET /v1/apis/{APPSYNC_API_ID}/schema`, IAM-signed), for `typed-graphql schema fetch`.
    pub fn appsync_control_plane_url(&self) -> String {
        format!("http://{}", self.appsync_addr)
    }

    /// The address of the GraphQL-over-HTTP listener.
    pub fn graphql_addr(&self) -> SocketAddr {
        self.graphql_addr
    }

    /// The address of the AppSync listener.
    pub fn appsync_addr(&self) -> SocketAddr {
        self.appsync_addr
    }

    /// Fault switches, effective immediately.
    pub fn faults(&self) -> &Faults {
        &self.app.faults
    }

    /// Counters tests assert on.
    pub fn stats(&self) -> &Stats {
        &self.app.stats
    }

    /// How many native subscriptions (`onAddTodo`/`onUpdateTodo` on the GraphQL-over-HTTP
    /// endpoint) are listening for changes now: wait for it before a mutation that should
    /// reach a subscriber that was just started.
    pub fn todo_feed_listeners(&self) -> usize {
        self.app.store.listeners()
    }

    /// The configuration the server runs with.
    pub fn config(&self) -> &Config {
        &self.app.config
    }
}

impl Drop for DevServer {
    fn drop(&mut self) {
        // Ends multipart streams and realtime sockets, which also lets graceful shutdown end.
        let _ = self.shutdown.send(true);
        for task in &self.tasks {
            task.abort();
        }
    }
}

fn graphql_router(app: &Arc<App>) -> Router {
    Router::new()
        .route(
            "/graphql",
            get(crate::graphql_http::get).post(crate::graphql_http::post),
        )
        .route("/graphql/ws", get(crate::graphql_ws::upgrade))
        .route("/apigw", get(crate::api_gateway::upgrade))
        .route(
            "/apigw/@connections/{id}",
            get(crate::api_gateway::get_connection)
                .post(crate::api_gateway::post_to_connection)
                .delete(crate::api_gateway::delete_connection),
        )
        .route(
            "/graphql/proxy-error",
            any(crate::graphql_http::proxy_error),
        )
        .with_state(Arc::clone(app))
}

fn appsync_router(app: &Arc<App>) -> Router {
    Router::new()
        .route(
            "/graphql",
            get(crate::appsync::realtime::upgrade).post(crate::appsync::http::post),
        )
        .route("/graphql/realtime", get(crate::appsync::realtime::upgrade))
        .route(
            "/v1/apis/{api_id}/schema",
            get(crate::appsync::control_plane::get_schema),
        )
        .with_state(Arc::clone(app))
}

fn serve(
    listener: TcpListener,
    router: Router,
    mut shutdown: watch::Receiver<bool>,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        let signal = async move {
            let _ = shutdown.wait_for(|stop| *stop).await;
        };
        // Errors here are accept errors of a local listener; nothing to report them to.
        let _ = axum::serve(listener, router)
            .with_graceful_shutdown(signal)
            .await;
    })
}
