//! Document validation: every rule of the GraphQL specification's validation section, with the
//! working-draft rules graphql-js enforces, over all documents of a project at once.
//!
//! One module per rule family; each reports through [`Ctx`] into one list, which
//! [`Project::validate`](crate::project::Project::validate) sorts into source order.

mod arguments;
mod ctx;
mod definitions;
mod directives;
mod overlap;
mod selections;
mod values;
mod variables;

#[cfg(test)]
mod tests;

use crate::diagnostic::Diagnostic;
use crate::project::Project;

pub(crate) use ctx::Ctx;

/// Every validation error of the project's documents (not its context documents).
pub(crate) fn validate(project: &Project) -> Vec<Diagnostic> {
    let mut ctx = Ctx::new(project);
    definitions::check(&mut ctx);
    selections::check(&mut ctx);
    variables::check(&mut ctx);
    overlap::check(&mut ctx);
    ctx.finish()
}
