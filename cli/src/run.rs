//! `typed-graphql run URL FILE`: execute an operation from a file against an endpoint and print
//! the response as JSON; a subscription prints each event as one JSON line as it arrives.
//!
//! The document is known only at run time: it goes through the runtime's untyped operations
//! ([`typed_graphql::untyped`]) on the same transports generated operations use.

use std::io::Write;
use std::path::PathBuf;

use futures::{Stream, StreamExt};
use serde_json::{Map, Value};
use typed_graphql::appsync::http::AppSyncClient;
use typed_graphql::http::header::HeaderMap;
use typed_graphql::http::HttpClient;
use typed_graphql::untyped::UntypedRequest;
use typed_graphql::websocket::{Protocol, WebSocketClient};
use typed_graphql::ws::SubscriptionEvent;
use typed_graphql::{Error, GraphQLErrors, Response};

use crate::load;

/// Arguments of `run`.
#[derive(clap::Args)]
pub struct Args {
    /// The GraphQL endpoint (`http(s)://...`).
    url: String,
    /// The file holding the operation (with the fragments it uses).
    document: PathBuf,
    /// The operation to run, when the file holds several.
    #[arg(long, value_name = "NAME")]
    operation: Option<String>,
    /// The variables: a JSON object, or `@FILE` to read it from a file.
    #[arg(long, short = 'V', value_name = "JSON|@FILE")]
    variables: Option<String>,
    /// Validate the operation against this schema first (SDL or introspection JSON; repeat for
    /// a schema split over several files). An invalid operation is not sent.
    #[arg(long, short, value_name = "SCHEMA")]
    schema: Vec<PathBuf>,
    /// How to send it. `auto`: `appsync` when an AppSync auth flag is given, else `http`.
    /// `http`: POST; subscriptions as multipart HTTP (Apollo's protocol). `appsync`: AppSync
    /// HTTP, subscriptions over its realtime WebSocket. `graphql-transport-ws`, `graphql-ws`
    /// (legacy, subscriptions-transport-ws): everything over a WebSocket.
    #[arg(long, value_enum, default_value_t = Transport::Auto)]
    transport: Transport,
    /// The WebSocket URL (WebSocket transports and AppSync realtime); derived from the URL by
    /// default (`ws(s)://` with the same path; AppSync: its realtime host or `<path>/realtime`).
    #[arg(long, value_name = "URL")]
    ws_url: Option<String>,
    /// The `connection_init` payload of the WebSocket transports, as JSON.
    #[arg(long, value_name = "JSON")]
    init_payload: Option<String>,
    #[command(flatten)]
    auth: crate::auth::Connection,
}

/// The transports `--transport` names.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Transport {
    /// `appsync` with AppSync auth flags, else `http`.
    Auto,
    /// GraphQL over HTTP; subscriptions over multipart HTTP.
    Http,
    /// AWS AppSync: HTTP, subscriptions over the realtime WebSocket.
    Appsync,
    /// The graphql-ws library's protocol.
    GraphqlTransportWs,
    /// The legacy protocol of subscriptions-transport-ws.
    GraphqlWs,
}

/// Why a run stopped early: usage, I/O or transport (exit code 2).
type Failure = String;

/// Runs the operation; returns the exit code.
pub fn run(args: &Args) -> u8 {
    let request = match prepare(args) {
        Ok(Some(request)) => request,
        Ok(None) => return crate::INVALID,
        Err(message) => {
            eprintln!("error: {message}");
            return crate::USAGE;
        }
    };
    let runtime = match crate::async_runtime() {
        Ok(runtime) => runtime,
        Err(code) => return code,
    };
    runtime.block_on(async {
        tokio::select! {
            code = send(args, request) => code,
            _ = tokio::signal::ctrl_c() => {
                eprintln!("interrupted");
                crate::OK
            }
        }
    })
}

/// Reads the document and variables and validates against `--schema`: `Ok(None)` when the
/// operation is invalid (diagnostics printed).
fn prepare(args: &Args) -> Result<Option<UntypedRequest>, Failure> {
    let document = std::fs::read_to_string(&args.document)
        .map_err(|e| format!("cannot read `{}`: {e}", args.document.display()))?;
    let variables = match args.variables.as_deref() {
        None => Value::Null,
        Some(text) => {
            let text = match text.strip_prefix('@') {
                Some(path) => std::fs::read_to_string(path)
                    .map_err(|e| format!("cannot read the variables file `{path}`: {e}"))?,
                None => text.to_owned(),
            };
            match serde_json::from_str(&text) {
                Ok(value @ Value::Object(_)) => value,
                Ok(_) => return Err("--variables must be a JSON object".to_owned()),
                Err(e) => return Err(format!("--variables is not JSON: {e}")),
            }
        }
    };
    if !args.schema.is_empty() {
        match load::validated(
            &args.schema,
            std::slice::from_ref(&args.document),
            Default::default(),
        ) {
            Ok(_) => {}
            Err(crate::INVALID) => return Ok(None),
            Err(_) => return Err("the operation could not be validated".to_owned()),
        }
    }
    let request = UntypedRequest::new(document, args.operation.as_deref())
        .map_err(|e| format!("`{}`: {e}", args.document.display()))?;
    Ok(Some(request.with_variables(variables)))
}

/// Sends the request over the chosen transport and prints what comes back.
async fn send(args: &Args, request: UntypedRequest) -> u8 {
    match send_on(args, request).await {
        Ok(code) => code,
        Err(Error::GraphQL(errors)) => refused(errors),
        Err(Error::SubscriptionRefused { errors, .. }) if !errors.0.is_empty() => refused(errors),
        Err(err) => {
            eprintln!("error: {}", crate::auth::auth_error(err));
            crate::USAGE
        }
    }
}

/// A request the server refused with GraphQL errors: printed as its response, exit code 1.
fn refused(errors: GraphQLErrors) -> u8 {
    let response = Response::<Value> {
        data: None,
        errors: errors.0,
        extensions: None,
    };
    print_line(&render(&response), true);
    crate::INVALID
}

/// The transport the flags choose, or why they do not fit together.
fn transport(args: &Args) -> Result<Transport, String> {
    let appsync_auth = args.auth.appsync().is_some();
    let headers = !args.auth.headers.is_empty() || args.auth.bearer.is_some();
    match args.transport {
        Transport::Auto | Transport::Appsync if appsync_auth && headers => Err(
            "--header and --bearer are not sent to AppSync: its auth modes are --api-key, --jwt \
             and --iam"
                .to_owned(),
        ),
        Transport::Auto if appsync_auth => Ok(Transport::Appsync),
        Transport::Auto => Ok(Transport::Http),
        Transport::Appsync if !appsync_auth => {
            Err("--transport appsync needs an auth mode: --api-key, --jwt or --iam".to_owned())
        }
        Transport::Http | Transport::GraphqlTransportWs | Transport::GraphqlWs if appsync_auth => {
            Err(
                "--api-key, --jwt and --iam are AppSync auth modes: use --transport appsync \
                 (the default with them), or send credentials with --header / --bearer"
                    .to_owned(),
            )
        }
        other => Ok(other),
    }
}

fn usage(message: String) -> Error {
    Error::Request {
        reason: "the command line does not fit together".to_owned(),
        source: message.into(),
    }
}

async fn send_on(args: &Args, request: UntypedRequest) -> Result<u8, Error> {
    let headers = args.auth.header_map().map_err(usage)?;
    match transport(args).map_err(usage)? {
        Transport::Auto | Transport::Http => {
            let mut builder = HttpClient::builder(args.url.as_str()).no_timeout();
            for (name, value) in &headers {
                builder = builder.header(name.as_str(), value.to_str().unwrap_or_default());
            }
            let client = builder.build().map_err(|e| usage(e.to_string()))?;
            match request {
                UntypedRequest::Query(r) => answer(client.execute(&r).await?),
                UntypedRequest::Mutation(r) => answer(client.execute(&r).await?),
                UntypedRequest::Subscription(r) => {
                    let events = client.subscribe(&r).map(|event| event.map(Event::Data));
                    stream(events).await
                }
            }
        }
        Transport::Appsync => {
            let auth = args.auth.appsync().expect("checked by transport()");
            let mut builder = AppSyncClient::builder(args.url.as_str(), auth);
            if let Some(ws_url) = &args.ws_url {
                builder = builder.realtime_url(ws_url.as_str());
            }
            let client = builder.build().map_err(|e| usage(e.to_string()))?;
            match request {
                UntypedRequest::Query(r) => answer(client.execute(&r).await?),
                UntypedRequest::Mutation(r) => answer(client.execute(&r).await?),
                UntypedRequest::Subscription(r) => stream(ws_events(client.subscribe(&r))).await,
            }
        }
        Transport::GraphqlTransportWs | Transport::GraphqlWs => {
            let client = websocket(args, &headers)?;
            match request {
                UntypedRequest::Query(r) => answer(client.execute(&r).await?),
                UntypedRequest::Mutation(r) => answer(client.execute(&r).await?),
                UntypedRequest::Subscription(r) => stream(ws_events(client.subscribe(&r))).await,
            }
        }
    }
}

fn websocket(args: &Args, headers: &HeaderMap) -> Result<WebSocketClient, Error> {
    let protocol = match args.transport {
        Transport::GraphqlWs => Protocol::LegacyGraphqlWs,
        _ => Protocol::GraphqlTransportWs,
    };
    let url = match &args.ws_url {
        Some(url) => url.clone(),
        None => ws_url_for(&args.url).map_err(usage)?,
    };
    let mut builder = WebSocketClient::builder(url, protocol);
    for (name, value) in headers {
        builder = builder.header(name.as_str(), value.to_str().unwrap_or_default());
    }
    if let Some(payload) = &args.init_payload {
        let payload = serde_json::from_str(payload)
            .map_err(|e| usage(format!("--init-payload is not JSON: {e}")))?;
        builder = builder.init_payload(payload);
    }
    builder.build().map_err(Error::from)
}

/// `http(s)://host/path` as `ws(s)://host/path`.
fn ws_url_for(url: &str) -> Result<String, String> {
    if let Some(rest) = url.strip_prefix("https://") {
        Ok(format!("wss://{rest}"))
    } else if let Some(rest) = url.strip_prefix("http://") {
        Ok(format!("ws://{rest}"))
    } else if url.starts_with("ws://") || url.starts_with("wss://") {
        Ok(url.to_owned())
    } else {
        Err(format!("`{url}` is not an http(s) or ws(s) URL"))
    }
}

/// What a subscription stream yields, whatever its transport.
enum Event {
    /// An event: printed as one JSON line.
    Data(Response<Value>),
    /// A note for standard error (reconnected, events dropped).
    Note(String),
}

fn ws_events(
    events: typed_graphql::ws::Subscription<Value>,
) -> impl Stream<Item = Result<Event, Error>> {
    events.map(|event| {
        event.map(|event| match event {
            SubscriptionEvent::Data(response) => Event::Data(response),
            SubscriptionEvent::Reconnected => Event::Note(
                "note: the connection was lost and the subscription started again; events in \
                 between are lost"
                    .to_owned(),
            ),
            SubscriptionEvent::Lagged { missed } => Event::Note(format!(
                "note: {missed} event(s) were dropped (read too slowly)"
            )),
        })
    })
}

/// Prints each event as one JSON line until the server ends the stream; exit code 1 when any
/// carried errors.
async fn stream(events: impl Stream<Item = Result<Event, Error>>) -> Result<u8, Error> {
    let mut events = std::pin::pin!(events);
    let mut code = crate::OK;
    while let Some(event) = events.next().await {
        match event? {
            Event::Data(response) => {
                if !response.errors.is_empty() {
                    code = crate::INVALID;
                }
                print_line(&render(&response), false);
            }
            Event::Note(note) => eprintln!("{note}"),
        }
    }
    Ok(code)
}

/// Prints a query's or mutation's response; exit code 1 when it carries errors.
fn answer(response: Response<Value>) -> Result<u8, Error> {
    print_line(&render(&response), true);
    Ok(if response.errors.is_empty() {
        crate::OK
    } else {
        crate::INVALID
    })
}

/// The response as the server sent it: `data`, `errors` and `extensions` when present.
fn render(response: &Response<Value>) -> Value {
    let mut out = Map::new();
    if let Some(data) = &response.data {
        out.insert("data".to_owned(), data.clone());
    }
    if !response.errors.is_empty() {
        let errors = serde_json::to_value(&response.errors).unwrap_or(Value::Null);
        out.insert("errors".to_owned(), errors);
    }
    if let Some(extensions) = &response.extensions {
        out.insert("extensions".to_owned(), Value::Object(extensions.clone()));
    }
    Value::Object(out)
}

/// Prints `value` on one line (or pretty), flushed at once so a reader sees each event as it
/// arrives.
fn print_line(value: &Value, pretty: bool) {
    let text = if pretty {
        serde_json::to_string_pretty(value)
    } else {
        serde_json::to_string(value)
    }
    .unwrap_or_default();
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{text}");
    let _ = out.flush();
}
