//! Values of correct type: literals checked against the input type they are given for, with
//! GraphQL's input coercion (a single value for a list, ints for floats and IDs).

use graphql_parser::query::Value as V;

use super::ctx::{Ctx, Value};
use crate::diagnostic::Diagnostic;
use crate::schema::{TypeKind, TypeRef};
use crate::source::Location;

/// Checks `value` (given for `what`, e.g. "argument `first`") against `ty`. Variables are left
/// to the variable rules.
pub(super) fn check(ctx: &mut Ctx, at: Location, value: &Value, ty: &TypeRef, what: &str) {
    if let Some(problem) = mismatch(ctx, value, ty) {
        ctx.report(
            Diagnostic::error(
                "values-of-correct-type",
                format!("{what} expects type `{ty}`: {}", problem.message),
                Some(at),
            )
            .with_label(problem.label)
            .with_help(
                problem
                    .help
                    .unwrap_or_else(|| format!("pass a value of type `{ty}`")),
            ),
        );
    }
}

struct Problem {
    message: String,
    label: String,
    help: Option<String>,
}

fn problem(message: String, label: &str) -> Option<Problem> {
    Some(Problem {
        message,
        label: label.to_owned(),
        help: None,
    })
}

/// What is wrong with `value` for `ty`, if anything (the first problem found).
fn mismatch(ctx: &Ctx, value: &Value, ty: &TypeRef) -> Option<Problem> {
    if let V::Variable(_) = value {
        return None;
    }
    match ty {
        TypeRef::NonNull(inner) => {
            if let V::Null = value {
                return problem(
                    "found `null` for a non-null type".into(),
                    "null is not allowed here",
                );
            }
            mismatch(ctx, value, inner)
        }
        TypeRef::List(inner) => match value {
            V::Null => None,
            V::List(items) => items.iter().find_map(|item| mismatch(ctx, item, inner)),
            single => mismatch(ctx, single, inner),
        },
        TypeRef::Named(name) => {
            if let V::Null = value {
                return None;
            }
            named(ctx, value, name)
        }
    }
}

fn named(ctx: &Ctx, value: &Value, name: &str) -> Option<Problem> {
    let Some(def) = ctx.schema.get(name) else {
        return None; // unknown types are reported where they are declared
    };
    match &def.kind {
        TypeKind::Scalar => scalar(value, name),
        TypeKind::Enum { values } => match value {
            V::Enum(v) if values.contains_key(v) => None,
            V::Enum(v) | V::String(v) => {
                let mut p = Problem {
                    message: format!("`{name}` has no value `{v}`"),
                    label: "not a value of this enum".to_owned(),
                    help: None,
                };
                if let V::String(_) = value {
                    p.message =
                        format!("enum values are written without quotes, found the string \"{v}\"");
                }
                let names: Vec<&str> = values.keys().map(String::as_str).collect();
                if let Some(best) = crate::suggest::closest(v, names.iter().copied()) {
                    p.help = Some(format!("did you mean `{best}`?"));
                } else {
                    p.help = Some(format!("one of: {}", names.join(", ")));
                }
                Some(p)
            }
            other => problem(format!("found {}", show(other)), "not an enum value"),
        },
        TypeKind::InputObject { fields, one_of } => {
            let V::Object(given) = value else {
                return problem(
                    format!("found {}", show(value)),
                    "expected an input object `{ ... }`",
                );
            };
            for (key, v) in given {
                match fields.get(key) {
                    None => {
                        let names: Vec<&str> = fields.keys().map(String::as_str).collect();
                        let help = crate::suggest::closest(key, names.iter().copied())
                            .map(|b| format!("did you mean `{b}`?"))
                            .or_else(|| Some(format!("fields of `{name}`: {}", names.join(", "))));
                        return Some(Problem {
                            message: format!("field `{key}` is not defined by type `{name}`"),
                            label: "unknown input field".to_owned(),
                            help,
                        });
                    }
                    Some(f) => {
                        if let Some(mut p) = mismatch(ctx, v, &f.ty) {
                            p.message = format!("in field `{key}`: {}", p.message);
                            return Some(p);
                        }
                    }
                }
            }
            for f in fields.values() {
                if f.ty.is_non_null() && f.default_value.is_none() && !given.contains_key(&f.name) {
                    return Some(Problem {
                        message: format!(
                            "field `{name}.{}` of type `{}` is required, but it was not provided",
                            f.name, f.ty
                        ),
                        label: format!("missing `{}`", f.name),
                        help: Some(format!("add `{}: <{}>`", f.name, f.ty)),
                    });
                }
            }
            if *one_of {
                if given.len() != 1 {
                    return Some(Problem {
                        message: format!("`@oneOf` input `{name}` must specify exactly one field"),
                        label: format!("{} fields given", given.len()),
                        help: Some("keep exactly one of the fields".to_owned()),
                    });
                }
                if let Some((key, V::Null)) = given.iter().next() {
                    return Some(Problem {
                        message: format!(
                            "field `{name}.{key}` of a `@oneOf` input must be non-null"
                        ),
                        label: "null given".to_owned(),
                        help: None,
                    });
                }
            }
            None
        }
        _ => None, // output types: reported where the argument type is declared
    }
}

fn scalar(value: &Value, name: &str) -> Option<Problem> {
    let ok = match (name, value) {
        ("Int", V::Int(n)) => match n.as_i64() {
            Some(i) if i32::try_from(i).is_ok() => true,
            _ => {
                return problem(
                    format!("{} is outside the 32-bit range of `Int`", show(value)),
                    "Int is a signed 32-bit integer",
                )
            }
        },
        ("Float", V::Int(_) | V::Float(_)) => true,
        ("String", V::String(_)) => true,
        ("Boolean", V::Boolean(_)) => true,
        ("ID", V::String(_) | V::Int(_)) => true,
        ("Int" | "Float" | "String" | "Boolean" | "ID", _) => false,
        // Custom scalars accept any literal: their parsing is up to the server.
        _ => true,
    };
    if ok {
        None
    } else {
        problem(
            format!("found {}", show(value)),
            &format!("not a valid `{name}`"),
        )
    }
}

/// A value as it appears in a message.
fn show(value: &Value) -> String {
    match value {
        V::String(s) => format!("the string \"{s}\""),
        V::Enum(e) => format!("the enum value `{e}`"),
        V::List(_) => "a list".to_owned(),
        V::Object(_) => "an input object".to_owned(),
        V::Null => "`null`".to_owned(),
        other => format!("`{other}`"),
    }
}

/// Checks a variable's default value against its declared type.
pub(super) fn check_default(ctx: &mut Ctx, at: Location, value: &Value, ty: &TypeRef, var: &str) {
    check(
        ctx,
        at,
        value,
        ty,
        &format!("the default value of `${var}`"),
    );
}
