//! Document validation: every rule of the GraphQL specification's validation section, with the
//! working-draft rules graphql-js enforces, over all documents of a project at once.
//!
//! One file per rule under `rules/`, each a small visitor ([`visit::Rule`]) with its tests at
//! the bottom; one traversal ([`visit::walk`]) drives them all. Each reports through [`Ctx`]
//! into one list, which [`Project::validate`](crate::project::Project::validate) sorts into
//! source order.

mod ctx;
pub(crate) mod rules;
mod visit;

#[cfg(test)]
mod test_support;

use crate::diagnostic::Diagnostic;
use crate::document::ParsedDocument;
use crate::limits::Limits;
use crate::schema::Schema;
use crate::source::SourceMap;

pub(crate) use ctx::Ctx;

/// Every validation error of `documents` against `schema` (`sources` holds both's files).
pub(crate) fn validate(
    schema: &Schema,
    sources: &SourceMap,
    documents: &[ParsedDocument],
    limits: Limits,
) -> Vec<Diagnostic> {
    let mut cx = Ctx::new(schema, sources, documents, limits);
    let mut rules = rules::all();
    visit::walk(&mut cx, &mut rules);
    cx.finish()
}
