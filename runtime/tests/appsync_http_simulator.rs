//! [`AppSyncClient`] against an independent implementation: AWS's AppSync simulator
//! (`@aws-amplify/amplify-appsync-simulator`, the engine of `amplify mock api`), started on
//! 127.0.0.1 by this test (`scripts/appsync-simulator/`, API key auth). Shows that AppSync's
//! own refusal shape (401 `UnauthorizedException`) becomes a typed rejection. When the install
//! fails the test fails under `CI`, and otherwise prints a loud skip message.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use typed_graphql::appsync::auth::{AuthError, AuthKind, AuthMode};
use typed_graphql::appsync::http::AppSyncClient;
use typed_graphql::{Error, Executable, Operation, OperationKind};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the runtime crate sits in the workspace")
        .to_path_buf()
}

/// Runs the install script under a lock (tests may run in parallel); `Err` with its output.
fn install() -> Result<(), String> {
    let root = workspace_root();
    let tools = root.join(".tools");
    std::fs::create_dir_all(&tools).map_err(|e| format!("cannot create {tools:?}: {e}"))?;
    let script = root.join("scripts/appsync-simulator/install.sh");
    let has_flock = Command::new("sh")
        .args(["-c", "command -v flock"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    let mut command = if has_flock {
        let mut c = Command::new("flock");
        c.arg(tools.join("appsync-simulator-install.lock"))
            .arg("bash")
            .arg(&script);
        c
    } else {
        let mut c = Command::new("bash");
        c.arg(&script);
        c
    };
    let output = command
        .output()
        .map_err(|e| format!("cannot run {script:?}: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

/// The simulator process; killed on drop.
struct Simulator {
    child: Child,
    port: u16,
    api_key: String,
}

impl Drop for Simulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Installs and starts the simulator; `None` (after a loud message) when it cannot be
/// installed outside CI.
fn start() -> Option<Simulator> {
    if let Err(output) = install() {
        if std::env::var_os("CI").is_some() {
            panic!("installing the AppSync simulator failed (CI is set, so this fails):\n{output}");
        }
        eprintln!(
            "\n!!!!!!!! SKIPPED: AppSync simulator HTTP test — scripts/appsync-simulator/install.sh \
             failed (set CI=1 to make this a failure):\n{output}\n"
        );
        return None;
    }
    let root = workspace_root();
    let mut child = Command::new("node")
        .arg(root.join("scripts/appsync-simulator/server.js"))
        .arg("0")
        // Held open: the server stops when it closes.
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the AppSync simulator");
    let stdout = child.stdout.take().expect("stdout is piped");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(rest) = line.strip_prefix("READY ") {
                let _ = tx.send(rest.to_owned());
            }
        }
    });
    let ready = match rx.recv_timeout(Duration::from_secs(60)) {
        Ok(ready) => ready,
        Err(_) => {
            let _ = child.kill();
            panic!("the AppSync simulator did not print READY within 60 s");
        }
    };
    let mut parts = ready.split_whitespace();
    let port = parts
        .next()
        .and_then(|p| p.parse().ok())
        .expect("READY <port> <key>");
    let api_key = parts.next().expect("READY <port> <key>").to_owned();
    Some(Simulator {
        child,
        port,
        api_key,
    })
}

struct AddTodo;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AddTodoInput {
    board_id: String,
    title: String,
}

#[derive(Serialize)]
struct AddTodoVars {
    input: AddTodoInput,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct AddTodoData {
    add_todo: Option<NewTodo>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct NewTodo {
    id: String,
    board_id: String,
    title: String,
    done: bool,
}

impl Operation for AddTodo {
    type Variables = AddTodoVars;
    type Data = AddTodoData;
    const KIND: OperationKind = OperationKind::Mutation;
    const NAME: &'static str = "AddTodo";
    const DOCUMENT: &'static str =
        "mutation AddTodo($input: AddTodoInput!) { addTodo(input: $input) { id boardId title done } }";
}
impl Executable for AddTodo {}

fn add(title: &str) -> typed_graphql::Request<AddTodo> {
    AddTodo::request(AddTodoVars {
        input: AddTodoInput {
            board_id: "board-A".into(),
            title: title.into(),
        },
    })
}

#[tokio::test]
async fn api_key_requests_against_the_appsync_simulator() {
    let Some(simulator) = start() else { return };
    let url = format!("http://127.0.0.1:{}/graphql", simulator.port);

    let client = AppSyncClient::builder(&url, AuthMode::api_key(&simulator.api_key))
        .build()
        .unwrap();
    assert_eq!(
        client.endpoint().realtime_url().as_str(),
        format!("ws://127.0.0.1:{}/graphql/realtime", simulator.port),
        "the simulator's realtime path is the custom-domain one"
    );
    let response = client.execute(&add("from Rust ✓")).await.unwrap();
    assert!(response.errors.is_empty(), "{:?}", response.errors);
    let todo = response.data.unwrap().add_todo.unwrap();
    assert!(!todo.id.is_empty());
    assert_eq!(
        (todo.board_id.as_str(), todo.title.as_str(), todo.done),
        ("board-A", "from Rust ✓", false)
    );

    let wrong = AppSyncClient::builder(&url, AuthMode::api_key("da2-notthekey"))
        .build()
        .unwrap();
    match wrong.execute(&add("refused")).await {
        Err(Error::Auth(AuthError::Rejected {
            kind,
            error_type,
            message,
            ..
        })) => {
            assert_eq!(kind, AuthKind::ApiKey);
            assert_eq!(error_type, "UnauthorizedException");
            assert!(message.contains("Invalid API key"), "{message}");
        }
        other => panic!("expected an API key rejection, got {other:?}"),
    }

    // Cognito is not an auth mode of this API: refused as well, with the Cognito advice.
    let jwt = AppSyncClient::builder(&url, AuthMode::cognito("eyJhbGciOiJub25lIn0.e30."))
        .build()
        .unwrap();
    match jwt.execute(&add("refused")).await {
        Err(Error::Auth(AuthError::Rejected { kind, .. })) => {
            assert_eq!(kind, AuthKind::CognitoUserPools)
        }
        other => panic!("expected a Cognito rejection, got {other:?}"),
    }
}
