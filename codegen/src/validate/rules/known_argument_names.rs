//! Known argument names: every argument given to a field or directive is defined for it.

use crate::diagnostic::Diagnostic;
use crate::validate::ctx::{did_you_mean, Ctx};
use crate::validate::visit::{ArgumentsNode, Owner, Rule};

pub(crate) struct KnownArgumentNames;

impl<'a> Rule<'a> for KnownArgumentNames {
    fn arguments(&mut self, cx: &mut Ctx<'a>, node: &ArgumentsNode<'a>) {
        for arg in node.given {
            let name = arg.name.as_str();
            if node.defs.contains_key(name) {
                continue;
            }
            let owner = node.owner.describe();
            let at = cx.loc(node.file, arg.name.span);
            let label = match node.owner {
                Owner::Field { .. } => "not an argument of this field",
                Owner::Directive { .. } => "not an argument of this directive",
            };
            let d = Diagnostic::error(
                "known-argument-names",
                format!("unknown argument `{name}` on {owner}"),
                Some(at),
            )
            .with_label(label);
            let d = if node.defs.is_empty() {
                d.with_help(format!("{owner} takes no arguments"))
            } else {
                let d = did_you_mean(d, name, node.defs.keys().map(String::as_str));
                if d.help.is_empty() {
                    let list: Vec<String> = node
                        .defs
                        .values()
                        .map(|a| format!("`{}: {}`", a.name, a.ty))
                        .collect();
                    d.with_help(format!("{owner} takes {}", list.join(", ")))
                } else {
                    d
                }
            };
            cx.report(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::test_support::{invalid, one, only, valid};

    const CODE: &str = "known-argument-names";

    #[test]
    fn known() {
        valid(
            CODE,
            "{ dog { doesKnowCommand(dogCommand: SIT) isAtLocation(y: 1, x: 2) } }",
        );
        valid(CODE, "{ dog @skip(if: true) { name } }");
        // Unknown fields and directives are other rules' business.
        only(
            "{ dog { unknown(arg: 1) @unknown(arg: 2) } }",
            &["fields-on-correct-type", "known-directives"],
        );
        valid(
            CODE,
            "{ dog { isHouseTrained(atOtherHomes: true) @include(if: true) } }",
        );
    }

    #[test]
    fn unknown() {
        invalid(
            CODE,
            "{ dog { doesKnowCommand(whoKnows: 1, dogCommand: SIT, unknown: true) } }",
            &[
                "unknown argument `whoKnows` on field `Dog.doesKnowCommand`",
                "unknown argument `unknown` on field `Dog.doesKnowCommand`",
            ],
        );
        invalid(
            CODE,
            "{ dog @skip(unless: true) { name } }",
            &["unknown argument `unless` on directive `@skip`"],
        );
        invalid(
            CODE,
            "{ dog { barks(loud: true) } }",
            &["unknown argument `loud` on field `Dog.barks`"],
        );
        let (d, at) = one(CODE, "{ dog {\n  doesKnowCommand(dogcommand: SIT) } }");
        assert_eq!(at, (2, 19, 10));
        assert_eq!(d.help, ["did you mean `dogCommand`?"]);
        let (d, _) = one(CODE, "{ dog { barks(x: 1) } }");
        assert_eq!(d.help, ["field `Dog.barks` takes no arguments"]);
        let (d, _) = one(CODE, "{ dog { isAtLocation(radius: 1) } }");
        assert_eq!(
            d.help,
            ["field `Dog.isAtLocation` takes `x: Int`, `y: Int`"]
        );
    }
}
