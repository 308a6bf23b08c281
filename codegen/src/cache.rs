//! A per-process schema cache: the macro runs once per `#[graphql]` use, and each schema must be
//! parsed once per compiler process however many uses name it.
//!
//! Entries are keyed by the schema's canonical paths (and the names shown for them) and
//! re-validated on every lookup by each file's modification time and length, so rust-analyzer's
//! long-lived proc-macro server never serves a schema that was edited since. A file modified
//! within two seconds of being read (file systems with coarse timestamps could hide an edit of
//! the same length there) is compared by content as well.
//!
//! Each key has its own lock: concurrent uses of one schema load it once, while different
//! schemas load in parallel.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, SystemTime};

use crate::diagnostic::Diagnostic;
use crate::schema::Schema;
use crate::source::SourceMap;

/// Why a schema could not be had.
#[derive(Debug, Clone)]
pub enum SchemaError {
    /// A file could not be read: its index in the request and the error text.
    Io(usize, String),
    /// The files were read but the schema has errors.
    Invalid {
        /// Every diagnostic (errors and warnings).
        diagnostics: Vec<Diagnostic>,
        /// The schema's files, to render them.
        sources: SourceMap,
    },
}

impl fmt::Display for SchemaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SchemaError::Io(i, err) => write!(f, "cannot read schema file #{}: {err}", i + 1),
            SchemaError::Invalid {
                diagnostics,
                sources,
            } => {
                let errors: Vec<&Diagnostic> =
                    diagnostics.iter().filter(|d| d.is_error()).collect();
                write!(f, "the schema has {} error(s)", errors.len())?;
                for d in errors {
                    write!(f, "\n{}", d.render(sources).trim_end())?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for SchemaError {}

/// A loaded schema with its warnings and where it came from.
#[derive(Debug)]
pub struct LoadedSchema {
    /// The schema (shared: projects hold it while validating).
    pub schema: Arc<Schema>,
    /// Schema-level warnings (flaws real schemas ship with).
    pub warnings: Vec<Diagnostic>,
    /// The canonical paths of its files, in the order given.
    pub paths: Vec<PathBuf>,
}

impl LoadedSchema {
    /// The schema's files, named as requested, to render diagnostics.
    pub fn sources(&self) -> &SourceMap {
        &self.schema.sources
    }
}

/// A file's identity at load time.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct Stamp {
    modified: SystemTime,
    len: u64,
}

fn stamp(path: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    Some(Stamp {
        modified: meta.modified().ok()?,
        len: meta.len(),
    })
}

/// Edits closer than this to the read could share its timestamp on coarse file systems.
const RACY: Duration = Duration::from_secs(2);

struct Entry {
    stamps: Vec<Stamp>,
    read_at: SystemTime,
    result: Result<Arc<LoadedSchema>, SchemaError>,
}

impl Entry {
    /// Whether every file is still what was loaded.
    fn is_fresh(&self, paths: &[PathBuf], now: &[Option<Stamp>]) -> bool {
        if now.len() != self.stamps.len() {
            return false;
        }
        let sources = match &self.result {
            Ok(loaded) => &loaded.schema.sources,
            Err(SchemaError::Invalid { sources, .. }) => sources,
            Err(SchemaError::Io(..)) => return false,
        };
        let texts: Vec<&str> = sources.iter().map(|(_, f)| f.text.as_str()).collect();
        self.stamps
            .iter()
            .zip(now)
            .enumerate()
            .all(|(i, (then, now))| {
                let Some(now) = now else { return false };
                if now != then {
                    return false;
                }
                let racy = now.modified + RACY > self.read_at;
                !racy
                    || match (paths.get(i), texts.get(i)) {
                        (Some(path), Some(text)) => {
                            std::fs::read(path).is_ok_and(|bytes| bytes == text.as_bytes())
                        }
                        _ => false,
                    }
            })
    }
}

type Key = Vec<(PathBuf, String)>;
type Slot = Arc<Mutex<Option<Entry>>>;

fn slots() -> &'static Mutex<HashMap<Key, Slot>> {
    static SLOTS: OnceLock<Mutex<HashMap<Key, Slot>>> = OnceLock::new();
    SLOTS.get_or_init(Default::default)
}

/// The schema made of the files at `paths` (shown to users as `display_names`, one per path;
/// a missing name shows the path), loaded at most once per process while the files are
/// unchanged. Warnings come with the schema; errors, and unreadable files, are the `Err`.
pub fn load_schema_cached(
    paths: &[PathBuf],
    display_names: &[String],
) -> Result<Arc<LoadedSchema>, SchemaError> {
    let canonical: Vec<PathBuf> = paths
        .iter()
        .map(|p| std::fs::canonicalize(p).unwrap_or_else(|_| p.clone()))
        .collect();
    let key: Key = canonical
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let name = display_names
                .get(i)
                .cloned()
                .unwrap_or_else(|| paths[i].display().to_string());
            (p.clone(), name)
        })
        .collect();
    // The map lock is held only to find the key's slot; a poisoned lock means another use
    // panicked, and the map is still consistent.
    let slot = {
        let mut map = slots().lock().unwrap_or_else(|e| e.into_inner());
        map.entry(key.clone()).or_default().clone()
    };
    let mut entry = slot.lock().unwrap_or_else(|e| e.into_inner());
    let stamps: Vec<Option<Stamp>> = canonical.iter().map(|p| stamp(p)).collect();
    if let Some(e) = entry.as_ref() {
        if e.is_fresh(&canonical, &stamps) {
            return e.result.clone();
        }
    }
    let read_at = SystemTime::now();
    let result = load(&key);
    // Stamps taken before reading: an edit during the read shows as a change next time.
    match stamps.into_iter().collect::<Option<Vec<Stamp>>>() {
        Some(stamps) if !matches!(result, Err(SchemaError::Io(..))) => {
            *entry = Some(Entry {
                stamps,
                read_at,
                result: result.clone(),
            });
        }
        _ => *entry = None,
    }
    result
}

/// The schema made of `files` (absolute path, name to show); see [`load_schema_cached`].
pub fn load_schema(files: &[(PathBuf, String)]) -> Result<Arc<Schema>, SchemaError> {
    let paths: Vec<PathBuf> = files.iter().map(|(p, _)| p.clone()).collect();
    let names: Vec<String> = files.iter().map(|(_, n)| n.clone()).collect();
    load_schema_cached(&paths, &names).map(|loaded| loaded.schema.clone())
}

fn load(files: &[(PathBuf, String)]) -> Result<Arc<LoadedSchema>, SchemaError> {
    let mut sources = SourceMap::new();
    for (i, (path, name)) in files.iter().enumerate() {
        let bytes = std::fs::read(path).map_err(|e| SchemaError::Io(i, e.to_string()))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            SchemaError::Io(
                i,
                format!("the file is not valid UTF-8 (at byte {at}); save it as UTF-8"),
            )
        })?;
        sources.add(name.clone(), text);
    }
    match Schema::load(sources.clone()) {
        Ok((schema, warnings)) => Ok(Arc::new(LoadedSchema {
            schema: Arc::new(schema),
            warnings,
            paths: files.iter().map(|(p, _)| p.clone()).collect(),
        })),
        Err(diagnostics) => Err(SchemaError::Invalid {
            diagnostics,
            sources,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("tg-cache-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn reuses_until_the_file_changes() {
        let dir = temp_dir("reuse");
        let path = dir.join("schema.graphql");
        std::fs::write(&path, "type Query { a: Int }").unwrap();
        let paths = [path.clone()];
        let names = ["schema.graphql".to_owned()];
        let first = load_schema_cached(&paths, &names).unwrap();
        let again = load_schema_cached(&paths, &names).unwrap();
        assert!(
            Arc::ptr_eq(&first, &again),
            "unchanged file: served from the cache"
        );
        // The same file reached through another spelling of its path is the same entry.
        let other_spelling = [dir.join(".").join("schema.graphql")];
        let third = load_schema_cached(&other_spelling, &names).unwrap();
        assert!(Arc::ptr_eq(&first, &third));

        std::fs::write(&path, "type Query { a: Int b: String }").unwrap();
        let edited = load_schema_cached(&paths, &names).unwrap();
        assert!(!Arc::ptr_eq(&first, &edited));
        assert!(edited.schema.get("Query").unwrap().field("b").is_some());
        assert_eq!(
            edited.sources().get(crate::FileId(0)).name,
            "schema.graphql"
        );
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn an_edit_of_the_same_length_right_after_a_load_is_seen() {
        let dir = temp_dir("racy");
        let path = dir.join("schema.graphql");
        std::fs::write(&path, "type Query { a: Int }").unwrap();
        let paths = [path.clone()];
        let first = load_schema_cached(&paths, &[]).unwrap();
        std::fs::write(&path, "type Query { b: Int }").unwrap();
        let edited = load_schema_cached(&paths, &[]).unwrap();
        assert!(edited.schema.get("Query").unwrap().field("b").is_some());
        assert!(first.schema.get("Query").unwrap().field("a").is_some());
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn warnings_errors_and_missing_files() {
        let dir = temp_dir("errors");
        let path = dir.join("schema.graphql");
        std::fs::write(&path, "type Query { a: Int a: Int }").unwrap();
        let loaded = load_schema_cached(std::slice::from_ref(&path), &[]).unwrap();
        assert_eq!(loaded.warnings.len(), 1);
        assert_eq!(loaded.warnings[0].code, "schema-duplicate-field");

        std::fs::write(&path, "type Query { a: Nope }").unwrap();
        let err = load_schema_cached(std::slice::from_ref(&path), &[]).unwrap_err();
        let SchemaError::Invalid { diagnostics, .. } = &err else {
            panic!("{err:?}")
        };
        assert_eq!(diagnostics[0].message, "unknown type `Nope`");
        assert!(err.to_string().contains("unknown type `Nope`"));

        std::fs::remove_file(&path).unwrap();
        let err = load_schema_cached(std::slice::from_ref(&path), &[]).unwrap_err();
        assert!(matches!(err, SchemaError::Io(0, _)), "{err:?}");
        std::fs::write(&path, "type Query { a: Int }").unwrap();
        assert!(load_schema_cached(std::slice::from_ref(&path), &[]).is_ok());
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn concurrent_uses_load_once() {
        let dir = temp_dir("concurrent");
        let path = dir.join("schema.graphql");
        std::fs::write(&path, "type Query { a: Int }").unwrap();
        let loads: Vec<Arc<LoadedSchema>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..8)
                .map(|_| {
                    let path = path.clone();
                    scope.spawn(move || load_schema_cached(&[path], &[]).unwrap())
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert!(loads.iter().all(|l| Arc::ptr_eq(l, &loads[0])));
        std::fs::remove_dir_all(&dir).ok();
    }
}
