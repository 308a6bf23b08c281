//! Lone anonymous operation: an operation without a name must be the only one.

use crate::diagnostic::Diagnostic;
use crate::validate::ctx::{Ctx, OpRef};
use crate::validate::visit::Rule;

pub(crate) struct LoneAnonymousOperation;

impl<'a> Rule<'a> for LoneAnonymousOperation {
    fn operation(&mut self, cx: &mut Ctx<'a>, op: &OpRef<'a>, _: usize) {
        if op.name.is_some() || cx.operation_count < 2 {
            return;
        }
        let at = cx.loc(op.file, op.keyword_span);
        cx.report(
            Diagnostic::error(
                "lone-anonymous-operation",
                "this anonymous operation must be the only defined operation",
                Some(at),
            )
            .with_label("anonymous operation")
            .with_help(format!(
                "give it a name: `{} MyOperation {{ ... }}`",
                op.keyword()
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::test_support::{invalid, one, valid};

    const CODE: &str = "lone-anonymous-operation";

    #[test]
    fn one_anonymous_operation_is_fine() {
        valid(CODE, "{ dog { name } }");
        valid(CODE, "{ dog { ...F } } fragment F on Dog { name }");
        valid(CODE, "query A { dog { name } } query B { dog { name } }");
    }

    #[test]
    fn anonymous_among_others() {
        invalid(
            CODE,
            "{ dog { name } } { cat { name } }",
            &[
                "this anonymous operation must be the only defined operation",
                "this anonymous operation must be the only defined operation",
            ],
        );
        invalid(
            CODE,
            "{ dog { name } } mutation Foo { x }",
            &["this anonymous operation must be the only defined operation"],
        );
        let (d, at) = one(
            CODE,
            "query Q { dog { name } }\nsubscription { newMessage { body } }",
        );
        assert_eq!(at, (2, 1, 12));
        assert_eq!(
            d.help,
            ["give it a name: `subscription MyOperation { ... }`"]
        );
    }
}
