//! Unique directives per location: a non-repeatable directive appears at most once on a node.

use std::collections::HashMap;

use crate::diagnostic::Diagnostic;
use crate::validate::ctx::Ctx;
use crate::validate::visit::{DirectivesNode, Rule};

pub(crate) struct UniqueDirectivesPerLocation;

impl<'a> Rule<'a> for UniqueDirectivesPerLocation {
    fn directives(&mut self, cx: &mut Ctx<'a>, node: &DirectivesNode<'a>) {
        if node.list.len() < 2 {
            return;
        }
        let mut seen = HashMap::new();
        for d in node.list {
            // Unknown directives are reported once by known-directives.
            let Some(def) = cx.schema.directives.get(d.name.as_str()) else {
                continue;
            };
            if def.repeatable {
                continue;
            }
            let at = cx.loc(node.file, d.head());
            match seen.get(d.name.as_str()) {
                Some(first) => cx.report(
                    Diagnostic::error(
                        "unique-directives-per-location",
                        format!("the directive `@{}` can only be used once at this location", d.name),
                        Some(at),
                    )
                    .with_label("used again")
                    .with_secondary(*first, "first used here")
                    .with_help(format!(
                        "remove the repeated directive, or declare `@{}` `repeatable` in the schema",
                        d.name
                    )),
                ),
                None => {
                    seen.insert(d.name.as_str(), at);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::test_support::{invalid, one, only, valid};

    const CODE: &str = "unique-directives-per-location";

    #[test]
    fn unique_or_repeatable() {
        valid(CODE, "{ dog @onField { name } }");
        valid(CODE, "{ dog @skip(if: true) @include(if: true) { name } }");
        valid(CODE, "{ dog @onField { name @onField } }");
        valid(CODE, "{ dog @repeatable @repeatable { name } }");
        only(
            "{ dog @unknown @unknown { name } }",
            &["known-directives", "known-directives"],
        );
    }

    #[test]
    fn duplicated() {
        invalid(
            CODE,
            "{ dog @onField @onField @onField { name } }",
            &[
                "the directive `@onField` can only be used once at this location",
                "the directive `@onField` can only be used once at this location",
            ],
        );
        invalid(
            CODE,
            "query Q @onQuery @onQuery { dog { ...F @skip(if: true) @skip(if: false) } } fragment F on Dog @onFragmentDefinition @onFragmentDefinition { name }",
            &[
                "the directive `@onQuery` can only be used once at this location",
                "the directive `@skip` can only be used once at this location",
                "the directive `@onFragmentDefinition` can only be used once at this location",
            ],
        );
        let (_, at) = one(CODE, "{ dog @skip(if: true)\n  @skip(if: true) { name } }");
        assert_eq!(at, (2, 3, 5));
    }
}
