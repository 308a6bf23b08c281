//! Running a child process (cargo, an example binary) with a deadline: its output is collected
//! on threads so that a full pipe never blocks it, and it is killed when the deadline passes, so
//! that a test can fail but never hang.

// Each test crate includes this module and uses part of it.
#![allow(dead_code)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::Once;
use std::thread;
use std::time::{Duration, Instant};

/// What a finished child printed, and how it ended.
pub struct Output {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

impl Output {
    /// Everything the child printed, for assertion messages.
    pub fn shown(&self) -> String {
        format!(
            "exit status: {}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.status, self.stdout, self.stderr
        )
    }
}

/// The workspace root: where a newcomer runs the quick-start command.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("examples/ is inside the workspace")
        .to_path_buf()
}

/// A command that runs as on a newcomer's machine: no real AppSync endpoint configured, so the
/// examples use the in-process devserver.
pub fn local_command(program: impl AsRef<std::ffi::OsStr>) -> Command {
    let mut command = Command::new(program);
    for var in [
        "AWS_GRAPHQL_API_ENDPOINT",
        "AWS_GRAPHQL_API_KEY",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
    ] {
        command.env_remove(var);
    }
    command
}

/// The cargo running this test, set up as a user's shell would start it: without the variables
/// cargo sets for a test process (`CARGO_MANIFEST_DIR`, `CARGO_PKG_*`, ...). Build scripts watch
/// some of them (ring's watches `CARGO_MANIFEST_DIR`), so passing them on would rebuild those
/// crates here and again in the next ordinary build.
pub fn cargo_command() -> Command {
    let mut command = local_command(env!("CARGO"));
    for (name, _) in std::env::vars_os() {
        let Some(name) = name.to_str() else { continue };
        let set_for_tests = matches!(
            name,
            "CARGO_MANIFEST_DIR"
                | "CARGO_MANIFEST_PATH"
                | "CARGO_CRATE_NAME"
                | "CARGO_PRIMARY_PACKAGE"
                | "CARGO_TARGET_TMPDIR"
                | "CARGO_RUSTC_CURRENT_DIR"
                | "OUT_DIR"
        ) || name.starts_with("CARGO_PKG_")
            || name.starts_with("CARGO_BIN_EXE_");
        if set_for_tests {
            command.env_remove(name);
        }
    }
    // The target directory this test was built in, also when it was chosen with
    // `--target-dir` (which, unlike CARGO_TARGET_DIR, a child does not inherit): what this
    // build compiled is reused instead of building everything again elsewhere.
    if let Some(dir) = test_target_dir() {
        command.env("CARGO_TARGET_DIR", dir);
    }
    command
}

/// The target directory holding this test binary: CARGO_TARGET_DIR when set, else the closest
/// ancestor with the `CACHEDIR.TAG` cargo writes into target directories it creates, else the
/// directory above `<profile>/deps/`.
pub fn test_target_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR").filter(|dir| !dir.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    let exe = std::env::current_exe().ok()?;
    exe.ancestors()
        .find(|dir| dir.join("CACHEDIR.TAG").is_file())
        .or_else(|| exe.ancestors().nth(3))
        .map(Path::to_path_buf)
}

/// Runs `command` to completion, killing it after `limit`. Panics (with what it printed so far)
/// when it could not start or ran out of time.
pub fn run(mut command: Command, limit: Duration) -> Output {
    let shown = format!("{command:?}");
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|err| panic!("could not start {shown}: {err}"));
    let stdout = read_all(child.stdout.take().expect("piped stdout"));
    let stderr = read_all(child.stderr.take().expect("piped stderr"));
    let deadline = Instant::now() + limit;
    let status = loop {
        match child.try_wait().expect("the child's status") {
            Some(status) => break status,
            None if Instant::now() >= deadline => {
                // Killing the child closes its pipes, which ends the reader threads.
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "{shown} did not finish within {limit:?}; it was killed.\n--- stdout ---\n{}\n--- stderr ---\n{}",
                    stdout.join().unwrap_or_default(),
                    stderr.join().unwrap_or_default()
                );
            }
            None => thread::sleep(Duration::from_millis(50)),
        }
    };
    Output {
        status,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    }
}

fn read_all(mut pipe: impl Read + Send + 'static) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// `target/<profile>/examples/<name>`, built by cargo alongside this test binary
/// (`target/<profile>/deps/`).
pub fn example_binary(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    let profile_dir = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("the test binary is in target/<profile>/deps");
    let binary = profile_dir
        .join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    static BUILD: Once = Once::new();
    if !binary.exists() {
        // `cargo test --test examples_run` does not build the examples: build them once.
        BUILD.call_once(|| {
            let mut command = cargo_command();
            command
                .args(["build", "-p", "typed-graphql-examples", "--examples"])
                .current_dir(workspace_root());
            if profile_dir.ends_with("release") {
                command.arg("--release");
            }
            let output = run(command, Duration::from_secs(900));
            assert!(
                output.status.success(),
                "building the examples failed.\n{}",
                output.shown()
            );
        });
    }
    binary
}
