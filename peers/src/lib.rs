//! The one way the interop tests get their peers, the independent implementations they run
//! against (graphql-js, strawberry-graphql, botocore, AWS's AppSync simulator, the npm WebSocket
//! servers, the persisted-query servers): [`installed`] runs `scripts/<tool>/install.sh` under a
//! lock, and [`Peer::start`] starts a peer's server on 127.0.0.1 and kills it on drop.
//!
//! When an install fails, the test fails under CI (`CI=true` or `CI=1`). Elsewhere the test
//! passes without its peer, and says so on the terminal: cargo hides what a passing test prints
//! through `eprintln!`, so the notice is written to the process's stderr handle directly
//! (`std::io::stderr()`, which the test harness does not capture), once per tool per test run
//! (test binaries started by the same `cargo test` share a marker under `.tools/notices/`).

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;

/// How long a peer may take to print `READY` (a cold node or Python start on a busy machine).
const READY_WITHIN: Duration = Duration::from_secs(60);

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the peers crate sits in the workspace")
        .to_path_buf()
}

/// Whether this is CI: `CI` is `true` or `1` (what CI services set). Any other value, or none,
/// is a developer's machine, where a missing peer skips instead of failing.
pub fn ci() -> bool {
    is_ci(std::env::var("CI").ok().as_deref())
}

fn is_ci(value: Option<&str>) -> bool {
    matches!(value, Some("true" | "1"))
}

/// Installs `tool` (`scripts/<tool>/install.sh`, idempotent) and says whether it is there. On
/// failure: a panic under CI, otherwise a notice on the terminal (once per test run) and `false`.
pub fn installed(tool: &str) -> bool {
    let Err(output) = install(tool) else {
        return true;
    };
    if ci() {
        panic!("installing {tool} failed (CI is set, so this fails):\n{output}");
    }
    notice(tool, &output);
    false
}

/// Runs the install script, one at a time per tool (test binaries run in parallel and would
/// otherwise install into the same folder at once); `Err` with its output on failure.
fn install(tool: &str) -> Result<(), String> {
    let root = workspace_root();
    let tools = root.join(".tools");
    std::fs::create_dir_all(&tools).map_err(|e| format!("cannot create {tools:?}: {e}"))?;
    let lock_path = tools.join(format!("{tool}-install.lock"));
    let lock = File::create(&lock_path).map_err(|e| format!("cannot open {lock_path:?}: {e}"))?;
    // Released when `lock` is dropped, or by the OS if the process dies.
    lock.lock()
        .map_err(|e| format!("cannot lock {lock_path:?}: {e}"))?;
    let script = root.join(format!("scripts/{tool}/install.sh"));
    let output = Command::new("bash")
        .arg(&script)
        .output()
        .map_err(|e| format!("cannot run bash {script:?}: {e}"))?;
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

/// Tells the developer that `tool`'s tests were skipped, once per test run.
fn notice(tool: &str, output: &str) {
    if !first_notice(tool) {
        return;
    }
    let text = format!(
        "\n!!!!!!!! SKIPPED: the {tool} interop tests (they pass without running): \
         scripts/{tool}/install.sh failed. Under CI=true this fails.\n{output}\n"
    );
    // Not `eprintln!`: the test harness captures it and cargo shows it only for failing tests.
    let _ = std::io::stderr().write_all(text.as_bytes());
}

/// Whether no process of this test run has shown `tool`'s notice yet. A run is the test
/// binaries one `cargo test` starts: they share their parent's process id.
fn first_notice(tool: &str) -> bool {
    let dir = workspace_root().join(".tools/notices");
    if std::fs::create_dir_all(&dir).is_err() {
        return true;
    }
    let marker = dir.join(format!("{}-{tool}", run_id()));
    match OpenOptions::new().write(true).create_new(true).open(marker) {
        Ok(_) => true,
        Err(e) => e.kind() != std::io::ErrorKind::AlreadyExists,
    }
}

#[cfg(unix)]
fn run_id() -> u32 {
    std::os::unix::process::parent_id()
}

#[cfg(not(unix))]
fn run_id() -> u32 {
    std::process::id()
}

/// A running peer process.
pub struct Peer {
    child: Child,
    /// The words after `READY`: the port first, then whatever the peer announces.
    ready: Vec<String>,
    logs: Arc<Mutex<String>>,
}

impl Drop for Peer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Peer {
    /// Installs `tool` ([`installed`]) and runs `program script 0` from the workspace root
    /// (`0`: any free port); `None` when the install failed outside CI. `program` is a command
    /// on `PATH` or, when it holds a `/`, a path relative to the root. The server must print
    /// `READY <port> <words...>` on stdout once it listens.
    pub fn start(tool: &str, program: &str, script: &str) -> Option<Peer> {
        if !installed(tool) {
            return None;
        }
        let root = workspace_root();
        let program = if program.contains('/') {
            root.join(program)
        } else {
            PathBuf::from(program)
        };
        let mut child = Command::new(&program)
            .arg(root.join(script))
            .arg("0")
            // Held open: the peers stop when it closes, so none outlives a killed test run.
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {program:?} {script}: {e}"));
        let logs = Arc::new(Mutex::new(String::new()));
        // stderr is kept for failure messages (peers also log there on purpose).
        collect(
            child.stderr.take().expect("piped stderr"),
            Arc::clone(&logs),
        );
        let stdout = child.stdout.take().expect("piped stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(words) = line.strip_prefix("READY ") {
                    let _ = tx.send(words.split_whitespace().map(str::to_owned).collect());
                }
            }
        });
        let mut peer = Peer {
            child,
            ready: Vec::new(),
            logs,
        };
        match rx.recv_timeout(READY_WITHIN) {
            Ok(ready) => peer.ready = ready,
            Err(_) => panic!(
                "{tool} did not print READY within {READY_WITHIN:?}\n{}",
                peer.logs()
            ),
        }
        assert!(
            peer.port() > 0,
            "{tool} printed READY without a port: {:?}",
            peer.ready
        );
        Some(peer)
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.ready.first().and_then(|p| p.parse().ok()).unwrap_or(0)
    }

    /// The `n`th word after `READY` (0 is the port).
    pub fn announced(&self, n: usize) -> &str {
        self.ready.get(n).map(String::as_str).unwrap_or_else(|| {
            panic!("READY announced {:?}, no word {n}", self.ready);
        })
    }

    /// What it wrote on stderr so far.
    pub fn logs(&self) -> String {
        self.logs.lock().map(|l| l.clone()).unwrap_or_default()
    }
}

fn collect(stream: impl Read + Send + 'static, sink: Arc<Mutex<String>>) {
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if let Ok(mut logs) = sink.lock() {
                logs.push_str(&line);
                logs.push('\n');
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ci_is_true_or_1_only() {
        assert!(is_ci(Some("true")));
        assert!(is_ci(Some("1")));
        for not in [
            None,
            Some(""),
            Some("0"),
            Some("false"),
            Some("yes"),
            Some("TRUE "),
        ] {
            assert!(!is_ci(not), "{not:?}");
        }
    }

    #[test]
    fn a_tool_that_cannot_be_installed_skips_off_ci_and_fails_under_ci() {
        let outcome = std::panic::catch_unwind(|| installed("no-such-peer"));
        if ci() {
            assert!(outcome.is_err(), "under CI a missing peer fails the test");
        } else {
            assert_eq!(outcome.ok(), Some(false));
        }
    }
}
