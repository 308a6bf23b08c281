//! Fragments on composite types: a type condition names an object, interface or union.

use crate::diagnostic::Diagnostic;
use crate::source::Location;
use crate::validate::ctx::{Ctx, FragRef};
use crate::validate::visit::{InlineNode, Rule};

pub(crate) struct FragmentsOnCompositeTypes;

fn check(cx: &mut Ctx, at: impl FnOnce(&Ctx) -> Location, on: &str, subject: String) {
    match cx.schema.get(on) {
        Some(t) if !t.is_composite() => {
            let at = at(cx);
            cx.report(
                Diagnostic::error(
                    "fragments-on-composite-types",
                    format!("{subject} cannot condition on non-composite type `{on}`"),
                    Some(at),
                )
                .with_label("a scalar, enum or input type has no fields to select")
                .with_help("fragments apply to object, interface and union types"),
            );
        }
        _ => {}
    }
}

impl<'a> Rule<'a> for FragmentsOnCompositeTypes {
    fn fragment(&mut self, cx: &mut Ctx<'a>, frag: &FragRef<'a>, _: usize) {
        let on = frag.on();
        check(
            cx,
            |cx| cx.loc(frag.file, frag.def.type_condition.span),
            on,
            format!("fragment `{}`", frag.def.name),
        );
    }

    fn inline_fragment(&mut self, cx: &mut Ctx<'a>, node: &InlineNode<'a>) {
        if let Some(on) = &node.node.type_condition {
            let file = node.file;
            check(
                cx,
                |cx| cx.loc(file, on.span),
                on,
                "an inline fragment".to_owned(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::test_support::{invalid, one, valid};

    const CODE: &str = "fragments-on-composite-types";

    #[test]
    fn composite_conditions() {
        valid(CODE, "{ dog { ...F } } fragment F on Dog { barks }");
        valid(CODE, "{ dog { ...F } } fragment F on Pet { name }");
        valid(
            CODE,
            "{ catOrDog { ...F } } fragment F on CatOrDog { __typename }",
        );
        valid(CODE, "{ dog { ... on Dog { barks } ... { barks } } }");
    }

    #[test]
    fn leaf_and_input_conditions() {
        invalid(
            CODE,
            "{ dog { ...F } } fragment F on Boolean { bad }",
            &["fragment `F` cannot condition on non-composite type `Boolean`"],
        );
        invalid(
            CODE,
            "{ dog { ...F } } fragment F on FurColor { bad }",
            &["fragment `F` cannot condition on non-composite type `FurColor`"],
        );
        invalid(
            CODE,
            "{ dog { ...F } } fragment F on ComplexInput { stringField }",
            &["fragment `F` cannot condition on non-composite type `ComplexInput`"],
        );
        let (_, at) = one(CODE, "{ dog { ... on String { x } } }");
        assert_eq!(at, (1, 16, 6));
    }
}
