//! The README's "Using it in your crate", followed to the letter: a fresh crate outside the
//! workspace with exactly its `[dependencies]` and `src/main.rs` (and the examples' schema and
//! operations as `graphql/`), built with cargo and run against the devserver. It proves that
//! one `typed-graphql` dependency is enough and that the snippet compiles and works as written.
//!
//! The crate shares the workspace's target directory (and copies its `Cargo.lock` and profiles)
//! so that dependencies already built with the same features are not built again.

use std::path::{Path, PathBuf};
use std::process::Command;

use typed_graphql_devserver::DevServer;

const README: &str = include_str!("../../README.md");
const WORKSPACE_MANIFEST: &str = include_str!("../../Cargo.toml");

/// The README's section `## Using it in your crate`.
fn section() -> &'static str {
    let start = README
        .find("\n## Using it in your crate\n")
        .expect("the README has the section");
    let rest = &README[start + 1..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |i| i + 3);
    &rest[..end]
}

/// The first fenced block of `lang` (`rust` also matches `rust,no_run`), hidden `# ` lines
/// included as rustdoc compiles them.
fn block(section: &str, lang: &str) -> String {
    let mut lines = section.lines();
    lines
        .by_ref()
        .find(|line| {
            line.strip_prefix("```")
                .is_some_and(|info| info.split(',').next() == Some(lang))
        })
        .unwrap_or_else(|| panic!("no ```{lang} block in the section"));
    let mut out = String::new();
    for line in lines.take_while(|line| !line.starts_with("```")) {
        let trimmed = line.trim_start();
        let line = if trimmed == "#" {
            ""
        } else if let Some(rest) = trimmed.strip_prefix("# ") {
            rest
        } else {
            line
        };
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The workspace manifest's `[profile.*]` sections: the same profiles make the shared target
/// directory's artifacts reusable.
fn profiles() -> String {
    let mut out = String::new();
    let mut inside = false;
    for line in WORKSPACE_MANIFEST.lines() {
        if line.starts_with('[') {
            inside = line.starts_with("[profile.");
        }
        if inside {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("runtime/ is in the workspace")
        .to_path_buf()
}

/// The target directory this test was built in (`<target>/debug/deps/<test binary>`): read
/// from the binary's path, which is absolute, unlike a relative `CARGO_TARGET_DIR`.
fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    exe.ancestors()
        .nth(3)
        .expect("<target>/<profile>/deps/<binary>")
        .to_path_buf()
}

/// Writes `bytes` unless the file already holds them: an unchanged crate is not rebuilt.
fn write(path: &Path, bytes: &[u8]) {
    if std::fs::read(path).ok().as_deref() != Some(bytes) {
        std::fs::write(path, bytes).unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_readme_user_crate_builds_alone_and_runs() {
    let root = workspace_root();
    let target = target_dir();
    let krate = target.join("readme-user-crate");
    std::fs::create_dir_all(krate.join("src")).unwrap();
    std::fs::create_dir_all(krate.join("graphql")).unwrap();

    let section = section();
    let dependencies = block(section, "toml");
    let runtime_path = root.join("runtime");
    let readme_path = "path = \"../typed-graphql/runtime\"";
    assert!(
        dependencies.contains(readme_path),
        "the README's dependency changed: {dependencies}"
    );
    let dependencies = dependencies.replace(
        readme_path,
        &format!("path = {:?}", runtime_path.display().to_string()),
    );
    let manifest = format!(
        "[package]\nname = \"readme-user-crate\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\
         publish = false\n\n{dependencies}\n[workspace]\n\n{}",
        profiles()
    );
    write(&krate.join("Cargo.toml"), manifest.as_bytes());
    write(
        &krate.join("src/main.rs"),
        block(section, "rust").as_bytes(),
    );
    for file in ["schema.graphql", "todos.graphql"] {
        let text = std::fs::read(root.join("examples/graphql").join(file)).unwrap();
        write(&krate.join("graphql").join(file), &text);
    }
    // The workspace's versions: nothing to resolve, nothing new to download or build.
    std::fs::copy(root.join("Cargo.lock"), krate.join("Cargo.lock")).unwrap();

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let krate_dir = krate.clone();
    let target_for_build = target.clone();
    let build = tokio::task::spawn_blocking(move || {
        Command::new(cargo)
            .args(["build", "--quiet"])
            .current_dir(&krate_dir)
            .env("CARGO_TARGET_DIR", &target_for_build)
            .env_remove("RUSTFLAGS")
            .output()
            .expect("cargo runs")
    })
    .await
    .unwrap();
    assert!(
        build.status.success(),
        "the README's crate does not build:\n{}",
        String::from_utf8_lossy(&build.stderr)
    );

    let server = DevServer::start().await.expect("devserver starts");
    let binary = target.join("debug").join("readme-user-crate");
    let url = server.graphql_url();
    let run = tokio::task::spawn_blocking(move || {
        Command::new(binary)
            .env("GRAPHQL_ENDPOINT", url)
            .output()
            .expect("the README's program runs")
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    // The devserver's seeded todos, as the README's loop prints them.
    assert!(stdout.contains("t1: Buy milk (done: false)"), "{stdout}");
    assert!(stdout.contains("t2: Write report (done: true)"), "{stdout}");
}
