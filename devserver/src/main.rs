//! `cargo run -p typed-graphql-devserver`: serves the devserver until Ctrl-C.
//!
//! Ports come from `DEVSERVER_PORT` (GraphQL over HTTP, default 4000) and
//! `DEVSERVER_APPSYNC_PORT` (AppSync HTTP and realtime, default 4001). `DEVSERVER_API_KEY`,
//! `DEVSERVER_JWT`, `DEVSERVER_LAMBDA_TOKEN` and (all three for IAM)
//! `DEVSERVER_IAM_ACCESS_KEY_ID`, `DEVSERVER_IAM_SECRET_ACCESS_KEY`, `DEVSERVER_IAM_REGION`
//! turn on AppSync auth.

use std::process::ExitCode;

use typed_graphql_devserver::{Config, DevServer, IamCredentials};

/// IAM credentials from the environment: all three variables, or none.
fn iam() -> Result<Option<IamCredentials>, String> {
    let var = |name| std::env::var(name).ok();
    match (
        var("DEVSERVER_IAM_ACCESS_KEY_ID"),
        var("DEVSERVER_IAM_SECRET_ACCESS_KEY"),
        var("DEVSERVER_IAM_REGION"),
    ) {
        (None, None, None) => Ok(None),
        (Some(key), Some(secret), Some(region)) => {
            Ok(Some(IamCredentials::new(key, secret, region)))
        }
        _ => Err(
            "set all of DEVSERVER_IAM_ACCESS_KEY_ID, DEVSERVER_IAM_SECRET_ACCESS_KEY and \
                  DEVSERVER_IAM_REGION, or none of them"
                .to_owned(),
        ),
    }
}

fn port(name: &str, default: u16) -> Result<u16, String> {
    match std::env::var(name) {
        Ok(text) => text
            .parse()
            .map_err(|_| format!("{name}={text:?} is not a port number (1-65535)")),
        Err(_) => Ok(default),
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> ExitCode {
    let (port, appsync_port) = match (
        port("DEVSERVER_PORT", 4000),
        port("DEVSERVER_APPSYNC_PORT", 4001),
    ) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(err), _) | (_, Err(err)) => {
            eprintln!("devserver: {err}");
            return ExitCode::FAILURE;
        }
    };
    let iam = match iam() {
        Ok(iam) => iam,
        Err(err) => {
            eprintln!("devserver: {err}");
            return ExitCode::FAILURE;
        }
    };
    let config = Config {
        iam,
        api_key: std::env::var("DEVSERVER_API_KEY").ok(),
        jwt: std::env::var("DEVSERVER_JWT").ok(),
        lambda_token: std::env::var("DEVSERVER_LAMBDA_TOKEN").ok(),
        port: Some(port),
        appsync_port: Some(appsync_port),
        ..Config::default()
    };
    let server = match DevServer::start_with(config).await {
        Ok(server) => server,
        Err(err) => {
            eprintln!(
                "devserver: could not listen on 127.0.0.1:{port} / {appsync_port}: {err} \
                 (set DEVSERVER_PORT / DEVSERVER_APPSYNC_PORT to free ports)"
            );
            return ExitCode::FAILURE;
        }
    };
    println!(
        "GraphQL over HTTP (+ multipart subscriptions): {}",
        server.graphql_url()
    );
    println!(
        "AppSync HTTP:                                  {}",
        server.appsync_url()
    );
    println!(
        "AppSync realtime:                              {}",
        server.appsync_realtime_url()
    );
    println!(
        "Proxy error page (502):                        {}",
        server.proxy_error_url()
    );
    match tokio::signal::ctrl_c().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("devserver: cannot wait for Ctrl-C: {err}");
            ExitCode::FAILURE
        }
    }
}
