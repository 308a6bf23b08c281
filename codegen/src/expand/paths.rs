//! Where the files an attribute names are: resolving its paths against the crate, naming files
//! in messages, and reading them. Failures are messages for the pipeline to put on the
//! argument that named the file.

use std::path::{Path, PathBuf};

/// Where relative paths are resolved: the crate's manifest directory first, then the directory
/// of the source file that uses the macro (when the compiler tells it).
#[derive(Debug, Clone, Default)]
pub struct Roots {
    /// `CARGO_MANIFEST_DIR`.
    pub manifest_dir: Option<PathBuf>,
    /// The directory of the file the attribute is in.
    pub source_dir: Option<PathBuf>,
}

impl Roots {
    /// Roots from the environment of a macro invocation.
    pub fn from_env(source_file: Option<PathBuf>) -> Roots {
        Roots {
            manifest_dir: std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from),
            source_dir: source_file
                .and_then(|f| f.parent().map(Path::to_path_buf))
                .filter(|d| !d.as_os_str().is_empty()),
        }
    }

    /// The first existing candidate for `path` (a `what` file: "schema", "query"), or why
    /// there is none.
    pub(super) fn locate(&self, path: &str, what: &str) -> Result<PathBuf, String> {
        let p = Path::new(path);
        let candidates: Vec<PathBuf> = if p.is_absolute() {
            vec![p.to_path_buf()]
        } else {
            [&self.manifest_dir, &self.source_dir]
                .into_iter()
                .flatten()
                .map(|root| root.join(p))
                .collect()
        };
        candidates
            .iter()
            .find(|c| c.is_file())
            .cloned()
            .ok_or_else(|| missing(what, path, &candidates))
    }

    /// The located file named `path` and its bytes, or why not.
    pub(super) fn read(&self, path: &str, what: &str) -> Result<(PathBuf, Vec<u8>), String> {
        let found = self.locate(path, what)?;
        std::fs::read(&found)
            .map(|bytes| (found, bytes))
            .map_err(|e| format!("cannot read `{path}`: {e}"))
    }

    /// How a file named `as_written` in the attribute is named in messages: as written, or
    /// relative to the crate when it was written absolute and is inside it.
    pub(super) fn display(&self, path: &Path, as_written: &str) -> String {
        if !Path::new(as_written).is_absolute() {
            return as_written.to_owned();
        }
        self.relative(path).unwrap_or_else(|| as_written.to_owned())
    }

    /// How a file found by a pattern is named in messages: relative to the crate when inside it.
    pub(super) fn display_found(&self, path: &Path) -> String {
        self.relative(path)
            .unwrap_or_else(|| path.display().to_string())
    }

    fn relative(&self, path: &Path) -> Option<String> {
        let base = self.manifest_dir.as_deref()?;
        path.strip_prefix(base)
            .ok()
            .map(|p| p.display().to_string())
    }
}

fn missing(what: &str, path: &str, tried: &[PathBuf]) -> String {
    // Absolute candidates vary by machine and target dir; say where was looked instead.
    let places = if Path::new(path).is_absolute() {
        "(an absolute path)"
    } else if tried.len() > 1 {
        "in the crate's directory (CARGO_MANIFEST_DIR) and next to the file using the macro"
    } else {
        "in the crate's directory (CARGO_MANIFEST_DIR)"
    };
    format!(
        "{what} file `{path}` not found: looked {places}; paths are relative to the crate's Cargo.toml"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("tg-paths-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn the_crate_directory_comes_before_the_source_directory() {
        let krate = dir("crate");
        let src = dir("src");
        std::fs::write(krate.join("both.graphql"), "a").unwrap();
        std::fs::write(src.join("both.graphql"), "b").unwrap();
        std::fs::write(src.join("near.graphql"), "c").unwrap();
        let roots = Roots {
            manifest_dir: Some(krate.clone()),
            source_dir: Some(src.clone()),
        };
        assert_eq!(
            roots.read("both.graphql", "query").unwrap(),
            (krate.join("both.graphql"), b"a".to_vec())
        );
        assert_eq!(
            roots.locate("near.graphql", "query").unwrap(),
            src.join("near.graphql")
        );
        assert_eq!(
            roots.locate("nope.graphql", "schema").unwrap_err(),
            "schema file `nope.graphql` not found: looked in the crate's directory \
             (CARGO_MANIFEST_DIR) and next to the file using the macro; paths are relative to \
             the crate's Cargo.toml"
        );
        let abs = krate.join("both.graphql");
        assert_eq!(roots.display(&abs, &abs.to_string_lossy()), "both.graphql");
        assert_eq!(roots.display(&abs, "./both.graphql"), "./both.graphql");
        std::fs::remove_dir_all(krate).ok();
        std::fs::remove_dir_all(src).ok();
    }
}
