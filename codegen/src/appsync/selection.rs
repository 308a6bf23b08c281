//! Selection trees: what an operation selects, merged across fragments and inline fragments,
//! keyed by field name (AppSync matches a subscription against the mutation's fields by name,
//! whatever alias either side used).

use std::collections::HashMap;

use indexmap::IndexMap;

use crate::document::ParsedDocument;
use crate::schema::{FieldDef, Schema};
use crate::source::FileId;
use crate::syntax::ast::{Definition, Field, FragmentDefinition, Selection, SelectionSet};

impl Branch<'_> {
    /// The first selection's response key (its alias, else its name), where it is written.
    pub fn key(&self) -> crate::source::Span {
        self.field.alias.as_ref().unwrap_or(&self.field.name).span
    }
}

/// Deeper selections than this are not followed (documents given only as context are not
/// validated, so they may even contain fragment cycles).
const MAX_DEPTH: usize = 64;

/// One selected field and what is selected below it.
pub(super) struct Branch<'a> {
    /// The first selection of this field (position, alias, arguments).
    pub field: &'a Field,
    /// The file that selection is in.
    pub file: FileId,
    /// Its schema definition, when the schema knows it.
    pub def: Option<&'a FieldDef>,
    /// The type the field is selected on (for messages).
    pub parent_type: &'a str,
    /// Sub-selections, merged.
    pub children: Tree<'a>,
}

/// Selected fields by field name, in first-selection order.
#[derive(Default)]
pub(super) struct Tree<'a> {
    pub fields: IndexMap<&'a str, Branch<'a>>,
}

/// Named fragments of every document, with their files.
pub(super) struct Fragments<'a>(HashMap<&'a str, (FileId, &'a FragmentDefinition)>);

impl<'a> Fragments<'a> {
    /// Indexes the fragments of these documents (the first definition of a name wins).
    pub fn new(documents: impl Iterator<Item = &'a ParsedDocument>) -> Self {
        let mut map = HashMap::new();
        for doc in documents {
            for def in &doc.ast.definitions {
                if let Definition::Fragment(f) = def {
                    map.entry(f.name.as_str()).or_insert((doc.file, f));
                }
            }
        }
        Fragments(map)
    }
}

/// Builds the merged tree of `set`, selected on `parent_type`.
pub(super) fn tree<'a>(
    schema: &'a Schema,
    fragments: &Fragments<'a>,
    parent_type: &'a str,
    set: &'a SelectionSet,
    file: FileId,
) -> Tree<'a> {
    let mut out = Tree::default();
    collect(schema, fragments, parent_type, set, file, &mut out, 0);
    out
}

fn collect<'a>(
    schema: &'a Schema,
    fragments: &Fragments<'a>,
    parent_type: &'a str,
    set: &'a SelectionSet,
    file: FileId,
    out: &mut Tree<'a>,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        return;
    }
    for item in &set.items {
        match item {
            Selection::Field(field) => {
                let def = schema.field(parent_type, &field.name);
                let branch = out
                    .fields
                    .entry(field.name.as_str())
                    .or_insert_with(|| Branch {
                        field,
                        file,
                        def,
                        parent_type,
                        children: Tree::default(),
                    });
                if let Some(def) = def {
                    let child_type = schema
                        .get(def.ty.named())
                        .map_or(parent_type, |t| t.name.as_str());
                    collect(
                        schema,
                        fragments,
                        child_type,
                        &field.selection_set,
                        file,
                        &mut branch.children,
                        depth + 1,
                    );
                }
            }
            Selection::InlineFragment(inline) => {
                let on = match &inline.type_condition {
                    Some(name) => schema.get(name).map_or(parent_type, |t| t.name.as_str()),
                    None => parent_type,
                };
                collect(
                    schema,
                    fragments,
                    on,
                    &inline.selection_set,
                    file,
                    out,
                    depth + 1,
                );
            }
            Selection::FragmentSpread(spread) => {
                if let Some((frag_file, frag)) = fragments.0.get(spread.fragment_name.as_str()) {
                    let on = schema
                        .get(&frag.type_condition)
                        .map_or(parent_type, |t| t.name.as_str());
                    collect(
                        schema,
                        fragments,
                        on,
                        &frag.selection_set,
                        *frag_file,
                        out,
                        depth + 1,
                    );
                }
            }
        }
    }
}
