//! Variables, input objects and enums: what a request sends, and the schema types it needs.
//!
//! Nullable inputs are `Maybe<T>` (absent, null or a value: GraphQL gives absent and null
//! different meanings), as are inputs with a default value (absent lets the server apply it).
//! Items of lists are `Option<T>` when nullable. Input objects that contain themselves (not
//! through a list) are boxed.

use std::collections::HashSet;

use super::ir::{Enum, EnumValue, Input, InputField, Leaf, TypeExpr};
use super::naming::{self, Names};
use super::{Cx, OpDef};
use crate::schema::{InputValueDef, TypeKind, TypeRef};
use crate::source::Location;

/// The fields of an operation's `Variables` struct.
pub(super) fn variables(cx: &mut Cx, op: &OpDef) -> Vec<InputField> {
    let mut names = Names::new();
    op.variables
        .iter()
        .map(|v| {
            let ty = TypeRef::from(&v.var_type);
            let at = cx.sources.location(op.file, v.name.span);
            InputField {
                wire: v.name.value.clone(),
                rust: names.claim(&naming::field_name(&v.name)),
                ty: input_type(cx, &ty, v.default_value.is_some(), None, Some(at)),
                doc: None,
                deprecated: None,
            }
        })
        .collect()
}

/// The Rust type of an input (variable or input field) of type `ty`. `boxed_in`: the input
/// object holding this field, to box the field when it leads back to it.
fn input_type(
    cx: &mut Cx,
    ty: &TypeRef,
    has_default: bool,
    boxed_in: Option<&str>,
    at: Option<Location>,
) -> TypeExpr {
    let inner = |cx: &mut Cx, t: &TypeRef| {
        let direct = !matches!(t, TypeRef::List(_));
        let mut expr = nested(cx, t, at);
        if let (Some(container), true) = (boxed_in, direct) {
            if leads_back(cx, t.named(), container) {
                expr = box_leaf(expr);
            }
        }
        expr
    };
    match ty {
        TypeRef::NonNull(t) if !has_default => inner(cx, t),
        TypeRef::NonNull(t) => TypeExpr::Maybe(Box::new(inner(cx, t))),
        other => TypeExpr::Maybe(Box::new(inner(cx, other))),
    }
}

/// A type without its top-level nullability.
fn nested(cx: &mut Cx, ty: &TypeRef, at: Option<Location>) -> TypeExpr {
    match ty {
        TypeRef::Named(n) => TypeExpr::Leaf(leaf(cx, n, at)),
        TypeRef::List(item) => {
            let item_ty = match &**item {
                TypeRef::NonNull(t) => nested(cx, t, at),
                t => TypeExpr::Option(Box::new(nested(cx, t, at))),
            };
            TypeExpr::List(Box::new(item_ty))
        }
        TypeRef::NonNull(t) => nested(cx, t, at),
    }
}

fn box_leaf(expr: TypeExpr) -> TypeExpr {
    match expr {
        TypeExpr::Leaf(l) => TypeExpr::Boxed(Box::new(TypeExpr::Leaf(l))),
        TypeExpr::Option(t) => TypeExpr::Option(Box::new(box_leaf(*t))),
        other => other,
    }
}

fn leaf(cx: &mut Cx, name: &str, at: Option<Location>) -> Leaf {
    let rust = || cx.type_names.get(name).cloned().unwrap_or_default();
    match cx.schema.get(name).map(|t| &t.kind) {
        Some(TypeKind::Enum { .. }) => {
            let r = rust();
            cx.enums.insert(name.to_owned());
            Leaf::Enum(r)
        }
        Some(TypeKind::InputObject { .. }) => {
            let r = rust();
            cx.inputs.insert(name.to_owned());
            Leaf::Input(r)
        }
        _ => Leaf::Scalar(cx.scalars.map(name, at)),
    }
}

/// Whether input object `from` contains `to` through fields that are not lists (so `to`
/// holding `from` directly would be infinitely large).
fn leads_back(cx: &Cx, from: &str, to: &str) -> bool {
    let mut seen = HashSet::new();
    let mut stack = vec![from.to_owned()];
    while let Some(name) = stack.pop() {
        if name == to {
            return true;
        }
        if !seen.insert(name.clone()) {
            continue;
        }
        if let Some(TypeKind::InputObject { fields, .. }) = cx.schema.get(&name).map(|t| &t.kind) {
            for f in fields.values() {
                let mut t = &f.ty;
                if let TypeRef::NonNull(inner) = t {
                    t = inner;
                }
                if let TypeRef::Named(n) = t {
                    stack.push(n.clone());
                }
            }
        }
    }
    false
}

fn input_field(cx: &mut Cx, owner: &str, names: &mut Names, def: &InputValueDef) -> InputField {
    InputField {
        wire: def.name.clone(),
        rust: names.claim(&naming::field_name(&def.name)),
        ty: input_type(
            cx,
            &def.ty,
            def.default_value.is_some(),
            Some(owner),
            def.location,
        ),
        doc: def.description.clone(),
        deprecated: def.deprecation.clone(),
    }
}

/// The enums and input objects used, in schema order (input objects found transitively).
pub(super) fn schema_types(cx: &mut Cx) -> (Vec<Enum>, Vec<Input>) {
    let mut inputs = Vec::new();
    let mut done = 0;
    // Input fields add the input objects and enums they use; go on until nothing new comes.
    while done < cx.inputs.len() {
        let name = cx.inputs[done].clone();
        done += 1;
        let Some(def) = cx.schema.get(&name).cloned() else {
            continue;
        };
        let TypeKind::InputObject { fields, one_of } = &def.kind else {
            continue;
        };
        let mut names = Names::new();
        let fields = fields
            .values()
            .map(|f| {
                let mut field = input_field(cx, &name, &mut names, f);
                if *one_of {
                    // A oneOf variant carries its value: neither absent nor null.
                    field.rust = naming::type_name(&f.name);
                    if let TypeExpr::Maybe(t) = field.ty {
                        field.ty = *t;
                    }
                }
                field
            })
            .collect::<Vec<_>>();
        let mut fields = fields;
        if *one_of {
            let mut variant_names = Names::new();
            for f in &mut fields {
                f.rust = variant_names.claim(&f.rust);
            }
        }
        inputs.push(Input {
            name: cx.type_names.get(&name).cloned().unwrap_or_default(),
            graphql: name.clone(),
            doc: def.description.clone(),
            fields,
            one_of: *one_of,
        });
    }
    let order = |n: &str| cx.schema.types.get_index_of(n).unwrap_or(usize::MAX);
    inputs.sort_by_key(|i| order(&i.graphql));
    let mut enums: Vec<Enum> = cx
        .enums
        .iter()
        .filter_map(|name| {
            let def = cx.schema.get(name)?;
            let TypeKind::Enum { values } = &def.kind else {
                return None;
            };
            let mut names = Names::new();
            let values: Vec<EnumValue> = values
                .values()
                .map(|v| EnumValue {
                    wire: v.name.clone(),
                    rust: names.claim(&naming::type_name(&v.name)),
                    doc: v.description.clone(),
                    deprecated: v.deprecation.clone(),
                })
                .collect();
            let other = if names.is_taken("Other") {
                names.claim("UnknownValue")
            } else {
                names.claim("Other")
            };
            Some(Enum {
                name: cx.type_names.get(name).cloned().unwrap_or_default(),
                graphql: name.clone(),
                doc: def.description.clone(),
                values,
                other,
            })
        })
        .collect();
    enums.sort_by_key(|e| order(&e.graphql));
    (enums, inputs)
}
