//! Known type names: type conditions and variable types name types of the schema.

use graphql_parser::query::TypeCondition;
use graphql_parser::Pos;

use crate::diagnostic::Diagnostic;
use crate::source::FileId;
use crate::validate::ctx::{did_you_mean, type_ref, Ctx, FragRef, OpRef, VariableDefinition};
use crate::validate::visit::{InlineNode, Rule};

pub(crate) struct KnownTypeNames;

fn check(
    cx: &mut Ctx,
    file: FileId,
    pos: Pos,
    name: &str,
    at: fn(&Ctx, FileId, Pos, &str) -> crate::source::Location,
) {
    if cx.schema.get(name).is_some() {
        return;
    }
    let at = at(cx, file, pos, name);
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
        check(
            cx,
            frag.file,
            frag.def.position,
            frag.on(),
            |cx, f, p, n| cx.condition_at(f, p, n),
        );
    }

    fn inline_fragment(&mut self, cx: &mut Ctx<'a>, node: &InlineNode<'a>) {
        if let Some(TypeCondition::On(on)) = &node.node.type_condition {
            check(cx, node.file, node.node.position, on, |cx, f, p, n| {
                cx.condition_at(f, p, n)
            });
        }
    }

    fn variable_definition(
        &mut self,
        cx: &mut Ctx<'a>,
        op: &OpRef<'a>,
        def: &'a VariableDefinition,
    ) {
        let ty = type_ref(&def.var_type);
        // Past `$name`: the type may repeat the variable's name.
        let mut pos = def.position;
        pos.column += 1 + def.name.len();
        check(cx, op.file, pos, ty.named(), |cx, f, p, n| {
            cx.name_at(f, p, n)
        });
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
