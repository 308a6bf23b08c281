//! Known directives: every directive used is defined by the schema (built-ins included).

use crate::diagnostic::Diagnostic;
use crate::validate::ctx::Ctx;
use crate::validate::visit::{DirectivesNode, Rule};

pub(crate) struct KnownDirectives;

impl<'a> Rule<'a> for KnownDirectives {
    fn directives(&mut self, cx: &mut Ctx<'a>, node: &DirectivesNode<'a>) {
        for d in node.list {
            if cx.schema.directives.contains_key(d.name.as_str()) {
                continue;
            }
            let at = cx.loc(node.file, d.head());
            let diag = Diagnostic::error(
                "known-directives",
                format!("unknown directive `@{}`", d.name),
                Some(at),
            )
            .with_label("not defined in the schema");
            let names = cx.schema.directives.keys().map(String::as_str);
            let diag = match crate::suggest::closest(&d.name, names) {
                Some(best) => diag.with_help(format!("did you mean `@{best}`?")),
                None => diag,
            };
            cx.report(diag);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::test_support::{invalid, one, valid};

    const CODE: &str = "known-directives";

    #[test]
    fn known() {
        valid(
            CODE,
            "{ dog @include(if: true) { name } human @skip(if: false) { name } }",
        );
        valid(CODE, "query Q @onQuery { dog @onField { ...F @onFragmentSpread } } fragment F on Dog @onFragmentDefinition { name }");
    }

    #[test]
    fn unknown() {
        invalid(
            CODE,
            "{ dog @unknown(directive: \"value\") { name } human @unknown2 { pets @onField { name } } }",
            &["unknown directive `@unknown`", "unknown directive `@unknown2`"],
        );
        let (d, at) = one(CODE, "{ dog {\n  name @inclde(if: true) } }");
        assert_eq!(at, (2, 8, 7));
        assert_eq!(d.help, ["did you mean `@include`?"]);
    }
}
