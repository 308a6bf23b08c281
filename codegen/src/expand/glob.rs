//! The files a `mutations = "pattern"` glob names.

use std::path::{Path, PathBuf};

/// The files matching `pattern` relative to `base` (the crate's directory), sorted so the
/// expansion does not depend on the directory's listing order; or why not. A pattern matching
/// nothing is an error: it is almost always a typo.
pub(super) fn files(base: &Path, pattern: &str) -> Result<Vec<PathBuf>, String> {
    let full = base.join(pattern);
    let full = full.to_str().ok_or("the pattern is not valid UTF-8")?;
    let paths = glob::glob(full).map_err(|e| format!("invalid glob pattern: {e}"))?;
    let mut files: Vec<PathBuf> = paths
        .filter_map(Result::ok)
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!(
            "`mutations = \"{pattern}\"` matches no file (the pattern is relative to the crate's Cargo.toml)"
        ));
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_files_only_sorted_and_refuses_matching_nothing() {
        let base = std::env::temp_dir().join(format!("tg-glob-{}", std::process::id()));
        for f in ["g/b.graphql", "g/sub/a.graphql", "g/c.txt"] {
            let path = base.join(f);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "").unwrap();
        }
        // `g/sub` matches `g/*` but is a directory.
        assert_eq!(
            files(&base, "g/*").unwrap(),
            [base.join("g/b.graphql"), base.join("g/c.txt")]
        );
        assert_eq!(
            files(&base, "g/**/*.graphql").unwrap(),
            [base.join("g/b.graphql"), base.join("g/sub/a.graphql")]
        );
        assert_eq!(
            files(&base, "h/*.graphql").unwrap_err(),
            "`mutations = \"h/*.graphql\"` matches no file (the pattern is relative to the crate's Cargo.toml)"
        );
        assert!(files(&base, "g/[")
            .unwrap_err()
            .starts_with("invalid glob pattern"));
        std::fs::remove_dir_all(base).ok();
    }
}
