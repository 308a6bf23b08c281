//! The variable rules (no undefined variables, no unused variables, variables in allowed
//! position) as one visitor: every variable used in each definition, with the type expected
//! where it is used, is collected once from the traversal's values; an operation's usages are
//! its own plus those of every fragment it reaches, and each rule checks them.

use crate::schema::TypeRef;
use crate::source::Location;
use crate::validate::ctx::{Ctx, DefRef, FragRef, OpRef};
use crate::validate::visit::{Rule, ValueNode};

use super::{no_undefined_variables, no_unused_variables, variables_in_allowed_position};

/// The three variable rules over one collection of usages.
#[derive(Default)]
pub(crate) struct VariableRules<'a> {
    usages: Usages<'a>,
}

impl<'a> Rule<'a> for VariableRules<'a> {
    fn operation(&mut self, _: &mut Ctx<'a>, _: &OpRef<'a>, id: usize) {
        self.usages.enter(id);
    }

    fn fragment(&mut self, _: &mut Ctx<'a>, _: &FragRef<'a>, id: usize) {
        self.usages.enter(id);
    }

    fn value(&mut self, _: &mut Ctx<'a>, node: &ValueNode<'a>) {
        self.usages.value(node);
    }

    fn finish(&mut self, cx: &mut Ctx<'a>) {
        for (op, usages) in self.usages.per_operation(cx) {
            no_undefined_variables::check(cx, &op, &usages);
            no_unused_variables::check(cx, &op, &usages);
            variables_in_allowed_position::check(cx, &op, &usages);
        }
    }
}

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
    span: crate::source::Span,
}

impl Usage<'_> {
    /// Where the variable is written.
    pub fn location(&self, cx: &Ctx) -> Location {
        cx.loc(self.file, self.span)
    }
}

/// Usages per definition id.
#[derive(Default)]
struct Usages<'a> {
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
    pub fn value(&mut self, node: &ValueNode<'a>) {
        if let crate::validate::ctx::ValueKind::Variable(name) = &node.value.kind {
            let usage = Usage {
                name,
                expected: node.expected,
                location_default: node.location_default,
                one_of_field: node.one_of_field,
                file: node.file,
                span: node.value.span,
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
