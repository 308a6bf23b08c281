//! ARCHITECTURE.md's layer table is the rule: every `crate::<module>` a codegen module uses
//! (outside its tests) must be listed as allowed for it, every module must be in the table, and
//! the table must have no cycle. A new dependency is a change to ARCHITECTURE.md first.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Module -> the modules it may use, from the table under "## codegen layers".
fn table() -> BTreeMap<String, BTreeSet<String>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let text = std::fs::read_to_string(root.join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let section = text
        .split("## codegen layers")
        .nth(1)
        .expect("a `## codegen layers` section");
    let section = section.split("\n## ").next().unwrap_or(section);
    let names = |cell: &str| -> Vec<String> {
        cell.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_owned)
            .collect()
    };
    let mut out = BTreeMap::new();
    for row in section.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = row.split('|').collect();
        let (modules, uses) = (names(cells[1]), names(cells[3]));
        for m in modules {
            out.insert(m, uses.iter().cloned().collect());
        }
    }
    out
}

/// The module a `codegen/src` path belongs to (`validate/rules/x.rs` -> `validate`).
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_owned()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of `text` without comments, string and char literals, and without the
/// `#[cfg(test)]` module at the bottom of a file.
fn code_only(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or(text);
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '"' => {
                // A string literal (raw strings hold no `"` in this crate's code paths).
                out.push(' ');
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        _ => {}
                    }
                }
            }
            // A char literal (`'"'`, `'\\''`); a lifetime (`'a`) has no closing quote.
            '\'' => {
                let mut ahead = chars.clone();
                match (ahead.next(), ahead.next()) {
                    (Some('\\'), _) => {
                        chars.next();
                        chars.next();
                        for c in chars.by_ref() {
                            if c == '\'' {
                                break;
                            }
                        }
                    }
                    (Some(_), Some('\'')) => {
                        chars.next();
                        chars.next();
                    }
                    _ => out.push(c),
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// The `crate::<name>` paths of non-test code.
fn uses(text: &str) -> BTreeSet<String> {
    let code = code_only(text);
    let mut out = BTreeSet::new();
    let mut parts = code.split("crate::");
    let mut before = parts.next().unwrap_or("");
    for part in parts {
        // `my_crate::x` is not `crate::x`.
        let glued = before
            .chars()
            .last()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
        before = part;
        if glued {
            continue;
        }
        let name: String = part
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !name.is_empty() {
            out.insert(name);
        }
    }
    out
}

#[test]
fn codegen_modules_use_only_the_layers_architecture_md_allows() {
    let allowed = table();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    for file in &files {
        let name = file.file_name().unwrap().to_string_lossy();
        let module = module_of(&src, file);
        if module == "lib" || name == "tests.rs" || name == "test_support.rs" {
            continue;
        }
        seen.insert(module.clone());
        let Some(may) = allowed.get(&module) else {
            problems.push(format!("`{module}` is not in ARCHITECTURE.md's table"));
            continue;
        };
        for used in uses(&std::fs::read_to_string(file).unwrap()) {
            if used != module && !may.contains(&used) {
                problems.push(format!(
                    "{} uses `crate::{used}`, which `{module}` may not use",
                    file.strip_prefix(&src).unwrap().display()
                ));
            }
        }
    }
    for listed in allowed.keys() {
        if !seen.contains(listed) {
            problems.push(format!(
                "ARCHITECTURE.md lists `{listed}`, which does not exist"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_layer_table_has_no_cycle() {
    let allowed = table();
    // Depth-first search for a module reaching itself.
    fn reaches(
        table: &BTreeMap<String, BTreeSet<String>>,
        from: &str,
        target: &str,
        seen: &mut BTreeSet<String>,
    ) -> bool {
        for next in table.get(from).into_iter().flatten() {
            if next == target || (seen.insert(next.clone()) && reaches(table, next, target, seen)) {
                return true;
            }
        }
        false
    }
    for m in allowed.keys() {
        assert!(
            !reaches(&allowed, m, m, &mut BTreeSet::new()),
            "`{m}` depends on itself through the table"
        );
    }
}

#[test]
fn the_scanner_sees_grouped_and_quoted_paths_right() {
    let text = "use crate::schema::Schema;\nlet p = \"crate::scalars\"; // crate::emit\nlet q = \"a \\\"crate::x\\\"\n crate::y\"; let r = my_crate::z; let c = '\"'; use crate::syntax;\n#[cfg(test)]\nuse crate::project;";
    assert_eq!(
        uses(text),
        BTreeSet::from(["schema".to_owned(), "syntax".to_owned()])
    );
}
