//! What the schema tests share: loading one file and reading its diagnostics.

use super::Schema;
use crate::diagnostic::Diagnostic;
use crate::source::SourceMap;

/// Loads `text` as the one file `schema.graphql` (SDL or introspection JSON).
pub(crate) fn load(text: &str) -> Result<(Schema, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut sources = SourceMap::new();
    sources.add("schema.graphql", text);
    Schema::load(sources)
}

pub(crate) fn messages(ds: &[Diagnostic]) -> Vec<String> {
    ds.iter().map(|d| d.message.clone()).collect()
}

/// The single diagnostic of a schema that must fail.
pub(crate) fn one_error(text: &str) -> Diagnostic {
    let err = load(text).unwrap_err();
    assert_eq!(err.len(), 1, "{:#?}", messages(&err));
    err.into_iter().next().unwrap()
}

/// Line, column and length of where a diagnostic points.
pub(crate) fn at(d: &Diagnostic) -> (usize, usize, usize) {
    let l = d.location.expect("located");
    (l.start.line, l.start.column, l.len)
}
