//! Directives in valid locations: a directive is used only where its definition allows.

use crate::diagnostic::Diagnostic;
use crate::validate::ctx::Ctx;
use crate::validate::visit::{DirectivesNode, Rule};

pub(crate) struct DirectivesInValidLocations;

impl<'a> Rule<'a> for DirectivesInValidLocations {
    fn directives(&mut self, cx: &mut Ctx<'a>, node: &DirectivesNode<'a>) {
        for d in node.list {
            let Some(def) = cx.schema.directives.get(d.name.as_str()) else {
                continue;
            };
            if def.locations.contains(&node.location) {
                continue;
            }
            let at = cx.loc(node.file, d.head());
            let allowed: Vec<&str> = def.locations.iter().map(|l| l.as_str()).collect();
            cx.report(
                Diagnostic::error(
                    "directives-in-valid-locations",
                    format!(
                        "directive `@{}` may not be used on {}",
                        d.name,
                        node.location.as_str()
                    ),
                    Some(at),
                )
                .with_label("not allowed here")
                .with_help(format!(
                    "`@{}` may be used on {}",
                    d.name,
                    allowed.join(", ")
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::test_support::{invalid, one, only};

    const CODE: &str = "directives-in-valid-locations";

    #[test]
    fn well_placed() {
        only("query Q @onQuery { dog @onField { ...F @onFragmentSpread ... @onInlineFragment { name } } } fragment F on Dog @onFragmentDefinition { name } mutation M @onMutation { x } subscription S @onSubscription { newMessage { body } }", &["known-operation-types"]);
    }

    #[test]
    fn misplaced() {
        invalid(
            CODE,
            "query Q @onMutation { dog @onQuery { ...F @onField } } fragment F on Dog @onQuery { name }",
            &[
                "directive `@onMutation` may not be used on QUERY",
                "directive `@onQuery` may not be used on FIELD",
                "directive `@onField` may not be used on FRAGMENT_SPREAD",
                "directive `@onQuery` may not be used on FRAGMENT_DEFINITION",
            ],
        );
        invalid(
            CODE,
            "{ dog @deprecated { name } }",
            &["directive `@deprecated` may not be used on FIELD"],
        );
        let (d, at) = one(CODE, "query Q {\n  dog { ... @onField { name } } }");
        assert_eq!(at, (2, 13, 8));
        assert_eq!(d.help, ["`@onField` may be used on FIELD"]);
    }

    #[test]
    fn variable_definitions_are_a_location() {
        only(
            "query Q($a: Boolean! @onVariableDefinition) { dog @include(if: $a) { name } }",
            &[],
        );
        let (_, at) = one(
            CODE,
            "query Q($a: Boolean! @onField) { dog @include(if: $a) { name } }",
        );
        assert_eq!(at, (1, 22, 8));
        invalid(
            "unique-directives-per-location",
            "query Q($a: Boolean! @onVariableDefinition @onVariableDefinition) { dog @include(if: $a) { name } }",
            &["the directive `@onVariableDefinition` can only be used once at this location"],
        );
    }
}
