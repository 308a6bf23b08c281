//! Argument uniqueness: a field or directive is given each argument once (whether or not the
//! field or directive is known).

use std::collections::HashMap;

use graphql_parser::Pos;

use crate::diagnostic::Diagnostic;
use crate::source::FileId;
use crate::validate::ctx::{Ctx, Value};
use crate::validate::visit::{DirectivesNode, FieldNode, Rule};

pub(crate) struct UniqueArgumentNames;

fn check(cx: &mut Ctx, file: FileId, pos: Pos, given: &[(String, Value)]) {
    if given.len() < 2 {
        return;
    }
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (name, _) in given {
        let count = seen.entry(name).or_insert(0);
        *count += 1;
        if *count == 2 {
            // Every occurrence after the first, located by scanning the argument list.
            let at = nth_argument(cx, file, pos, name, 1);
            cx.report(
                Diagnostic::error(
                    "unique-argument-names",
                    format!("there can be only one argument named `{name}`"),
                    Some(at),
                )
                .with_label("given again")
                .with_help("remove one of them"),
            );
        } else if *count > 2 {
            let at = nth_argument(cx, file, pos, name, *count - 1);
            cx.report(
                Diagnostic::error(
                    "unique-argument-names",
                    format!("there can be only one argument named `{name}`"),
                    Some(at),
                )
                .with_label("given again")
                .with_help("remove one of them"),
            );
        }
    }
}

/// The `n`-th (0-based) occurrence of argument `name` after `pos`.
fn nth_argument(cx: &Ctx, file: FileId, pos: Pos, name: &str, n: usize) -> crate::source::Location {
    let mut at = cx.argument_at(file, pos, name);
    for _ in 0..n {
        let next = Pos {
            line: at.start.line,
            column: at.start.column + 1,
        };
        // Continue the scan inside the same list, just past the previous occurrence.
        at = match crate::scan::find_name(&cx.sources.get(file).text, offset(cx, file, next), name)
        {
            Some(o) => crate::source::Location {
                file,
                start: cx.sources.get(file).line_col(o),
                len: name.chars().count(),
            },
            None => at,
        };
    }
    at
}

fn offset(cx: &Ctx, file: FileId, pos: Pos) -> usize {
    cx.sources.get(file).offset(crate::source::LineCol {
        line: pos.line,
        column: pos.column,
    })
}

impl<'a> Rule<'a> for UniqueArgumentNames {
    fn field(&mut self, cx: &mut Ctx<'a>, node: &FieldNode<'a>) {
        check(cx, node.file, node.field.position, &node.field.arguments);
    }

    fn directives(&mut self, cx: &mut Ctx<'a>, node: &DirectivesNode<'a>) {
        for d in node.list {
            check(cx, node.file, d.position, &d.arguments);
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
