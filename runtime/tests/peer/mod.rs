//! Independent implementations the interop tests run against (strawberry-graphql, AWS's AppSync
//! simulator, botocore): installed by `scripts/<tool>/install.sh` under a lock, started on 127.0.0.1,
//! killed on drop.
//!
//! A peer's server prints `READY <words...>` (its port first) on stdout once it listens. When
//! the install fails, `start` panics under `CI` and otherwise returns `None` after a loud skip
//! message, so a newcomer without Python or Node.js still runs every other test.

// Each test crate uses a subset of this module.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;

/// How long a peer may take to print `READY` (a cold node or Python start on a busy machine).
const READY_WITHIN: Duration = Duration::from_secs(60);

/// The workspace root (the runtime crate's parent).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the runtime crate sits in the workspace")
        .to_path_buf()
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
    /// Installs `tool` (`scripts/<tool>/install.sh`) and runs `program script 0` from the
    /// workspace root (`0`: any free port). `program` is a command on `PATH` or, when it holds
    /// a `/`, a path relative to the root.
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

/// Installs `tool` (`scripts/<tool>/install.sh`, idempotent). On failure: a panic under `CI`,
/// otherwise a loud skip message and `false`.
pub fn installed(tool: &str) -> bool {
    let Err(output) = install(tool) else {
        return true;
    };
    if std::env::var_os("CI").is_some() {
        panic!("installing {tool} failed (CI is set, so this fails):\n{output}");
    }
    eprintln!(
        "\n!!!!!!!! SKIPPED: {tool} interop test — scripts/{tool}/install.sh failed \
         (set CI=1 to make this a failure):\n{output}\n"
    );
    false
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

/// Runs the install script under a lock (test binaries run in parallel); `Err` with its
/// output on failure.
fn install(tool: &str) -> Result<(), String> {
    let root = workspace_root();
    let tools = root.join(".tools");
    std::fs::create_dir_all(&tools).map_err(|e| format!("cannot create {tools:?}: {e}"))?;
    let script = root.join(format!("scripts/{tool}/install.sh"));
    let has_flock = Command::new("sh")
        .args(["-c", "command -v flock"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    let mut command = if has_flock {
        let mut c = Command::new("flock");
        c.arg(tools.join(format!("{tool}-install.lock")))
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
