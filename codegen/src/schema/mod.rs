//! Schema loading: SDL (AppSync dialect included) and introspection JSON, merged and checked.
//!
//! [`Schema::load`] is the one entry point: every file of the map is part of one schema.

mod appsync_dialect;
mod checks;
mod collect;
mod introspection;
mod meta;
pub mod model;
mod print;
mod sdl;

use indexmap::IndexMap;

pub use model::*;

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::SourceMap;
use collect::Collected;

impl Schema {
    /// Loads a schema from every file of `sources` (SDL; the AppSync dialect's scalars and
    /// directives are known without being declared). `Ok` carries the schema and its warnings
    /// (flaws real schemas ship with, such as identical duplicate fields); `Err` carries every
    /// diagnostic when any is an error.
    pub fn load(sources: SourceMap) -> Result<(Schema, Vec<Diagnostic>), Vec<Diagnostic>> {
        let collected = collect(&sources);
        let mut diagnostics = collected.diagnostics;
        if diagnostics.iter().any(|d| {
            matches!(
                d.code,
                "syntax" | "document-too-complex" | "nesting-too-deep" | "schema-introspection"
            )
        }) {
            // Checking what could be parsed would only add follow-on errors.
            return Err(diagnostics);
        }
        let (builtin_types, builtin_directives) = sdl::builtins();
        let mut types = collected.types;
        types.reserve(builtin_types.len());
        for (name, def) in builtin_types {
            // A schema may declare a built-in itself (AppSync users declare AWS scalars): theirs
            // wins, with a warning when it is not what the built-in is.
            match types.get(name) {
                Some(theirs) => {
                    if let Some(d) = checks::builtin_redefinition::redefined_type(theirs, def) {
                        diagnostics.push(d);
                    }
                }
                None => {
                    types.insert(name.clone(), def.clone());
                }
            }
        }
        let mut directives = collected.directives;
        for (name, def) in builtin_directives {
            match directives.get(name) {
                Some(theirs) => {
                    if let Some(d) = checks::builtin_redefinition::redefined_directive(theirs, def)
                    {
                        diagnostics.push(d);
                    }
                }
                None => {
                    directives.insert(name.clone(), def.clone());
                }
            }
        }
        let root = |slot: usize, implicit: &str| match &collected.roots[slot] {
            Some((name, _)) => Some(name.clone()),
            None if !collected.has_schema_definition && types.contains_key(implicit) => {
                Some(implicit.to_owned())
            }
            None => None,
        };
        let query_type = root(0, "Query");
        let mutation_type = root(1, "Mutation");
        let subscription_type = root(2, "Subscription");
        let possible_types = possible_types(&types);
        let schema = Schema {
            sources,
            types,
            directives,
            query_type,
            mutation_type,
            subscription_type,
            possible_types,
        };
        checks::check(&schema, &collected.roots, &mut diagnostics);
        diagnostics.sort_by_key(|d| d.location.map(|l| (l.file, l.start)));
        if diagnostics.iter().any(|d| d.severity == Severity::Error) {
            Err(diagnostics)
        } else {
            Ok((schema, diagnostics))
        }
    }

    /// Loads a schema from one SDL text named `schema.graphql`, dropping warnings (for tests and
    /// quick use).
    pub fn from_sdl(text: &str) -> Result<Schema, Vec<Diagnostic>> {
        let mut sources = SourceMap::new();
        sources.add("schema.graphql", text);
        Schema::load(sources).map(|(schema, _)| schema)
    }
}

/// Reads every file of `sources`, as introspection JSON or as SDL. Extensions are applied after
/// every file is read, so a type may be extended in any file.
fn collect(sources: &SourceMap) -> Collected {
    let mut collected = Collected::default();
    let mut extensions = sdl::Extensions::new();
    for (file, source) in sources.iter() {
        if introspection::is_json(&source.text) {
            introspection::collect(file, &source.text, &mut collected);
        } else {
            sdl::read(sources, file, &mut collected, &mut extensions);
        }
    }
    sdl::extend(sources, extensions, &mut collected);
    collected
}

/// For each composite type, the object types its values may have, in definition order.
fn possible_types(types: &IndexMap<String, TypeDef>) -> IndexMap<String, Vec<String>> {
    let mut out: IndexMap<String, Vec<String>> = IndexMap::new();
    for ty in types.values() {
        match &ty.kind {
            TypeKind::Object { interfaces, .. } => {
                out.entry(ty.name.clone())
                    .or_default()
                    .push(ty.name.clone());
                for iface in interfaces {
                    out.entry(iface.clone()).or_default().push(ty.name.clone());
                }
            }
            TypeKind::Union { members } => {
                out.entry(ty.name.clone())
                    .or_default()
                    .extend(members.iter().cloned());
            }
            TypeKind::Interface { .. } => {
                out.entry(ty.name.clone()).or_default();
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod test_support;
#[cfg(test)]
mod tests;
