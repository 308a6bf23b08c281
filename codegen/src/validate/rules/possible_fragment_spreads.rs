//! Possible fragment spreads: a fragment's type condition can apply to some object of the type
//! it is spread in.

use crate::diagnostic::Diagnostic;
use crate::validate::ctx::Ctx;
use crate::validate::visit::{InlineNode, Rule, SpreadNode};

pub(crate) struct PossibleFragmentSpreads;

/// graphql-js's doTypesOverlap: some object type is possible for both.
fn overlap(cx: &Ctx, a: &str, b: &str) -> bool {
    a == b || {
        let pb = cx.schema.possible_types(b);
        cx.schema.possible_types(a).iter().any(|t| pb.contains(t))
    }
}

impl<'a> Rule<'a> for PossibleFragmentSpreads {
    fn inline_fragment(&mut self, cx: &mut Ctx<'a>, node: &InlineNode<'a>) {
        let (Some(parent), Some(on)) = (node.parent, &node.node.type_condition) else {
            return;
        };
        if cx.composite(on).is_none() || overlap(cx, on, &parent.name) {
            return;
        }
        let at = cx.loc(node.file, on.span);
        cx.report(
            Diagnostic::error(
                "possible-fragment-spreads",
                format!(
                    "fragment cannot be spread here as objects of type `{}` can never be of type `{on}`",
                    parent.name
                ),
                Some(at),
            )
            .with_label(format!("never true inside `{}`", parent.name))
            .with_help(format!("remove the fragment, or move it to where a `{on}` can appear")),
        );
    }

    fn fragment_spread(&mut self, cx: &mut Ctx<'a>, node: &SpreadNode<'a>) {
        let Some(parent) = node.parent else { return };
        let name = node.node.fragment_name.as_str();
        let Some(frag) = cx.fragment(name) else {
            return;
        };
        let on = frag.on();
        if cx.composite(on).is_none() || overlap(cx, on, &parent.name) {
            return;
        }
        let at = cx.loc(node.file, node.node.fragment_name.span);
        cx.report(
            Diagnostic::error(
                "possible-fragment-spreads",
                format!(
                    "fragment `{name}` cannot be spread here as objects of type `{}` can never be of type `{on}`",
                    parent.name
                ),
                Some(at),
            )
            .with_label(format!("`{name}` is on `{on}`, never true inside `{}`", parent.name)),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::test_support::{invalid, one, only, valid};

    const CODE: &str = "possible-fragment-spreads";

    #[test]
    fn possible() {
        valid(CODE, "{ dog { ...D } } fragment D on Dog { barks }");
        valid(
            CODE,
            "{ dog { ... on Dog { barks } ... on Pet { name } ... on CatOrDog { __typename } } }",
        );
        valid(
            CODE,
            "{ pet { ... on Dog { barks } ... on Canine { name } } }",
        );
        valid(
            CODE,
            "{ catOrDog { ... on Pet { name } ... on Cat { meows } } }",
        );
        valid(CODE, "{ dogOrHuman { ... on CatOrDog { __typename } } }");
        valid(
            CODE,
            "{ human { ... on Intelligent { iq } ... on Being { name } } }",
        );
        // Unknown types and fragments are other rules' business.
        only(
            "{ dog { ... on Unknown { x } ...Nope } }",
            &["known-type-names", "known-fragment-names"],
        );
    }

    #[test]
    fn impossible() {
        invalid(
            CODE,
            "{ dog { ... on Cat { meows } } }",
            &["fragment cannot be spread here as objects of type `Dog` can never be of type `Cat`"],
        );
        invalid(
            CODE,
            "{ dog { ...C } } fragment C on Cat { meows }",
            &["fragment `C` cannot be spread here as objects of type `Dog` can never be of type `Cat`"],
        );
        invalid(
            CODE,
            "{ pet { ... on HumanOrAlien { __typename } } }",
            &["fragment cannot be spread here as objects of type `Pet` can never be of type `HumanOrAlien`"],
        );
        invalid(
            CODE,
            "{ catOrDog { ...I } } fragment I on Intelligent { iq }",
            &["fragment `I` cannot be spread here as objects of type `CatOrDog` can never be of type `Intelligent`"],
        );
        let (_, at) = one(CODE, "{ dog {\n  ... on Alien { numEyes } } }");
        assert_eq!(at, (2, 10, 5));
    }
}
