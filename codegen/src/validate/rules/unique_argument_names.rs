//! Argument uniqueness: a field or directive is given each argument once (whether or not the
//! field or directive is known).

use std::collections::HashSet;

use crate::diagnostic::Diagnostic;
use crate::source::FileId;
use crate::syntax::ast::Argument;
use crate::validate::ctx::Ctx;
use crate::validate::visit::{DirectivesNode, FieldNode, Rule};

pub(crate) struct UniqueArgumentNames;

fn check(cx: &mut Ctx, file: FileId, given: &[Argument]) {
    if given.len() < 2 {
        return;
    }
    let mut seen: HashSet<&str> = HashSet::new();
    for arg in given {
        // Every occurrence after the first.
        if !seen.insert(arg.name.as_str()) {
            let at = cx.loc(file, arg.name.span);
            cx.report(
                Diagnostic::error(
                    "unique-argument-names",
                    format!("there can be only one argument named `{}`", arg.name),
                    Some(at),
                )
                .with_label("given again")
                .with_help("remove one of them"),
            );
        }
    }
}

impl<'a> Rule<'a> for UniqueArgumentNames {
    fn field(&mut self, cx: &mut Ctx<'a>, node: &FieldNode<'a>) {
        check(cx, node.file, &node.field.arguments);
    }

    fn directives(&mut self, cx: &mut Ctx<'a>, node: &DirectivesNode<'a>) {
        for d in node.list {
            check(cx, node.file, &d.arguments);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::test_support::{invalid, one, only};

    const CODE: &str = "unique-argument-names";

    #[test]
    fn unique() {
        only(
            "{ field(arg1: \"value\", arg2: \"value\") @directive(arg1: 1, arg2: 2) }",
            &["fields-on-correct-type", "known-directives"],
        );
        only(
            "{ a: field(arg: 1) b: field(arg: 2) }",
            &["fields-on-correct-type", "fields-on-correct-type"],
        );
        only(
            "{ field(arg1: { arg1: 1, arg1: 2 }) }",
            &["fields-on-correct-type", "unique-input-field-names"],
        );
    }

    #[test]
    fn duplicated() {
        invalid(
            CODE,
            "{ field(arg1: \"value\", arg1: \"value\", arg1: \"value\") @directive(arg1: 1, arg1: 2) }",
            &[
                "there can be only one argument named `arg1`",
                "there can be only one argument named `arg1`",
                "there can be only one argument named `arg1`",
            ],
        );
        let (_, at) = one(CODE, "{ dog { isAtLocation(x: 1,\n x: 2) } }");
        assert_eq!(at, (2, 2, 1));
    }
}
