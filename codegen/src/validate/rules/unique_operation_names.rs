//! Operation name uniqueness, across every document of the project.

use std::collections::HashMap;

use crate::diagnostic::Diagnostic;
use crate::source::Location;
use crate::validate::ctx::{Ctx, OpRef};
use crate::validate::visit::Rule;

#[derive(Default)]
pub(crate) struct UniqueOperationNames<'a> {
    seen: HashMap<&'a str, Location>,
}

impl<'a> Rule<'a> for UniqueOperationNames<'a> {
    fn operation(&mut self, cx: &mut Ctx<'a>, op: &OpRef<'a>, _: usize) {
        let Some(name) = op.name else { return };
        let at = cx.loc(op.file, op.span);
        match self.seen.get(name) {
            Some(first) => cx.report(
                Diagnostic::error(
                    "unique-operation-names",
                    format!("there can be only one operation named `{name}`"),
                    Some(at),
                )
                .with_label("second operation with this name")
                .with_secondary(*first, "first defined here")
                .with_help("rename one of them: operation names are unique across the project"),
            ),
            None => {
                self.seen.insert(name, at);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::test_support::{invalid, one, only, valid};

    const CODE: &str = "unique-operation-names";

    #[test]
    fn distinct_names_and_anonymous_are_fine() {
        valid(CODE, "fragment F on Dog { name } { dog { ...F } }");
        valid(
            CODE,
            "query Foo { dog { name } } query Bar { dog { name } }",
        );
        only(
            "query Foo { dog { name } } fragment Foo on Dog { name }",
            &["no-unused-fragments"],
        );
    }

    #[test]
    fn same_name_twice_even_across_kinds() {
        invalid(
            CODE,
            "query Foo { dog { name } } query Foo { cat { name } }",
            &["there can be only one operation named `Foo`"],
        );
        invalid(
            CODE,
            "query Foo { dog { name } } subscription Foo { newMessage { body } }",
            &["there can be only one operation named `Foo`"],
        );
        let (d, at) = one(
            CODE,
            "query Foo { a: dog { name } }\nquery Foo { dog { name } }",
        );
        assert_eq!(at, (2, 7, 3));
        assert_eq!(d.secondary[0].location.start.column, 7);
    }
}
