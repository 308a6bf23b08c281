//! Variable uniqueness: an operation declares each variable once.

use std::collections::HashMap;

use crate::diagnostic::Diagnostic;
use crate::validate::ctx::{Ctx, OpRef};
use crate::validate::visit::Rule;

pub(crate) struct UniqueVariableNames;

impl<'a> Rule<'a> for UniqueVariableNames {
    fn operation(&mut self, cx: &mut Ctx<'a>, op: &OpRef<'a>, _: usize) {
        let mut seen = HashMap::new();
        for def in op.variables {
            let at = cx.loc(op.file, def.name.span);
            match seen.get(def.name.as_str()) {
                Some(first) => cx.report(
                    Diagnostic::error(
                        "unique-variable-names",
                        format!("there can be only one variable named `${}`", def.name),
                        Some(at),
                    )
                    .with_label("declared again")
                    .with_secondary(*first, "first declared here")
                    .with_help("remove or rename one of them"),
                ),
                None => {
                    seen.insert(def.name.as_str(), at);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::test_support::{invalid, one, only};

    const CODE: &str = "unique-variable-names";

    #[test]
    fn unique() {
        only("query A($x: Int, $y: String) { __typename } query B($x: String, $y: Int) { __typename }", &["no-unused-variables", "no-unused-variables", "no-unused-variables", "no-unused-variables"]);
    }

    #[test]
    fn duplicates() {
        invalid(
            CODE,
            "query A($x: Int, $x: Int, $x: String) { __typename } query B($y: String, $y: Int) { __typename }",
            &[
                "there can be only one variable named `$x`",
                "there can be only one variable named `$x`",
                "there can be only one variable named `$y`",
            ],
        );
        let (_, at) = one(CODE, "query A($x: Int,\n $x: Int) { __typename }");
        assert_eq!(at, (2, 2, 2));
    }
}
