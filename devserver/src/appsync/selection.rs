//! Walking a selection set with its fragments flattened: the fields that apply to one type.

use async_graphql::parser::types::{ExecutableDocument, Field, Selection, SelectionSet};

use super::model::Model;

/// The fields of `set` that apply to an object of type `type_name` (fragments on that type or
/// on an interface/union it belongs to are taken; `skip`/`include` are not evaluated).
pub(crate) fn fields<'a>(
    model: &Model,
    document: &'a ExecutableDocument,
    set: &'a SelectionSet,
    type_name: &str,
) -> Vec<&'a Field> {
    let mut out = Vec::new();
    collect(model, document, set, type_name, &mut out, 0);
    out
}

fn collect<'a>(
    model: &Model,
    document: &'a ExecutableDocument,
    set: &'a SelectionSet,
    type_name: &str,
    out: &mut Vec<&'a Field>,
    depth: usize,
) {
    // Fragment cycles are invalid GraphQL; the bound keeps a bad document from looping.
    if depth > 32 {
        return;
    }
    for selection in &set.items {
        match &selection.node {
            Selection::Field(field) => out.push(&field.node),
            Selection::InlineFragment(fragment) => {
                let applies = fragment
                    .node
                    .type_condition
                    .as_ref()
                    .is_none_or(|condition| model.applies(&condition.node.on.node, type_name));
                if applies {
                    collect(
                        model,
                        document,
                        &fragment.node.selection_set.node,
                        type_name,
                        out,
                        depth + 1,
                    );
                }
            }
            Selection::FragmentSpread(spread) => {
                if let Some(fragment) = document.fragments.get(&spread.node.fragment_name.node) {
                    if model.applies(&fragment.node.type_condition.node.on.node, type_name) {
                        collect(
                            model,
                            document,
                            &fragment.node.selection_set.node,
                            type_name,
                            out,
                            depth + 1,
                        );
                    }
                }
            }
        }
    }
}
