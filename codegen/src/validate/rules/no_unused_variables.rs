//! No unused variables: every variable an operation declares is used by it, directly or in the
//! fragments it spreads.

use crate::diagnostic::Diagnostic;
use crate::validate::ctx::{Ctx, OpRef};

use super::variable_usages::Usage;

/// Checks `op` against the usages of its variables (its own and its fragments').
pub(super) fn check<'a>(cx: &mut Ctx<'a>, op: &OpRef<'a>, usages: &[&Usage<'a>]) {
    for def in op.variables {
        if usages.iter().any(|u| u.name == def.name.as_str()) {
            continue;
        }
        let at = cx.loc(op.file, def.name.span);
        cx.report(
            Diagnostic::error(
                "no-unused-variables",
                format!(
                    "variable `${}` is never used in {}",
                    def.name,
                    op.describe()
                ),
                Some(at),
            )
            .with_label("declared here, used nowhere")
            .with_help("use it as an argument, or remove it"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::test_support::{invalid, one, only, valid};

    const CODE: &str = "no-unused-variables";

    #[test]
    fn used() {
        only(
            "query ($a: String, $b: String, $c: String) { field(a: $a, b: $b, c: $c) }",
            &["fields-on-correct-type"],
        );
        only("query Foo($a: String, $b: String) { ...FragA } fragment FragA on Type { field(a: $a) { ...FragB } } fragment FragB on Type { field(b: { x: [$b] }) }", &["known-type-names", "known-type-names"]);
        valid(CODE, "query Q($a: Boolean!) { ...F @include(if: $a) } fragment F on QueryRoot { dog { name } }");
    }

    #[test]
    fn unused() {
        invalid(
            CODE,
            "query ($a: String, $b: String, $c: String) { field(a: $a, b: $b) }",
            &["variable `$c` is never used in the anonymous operation"],
        );
        invalid(
            CODE,
            "query Foo($a: String) { ...FragA } query Bar($b: String) { ...FragA } fragment FragA on Type { field(a: $a) }",
            &["variable `$b` is never used in operation `Bar`"],
        );
        let (_, at) = one(CODE, "query Q(\n  $unused: Int) { dog { name } }");
        assert_eq!(at, (2, 3, 7));
    }
}
