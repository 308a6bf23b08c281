//! The README's quick start, run the way a newcomer runs it: `cargo run --example todo` from
//! the workspace root, with the cargo running this test. The output must show the mode line and
//! the typed subscription event of the watched board, and not the other board's todo.

mod support;

use std::time::Duration;

use support::{cargo_command, run, workspace_root};

/// The quick-start command exactly as README.md shows it (after `cargo`).
const QUICK_START: &[&str] = &["run", "--example", "todo"];

#[test]
fn the_quick_start_command_shows_the_filtered_typed_event() {
    let mut command = cargo_command();
    command.args(QUICK_START).current_dir(workspace_root());
    // Generous: from the workspace root cargo may build the example with other features than
    // this test's build did (first run only); the example itself takes about a second.
    let output = run(command, Duration::from_secs(900));
    let shown = output.shown();
    assert!(output.status.success(), "the quick start failed.\n{shown}");

    let stdout = &output.stdout;
    assert!(
        stdout
            .lines()
            .next()
            .is_some_and(|line| line.starts_with("mode: in-process devserver")),
        "the first line names the mode.\n{shown}"
    );
    assert!(
        stdout.contains("Subscribe OnAddTodo(boardId: \"b1\")"),
        "the subscription and its filter are announced.\n{shown}"
    );
    assert!(
        stdout.contains("on board b2: \"Book the dentist"),
        "a todo is added to the other board.\n{shown}"
    );

    // The event section: from the typed event to the closing line.
    let start = stdout
        .find("received the typed event")
        .unwrap_or_else(|| panic!("no subscription event was printed.\n{shown}"));
    let end = stdout[start..]
        .find("\ndone:")
        .map_or(stdout.len(), |i| start + i);
    let event = &stdout[start..end];
    assert!(
        event.contains("TodoFields {"),
        "the event is the typed struct.\n{shown}"
    );
    assert!(
        event.contains("\"b1\""),
        "the event is of board b1.\n{shown}"
    );
    assert!(
        event.contains("Water the plants"),
        "the event is the b1 todo.\n{shown}"
    );
    assert!(
        !event.contains("\"b2\"") && !event.contains("Book the dentist"),
        "the other board's todo must not arrive.\n{shown}"
    );
    assert!(
        stdout.contains("\ndone: "),
        "the example finished.\n{shown}"
    );
}

/// The README's quick start is exactly two commands: this test's and the test suite's, which
/// `.ci/run` runs as written.
#[test]
fn the_readme_quick_start_is_these_two_commands() {
    let root = workspace_root();
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    let section = readme
        .split("\n## Quick start\n")
        .nth(1)
        .expect("README has a Quick start section");
    let block = section
        .split("```sh\n")
        .nth(1)
        .and_then(|rest| rest.split("\n```").next())
        .expect("the Quick start section opens with a sh block");
    let commands: Vec<&str> = block
        .lines()
        .map(|line| line.split('#').next().unwrap_or("").trim())
        .filter(|line| !line.is_empty())
        .collect();
    let quick_start = format!("cargo {}", QUICK_START.join(" "));
    assert_eq!(commands.len(), 2, "two commands: {commands:?}");
    assert_eq!(commands[0], quick_start);
    let ci = std::fs::read_to_string(root.join(".ci/run")).expect(".ci/run");
    assert!(
        ci.lines().any(|line| line.trim() == commands[1]),
        ".ci/run must run the README's test command `{}`:\n{ci}",
        commands[1]
    );
}
