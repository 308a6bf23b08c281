//! Maximum introspection depth (graphql-js's recommended rule, on by default since 16.9): below
//! `__schema` or `__type`, the list fields `fields`, `interfaces`, `possibleTypes` and
//! `inputFields` may nest at most two deep, so introspection cannot be made exponentially
//! expensive.

use std::collections::HashSet;

use crate::syntax::ast::Selection;

use crate::diagnostic::Diagnostic;
use crate::validate::ctx::{Ctx, SelectionSet};
use crate::validate::visit::{FieldNode, Rule, MAX_DEPTH};

pub(crate) struct MaxIntrospectionDepth;

const MAX_LISTS_DEPTH: usize = 3;
/// Selections looked at per introspection field before giving up (fragments can be spread in
/// many places; the search must stay bounded).
const BUDGET: usize = 100_000;

impl<'a> Rule<'a> for MaxIntrospectionDepth {
    fn field(&mut self, cx: &mut Ctx<'a>, node: &FieldNode<'a>) {
        let name = node.field.name.as_str();
        if name != "__schema" && name != "__type" {
            return;
        }
        let mut search = Search {
            cx,
            on_path: HashSet::new(),
            budget: BUDGET,
        };
        if search.set(&node.field.selection_set, 0, 0) {
            let at = cx.loc(node.file, node.field.name.span);
            cx.report(
                Diagnostic::error(
                    "max-introspection-depth",
                    "maximum introspection depth exceeded",
                    Some(at),
                )
                .with_label(format!("`fields`, `interfaces`, `possibleTypes` or `inputFields` nest {MAX_LISTS_DEPTH} or more levels below"))
                .with_help("introspection lists may nest at most two deep; fetch deeper levels with separate `__type` queries"),
            );
        }
    }
}

struct Search<'s, 'a> {
    cx: &'s Ctx<'a>,
    on_path: HashSet<&'a str>,
    budget: usize,
}

impl<'a> Search<'_, 'a> {
    /// Whether the list depth reaches the limit below `set`.
    fn set(&mut self, set: &'a SelectionSet, depth: usize, nesting: usize) -> bool {
        if nesting > MAX_DEPTH {
            return false;
        }
        for item in &set.items {
            if self.budget == 0 {
                return false;
            }
            self.budget -= 1;
            let found = match item {
                Selection::Field(f) => {
                    let mut depth = depth;
                    if matches!(
                        f.name.as_str(),
                        "fields" | "interfaces" | "possibleTypes" | "inputFields"
                    ) {
                        depth += 1;
                        if depth >= MAX_LISTS_DEPTH {
                            return true;
                        }
                    }
                    self.set(&f.selection_set, depth, nesting + 1)
                }
                Selection::InlineFragment(i) => self.set(&i.selection_set, depth, nesting + 1),
                Selection::FragmentSpread(s) => {
                    let name = s.fragment_name.as_str();
                    match self.cx.fragment(name) {
                        Some(frag) if self.on_path.insert(name) => {
                            let found = self.set(&frag.def.selection_set, depth, nesting + 1);
                            self.on_path.remove(name);
                            found
                        }
                        _ => false,
                    }
                }
            };
            if found {
                return true;
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::test_support::{invalid, valid};

    const CODE: &str = "max-introspection-depth";

    #[test]
    fn shallow_introspection() {
        valid(
            CODE,
            "{ __schema { types { name fields { name type { name fields { name } } } } } }",
        );
        valid(
            CODE,
            "{ __type(name: \"Dog\") { fields { type { fields { name } } } } }",
        );
    }

    #[test]
    fn deep_introspection() {
        invalid(
            CODE,
            "{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }",
            &["maximum introspection depth exceeded"],
        );
        invalid(
            CODE,
            "{ __type(name: \"Dog\") { interfaces { interfaces { possibleTypes { name } } } } }",
            &["maximum introspection depth exceeded"],
        );
        invalid(
            CODE,
            "{ __schema { types { ...F } } } fragment F on __Type { fields { type { ...G } } } fragment G on __Type { inputFields { type { ... on __Type { possibleTypes { name } } } } }",
            &["maximum introspection depth exceeded"],
        );
    }
}
