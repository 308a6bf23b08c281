//! Writing a command's result to `--output FILE` or standard output.

use std::io::Write;
use std::path::Path;

/// Writes `text` to `path`, or to standard output without one; on failure prints the error and
/// returns the usage/I-O exit code.
pub fn write(path: Option<&Path>, text: &str) -> Result<(), u8> {
    let written = match path {
        Some(path) => std::fs::write(path, text).map_err(|e| (path.display().to_string(), e)),
        None => std::io::stdout()
            .lock()
            .write_all(text.as_bytes())
            .map_err(|e| ("standard output".to_owned(), e)),
    };
    written.map_err(|(target, err)| {
        eprintln!("error: cannot write to {target}: {err}");
        crate::USAGE
    })
}
