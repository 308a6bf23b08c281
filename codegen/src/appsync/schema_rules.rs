//! Sanity of the schema's own `@aws_subscribe` declarations, reported once per schema.

use crate::diagnostic::Diagnostic;
use crate::schema::{FieldDef, Schema, TypeDef, TypeRef};

use super::{
    subscribed_mutations, FILTER_ARGUMENT_UNMATCHED, NON_NULL_SUBSCRIPTION,
    SUBSCRIBE_OUTSIDE_SUBSCRIPTION, TYPE_MISMATCH, UNKNOWN_MUTATION,
};

/// Checks every field carrying `@aws_subscribe` in the schema.
pub fn check_schema(schema: &Schema) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for ty in schema.types.values() {
        for field in ty.fields().into_iter().flat_map(|f| f.values()) {
            if let Some(mutations) = subscribed_mutations(field) {
                check_field(schema, ty, field, &mutations, &mut out);
            }
        }
    }
    out
}

/// Checks one subscription field's declaration.
pub(super) fn check_field(
    schema: &Schema,
    parent: &TypeDef,
    field: &FieldDef,
    mutations: &[String],
    out: &mut Vec<Diagnostic>,
) {
    let directive_at = field
        .directives
        .iter()
        .find(|d| d.name == "aws_subscribe")
        .and_then(|d| d.location)
        .or(field.location);
    if schema.subscription_type.as_deref() != Some(parent.name.as_str()) {
        out.push(
            Diagnostic::warning(
                SUBSCRIBE_OUTSIDE_SUBSCRIPTION,
                format!(
                    "`@aws_subscribe` on `{}.{}`, which is not a field of the subscription type",
                    parent.name, field.name
                ),
                directive_at,
            )
            .with_label("AppSync ignores it here")
            .with_help("move the field to the subscription root type (`type Subscription`)"),
        );
        return;
    }
    if field.ty.is_non_null() {
        out.push(
            Diagnostic::warning(
                NON_NULL_SUBSCRIPTION,
                format!(
                    "subscription field `{}.{}` has the non-null type `{}`",
                    parent.name, field.name, field.ty
                ),
                field.location,
            )
            .with_label("AppSync requires subscription fields to be nullable")
            .with_help(format!(
                "declare it as `{}: {}`",
                field.name,
                nullable(&field.ty)
            )),
        );
    }
    let mutation_root = schema.mutation_type.as_deref().and_then(|m| schema.get(m));
    for name in mutations {
        let Some(mutation) = mutation_root.and_then(|root| root.field(name)) else {
            let candidates: Vec<&str> = mutation_root
                .and_then(TypeDef::fields)
                .map(|f| f.keys().map(String::as_str).collect())
                .unwrap_or_default();
            let mut d = Diagnostic::warning(
                UNKNOWN_MUTATION,
                format!(
                    "`@aws_subscribe` on `{}.{}` lists `{name}`, which is not a mutation of this schema",
                    parent.name, field.name
                ),
                directive_at,
            )
            .with_label("no such mutation field");
            if let Some(best) = crate::suggest::closest(name, candidates) {
                d = d.with_help(format!("did you mean `{best}`?"));
            }
            out.push(d);
            continue;
        };
        if !same_shape(&mutation.ty, &field.ty) {
            out.push(
                Diagnostic::warning(
                    TYPE_MISMATCH,
                    format!(
                        "subscription `{}` returns `{}` but its triggering mutation `{name}` returns `{}`",
                        field.name, field.ty, mutation.ty
                    ),
                    field.location,
                )
                .with_label("AppSync delivers the mutation's result as this field's value")
                .with_help(format!(
                    "make `{}` return `{}` (nullable), or subscribe to a mutation returning `{}`",
                    field.name,
                    nullable(&mutation.ty),
                    field.ty.named()
                )),
            );
        }
    }
    check_filter_arguments(schema, field, out);
}

/// Each argument of a subscription field filters on the top-level field of the same name.
fn check_filter_arguments(schema: &Schema, field: &FieldDef, out: &mut Vec<Diagnostic>) {
    let returned = schema.get(field.ty.named());
    for arg in field.arguments.values() {
        match returned.and_then(|t| t.field(&arg.name)) {
            None => out.push(
                Diagnostic::warning(
                    FILTER_ARGUMENT_UNMATCHED,
                    format!(
                        "argument `{}` of subscription `{}` names no field of `{}`",
                        arg.name,
                        field.name,
                        field.ty.named()
                    ),
                    arg.location.or(field.location),
                )
                .with_label("this filter can never match")
                .with_note(
                    "AppSync filters a subscription by comparing each argument with the \
                     top-level field of the same name in the mutation's result",
                ),
            ),
            Some(target) if !same_shape(&target.ty, &arg.ty) => out.push(
                Diagnostic::warning(
                    FILTER_ARGUMENT_UNMATCHED,
                    format!(
                        "argument `{}: {}` of subscription `{}` filters on `{}.{}`, which has type `{}`",
                        arg.name,
                        arg.ty,
                        field.name,
                        field.ty.named(),
                        target.name,
                        target.ty
                    ),
                    arg.location.or(field.location),
                )
                .with_label("types differ: the filter compares values of different types")
                .with_help(format!("declare it as `{}: {}`", arg.name, nullable(&target.ty))),
            ),
            Some(_) => {}
        }
    }
}

/// Same named type and list nesting, ignoring nullability.
pub(super) fn same_shape(a: &TypeRef, b: &TypeRef) -> bool {
    match (strip(a), strip(b)) {
        (TypeRef::Named(x), TypeRef::Named(y)) => x == y,
        (TypeRef::List(x), TypeRef::List(y)) => same_shape(x, y),
        _ => false,
    }
}

fn strip(t: &TypeRef) -> &TypeRef {
    match t {
        TypeRef::NonNull(inner) => inner,
        other => other,
    }
}

fn nullable(t: &TypeRef) -> &TypeRef {
    strip(t)
}
