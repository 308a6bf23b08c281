//! Input field uniqueness: an input object value gives each field once.

use std::collections::HashMap;

use crate::diagnostic::Diagnostic;
use crate::validate::ctx::{Ctx, ValueKind};
use crate::validate::visit::{Rule, ValueNode};

pub(crate) struct UniqueInputFieldNames;

impl<'a> Rule<'a> for UniqueInputFieldNames {
    fn value(&mut self, cx: &mut Ctx<'a>, node: &ValueNode<'a>) {
        let ValueKind::Object(fields) = &node.value.kind else {
            return;
        };
        if fields.len() < 2 {
            return;
        }
        let mut seen = HashMap::new();
        for field in fields {
            let at = cx.loc(node.file, field.name.span);
            match seen.get(field.name.as_str()) {
                Some(first) => {
                    let d = Diagnostic::error(
                        "unique-input-field-names",
                        format!("there can be only one input field named `{}`", field.name),
                        Some(at),
                    )
                    .with_label("given again")
                    .with_secondary(*first, "first given here")
                    .with_help("remove one of them");
                    cx.report(d);
                }
                None => {
                    seen.insert(field.name.as_str(), at);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::test_support::{invalid, one, only};

    const CODE: &str = "unique-input-field-names";

    #[test]
    fn unique() {
        only("{ field(arg: { f: true }) }", &["fields-on-correct-type"]);
        only(
            "{ field(arg1: { f: true }, arg2: { f: true }) }",
            &["fields-on-correct-type"],
        );
        only(
            "{ field(arg: { f1: \"value\", f2: \"value\", f3: \"value\" }) }",
            &["fields-on-correct-type"],
        );
        only(
            "{ field(arg: { deep: { deep: { id: 1 } }, id: 1 }) }",
            &["fields-on-correct-type"],
        );
        only(
            "{ field(arg: { f: \"a, f: b\" } ) }",
            &["fields-on-correct-type"],
        );
    }

    #[test]
    fn duplicated() {
        invalid(
            CODE,
            "{ field(arg: { f1: \"value\", f1: \"value\" }) }",
            &["there can be only one input field named `f1`"],
        );
        invalid(
            CODE,
            "{ field(arg: { f1: \"value\", f1: \"value\", f1: \"value\" }) }",
            &[
                "there can be only one input field named `f1`",
                "there can be only one input field named `f1`",
            ],
        );
        invalid(
            CODE,
            "{ field(arg: { f1: {f2: \"value\", f2: \"value\" }}) }",
            &["there can be only one input field named `f2`"],
        );
        invalid(
            CODE,
            "query Q($a: ComplexInput = { requiredField: true, requiredField: false }) { dog { name } }",
            &["there can be only one input field named `requiredField`"],
        );
        let (_, at) = one(CODE, "{ field(arg: [{ a: 1,\n  a: 2 }]) }");
        assert_eq!(at, (2, 3, 1));
    }
}
