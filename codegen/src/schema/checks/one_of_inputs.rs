//! `@oneOf` input objects: each field is nullable and has no default, since exactly one is
//! given.

use super::{strip, Cx, InputOwner, Rule};
use crate::diagnostic::Diagnostic;
use crate::schema::model::*;

pub(super) struct OneOfInputs;

impl Rule for OneOfInputs {
    fn input_value(
        &self,
        _: &Cx<'_>,
        owner: InputOwner<'_>,
        field: &InputValueDef,
        out: &mut Vec<Diagnostic>,
    ) {
        let InputOwner::InputObject(ty) = owner else {
            return;
        };
        let TypeKind::InputObject { one_of: true, .. } = ty.kind else {
            return;
        };
        if field.ty.is_non_null() || field.default_value.is_some() {
            out.push(
                Diagnostic::error(
                    "schema-one-of-field",
                    format!(
                        "field `{}.{}` of a `@oneOf` input must be nullable and have no default",
                        ty.name, field.name
                    ),
                    field.location,
                )
                .with_label("required or defaulted")
                .with_help(format!(
                    "declare it as `{}: {}`",
                    field.name,
                    strip(&field.ty)
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::schema::test_support::{load, messages, one_error};

    #[test]
    fn fields_are_nullable_without_defaults() {
        let d = one_error("input I @oneOf { a: Int! b: String }\ntype Query { f(i: I): Int }");
        assert_eq!(d.code, "schema-one-of-field");
        assert_eq!(
            d.message,
            "field `I.a` of a `@oneOf` input must be nullable and have no default"
        );
        assert_eq!(d.help, ["declare it as `a: Int`"]);
        let err = load(
            "input I @oneOf { a: Int = 1 }\ninput J { b: Int! }\ntype Query { f(i: I, j: J): Int }",
        )
        .unwrap_err();
        assert_eq!(
            messages(&err),
            ["field `I.a` of a `@oneOf` input must be nullable and have no default"]
        );
    }
}
