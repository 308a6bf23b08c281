//! Schema-level checks: what the specification requires of a type system, reported as located
//! diagnostics. Flaws real schemas ship with and users cannot fix are warnings.
//!
//! One rule a file, each a [`Rule`]: a visitor over the schema's elements. [`check`] walks the
//! user's definitions once, in definition order, and calls every rule at every element in the
//! order of [`RULES`]. The built-ins are not walked: they are known to be right (whether a
//! schema may redefine them is [`builtin_redefinition`]'s question, asked while merging).

mod applied_directives;
pub(super) mod builtin_redefinition;
mod enum_values;
mod input_cycles;
mod input_types;
mod interface_implementations;
mod one_of_inputs;
mod output_types;
mod required_not_deprecated;
mod reserved_names;
mod root_operation_types;
mod union_members;

use super::collect::Roots;
use super::model::*;
use crate::diagnostic::Diagnostic;
use crate::source::Location;
use crate::suggest::closest;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A type-system rule: it sees the elements it cares about through these callbacks, each of
/// which does nothing by default. The walk is [`check`]'s.
#[allow(unused_variables)]
trait Rule {
    /// A type, before its directives and its fields, values or members.
    fn type_def(&self, cx: &Cx<'_>, ty: &TypeDef, out: &mut Vec<Diagnostic>) {}
    /// A field of an object or interface type, before its directives and arguments.
    fn field(&self, cx: &Cx<'_>, ty: &TypeDef, field: &FieldDef, out: &mut Vec<Diagnostic>) {}
    /// An argument of a field or directive, or a field of an input object, before its
    /// directives.
    fn input_value(
        &self,
        cx: &Cx<'_>,
        owner: InputOwner<'_>,
        value: &InputValueDef,
        out: &mut Vec<Diagnostic>,
    ) {
    }
    /// A value of an enum type, before its directives.
    fn enum_value(
        &self,
        cx: &Cx<'_>,
        ty: &TypeDef,
        value: &EnumValueDef,
        out: &mut Vec<Diagnostic>,
    ) {
    }
    /// The directives applied to the element just visited, which is at `place`.
    fn directives(
        &self,
        cx: &Cx<'_>,
        dirs: &[AppliedDirective],
        place: DirectiveLocation,
        out: &mut Vec<Diagnostic>,
    ) {
    }
    /// `ty` declares `implements iface` (after `ty`'s fields were visited).
    fn implements(&self, cx: &Cx<'_>, ty: &TypeDef, iface: &str, out: &mut Vec<Diagnostic>) {}
    /// Every type was visited: rules over the types together.
    fn after_types(&self, cx: &Cx<'_>, out: &mut Vec<Diagnostic>) {}
    /// A directive definition, before its arguments.
    fn directive_def(&self, cx: &Cx<'_>, def: &DirectiveDef, out: &mut Vec<Diagnostic>) {}
    /// Last: the schema definition (root operation types).
    fn schema(&self, cx: &Cx<'_>, out: &mut Vec<Diagnostic>) {}
}

/// Every rule, in the order they run at each element. [`super::Schema::load`] sorts the
/// diagnostics by location (a stable sort), so this order only decides between diagnostics at
/// one place, and between unlocated ones (introspection JSON has no locations). An element's
/// `directives` come after its other callbacks; applied directives come only from SDL and are
/// reported at their own `@name`, where nothing else is, so that order never shows.
const RULES: &[&dyn Rule] = &[
    &reserved_names::ReservedNames,
    &output_types::OutputTypes,
    &input_types::InputTypes,
    &required_not_deprecated::RequiredNotDeprecated,
    &one_of_inputs::OneOfInputs,
    &union_members::UnionMembers,
    &enum_values::EnumValues,
    &applied_directives::AppliedDirectives,
    &interface_implementations::InterfaceImplementations,
    &input_cycles::InputCycles,
    &root_operation_types::RootOperationTypes,
];

/// Checks the assembled schema (user definitions only).
pub(super) fn check(schema: &Schema, roots: &Roots, out: &mut Vec<Diagnostic>) {
    let cx = Cx::new(schema, roots);
    let mut walk = Walk { cx: &cx, out };
    for ty in schema.types.values().filter(|t| !t.builtin) {
        walk.each(|r, cx, out| r.type_def(cx, ty, out));
        walk.directives(&ty.directives, type_location(&ty.kind));
        match &ty.kind {
            TypeKind::Object { fields, interfaces }
            | TypeKind::Interface { fields, interfaces } => {
                for field in fields.values() {
                    walk.each(|r, cx, out| r.field(cx, ty, field, out));
                    walk.directives(&field.directives, DirectiveLocation::FieldDefinition);
                    for arg in field.arguments.values() {
                        walk.input_value(InputOwner::Field { ty, field }, arg);
                    }
                }
                for iface in interfaces {
                    walk.each(|r, cx, out| r.implements(cx, ty, iface, out));
                }
            }
            TypeKind::Enum { values } => {
                for value in values.values() {
                    walk.each(|r, cx, out| r.enum_value(cx, ty, value, out));
                    walk.directives(&value.directives, DirectiveLocation::EnumValue);
                }
            }
            TypeKind::InputObject { fields, .. } => {
                for field in fields.values() {
                    walk.input_value(InputOwner::InputObject(ty), field);
                }
            }
            TypeKind::Union { .. } | TypeKind::Scalar => {}
        }
    }
    walk.each(|r, cx, out| r.after_types(cx, out));
    for d in schema.directives.values().filter(|d| !d.builtin) {
        walk.each(|r, cx, out| r.directive_def(cx, d, out));
        for arg in d.arguments.values() {
            walk.input_value(InputOwner::Directive(d), arg);
        }
    }
    walk.each(|r, cx, out| r.schema(cx, out));
}

/// The walk's state: the context and where diagnostics go.
struct Walk<'c, 's> {
    cx: &'c Cx<'s>,
    out: &'c mut Vec<Diagnostic>,
}

impl Walk<'_, '_> {
    /// Calls every rule, in order.
    fn each(&mut self, visit: impl Fn(&dyn Rule, &Cx<'_>, &mut Vec<Diagnostic>)) {
        for rule in RULES {
            visit(*rule, self.cx, self.out);
        }
    }

    fn directives(&mut self, dirs: &[AppliedDirective], place: DirectiveLocation) {
        self.each(|r, cx, out| r.directives(cx, dirs, place, out));
    }

    fn input_value(&mut self, owner: InputOwner<'_>, value: &InputValueDef) {
        self.each(|r, cx, out| r.input_value(cx, owner, value, out));
        self.directives(&value.directives, owner.place());
    }
}

/// What the rules share: the schema, its root operation types as written, and a fast lookup of
/// its types.
struct Cx<'s> {
    schema: &'s Schema,
    roots: &'s Roots,
    /// The schema's types by name, behind a fast non-cryptographic hash: the checks look up
    /// every field's and argument's type (some 40,000 lookups for GitHub's schema), and the
    /// names are the schema's own, so hash flooding is not a concern.
    by_name: HashMap<&'s str, &'s TypeDef, BuildHasherDefault<NameHasher>>,
}

impl<'s> Cx<'s> {
    fn new(schema: &'s Schema, roots: &'s Roots) -> Self {
        let mut by_name = HashMap::with_capacity_and_hasher(schema.types.len(), Default::default());
        by_name.extend(schema.types.iter().map(|(k, v)| (k.as_str(), v)));
        Cx {
            schema,
            roots,
            by_name,
        }
    }

    fn get(&self, name: &str) -> Option<&'s TypeDef> {
        self.by_name.get(name).copied()
    }

    /// `name` is not a type of the schema: the closest one that is, or how to define it.
    fn unknown_type(&self, name: &str, at: Option<Location>) -> Diagnostic {
        let d = Diagnostic::error("schema-unknown-type", format!("unknown type `{name}`"), at)
            .with_label("not defined in the schema");
        match closest(name, self.schema.types.keys().map(String::as_str)) {
            Some(best) => d.with_help(format!("did you mean `{best}`?")),
            None => d.with_help(format!(
                "define it, e.g. `scalar {name}` for a custom scalar"
            )),
        }
    }
}

/// FxHash's word-at-a-time multiply-rotate mix.
#[derive(Default)]
struct NameHasher(u64);

impl Hasher for NameHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let mut rest = [0u8; 8];
        rest[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
        self.add(u64::from_le_bytes(rest));
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl NameHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// What an argument or input field belongs to.
#[derive(Clone, Copy)]
enum InputOwner<'s> {
    /// An argument of `ty.field`.
    Field {
        ty: &'s TypeDef,
        field: &'s FieldDef,
    },
    /// A field of an input object.
    InputObject(&'s TypeDef),
    /// An argument of a directive definition.
    Directive(&'s DirectiveDef),
}

impl InputOwner<'_> {
    /// Where directives on the value are applied.
    fn place(self) -> DirectiveLocation {
        match self {
            InputOwner::InputObject(_) => DirectiveLocation::InputFieldDefinition,
            InputOwner::Field { .. } | InputOwner::Directive(_) => {
                DirectiveLocation::ArgumentDefinition
            }
        }
    }

    /// "argument `T.f(a:)`", "input field `I.a`" or "argument `@d(a:)`".
    fn describe(self, value: &InputValueDef) -> String {
        match self {
            InputOwner::Field { ty, field } => {
                format!("argument `{}.{}({}:)`", ty.name, field.name, value.name)
            }
            InputOwner::InputObject(ty) => format!("input field `{}.{}`", ty.name, value.name),
            InputOwner::Directive(d) => format!("argument `@{}({}:)`", d.name, value.name),
        }
    }
}

/// The directive location of a type definition.
fn type_location(kind: &TypeKind) -> DirectiveLocation {
    match kind {
        TypeKind::Scalar => DirectiveLocation::Scalar,
        TypeKind::Object { .. } => DirectiveLocation::Object,
        TypeKind::Interface { .. } => DirectiveLocation::Interface,
        TypeKind::Union { .. } => DirectiveLocation::Union,
        TypeKind::Enum { .. } => DirectiveLocation::Enum,
        TypeKind::InputObject { .. } => DirectiveLocation::InputObject,
    }
}

/// Where `ty` names `name` (a union member or an implemented interface, in its definition or an
/// extension); `None` when it was not loaded from SDL.
fn member_location(ty: &TypeDef, name: &str) -> Option<Location> {
    ty.member_locations
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, at)| *at)
}

/// The type without its outermost `!`: what a fix that makes a value optional writes.
fn strip(t: &TypeRef) -> &TypeRef {
    match t {
        TypeRef::NonNull(inner) => inner,
        t => t,
    }
}

#[cfg(test)]
mod tests {
    use crate::schema::test_support::{at, load};

    #[test]
    fn unknown_types_everywhere_are_located_with_did_you_mean() {
        let err = load(
            "type Query { a(x: Strin): Int }\nunion U = Query | Qurey\ntype T implements Nod { a: Int }\ninterface Node { a: Int }\ndirective @d(v: Itn) on FIELD\nschema { query: Query mutation: Mutaton }\ntype Mutation { m: Int }",
        )
        .unwrap_err();
        type Found = (String, Vec<String>, (usize, usize, usize));
        let found: Vec<Found> = err
            .iter()
            .map(|d| (d.message.clone(), d.help.clone(), at(d)))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "unknown type `Strin`".to_owned(),
                    vec!["did you mean `String`?".to_owned()],
                    (1, 16, 1)
                ),
                (
                    "unknown type `Qurey`".to_owned(),
                    vec!["did you mean `Query`?".to_owned()],
                    (2, 19, 5)
                ),
                (
                    "unknown type `Nod`".to_owned(),
                    vec!["did you mean `Node`?".to_owned()],
                    (3, 19, 3)
                ),
                (
                    "unknown type `Itn`".to_owned(),
                    vec!["did you mean `Int`?".to_owned()],
                    (5, 14, 1)
                ),
                (
                    "unknown type `Mutaton`".to_owned(),
                    vec!["did you mean `Mutation`?".to_owned()],
                    (6, 33, 7)
                ),
            ]
        );
    }

    #[test]
    fn members_are_located_where_they_are_written() {
        let err = load(
            "type A { a: Int }\nunion U = A\nextend union U = Qurey\ninterface I { a: Int }\n\
             type T { a: Int }\nextend type T implements I & J\ntype Query { a: A }",
        )
        .unwrap_err();
        let found: Vec<(String, (usize, usize, usize))> =
            err.iter().map(|d| (d.message.clone(), at(d))).collect();
        assert_eq!(
            found,
            [
                ("unknown type `Qurey`".to_owned(), (3, 18, 5)),
                ("unknown type `J`".to_owned(), (6, 30, 1)),
            ]
        );
    }
}
