//! Known operation types (working draft, graphql-js 17): a mutation or subscription needs the
//! schema to define that root type.

use crate::diagnostic::Diagnostic;
use crate::validate::ctx::{Ctx, OpRef};
use crate::validate::visit::Rule;

pub(crate) struct KnownOperationTypes;

impl<'a> Rule<'a> for KnownOperationTypes {
    fn operation(&mut self, cx: &mut Ctx<'a>, op: &OpRef<'a>, _: usize) {
        if cx.schema.root(op.kind).is_some() {
            return;
        }
        let at = cx.loc(op.file, op.keyword_span);
        cx.report(
            Diagnostic::error(
                "known-operation-types",
                format!("the schema does not support {} operations", op.keyword()),
                Some(at),
            )
            .with_label(format!("the schema defines no {} root type", op.keyword()))
            .with_help(format!("the schema supports {}", supported(cx))),
        );
    }
}

/// "query operations (`Query`) and mutation operations (`Mutation`)".
fn supported(cx: &Ctx) -> String {
    use crate::schema::OperationType::*;
    let roots: Vec<String> = [Query, Mutation, Subscription]
        .into_iter()
        .filter_map(|k| {
            let root = cx.schema.root(k)?;
            Some(format!(
                "{} operations (`{}`)",
                crate::validate::ctx::keyword(k),
                root.name
            ))
        })
        .collect();
    roots.join(" and ")
}

#[cfg(test)]
mod tests {
    use crate::validate::test_support::{diagnostics_with, invalid, valid};

    const CODE: &str = "known-operation-types";

    #[test]
    fn defined_roots() {
        valid(CODE, "{ dog { name } }");
        valid(CODE, "subscription S { newMessage { body } }");
    }

    #[test]
    fn undefined_roots() {
        invalid(
            CODE,
            "mutation M { x }",
            &["the schema does not support mutation operations"],
        );
        let ds = diagnostics_with("type Query { a: Int }", "subscription S { a }");
        assert_eq!(
            ds[0].message,
            "the schema does not support subscription operations"
        );
    }
}
