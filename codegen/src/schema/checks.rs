//! Schema-level checks: what the specification requires of a type system, reported as located
//! diagnostics. Flaws real schemas ship with and users cannot fix are warnings.

use super::model::*;
use crate::diagnostic::Diagnostic;
use crate::source::Location;
use crate::suggest::closest;

/// Checks the assembled schema (user types only: the built-ins are known to be right).
pub(super) fn check(schema: &Schema, out: &mut Vec<Diagnostic>) {
    for ty in schema.types.values().filter(|t| !t.builtin) {
        match &ty.kind {
            TypeKind::Object { fields, interfaces }
            | TypeKind::Interface { fields, interfaces } => {
                for field in fields.values() {
                    output_type(
                        schema,
                        &field.ty,
                        field.location,
                        &ty.name,
                        &field.name,
                        out,
                    );
                    for arg in field.arguments.values() {
                        input_type(schema, &arg.ty, arg.location, out);
                    }
                }
                for name in interfaces {
                    implements(schema, ty, name, out);
                }
            }
            TypeKind::Union { members } => {
                if members.is_empty() {
                    out.push(
                        Diagnostic::error(
                            "schema-empty-union",
                            format!("union `{}` has no member types", ty.name),
                            ty.location,
                        )
                        .with_help(format!("write `union {} = A | B`", ty.name)),
                    );
                }
                for member in members {
                    match schema.get(member) {
                        None => out.push(unknown_type(schema, member, ty.location)),
                        Some(m) if !matches!(m.kind, TypeKind::Object { .. }) => out.push(
                            Diagnostic::error(
                                "schema-union-member-not-object",
                                format!(
                                    "union `{}` lists `{member}`, which is not an object type",
                                    ty.name
                                ),
                                ty.location,
                            )
                            .with_help("unions can only contain object types"),
                        ),
                        Some(_) => {}
                    }
                }
            }
            TypeKind::Enum { values } if values.is_empty() => out.push(Diagnostic::error(
                "schema-empty-enum",
                format!("enum `{}` has no values", ty.name),
                ty.location,
            )),
            TypeKind::Enum { .. } | TypeKind::Scalar => {}
            TypeKind::InputObject { fields, one_of } => {
                for field in fields.values() {
                    input_type(schema, &field.ty, field.location, out);
                    if *one_of && (field.ty.is_non_null() || field.default_value.is_some()) {
                        out.push(
                            Diagnostic::error(
                                "schema-one-of-field",
                                format!(
                                    "field `{}.{}` of a `@oneOf` input must be nullable and have no default",
                                    ty.name, field.name
                                ),
                                field.location,
                            )
                            .with_help(format!(
                                "declare it as `{}: {}`",
                                field.name,
                                strip(&field.ty)
                            )),
                        );
                    }
                }
            }
        }
    }
    for (slot, name) in [
        ("query", &schema.query_type),
        ("mutation", &schema.mutation_type),
        ("subscription", &schema.subscription_type),
    ] {
        if let Some(name) = name {
            match schema.get(name) {
                None => out.push(unknown_type(schema, name, None)),
                Some(t) if !matches!(t.kind, TypeKind::Object { .. }) => {
                    out.push(Diagnostic::error(
                        "schema-root-not-object",
                        format!("the {slot} root type `{name}` must be an object type"),
                        t.location,
                    ))
                }
                Some(_) => {}
            }
        }
    }
    if schema.query_type.is_none() {
        out.push(
            Diagnostic::error(
                "schema-missing-query-root",
                "the schema has no query root type",
                None,
            )
            .with_help("define `type Query { ... }`, or name it with `schema { query: MyQuery }`"),
        );
    }
}

fn strip(t: &TypeRef) -> &TypeRef {
    match t {
        TypeRef::NonNull(inner) => inner,
        t => t,
    }
}

fn unknown_type(schema: &Schema, name: &str, at: Option<Location>) -> Diagnostic {
    let mut d = Diagnostic::error("schema-unknown-type", format!("unknown type `{name}`"), at)
        .with_label("not defined in the schema");
    if let Some(best) = closest(name, schema.types.keys().map(String::as_str)) {
        d = d.with_help(format!("did you mean `{best}`?"));
    } else {
        d = d.with_help(format!(
            "define it, e.g. `scalar {name}` for a custom scalar"
        ));
    }
    d
}

fn output_type(
    schema: &Schema,
    ty: &TypeRef,
    at: Option<Location>,
    parent: &str,
    field: &str,
    out: &mut Vec<Diagnostic>,
) {
    match schema.get(ty.named()) {
        None => out.push(unknown_type(schema, ty.named(), at)),
        Some(t) if matches!(t.kind, TypeKind::InputObject { .. }) => out.push(
            Diagnostic::error(
                "schema-output-type-expected",
                format!(
                    "field `{parent}.{field}` returns the input type `{}`",
                    ty.named()
                ),
                at,
            )
            .with_help("fields return object, interface, union, enum or scalar types; input types are for arguments"),
        ),
        Some(_) => {}
    }
}

fn input_type(schema: &Schema, ty: &TypeRef, at: Option<Location>, out: &mut Vec<Diagnostic>) {
    match schema.get(ty.named()) {
        None => out.push(unknown_type(schema, ty.named(), at)),
        Some(t) if !t.is_input() => out.push(
            Diagnostic::error(
                "schema-input-type-expected",
                format!(
                    "`{}` is an output type and cannot be used for an argument or input field",
                    ty.named()
                ),
                at,
            )
            .with_help("declare an `input` type with the fields to accept"),
        ),
        Some(_) => {}
    }
}

/// `ty` declares `implements iface`: the interface must exist and be one, and every field of the
/// interface must be implemented with a compatible type and arguments.
fn implements(schema: &Schema, ty: &TypeDef, iface: &str, out: &mut Vec<Diagnostic>) {
    let Some(target) = schema.get(iface) else {
        out.push(unknown_type(schema, iface, ty.location));
        return;
    };
    let TypeKind::Interface {
        fields: wanted,
        interfaces: inherited,
    } = &target.kind
    else {
        out.push(
            Diagnostic::error(
                "schema-implements-non-interface",
                format!(
                    "`{}` implements `{iface}`, which is not an interface",
                    ty.name
                ),
                ty.location,
            )
            .with_help("only interfaces can be implemented; use a union to group object types"),
        );
        return;
    };
    let own_interfaces = match &ty.kind {
        TypeKind::Object { interfaces, .. } | TypeKind::Interface { interfaces, .. } => interfaces,
        _ => return,
    };
    for transitive in inherited {
        if !own_interfaces.contains(transitive) && transitive != &ty.name {
            out.push(
                Diagnostic::error(
                    "schema-interface-not-implemented",
                    format!(
                        "`{}` implements `{iface}`, which implements `{transitive}`, so `{}` must list `{transitive}` too",
                        ty.name, ty.name
                    ),
                    ty.location,
                )
                .with_help(format!("add `& {transitive}` to the `implements` list")),
            );
        }
    }
    for want in wanted.values() {
        let Some(have) = ty.field(&want.name) else {
            out.push(
                Diagnostic::error(
                    "schema-interface-not-implemented",
                    format!(
                        "`{}` implements `{iface}` but has no field `{}`",
                        ty.name, want.name
                    ),
                    ty.location,
                )
                .with_help(format!("add `{}: {}`", want.name, want.ty)),
            );
            continue;
        };
        if !is_subtype(schema, &have.ty, &want.ty) {
            out.push(
                Diagnostic::error(
                    "schema-interface-not-implemented",
                    format!(
                        "`{}.{}` has type `{}`, which does not fit `{iface}.{}: {}`",
                        ty.name, have.name, have.ty, want.name, want.ty
                    ),
                    have.location,
                )
                .with_help(format!("declare it as `{}: {}`", want.name, want.ty)),
            );
        }
        for arg in want.arguments.values() {
            match have.arguments.get(&arg.name) {
                None => out.push(
                    Diagnostic::error(
                        "schema-interface-not-implemented",
                        format!(
                            "`{}.{}` lacks the argument `{}` that `{iface}.{}` declares",
                            ty.name, have.name, arg.name, want.name
                        ),
                        have.location,
                    )
                    .with_help(format!("add `{}: {}`", arg.name, arg.ty)),
                ),
                Some(a) if a.ty != arg.ty => out.push(Diagnostic::error(
                    "schema-interface-not-implemented",
                    format!(
                        "argument `{}.{}({}:)` has type `{}`, but `{iface}` declares `{}`",
                        ty.name, have.name, arg.name, a.ty, arg.ty
                    ),
                    a.location,
                )),
                Some(_) => {}
            }
        }
        for extra in have.arguments.values() {
            if !want.arguments.contains_key(&extra.name)
                && extra.ty.is_non_null()
                && extra.default_value.is_none()
            {
                out.push(
                    Diagnostic::error(
                        "schema-interface-not-implemented",
                        format!(
                            "`{}.{}` adds the required argument `{}`, which `{iface}.{}` does not declare",
                            ty.name, have.name, extra.name, want.name
                        ),
                        extra.location,
                    )
                    .with_help("make it nullable or give it a default"),
                );
            }
        }
        if have.deprecation.is_some() && want.deprecation.is_none() {
            out.push(
                Diagnostic::warning(
                    "schema-deprecation-mismatch",
                    format!(
                        "`{}.{}` is deprecated, but the interface field `{iface}.{}` it implements is not",
                        ty.name, have.name, want.name
                    ),
                    have.location,
                )
                .with_note("graphql-js 17 rejects this; typed-graphql accepts it and marks the field deprecated"),
            );
        }
    }
}

/// Whether a field of type `sub` may implement an interface field of type `sup` (covariance).
fn is_subtype(schema: &Schema, sub: &TypeRef, sup: &TypeRef) -> bool {
    match (sub, sup) {
        (TypeRef::NonNull(a), TypeRef::NonNull(b)) => is_subtype(schema, a, b),
        (TypeRef::NonNull(a), b) => is_subtype(schema, a, b),
        (_, TypeRef::NonNull(_)) => false,
        (TypeRef::List(a), TypeRef::List(b)) => is_subtype(schema, a, b),
        (TypeRef::Named(a), TypeRef::Named(b)) => schema.is_subtype(a, b),
        _ => false,
    }
}
