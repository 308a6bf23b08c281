//! What the loaders collect from every file of a schema, before the built-ins are merged in and
//! the checks run. SDL ([`super::sdl`]) and introspection JSON ([`super::introspection`]) both
//! add to one [`Collected`]; neither knows the other.

use indexmap::IndexMap;

use super::model::*;
use crate::diagnostic::Diagnostic;
use crate::source::Location;

/// Root operation types (query, mutation, subscription) as a schema definition or
/// introspection named them, with where.
pub(super) type Roots = [Option<(String, Option<Location>)>; 3];

/// The definitions of every file read so far, and what reading them found wrong.
#[derive(Default)]
pub(super) struct Collected {
    pub types: IndexMap<String, TypeDef>,
    pub directives: IndexMap<String, DirectiveDef>,
    pub roots: Roots,
    pub has_schema_definition: bool,
    pub diagnostics: Vec<Diagnostic>,
}
