//! Directives used in documents: known directives, directives in valid locations, unique
//! directives per location (unless repeatable), and their arguments.

use std::collections::HashSet;

use super::arguments;
use super::ctx::{did_you_mean, Ctx, Directive};
use crate::diagnostic::Diagnostic;
use crate::schema::DirectiveLocation;
use crate::source::FileId;

pub(super) fn check(ctx: &mut Ctx, file: FileId, dirs: &[Directive], location: DirectiveLocation) {
    let schema = ctx.schema;
    let mut seen = HashSet::new();
    for d in dirs {
        let at = ctx.at(file, d.position, d.name.len() + 1);
        let Some(def) = schema.directives.get(&d.name) else {
            let diag = Diagnostic::error(
                "known-directives",
                format!("unknown directive `@{}`", d.name),
                Some(at),
            )
            .with_label("not defined in the schema");
            let names: Vec<&str> = schema.directives.keys().map(String::as_str).collect();
            ctx.report(did_you_mean(diag, &d.name, names));
            continue;
        };
        if !def.locations.contains(&location) {
            ctx.report(
                Diagnostic::error(
                    "known-directives",
                    format!(
                        "directive `@{}` may not be used on {}",
                        d.name,
                        name(location)
                    ),
                    Some(at),
                )
                .with_label("not allowed here")
                .with_help(format!(
                    "`@{}` may be used on {}",
                    d.name,
                    def.locations
                        .iter()
                        .map(|l| name(*l))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            );
        }
        if !def.repeatable && !seen.insert(d.name.as_str()) {
            ctx.report(
                Diagnostic::error(
                    "unique-directives-per-location",
                    format!(
                        "the directive `@{}` can only be used once at this location",
                        d.name
                    ),
                    Some(at),
                )
                .with_label("used again")
                .with_help("remove the repeated directive"),
            );
        }
        let owner = format!("directive `@{}`", d.name);
        arguments::check(
            ctx,
            file,
            d.position,
            at,
            &d.arguments,
            &def.arguments,
            &owner,
        );
    }
}

/// The spec's name of a location.
pub(super) fn name(l: DirectiveLocation) -> &'static str {
    use DirectiveLocation::*;
    match l {
        Query => "QUERY",
        Mutation => "MUTATION",
        Subscription => "SUBSCRIPTION",
        Field => "FIELD",
        FragmentDefinition => "FRAGMENT_DEFINITION",
        FragmentSpread => "FRAGMENT_SPREAD",
        InlineFragment => "INLINE_FRAGMENT",
        VariableDefinition => "VARIABLE_DEFINITION",
        Schema => "SCHEMA",
        Scalar => "SCALAR",
        Object => "OBJECT",
        FieldDefinition => "FIELD_DEFINITION",
        ArgumentDefinition => "ARGUMENT_DEFINITION",
        Interface => "INTERFACE",
        Union => "UNION",
        Enum => "ENUM",
        EnumValue => "ENUM_VALUE",
        InputObject => "INPUT_OBJECT",
        InputFieldDefinition => "INPUT_FIELD_DEFINITION",
    }
}
