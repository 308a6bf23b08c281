//! Reading the files named on the command line into a schema and a project.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use typed_graphql_codegen::project::Project;
use typed_graphql_codegen::{Diagnostic, LineCol, Location, Schema, SourceMap};

/// The schema and documents every command that reads documents takes.
#[derive(clap::Args)]
pub struct Inputs {
    /// The schema: SDL (AppSync dialect included) or introspection JSON. Repeat for a schema
    /// split over several files.
    #[arg(long, short, required = true, value_name = "SCHEMA")]
    pub schema: Vec<PathBuf>,
    /// The documents, together, as one project: a fragment defined in one may be spread in
    /// another, and names must be unique across them.
    #[arg(required = true, value_name = "DOCUMENT")]
    pub documents: Vec<PathBuf>,
    /// How many pairs of same-named fields validation may compare before refusing a document
    /// as too complex (the macro's `max_field_comparisons`).
    #[arg(long, value_name = "N", default_value_t = typed_graphql_codegen::limits::Limits::DEFAULT_FIELD_COMPARISONS)]
    pub max_field_comparisons: u64,
    /// How many tokens one document may have before it is refused as too complex (the
    /// macro's `max_tokens`).
    #[arg(long, value_name = "N", default_value_t = typed_graphql_codegen::limits::Limits::DEFAULT_TOKENS)]
    pub max_tokens: usize,
}

impl Inputs {
    /// The validation limits these arguments set.
    pub fn limits(&self) -> typed_graphql_codegen::limits::Limits {
        typed_graphql_codegen::limits::Limits {
            max_field_comparisons: self.max_field_comparisons,
            max_tokens: self.max_tokens,
        }
    }

    /// The schema and documents, loaded and validated with these limits (see [`validated`]).
    pub fn validated(&self) -> Result<Project, u8> {
        validated(&self.schema, &self.documents, self.limits())
    }
}

/// What went wrong before validation could start (exit code 2).
pub enum LoadError {
    /// A file could not be read.
    Io(PathBuf, std::io::Error),
    /// The schema has errors: rendered diagnostics.
    Schema(String),
}

impl LoadError {
    /// Prints the error to stderr.
    pub fn report(&self) {
        match self {
            LoadError::Io(path, err) => {
                eprintln!("error: cannot read `{}`: {err}", path.display())
            }
            LoadError::Schema(rendered) => eprint!("{rendered}"),
        }
    }
}

/// Reads and loads the schema files. Returns the schema and its warnings (rendered).
pub fn schema(paths: &[PathBuf]) -> Result<(Arc<Schema>, Vec<String>), LoadError> {
    let mut sources = SourceMap::new();
    for path in paths {
        let bytes = std::fs::read(path).map_err(|e| LoadError::Io(path.clone(), e))?;
        let text = utf8(path, bytes).map_err(|(d, lossy)| {
            let mut one = SourceMap::new();
            one.add(path.display().to_string(), lossy);
            LoadError::Schema(d.render(&one))
        })?;
        sources.add(path.display().to_string(), text);
    }
    match Schema::load(sources.clone()) {
        Ok((schema, warnings)) => {
            let rendered = warnings.iter().map(|w| w.render(&sources)).collect();
            Ok((Arc::new(schema), rendered))
        }
        Err(diagnostics) => Err(LoadError::Schema(
            diagnostics
                .iter()
                .map(|d| d.render(&sources) + "\n")
                .collect(),
        )),
    }
}

/// Loads the schema and the documents and validates them as `check` does: the project when
/// every document is valid; otherwise the errors are printed and the exit code is returned (2
/// when a file cannot be read or the schema does not load, 1 for invalid documents).
pub fn validated(
    schema_paths: &[PathBuf],
    paths: &[PathBuf],
    limits: typed_graphql_codegen::limits::Limits,
) -> Result<Project, u8> {
    let (schema, _warnings) = schema(schema_paths).map_err(|err| {
        err.report();
        crate::USAGE
    })?;
    let mut project = Project::new(schema);
    project.limits = limits;
    let mut diagnostics = documents(&mut project, paths, false).map_err(|err| {
        err.report();
        crate::USAGE
    })?;
    diagnostics.extend(project.validate());
    if diagnostics.iter().any(|d| d.is_error()) {
        for diagnostic in diagnostics.iter().filter(|d| d.is_error()) {
            eprintln!("{}", diagnostic.render(&project.sources));
        }
        return Err(crate::INVALID);
    }
    Ok(project)
}

/// Adds each document to the project. Unreadable files are I/O errors; files that are not UTF-8
/// or do not parse become diagnostics, so every other file is still checked.
pub fn documents(
    project: &mut Project,
    paths: &[PathBuf],
    context: bool,
) -> Result<Vec<Diagnostic>, LoadError> {
    let mut diagnostics = Vec::new();
    for path in paths {
        let bytes = std::fs::read(path).map_err(|e| LoadError::Io(path.clone(), e))?;
        let name = path.display().to_string();
        let text = match utf8(path, bytes) {
            Ok(text) => text,
            Err((mut d, lossy)) => {
                // Keep the text (invalid bytes replaced) so the snippet shows the offending line.
                let file = project.sources.add(name, lossy);
                if let Some(loc) = d.location.as_mut() {
                    loc.file = file;
                }
                diagnostics.push(d);
                continue;
            }
        };
        let added = if context {
            project.add_context_document(name, text)
        } else {
            project.add_document(name, text)
        };
        if let Err(d) = added {
            diagnostics.push(d);
        }
    }
    Ok(diagnostics)
}

/// Decodes UTF-8, or a located diagnostic at the first invalid byte (with the text, invalid
/// bytes replaced, for the snippet). A binary file (one holding NUL bytes) is refused without
/// a snippet: its "lines" would be kilobytes of noise.
fn utf8(path: &Path, bytes: Vec<u8>) -> Result<String, (Diagnostic, String)> {
    if bytes.contains(&0) {
        let diagnostic = Diagnostic::error(
            "binary-file",
            format!(
                "`{}` is a binary file, not GraphQL text (it holds NUL bytes)",
                path.display()
            ),
            None,
        )
        .with_help("pass the .graphql file itself (UTF-8 text)");
        return Err((diagnostic, String::new()));
    }
    String::from_utf8(bytes).map_err(|err| {
        let valid = &err.as_bytes()[..err.utf8_error().valid_up_to()];
        let prefix = String::from_utf8_lossy(valid);
        let line = prefix.matches('\n').count() + 1;
        let column = prefix.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        let lossy = String::from_utf8_lossy(err.as_bytes()).into_owned();
        let diagnostic = Diagnostic::error(
            "invalid-utf8",
            format!("`{}` is not valid UTF-8", path.display()),
            Some(Location {
                file: typed_graphql_codegen::FileId(0),
                start: LineCol { line, column },
                len: 1,
            }),
        )
        .with_help("GraphQL documents must be UTF-8 text: re-save the file as UTF-8");
        (diagnostic, lossy)
    })
}
