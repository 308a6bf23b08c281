//! `typed-graphql schema fetch` against the devserver (a real async-graphql server on 127.0.0.1):
//! the fetched SDL loads and validates the operations of the examples (`examples/graphql/`).

use std::process::{Command, Output};
use std::sync::Arc;

use typed_graphql_codegen::project::Project;
use typed_graphql_codegen::Schema;
use typed_graphql_devserver::{Config, DevServer};

/// The operations of the README's main example.
const OPERATIONS: &str = include_str!("../../examples/graphql/todos.graphql");

fn fetch(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_typed-graphql"))
        .args(["schema", "fetch"])
        .args(args)
        .env_remove("AWS_GRAPHQL_API_KEY")
        .output()
        .expect("the CLI runs")
}

/// Asserts the command exited 0, showing its stderr otherwise.
fn succeeded(out: &Output) {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn validates_examples(sdl: &str) {
    let schema =
        Schema::from_sdl(sdl).unwrap_or_else(|e| panic!("fetched SDL loads: {e:?}\n{sdl}"));
    let mut project = Project::new(Arc::new(schema));
    project
        .add_document("ops.graphql", OPERATIONS)
        .expect("parses");
    let errors: Vec<String> = project
        .validate()
        .iter()
        .map(|d| d.render(&project.sources))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fetched_sdl_validates_the_example_operations() {
    let server = DevServer::start().await.expect("devserver starts");
    let url = server.graphql_url();
    let out = tokio::task::spawn_blocking(move || fetch(&[&url]))
        .await
        .unwrap();
    succeeded(&out);
    let sdl = String::from_utf8(out.stdout).unwrap();
    assert!(sdl.contains("type Todo implements Node"), "{sdl}");
    validates_examples(&sdl);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_output_and_appsync_api_key() {
    let config = Config {
        api_key: Some("da2-local-test-key".to_owned()),
        ..Config::default()
    };
    let server = DevServer::start_with(config)
        .await
        .expect("devserver starts");
    let url = server.appsync_url();
    let (refused, json) = tokio::task::spawn_blocking(move || {
        (
            fetch(&[&url]),
            fetch(&[&url, "--api-key", "da2-local-test-key", "--json"]),
        )
    })
    .await
    .unwrap();
    assert_eq!(refused.status.code(), Some(1), "no key: refused");
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(!err.contains("da2-local-test-key"), "{err}");
    succeeded(&json);
    let text = String::from_utf8(json.stdout).unwrap();
    assert!(
        text.starts_with("{\n  \"data\""),
        "{}",
        &text[..40.min(text.len())]
    );
    // The JSON loads as a schema file too.
    let mut sources = typed_graphql_codegen::SourceMap::new();
    sources.add("schema.json", text);
    let (schema, _) = Schema::load(sources).expect("introspection JSON loads");
    assert!(schema.get("AddTodoInput").is_some());
}

fn fetch_with_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_typed-graphql"));
    command
        .args(["schema", "fetch"])
        .args(args)
        .env_remove("AWS_GRAPHQL_API_KEY")
        .env_remove("AWS_SESSION_TOKEN")
        .env_remove("AWS_REGION")
        .env_remove("AWS_DEFAULT_REGION");
    for (name, value) in env {
        command.env(name, value);
    }
    command.output().expect("the CLI runs")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn appsync_iam_and_jwt() {
    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    let config = Config {
        jwt: Some("eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl".to_owned()),
        iam: Some(typed_graphql_devserver::IamCredentials::new(
            "AKIDEXAMPLE",
            SECRET,
            "eu-west-1",
        )),
        ..Config::default()
    };
    let server = DevServer::start_with(config)
        .await
        .expect("devserver starts");
    let url = server.appsync_url();
    let credentials = [
        ("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"),
        ("AWS_SECRET_ACCESS_KEY", SECRET),
    ];
    let (iam, wrong_region, jwt) = tokio::task::spawn_blocking(move || {
        (
            // 127.0.0.1 names no region: it is given, as for a custom domain.
            fetch_with_env(&[&url, "--iam", "--region", "eu-west-1"], &credentials),
            fetch_with_env(&[&url, "--iam", "--region", "us-east-1"], &credentials),
            fetch_with_env(
                &[&url, "--jwt", "eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl"],
                &[],
            ),
        )
    })
    .await
    .unwrap();
    // The devserver verifies the SigV4 signature by signing the request again.
    succeeded(&iam);
    validates_examples(&String::from_utf8(iam.stdout).unwrap());
    assert_eq!(wrong_region.status.code(), Some(1));
    let err = String::from_utf8_lossy(&wrong_region.stderr);
    assert!(!err.contains(SECRET), "{err}");
    succeeded(&jwt);
    assert!(String::from_utf8_lossy(&jwt.stdout).contains("input AddTodoInput"));
}

/// AppSync: the SDL with `@aws_subscribe` and the other AppSync directives, through the
/// control plane's `GetIntrospectionSchema` (the devserver emulates it and verifies the SigV4
/// signature); standard introspection of the same API loses them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn appsync_sdl_with_directives_comes_from_the_control_plane() {
    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYCONTROLKEY";
    const SESSION: &str = "IQoJb3JpZ2luX2VjEJr//////////control+plane==";
    let config = Config {
        iam: Some(
            typed_graphql_devserver::IamCredentials::new("ASIACONTROL", SECRET, "eu-west-1")
                .with_session_token(SESSION),
        ),
        ..Config::default()
    };
    let server = DevServer::start_with(config)
        .await
        .expect("devserver starts");
    let url = server.appsync_url();
    let plane = server.appsync_control_plane_url();
    let api_id = typed_graphql_devserver::APPSYNC_API_ID;
    let good = [
        ("AWS_ACCESS_KEY_ID", "ASIACONTROL"),
        ("AWS_SECRET_ACCESS_KEY", SECRET),
        ("AWS_SESSION_TOKEN", SESSION),
    ];
    let wrong = [
        ("AWS_ACCESS_KEY_ID", "ASIACONTROL"),
        (
            "AWS_SECRET_ACCESS_KEY",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYWRONGKEY0",
        ),
        ("AWS_SESSION_TOKEN", SESSION),
    ];
    let (sdl, introspected, refused, unknown, no_id) = tokio::task::spawn_blocking(move || {
        let control = |id: &str, env: &[(&str, &str)]| {
            fetch_with_env(
                &[
                    &url,
                    "--api-id",
                    id,
                    "--region",
                    "eu-west-1",
                    "--control-plane-url",
                    &plane,
                ],
                env,
            )
        };
        (
            control(api_id, &good),
            fetch_with_env(
                &[&url, "--introspection", "--iam", "--region", "eu-west-1"],
                &good,
            ),
            control(api_id, &wrong),
            control("nosuchapi", &good),
            fetch_with_env(&[&url, "--control-plane-url", &plane], &good),
        )
    })
    .await
    .unwrap();
    succeeded(&sdl);
    let sdl = String::from_utf8(sdl.stdout).unwrap();
    assert_eq!(sdl, typed_graphql_devserver::SCHEMA_SDL);
    assert!(
        sdl.contains("@aws_subscribe(mutations: [\"addTodo\"])"),
        "{sdl}"
    );
    validates_examples(&sdl);

    assert_eq!(introspected.status.code(), Some(0));
    assert!(!String::from_utf8_lossy(&introspected.stdout).contains("@aws_subscribe"));

    assert_eq!(refused.status.code(), Some(1));
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(err.contains("UnauthorizedException"), "{err}");
    assert!(err.contains("appsync:GetIntrospectionSchema"), "{err}");
    assert!(!err.contains("WRONGKEY") && !err.contains(SESSION), "{err}");

    let err = String::from_utf8_lossy(&unknown.stderr);
    assert!(
        err.contains("NotFoundException: GraphQL API nosuchapi not found."),
        "{err}"
    );
    assert_eq!(no_id.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&no_id.stderr).contains("pass --api-id"));
}

#[test]
fn iam_errors_name_the_cli_flags_and_variables() {
    // No credentials in the environment.
    let mut command = Command::new(env!("CARGO_BIN_EXE_typed-graphql"));
    let out = command
        .args(["schema", "fetch", "http://127.0.0.1:9/graphql", "--iam"])
        .args(["--region", "eu-west-1"])
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .env_remove("AWS_SESSION_TOKEN")
        .output()
        .expect("the CLI runs");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("`--iam` needs AWS credentials") && err.contains("export AWS_ACCESS_KEY_ID"),
        "{err}"
    );
    assert!(!err.contains("IamAuth"), "{err}");

    // Credentials, but a host that names no region and no `--region`.
    let out = fetch_with_env(
        &["http://127.0.0.1:9/graphql", "--iam"],
        &[
            ("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"),
            ("AWS_SECRET_ACCESS_KEY", "secret"),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("pass it with `--region <REGION>`"), "{err}");
    assert!(
        !err.contains("IamAuth") && !err.contains("builder"),
        "{err}"
    );
}

#[test]
fn a_refused_connection_shows_its_cause() {
    // A port nothing listens on: bound, then released.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let out = fetch(&[&format!("http://127.0.0.1:{port}/graphql")]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("could not connect to"), "{err}");
    assert!(
        err.contains("Connection refused"),
        "the cause is shown: {err}"
    );
}
