//! What the variable rules share: every variable used in each definition, with the type
//! expected where it is used, collected from the traversal's values; an operation's usages are
//! its own plus those of every fragment it reaches.

use crate::schema::TypeRef;
use crate::source::Location;
use crate::validate::ctx::{Ctx, DefRef, OpRef};
use crate::validate::locate::{Anchor, Seg};
use crate::validate::visit::ValueNode;

/// One use of a variable.
#[derive(Clone)]
pub(crate) struct Usage<'a> {
    pub name: &'a str,
    /// The input type expected there (`None` below unknown arguments and fields).
    pub expected: Option<&'a TypeRef>,
    /// The argument or input field there has a default value.
    pub location_default: bool,
    /// The value of a field of a `@oneOf` input object.
    pub one_of_field: bool,
    file: crate::source::FileId,
    anchor: Anchor<'a>,
    path: Vec<Seg<'a>>,
}

impl Usage<'_> {
    /// Where the variable is written.
    pub fn location(&self, cx: &Ctx) -> Location {
        cx.value_at(self.file, self.anchor, &self.path)
    }
}

/// Usages per definition id.
#[derive(Default)]
pub(crate) struct Usages<'a> {
    current: usize,
    by_definition: Vec<Vec<Usage<'a>>>,
}

impl<'a> Usages<'a> {
    /// The traversal entered definition `id`.
    pub fn enter(&mut self, id: usize) {
        self.current = id;
        if self.by_definition.len() <= id {
            self.by_definition.resize_with(id + 1, Vec::new);
        }
    }

    /// Records the value if it is a variable.
    pub fn value(&mut self, node: &ValueNode<'a, '_>) {
        if let graphql_parser::query::Value::Variable(name) = node.value {
            let usage = Usage {
                name,
                expected: node.expected,
                location_default: node.location_default,
                one_of_field: node.one_of_field,
                file: node.file,
                anchor: node.anchor,
                path: node.path.to_vec(),
            };
            if let Some(list) = self.by_definition.get_mut(self.current) {
                list.push(usage);
            }
        }
    }

    /// Every operation with every usage in it and in the fragments it reaches.
    pub fn per_operation<'s>(&'s self, cx: &Ctx<'a>) -> Vec<(OpRef<'a>, Vec<&'s Usage<'a>>)> {
        let mut out = Vec::new();
        for (id, def) in cx.definitions.iter().enumerate() {
            let DefRef::Operation(op) = def else { continue };
            let mut usages: Vec<&Usage<'a>> = self.of(id).iter().collect();
            for frag in cx.reachable_fragments(id) {
                usages.extend(self.of(frag));
            }
            out.push((*op, usages));
        }
        out
    }

    fn of(&self, id: usize) -> &[Usage<'a>] {
        self.by_definition.get(id).map_or(&[], Vec::as_slice)
    }
}
