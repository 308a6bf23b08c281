//! `--help` of every command documents its exit codes, and its examples paste into a shell.

use std::process::Command;

fn help(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_typed-graphql"))
        .args(args)
        .arg("--help")
        .output()
        .expect("the CLI runs");
    assert_eq!(out.status.code(), Some(0));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn every_command_documents_its_exit_codes() {
    assert!(help(&[]).contains("Exit codes: 0 success, 1"));
    for command in [
        &["check"][..],
        &["expand"],
        &["manifest"],
        &["run"],
        &["schema", "fetch"],
    ] {
        let text = help(command);
        let codes = text
            .split_once("Exit codes:")
            .unwrap_or_else(|| panic!("{command:?} --help has no exit codes:\n{text}"))
            .1;
        for code in ["0  ", "1  ", "2  "] {
            assert!(
                codes.contains(code),
                "{command:?}: no exit code `{code}`:\n{text}"
            );
        }
    }
}

#[test]
fn examples_with_shell_characters_are_quoted() {
    // Unquoted, `<` and `>` would redirect the shell.
    let text = help(&["expand"]);
    assert!(
        text.contains("--scalar 'DateTime=::chrono::DateTime<::chrono::Utc>'"),
        "{text}"
    );
    for line in text
        .lines()
        .filter(|l| l.trim_start().starts_with("typed-graphql "))
    {
        let unquoted: String = line.split('\'').step_by(2).collect();
        assert!(!unquoted.contains('<') && !unquoted.contains('>'), "{line}");
    }
}
