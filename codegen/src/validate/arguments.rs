//! Arguments of fields and directives: known argument names, unique argument names, provided
//! required arguments; each value is checked by [`super::values`].

use std::collections::HashSet;

use indexmap::IndexMap;

use super::ctx::{did_you_mean, Ctx, Field, Value};
use super::values;
use crate::diagnostic::Diagnostic;
use crate::schema::{FieldDef, InputValueDef, TypeDef};
use crate::source::FileId;

/// Checks the arguments given to a field.
pub(super) fn check_field(
    ctx: &mut Ctx,
    file: FileId,
    field: &Field,
    parent: &TypeDef,
    def: &FieldDef,
) {
    let owner = format!("field `{}.{}`", parent.name, def.name);
    let at = ctx.name_at(file, field.position, &field.name);
    check(
        ctx,
        file,
        field.position,
        at,
        &field.arguments,
        &def.arguments,
        &owner,
    );
}

/// Checks `given` arguments against their definitions; `pos` is where the argument list's
/// owner starts (arguments are found by scanning from there), `owner_at` the owner's name.
pub(super) fn check(
    ctx: &mut Ctx,
    file: FileId,
    pos: graphql_parser::Pos,
    owner_at: crate::source::Location,
    given: &[(String, Value)],
    defs: &IndexMap<String, InputValueDef>,
    owner: &str,
) {
    let mut seen = HashSet::new();
    for (name, value) in given {
        let at = ctx.argument_at(file, pos, name);
        if !seen.insert(name.as_str()) {
            ctx.report(
                Diagnostic::error(
                    "unique-argument-names",
                    format!("there can be only one argument named `{name}`"),
                    Some(at),
                )
                .with_label("given twice")
                .with_help("remove one of them"),
            );
            continue;
        }
        match defs.get(name) {
            None => {
                let d = Diagnostic::error(
                    "known-argument-names",
                    format!("unknown argument `{name}` on {owner}"),
                    Some(at),
                )
                .with_label("not an argument of this field");
                let names = defs.keys().map(String::as_str);
                let d = did_you_mean(d, name, names);
                let d = if defs.is_empty() {
                    d.with_help(format!("{owner} takes no arguments"))
                } else {
                    d
                };
                ctx.report(d);
            }
            Some(def) => values::check(ctx, at, value, &def.ty, &format!("argument `{name}`")),
        }
    }
    for def in defs.values() {
        if def.ty.is_non_null()
            && def.default_value.is_none()
            && !given.iter().any(|(n, _)| n == &def.name)
        {
            ctx.report(
                Diagnostic::error(
                    "provided-required-arguments",
                    format!(
                        "{owner} argument `{}` of type `{}` is required, but it was not provided",
                        def.name, def.ty
                    ),
                    Some(owner_at),
                )
                .with_label(format!("missing `{}`", def.name))
                .with_help(format!("add `{}: <{}>` to the arguments", def.name, def.ty)),
            );
        }
    }
}
