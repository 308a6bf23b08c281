//! No undefined variables: every variable used by an operation, directly or in the fragments
//! it spreads, is declared by that operation.

use crate::diagnostic::Diagnostic;
use crate::validate::ctx::{Ctx, OpRef};

use super::variable_usages::Usage;

/// Checks `op` against the usages of its variables (its own and its fragments').
pub(super) fn check<'a>(cx: &mut Ctx<'a>, op: &OpRef<'a>, usages: &[&Usage<'a>]) {
    for u in usages {
        if op.variables.iter().any(|v| v.name == u.name) {
            continue;
        }
        let at = u.location(cx);
        let ty = u
            .expected
            .map_or_else(|| "<type>".to_owned(), ToString::to_string);
        let mut d = Diagnostic::error(
            "no-undefined-variables",
            format!("variable `${}` is not defined by {}", u.name, op.describe()),
            Some(at),
        )
        .with_label("used here, never declared");
        let declared = op.variables.iter().map(|v| v.name.as_str());
        if let Some(near) = crate::suggest::closest(u.name, declared) {
            d = d.with_help(format!("did you mean `${near}`?"));
        }
        let declare = format!("declare it in the operation: `(${}: {ty})`", u.name);
        cx.report(d.with_help(declare));
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::test_support::{invalid, one, only, valid};

    const CODE: &str = "no-undefined-variables";

    #[test]
    fn defined() {
        only(
            "query Foo($a: String, $b: String, $c: String) { field(a: $a, b: $b, c: $c) }",
            &["fields-on-correct-type"],
        );
        only("query Foo($a: String, $b: String) { ...FragA } fragment FragA on Type { field(a: $a) { ...FragB } } fragment FragB on Type { field(b: $b) }", &["known-type-names", "known-type-names"]);
        valid(
            CODE,
            "query Foo($a: Boolean!) { dog @include(if: $a) { name } }",
        );
    }

    #[test]
    fn undefined() {
        invalid(
            CODE,
            "query Foo($a: String, $b: String) { field(a: $a, b: $b, c: $c, d: [{ e: $d }]) }",
            &[
                "variable `$c` is not defined by operation `Foo`",
                "variable `$d` is not defined by operation `Foo`",
            ],
        );
        invalid(
            CODE,
            "{ field(a: $a) }",
            &["variable `$a` is not defined by the anonymous operation"],
        );
        // A fragment's usage is reported for each operation that spreads it.
        invalid(
            CODE,
            "query Foo($a: String) { ...FragA } query Bar { ...FragA } fragment FragA on Type { field(a: $a) }",
            &["variable `$a` is not defined by operation `Bar`"],
        );
    }

    #[test]
    fn located_at_the_variable_with_its_type() {
        let (d, at) = one(
            CODE,
            "query Q {\n  dog { doesKnowCommand(dogCommand: $cmd) } }",
        );
        assert_eq!(at, (2, 37, 4));
        assert_eq!(
            d.help,
            ["declare it in the operation: `($cmd: DogCommand)`"]
        );
        let (d, at) = one(
            CODE,
            "query Q { complicatedArgs { complexArgField(complexArg: { requiredField: true, stringListField: [\"a\", $s] }) } }",
        );
        assert_eq!(at, (1, 103, 2));
        assert_eq!(d.help, ["declare it in the operation: `($s: String)`"]);
        let (d, _) = one(
            CODE,
            "query Q($dogCommand: DogCommand) { dog { doesKnowCommand(dogCommand: $dogComand) } }",
        );
        assert_eq!(
            d.help,
            [
                "did you mean `$dogCommand`?",
                "declare it in the operation: `($dogComand: DogCommand)`"
            ]
        );
    }
}
