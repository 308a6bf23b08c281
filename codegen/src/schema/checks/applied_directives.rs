//! Applied directives: every directive used on a schema element is known, allowed at that
//! location, not repeated unless `repeatable`, and given known arguments and its required ones.
//! AppSync's own directives are only warned about: AppSync, not this list, decides what it
//! accepts.

use super::{Cx, Rule};
use crate::diagnostic::Diagnostic;
use crate::schema::model::*;
use crate::suggest::closest;

pub(super) struct AppliedDirectives;

/// Amplify's transformer directives: a schema using them is the transformer's input, not the
/// schema AppSync serves.
const AMPLIFY_DIRECTIVES: [&str; 14] = [
    "model",
    "auth",
    "connection",
    "key",
    "hasOne",
    "hasMany",
    "belongsTo",
    "manyToMany",
    "index",
    "primaryKey",
    "searchable",
    "function",
    "http",
    "predictions",
];

impl Rule for AppliedDirectives {
    fn directives(
        &self,
        cx: &Cx<'_>,
        dirs: &[AppliedDirective],
        place: DirectiveLocation,
        out: &mut Vec<Diagnostic>,
    ) {
        for (i, d) in dirs.iter().enumerate() {
            let Some(def) = cx.schema.directives.get(&d.name) else {
                out.push(unknown(cx, d, place));
                continue;
            };
            let lenient = d.name.starts_with("aws_");
            let report = |code, message: String, label: &str, help: String| {
                let diag = if lenient {
                    Diagnostic::warning(code, message, d.location)
                } else {
                    Diagnostic::error(code, message, d.location)
                };
                diag.with_label(label.to_owned()).with_help(help)
            };
            if !def.locations.contains(&place) {
                let allowed: Vec<&str> = def.locations.iter().map(|l| location_words(*l)).collect();
                out.push(report(
                    "schema-misplaced-directive",
                    format!(
                        "directive `@{}` cannot be used on {}",
                        d.name,
                        location_words(place)
                    ),
                    "not allowed here",
                    format!("`@{}` may be used on: {}", d.name, allowed.join(", ")),
                ));
            }
            if !def.repeatable && dirs[..i].iter().any(|e| e.name == d.name) {
                out.push(report(
                    "schema-repeated-directive",
                    format!("directive `@{}` is used twice on one element", d.name),
                    "used again here",
                    format!(
                        "remove one, or declare it `repeatable` (`directive @{} repeatable on ...`)",
                        d.name
                    ),
                ));
            }
            for (name, _) in &d.arguments {
                if !def.arguments.contains_key(name) {
                    let help = match closest(name, def.arguments.keys().map(String::as_str)) {
                        Some(best) => format!("did you mean `{best}`?"),
                        None if def.arguments.is_empty() => {
                            format!("`@{}` takes no arguments", d.name)
                        }
                        None => format!(
                            "`@{}` takes: {}",
                            d.name,
                            def.arguments
                                .keys()
                                .map(String::as_str)
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    };
                    out.push(report(
                        "schema-unknown-directive-argument",
                        format!("directive `@{}` has no argument `{name}`", d.name),
                        "unknown argument",
                        help,
                    ));
                }
            }
            for arg in def.arguments.values() {
                if arg.ty.is_non_null()
                    && arg.default_value.is_none()
                    && !d.arguments.iter().any(|(n, _)| *n == arg.name)
                {
                    out.push(report(
                        "schema-missing-directive-argument",
                        format!(
                            "directive `@{}` needs the argument `{}: {}`",
                            d.name, arg.name, arg.ty
                        ),
                        "argument missing",
                        format!("write `@{}({}: ...)`", d.name, arg.name),
                    ));
                }
            }
        }
    }
}

/// A directive the schema does not declare: a warning, since AppSync and Amplify schemas use
/// directives their services know.
fn unknown(cx: &Cx<'_>, d: &AppliedDirective, place: DirectiveLocation) -> Diagnostic {
    let mut diag = Diagnostic::warning(
        "schema-unknown-directive",
        format!("unknown directive `@{}`", d.name),
        d.location,
    )
    .with_label("not declared in the schema");
    diag = match closest(&d.name, cx.schema.directives.keys().map(String::as_str)) {
        Some(best) => diag.with_help(format!("did you mean `@{best}`?")),
        None => diag.with_help(format!(
            "declare it: `directive @{} on {}`",
            d.name,
            place.as_str()
        )),
    };
    if AMPLIFY_DIRECTIVES.contains(&d.name.as_str()) {
        diag = diag.with_note(
            "this is an Amplify transformer directive: use the schema Amplify compiles \
             (amplify/backend/api/<name>/build/schema.graphql), which AppSync serves",
        );
    }
    diag
}

fn location_words(l: DirectiveLocation) -> &'static str {
    use DirectiveLocation::*;
    match l {
        Query => "query operations",
        Mutation => "mutation operations",
        Subscription => "subscription operations",
        Field => "fields in operations",
        FragmentDefinition => "fragment definitions",
        FragmentSpread => "fragment spreads",
        InlineFragment => "inline fragments",
        VariableDefinition => "variable definitions",
        Schema => "the schema definition",
        Scalar => "scalars",
        Object => "object types",
        FieldDefinition => "field definitions",
        ArgumentDefinition => "argument definitions",
        Interface => "interfaces",
        Union => "unions",
        Enum => "enums",
        EnumValue => "enum values",
        InputObject => "input objects",
        InputFieldDefinition => "input field definitions",
    }
}

#[cfg(test)]
mod tests {
    use crate::schema::test_support::{load, messages};
    use crate::schema::Schema;

    #[test]
    fn known_located_unrepeated_with_their_arguments() {
        let err = load(
            "type Query @deprecated { a: Int @include(if: true) b: Int @specifiedBy c: Int @deprecated(reson: \"x\") @deprecated }\nscalar S @specifiedBy(url: \"u\") @specifiedBy(url: \"v\")",
        )
        .unwrap_err();
        assert_eq!(
            messages(&err),
            [
                "directive `@deprecated` cannot be used on object types",
                "directive `@include` cannot be used on field definitions",
                "directive `@specifiedBy` cannot be used on field definitions",
                "directive `@specifiedBy` needs the argument `url: String!`",
                "directive `@deprecated` has no argument `reson`",
                "directive `@deprecated` is used twice on one element",
                "directive `@specifiedBy` is used twice on one element",
            ]
        );
        assert_eq!(err[0].help, ["`@deprecated` may be used on: field definitions, argument definitions, input field definitions, enum values"]);
        assert_eq!(err[4].help, ["did you mean `reason`?"]);
    }

    #[test]
    fn appsync_and_unknown_directives_warn() {
        let (_, warnings) =
            load("type Query @model { a: Int @aws_subscribe(mutation: [\"x\"]) }").expect("loads");
        assert_eq!(
            messages(&warnings),
            [
                "unknown directive `@model`",
                "directive `@aws_subscribe` has no argument `mutation`"
            ]
        );
        assert!(warnings[0].notes[0].contains("Amplify"));
        assert_eq!(warnings[1].help, ["did you mean `mutations`?"]);
    }

    #[test]
    fn repeatable_directives_repeat() {
        Schema::from_sdl("directive @tag(name: String!) repeatable on OBJECT | FIELD_DEFINITION\ntype Query @tag(name: \"a\") @tag(name: \"b\") { a: Int @tag(name: \"c\") }")
            .expect("repeatable directives repeat");
    }

    #[test]
    fn every_element_is_checked_at_its_location() {
        let err = load(
            "directive @o on OBJECT\ntype Query { a(x: Int @o): Int }\nenum E { A @o }\ninput I { f: Int @o }\ndirective @d(y: Int @o) on FIELD\nunion U @o = Query",
        )
        .unwrap_err();
        assert_eq!(
            messages(&err),
            [
                "directive `@o` cannot be used on argument definitions",
                "directive `@o` cannot be used on enum values",
                "directive `@o` cannot be used on input field definitions",
                "directive `@o` cannot be used on argument definitions",
                "directive `@o` cannot be used on unions",
            ]
        );
    }
}
