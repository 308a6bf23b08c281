//! Known type names: type conditions and variable types name types of the schema.

use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Span};
use crate::validate::ctx::{did_you_mean, Ctx, FragRef, OpRef, VariableDefinition};
use crate::validate::visit::{InlineNode, Rule};

pub(crate) struct KnownTypeNames;

fn check(cx: &mut Ctx, file: FileId, span: Span, name: &str) {
    if cx.schema.get(name).is_some() {
        return;
    }
    let at = cx.loc(file, span);
    let d = Diagnostic::error(
        "known-type-names",
        format!("unknown type `{name}`"),
        Some(at),
    )
    .with_label("not defined in the schema");
    let names = cx.schema.types.keys().map(String::as_str);
    let d = did_you_mean(d, name, names);
    cx.report(d);
}

impl<'a> Rule<'a> for KnownTypeNames {
    fn fragment(&mut self, cx: &mut Ctx<'a>, frag: &FragRef<'a>, _: usize) {
        let on = &frag.def.type_condition;
        check(cx, frag.file, on.span, on);
    }

    fn inline_fragment(&mut self, cx: &mut Ctx<'a>, node: &InlineNode<'a>) {
        if let Some(on) = &node.node.type_condition {
            check(cx, node.file, on.span, on);
        }
    }

    fn variable_definition(
        &mut self,
        cx: &mut Ctx<'a>,
        op: &OpRef<'a>,
        def: &'a VariableDefinition,
    ) {
        check(cx, op.file, def.type_name.span, &def.type_name);
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::test_support::{invalid, one, only};

    const CODE: &str = "known-type-names";

    #[test]
    fn known_types() {
        only("query Foo($var: String, $required: [Int!]!, $in: ComplexInput) { user: human(id: 4) { pets { ... on Pet { name } ...PetFields ... { name } } } } fragment PetFields on Pet { name }", &["no-unused-variables", "no-unused-variables", "no-unused-variables"]);
    }

    #[test]
    fn unknown_types() {
        invalid(
            CODE,
            "query Foo($var: JumbledUpLetters) { user: human(id: 4) { name pets { ... on Badger { name } ...PetFields } } } fragment PetFields on Peat { name }",
            &[
                "unknown type `JumbledUpLetters`",
                "unknown type `Badger`",
                "unknown type `Peat`",
            ],
        );
        let (d, at) = one(CODE, "{ dog { ...F } }\nfragment F on Dgo { name }");
        assert_eq!(at, (2, 15, 3));
        assert_eq!(d.help, ["did you mean `Dog`?"]);
        let (_, at) = one(CODE, "query Q($Cat: [Cat2!]) { dog { name } }");
        assert_eq!(at, (1, 16, 4));
    }
}
