//! A per-process schema cache: the macro runs once per `#[graphql]` use, and each schema file
//! must be parsed once per compiler process however many uses name it.
//!
//! Entries are keyed by the schema's files and re-validated on every lookup by each file's
//! modification time and length, so rust-analyzer's long-lived proc-macro server never serves
//! a schema that was edited since.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::SystemTime;

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
        /// Every diagnostic.
        diagnostics: Vec<Diagnostic>,
        /// The schema's files, to render them.
        sources: SourceMap,
    },
}

type Stamp = Option<(SystemTime, u64)>;

struct Entry {
    stamps: Vec<Stamp>,
    result: Result<Arc<Schema>, SchemaError>,
}

fn cache() -> &'static Mutex<HashMap<Vec<PathBuf>, Entry>> {
    static CACHE: OnceLock<Mutex<HashMap<Vec<PathBuf>, Entry>>> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

fn stamp(path: &PathBuf) -> Stamp {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

/// The schema made of `files` (absolute path, name to show), loaded at most once per process
/// for unchanged files.
pub fn load_schema(files: &[(PathBuf, String)]) -> Result<Arc<Schema>, SchemaError> {
    let key: Vec<PathBuf> = files.iter().map(|(p, _)| p.clone()).collect();
    let stamps: Vec<Stamp> = key.iter().map(stamp).collect();
    // A poisoned lock only means another use panicked mid-load; the map is still consistent.
    let mut map = cache().lock().unwrap_or_else(|e| e.into_inner());
    if let Some(entry) = map.get(&key) {
        if entry.stamps == stamps && stamps.iter().all(Option::is_some) {
            return entry.result.clone();
        }
    }
    let result = load(files);
    map.insert(
        key,
        Entry {
            stamps,
            result: result.clone(),
        },
    );
    result
}

fn load(files: &[(PathBuf, String)]) -> Result<Arc<Schema>, SchemaError> {
    let mut sources = SourceMap::new();
    for (i, (path, name)) in files.iter().enumerate() {
        let bytes = std::fs::read(path).map_err(|e| SchemaError::Io(i, e.to_string()))?;
        let text = String::from_utf8(bytes)
            .map_err(|_| SchemaError::Io(i, "the file is not valid UTF-8".to_owned()))?;
        sources.add(name.clone(), text);
    }
    match Schema::load(sources.clone()) {
        Ok((schema, _warnings)) => Ok(Arc::new(schema)),
        Err(diagnostics) => Err(SchemaError::Invalid {
            diagnostics,
            sources,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reuses_until_the_file_changes() {
        let dir = std::env::temp_dir().join(format!("tg-cache-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("schema.graphql");
        std::fs::write(&path, "type Query { a: Int }").unwrap();
        let files = [(path.clone(), "schema.graphql".to_owned())];
        let first = load_schema(&files).unwrap();
        let again = load_schema(&files).unwrap();
        assert!(
            Arc::ptr_eq(&first, &again),
            "unchanged file: served from the cache"
        );
        // A different length is seen even within the file system's timestamp resolution.
        std::fs::write(&path, "type Query { a: Int b: String }").unwrap();
        let edited = load_schema(&files).unwrap();
        assert!(!Arc::ptr_eq(&first, &edited));
        assert!(edited.get("Query").unwrap().field("b").is_some());
        std::fs::remove_dir_all(&dir).ok();
    }
}
