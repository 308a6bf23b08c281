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
use crate::project::Project;

pub(crate) use ctx::Ctx;

/// Every validation error of the project's documents (not its context documents).
pub(crate) fn validate(project: &Project) -> Vec<Diagnostic> {
    let mut cx = Ctx::new(project);
    let mut rules = rules::all();
    visit::walk(&mut cx, &mut rules);
    cx.finish()
}
