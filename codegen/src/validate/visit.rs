//! The one traversal every rule rides on: each operation and fragment definition is walked
//! once, keeping the type information graphql-js's `TypeInfo` keeps (parent type, field
//! definition, argument definition, expected input type of every value), and each rule sees
//! the nodes it cares about through [`Rule`]'s callbacks.

use indexmap::IndexMap;

use super::ctx::{
    Ctx, DefRef, Directive, Field, FragRef, OpRef, SelectionSet, Value, ValueKind,
    VariableDefinition,
};
use crate::schema::{
    DirectiveDef, DirectiveLocation, FieldDef, InputValueDef, OperationType, TypeDef, TypeKind,
    TypeRef,
};
use crate::source::FileId;
use crate::syntax::ast::{Argument, FragmentSpread, InlineFragment, Selection};

/// Selections nested deeper than this are not walked (each level is a recursion). Parsed
/// documents never get here: the project refuses far shallower nesting before parsing.
pub(crate) const MAX_DEPTH: usize = 1000;

/// A field, with its parent type and definition when they are known.
pub(crate) struct FieldNode<'a> {
    pub file: FileId,
    pub field: &'a Field,
    /// The composite type the field is selected on (`None` below an unknown field or type).
    pub parent: Option<&'a TypeDef>,
    /// The field's definition on `parent` (meta fields included).
    pub def: Option<&'a FieldDef>,
}

/// An inline fragment and the type it is written in.
pub(crate) struct InlineNode<'a> {
    pub file: FileId,
    pub node: &'a InlineFragment,
    pub parent: Option<&'a TypeDef>,
}

/// A fragment spread and the type it is written in.
pub(crate) struct SpreadNode<'a> {
    pub file: FileId,
    pub node: &'a FragmentSpread,
    pub parent: Option<&'a TypeDef>,
}

/// The directives written on one node.
pub(crate) struct DirectivesNode<'a> {
    pub file: FileId,
    pub list: &'a [Directive],
    pub location: DirectiveLocation,
}

/// What an argument list belongs to.
#[derive(Clone, Copy)]
pub(crate) enum Owner<'a> {
    Field {
        parent: &'a TypeDef,
        def: &'a FieldDef,
        node: &'a Field,
    },
    Directive {
        def: &'a DirectiveDef,
        node: &'a Directive,
    },
}

impl Owner<'_> {
    /// "field `Dog.name`" or "directive `@skip`".
    pub fn describe(&self) -> String {
        match self {
            Owner::Field { parent, def, .. } => format!("field `{}.{}`", parent.name, def.name),
            Owner::Directive { def, .. } => format!("directive `@{}`", def.name),
        }
    }
}

/// The arguments given to a known field or directive.
pub(crate) struct ArgumentsNode<'a> {
    pub file: FileId,
    pub owner: Owner<'a>,
    pub given: &'a [Argument],
    pub defs: &'a IndexMap<String, InputValueDef>,
}

/// Every value (argument values, default values, and each value inside lists and objects).
pub(crate) struct ValueNode<'a> {
    pub file: FileId,
    pub value: &'a Value,
    /// The input type expected here, as graphql-js's TypeInfo computes it.
    pub expected: Option<&'a TypeRef>,
    /// The argument or input field here has a default value.
    pub location_default: bool,
    /// This value is a field of a `@oneOf` input object.
    pub one_of_field: bool,
}

/// A rule: a visitor over the traversal's nodes. Every callback does nothing by default.
#[allow(unused_variables)]
pub(crate) trait Rule<'a> {
    /// An operation definition (definition id `id`), before its selections.
    fn operation(&mut self, cx: &mut Ctx<'a>, op: &OpRef<'a>, id: usize) {}
    /// A fragment definition (definition id `id`), before its selections.
    fn fragment(&mut self, cx: &mut Ctx<'a>, frag: &FragRef<'a>, id: usize) {}
    /// A variable definition of `op`.
    fn variable_definition(
        &mut self,
        cx: &mut Ctx<'a>,
        op: &OpRef<'a>,
        def: &'a VariableDefinition,
    ) {
    }
    /// A selection set and the composite type it selects on, before its selections.
    fn selection_set(
        &mut self,
        cx: &mut Ctx<'a>,
        file: FileId,
        parent: Option<&'a TypeDef>,
        set: &'a SelectionSet,
    ) {
    }
    /// A field, before its arguments and selections.
    fn field(&mut self, cx: &mut Ctx<'a>, node: &FieldNode<'a>) {}
    /// An inline fragment, before its selections.
    fn inline_fragment(&mut self, cx: &mut Ctx<'a>, node: &InlineNode<'a>) {}
    /// A fragment spread.
    fn fragment_spread(&mut self, cx: &mut Ctx<'a>, node: &SpreadNode<'a>) {}
    /// The directives of a node (possibly none).
    fn directives(&mut self, cx: &mut Ctx<'a>, node: &DirectivesNode<'a>) {}
    /// The argument list of a known field or directive.
    fn arguments(&mut self, cx: &mut Ctx<'a>, node: &ArgumentsNode<'a>) {}
    /// A value.
    fn value(&mut self, cx: &mut Ctx<'a>, node: &ValueNode<'a>) {}
    /// After the whole project was walked.
    fn finish(&mut self, cx: &mut Ctx<'a>) {}
}

/// Walks every definition once, calling every rule at every node.
pub(crate) fn walk<'a>(cx: &mut Ctx<'a>, rules: &mut [Box<dyn Rule<'a> + 'a>]) {
    let mut w = Walker { cx, rules };
    for id in 0..w.cx.definitions.len() {
        match w.cx.definitions[id] {
            DefRef::Operation(op) => w.operation(&op, id),
            DefRef::Fragment(frag) => w.fragment(&frag, id),
        }
    }
    for rule in w.rules.iter_mut() {
        rule.finish(w.cx);
    }
}

struct Walker<'w, 'a> {
    cx: &'w mut Ctx<'a>,
    rules: &'w mut [Box<dyn Rule<'a> + 'a>],
}

impl<'a> Walker<'_, 'a> {
    fn each(&mut self, mut f: impl FnMut(&mut dyn Rule<'a>, &mut Ctx<'a>)) {
        for rule in self.rules.iter_mut() {
            f(rule.as_mut(), self.cx);
        }
    }

    fn operation(&mut self, op: &OpRef<'a>, id: usize) {
        self.each(|r, cx| r.operation(cx, op, id));
        let location = match op.kind {
            OperationType::Query => DirectiveLocation::Query,
            OperationType::Mutation => DirectiveLocation::Mutation,
            OperationType::Subscription => DirectiveLocation::Subscription,
        };
        for def in op.variables {
            self.each(|r, cx| r.variable_definition(cx, op, def));
            self.directives(
                op.file,
                &def.directives,
                DirectiveLocation::VariableDefinition,
            );
            if let Some(default) = &def.default_value {
                // Default values are constants: the walk is for the rules on value shapes;
                // their types are checked by values-of-correct-type itself.
                self.value_tree(op.file, default, None, false);
            }
        }
        self.directives(op.file, op.directives, location);
        let root = self.cx.schema.root(op.kind);
        self.selection_set(op.file, root, op.selection_set, 0);
    }

    fn fragment(&mut self, frag: &FragRef<'a>, id: usize) {
        self.each(|r, cx| r.fragment(cx, frag, id));
        self.directives(
            frag.file,
            &frag.def.directives,
            DirectiveLocation::FragmentDefinition,
        );
        let parent = self.cx.composite(frag.on());
        self.selection_set(frag.file, parent, &frag.def.selection_set, 0);
    }

    fn selection_set(
        &mut self,
        file: FileId,
        parent: Option<&'a TypeDef>,
        set: &'a SelectionSet,
        depth: usize,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        self.each(|r, cx| r.selection_set(cx, file, parent, set));
        let schema = self.cx.schema;
        for item in &set.items {
            match item {
                Selection::Field(field) => {
                    let def = parent.and_then(|p| schema.field(&p.name, &field.name));
                    let node = FieldNode {
                        file,
                        field,
                        parent,
                        def,
                    };
                    self.each(|r, cx| r.field(cx, &node));
                    self.arguments(
                        file,
                        &field.arguments,
                        match (parent, def) {
                            (Some(parent), Some(def)) => Some(Owner::Field {
                                parent,
                                def,
                                node: field,
                            }),
                            _ => None,
                        },
                    );
                    self.directives(file, &field.directives, DirectiveLocation::Field);
                    let child = def.and_then(|d| self.cx.composite(d.ty.named()));
                    if !field.selection_set.items.is_empty() {
                        self.selection_set(file, child, &field.selection_set, depth + 1);
                    }
                }
                Selection::InlineFragment(inline) => {
                    let node = InlineNode {
                        file,
                        node: inline,
                        parent,
                    };
                    self.each(|r, cx| r.inline_fragment(cx, &node));
                    self.directives(file, &inline.directives, DirectiveLocation::InlineFragment);
                    let on = match &inline.type_condition {
                        Some(on) => self.cx.composite(on),
                        None => parent,
                    };
                    self.selection_set(file, on, &inline.selection_set, depth + 1);
                }
                Selection::FragmentSpread(spread) => {
                    let node = SpreadNode {
                        file,
                        node: spread,
                        parent,
                    };
                    self.each(|r, cx| r.fragment_spread(cx, &node));
                    self.directives(file, &spread.directives, DirectiveLocation::FragmentSpread);
                }
            }
        }
    }

    fn directives(&mut self, file: FileId, list: &'a [Directive], location: DirectiveLocation) {
        let node = DirectivesNode {
            file,
            list,
            location,
        };
        self.each(|r, cx| r.directives(cx, &node));
        for d in list {
            let def = self.cx.schema.directives.get(d.name.as_str());
            self.arguments(
                file,
                &d.arguments,
                def.map(|def| Owner::Directive { def, node: d }),
            );
        }
    }

    fn arguments(&mut self, file: FileId, given: &'a [Argument], owner: Option<Owner<'a>>) {
        let defs = owner.map(|o| match o {
            Owner::Field { def, .. } => &def.arguments,
            Owner::Directive { def, .. } => &def.arguments,
        });
        if let (Some(owner), Some(defs)) = (owner, defs) {
            let node = ArgumentsNode {
                file,
                owner,
                given,
                defs,
            };
            self.each(|r, cx| r.arguments(cx, &node));
        }
        for arg in given {
            let def = defs.and_then(|d| d.get(arg.name.as_str()));
            self.value_tree(
                file,
                &arg.value,
                def.map(|d| &d.ty),
                def.is_some_and(|d| d.default_value.is_some()),
            );
        }
    }

    /// Walks a value and everything inside it, iteratively: lists of lists nest as deep as the
    /// text does.
    fn value_tree(
        &mut self,
        file: FileId,
        root: &'a Value,
        expected: Option<&'a TypeRef>,
        location_default: bool,
    ) {
        struct Frame<'a> {
            value: &'a Value,
            expected: Option<&'a TypeRef>,
            location_default: bool,
            one_of_field: bool,
            /// How deep inside `root`.
            depth: usize,
        }
        let schema = self.cx.schema;
        let mut stack = vec![Frame {
            value: root,
            expected,
            location_default,
            one_of_field: false,
            depth: 0,
        }];
        while let Some(top) = stack.pop() {
            let (value, expected, depth) = (top.value, top.expected, top.depth);
            if depth > MAX_DEPTH {
                continue;
            }
            let node = ValueNode {
                file,
                value,
                expected,
                location_default: top.location_default,
                one_of_field: top.one_of_field,
            };
            for rule in self.rules.iter_mut() {
                rule.value(self.cx, &node);
            }
            match &value.kind {
                ValueKind::List(items) => {
                    let item_type = expected.map(nullable).map(|t| match t {
                        TypeRef::List(inner) => &**inner,
                        other => other,
                    });
                    for item in items.iter().rev() {
                        stack.push(Frame {
                            value: item,
                            expected: item_type,
                            location_default: false,
                            one_of_field: false,
                            depth: depth + 1,
                        });
                    }
                }
                ValueKind::Object(fields) => {
                    let input = expected.and_then(|t| schema.get(t.named()));
                    let (defs, one_of) = match input.map(|t| &t.kind) {
                        Some(TypeKind::InputObject { fields, one_of }) => (Some(fields), *one_of),
                        _ => (None, false),
                    };
                    for field in fields.iter().rev() {
                        let def = defs.and_then(|d| d.get(field.name.as_str()));
                        stack.push(Frame {
                            value: &field.value,
                            expected: def.map(|d| &d.ty),
                            location_default: def.is_some_and(|d| d.default_value.is_some()),
                            one_of_field: one_of,
                            depth: depth + 1,
                        });
                    }
                }
                _ => {}
            }
        }
    }
}

/// The type without its outer non-null wrapper.
pub(crate) fn nullable(t: &TypeRef) -> &TypeRef {
    match t {
        TypeRef::NonNull(inner) => inner,
        other => other,
    }
}
