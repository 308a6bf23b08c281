//! `typed-graphql run` against the devserver (async-graphql on 127.0.0.1, started here): a query,
//! a mutation with variables, subscriptions over multipart HTTP, AppSync realtime and both
//! WebSocket protocols, output checked line by line; exit codes; validation with `--schema`;
//! events printed as they arrive and Ctrl-C.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use typed_graphql_devserver::{Config, DevServer};

const KEY: &str = "da2-runtestkey0000000000000001";

/// Writes `document` to a fresh file and gives its path.
fn document(name: &str, document: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tg-run-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, document).unwrap();
    path
}

fn command(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_typed-graphql"));
    command
        .arg("run")
        .args(args)
        .env_remove("AWS_GRAPHQL_API_KEY");
    command
}

async fn run(args: &[&str]) -> Output {
    let mut command = command(args);
    tokio::task::spawn_blocking(move || command.output().expect("the CLI runs"))
        .await
        .unwrap()
}

fn stdout_lines(out: &Output) -> Vec<String> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

/// Exit code 0 and exactly these lines on standard output.
fn assert_prints(out: &Output, lines: &[&str]) {
    assert_eq!(out.status.code(), Some(0), "{}", stderr(out));
    assert_eq!(stdout_lines(out), lines);
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

async fn devserver() -> DevServer {
    DevServer::start_with(Config {
        api_key: Some(KEY.to_owned()),
        ..Config::default()
    })
    .await
    .expect("devserver starts")
}

fn schema() -> String {
    concat!(env!("CARGO_MANIFEST_DIR"), "/../devserver/schema.graphql").to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_query_prints_its_response() {
    let server = devserver().await;
    let file = document(
        "todo.graphql",
        "query Todo($id: ID!) { todo(id: $id) { id title done } }",
    );
    let out = run(&[
        &server.graphql_url(),
        file.to_str().unwrap(),
        "--variables",
        r#"{"id": "t1"}"#,
        "--schema",
        &schema(),
    ])
    .await;
    assert_prints(
        &out,
        &[
            "{",
            "  \"data\": {",
            "    \"todo\": {",
            "      \"done\": false,",
            "      \"id\": \"t1\",",
            "      \"title\": \"Buy milk\"",
            "    }",
            "  }",
            "}",
        ],
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mutation_with_variables_from_a_file() {
    let server = devserver().await;
    let file = document(
        "add.graphql",
        "query Unused { me }\n\
         mutation Add($input: AddTodoInput!) { addTodo(input: $input) { boardId title tags } }",
    );
    let vars = document(
        "vars.json",
        r#"{"input": {"boardId": "b2", "title": "Ship it", "tags": ["cli", "run"]}}"#,
    );
    let at_vars = format!("@{}", vars.display());
    let out = run(&[
        &server.graphql_url(),
        file.to_str().unwrap(),
        "--operation",
        "Add",
        "-V",
        &at_vars,
    ])
    .await;
    assert_prints(
        &out,
        &[
            "{",
            "  \"data\": {",
            "    \"addTodo\": {",
            "      \"boardId\": \"b2\",",
            "      \"tags\": [",
            "        \"cli\",",
            "        \"run\"",
            "      ],",
            "      \"title\": \"Ship it\"",
            "    }",
            "  }",
            "}",
        ],
    );
}

const COUNTDOWN: &str = "subscription Down($from: Int!) { countdown(from: $from) }";

fn countdown_lines() -> Vec<String> {
    (1..=3)
        .rev()
        .map(|n| format!("{{\"data\":{{\"countdown\":{n}}}}}"))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn subscriptions_print_one_line_per_event_on_every_transport() {
    let server = devserver().await;
    let file = document("down.graphql", COUNTDOWN);
    let file = file.to_str().unwrap();
    let vars = r#"{"from": 3}"#;
    let http = server.graphql_url();
    let appsync = server.appsync_url();
    let ws = server.graphql_ws_url();
    let cases: [(&str, Vec<&str>); 4] = [
        ("multipart", vec![&http, file, "-V", vars]),
        (
            "appsync",
            vec![&appsync, file, "-V", vars, "--api-key", KEY],
        ),
        (
            "graphql-transport-ws",
            vec![
                &http,
                file,
                "-V",
                vars,
                "--transport",
                "graphql-transport-ws",
                "--ws-url",
                &ws,
            ],
        ),
        (
            "graphql-ws",
            vec![
                &http,
                file,
                "-V",
                vars,
                "--transport",
                "graphql-ws",
                "--ws-url",
                &ws,
            ],
        ),
    ];
    for (name, args) in cases {
        let out = run(&args).await;
        assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr(&out));
        assert_eq!(stdout_lines(&out), countdown_lines(), "{name}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exit_codes() {
    let server = devserver().await;
    let url = server.graphql_url();

    // GraphQL errors: 1, the response printed.
    let forbidden = document("forbidden.graphql", "{ todo(id: \"forbidden-1\") { id } }");
    let out = run(&[&url, forbidden.to_str().unwrap()]).await;
    assert_eq!(out.status.code(), Some(1));
    let printed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(printed["errors"][0]["extensions"]["code"], "FORBIDDEN");

    // Invalid against --schema: 1, diagnostics, nothing sent.
    let before = server.stats().graphql_requests();
    let invalid = document("invalid.graphql", "query { todo(id: \"t1\") { titel } }");
    let out = run(&[&url, invalid.to_str().unwrap(), "--schema", &schema()]).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("cannot query field `titel` on type `Todo`"),
        "{}",
        stderr(&out)
    );
    assert!(out.stdout.is_empty());
    assert_eq!(server.stats().graphql_requests(), before);

    // Usage, I/O and transport errors: 2.
    let query = document("me.graphql", "{ me }");
    let query = query.to_str().unwrap();
    for (args, says) in [
        (vec![url.as_str(), query, "-V", "[1]"], "JSON object"),
        (vec![url.as_str(), query, "-V", "{"], "not JSON"),
        (vec![url.as_str(), "/nonexistent/op.graphql"], "cannot read"),
        (
            vec![url.as_str(), query, "--transport", "appsync"],
            "--api-key",
        ),
        (vec!["http://127.0.0.1:9/graphql", query], "127.0.0.1:9"),
        (
            vec![url.as_str(), query, "--api-key", "k", "--bearer", "t"],
            "not sent to AppSync",
        ),
        (
            vec![
                url.as_str(),
                query,
                "--transport",
                "graphql-ws",
                "--api-key",
                "k",
            ],
            "--transport appsync",
        ),
    ] {
        let out = run(&args).await;
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_arrive_as_they_happen_until_ctrl_c() {
    let server = devserver().await;
    let file = document(
        "on-add.graphql",
        "subscription { onAddTodo(boardId: \"b9\") { title } }",
    );
    let mut child = command(&[&server.graphql_url(), file.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while server.todo_feed_listeners() == 0 {
        assert!(Instant::now() < deadline, "the subscription never started");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    for title in ["first", "second"] {
        let add = document(
            "add-b9.graphql",
            &format!(
                "mutation {{ addTodo(input: {{boardId: \"b9\", title: \"{title}\"}}) {{ id }} }}"
            ),
        );
        let out = run(&[&server.graphql_url(), add.to_str().unwrap()]).await;
        assert_eq!(out.status.code(), Some(0));
        // The event is printed while the subscription goes on.
        let line = tokio::task::spawn_blocking(move || {
            let line = lines.next().unwrap().unwrap();
            (line, lines)
        })
        .await
        .unwrap();
        assert_eq!(
            line.0,
            format!("{{\"data\":{{\"onAddTodo\":{{\"title\":\"{title}\"}}}}}}")
        );
        lines = line.1;
    }
    let interrupted = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(interrupted.success());
    let status = tokio::task::spawn_blocking(move || child.wait().unwrap())
        .await
        .unwrap();
    assert_eq!(status.code(), Some(0));
}
