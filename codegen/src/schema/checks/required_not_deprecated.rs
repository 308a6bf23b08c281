//! Required arguments and input fields cannot be deprecated: a non-null one without a default
//! must always be given, so callers could never stop using it.

use super::{strip, Cx, InputOwner, Rule};
use crate::diagnostic::Diagnostic;
use crate::schema::model::*;

pub(super) struct RequiredNotDeprecated;

impl Rule for RequiredNotDeprecated {
    fn input_value(
        &self,
        _: &Cx<'_>,
        owner: InputOwner<'_>,
        v: &InputValueDef,
        out: &mut Vec<Diagnostic>,
    ) {
        if v.deprecation.is_some() && v.ty.is_non_null() && v.default_value.is_none() {
            out.push(
                Diagnostic::error(
                    "schema-required-deprecated",
                    format!(
                        "{} is required, so it cannot be deprecated",
                        owner.describe(v)
                    ),
                    v.location,
                )
                .with_label("required and deprecated")
                .with_help(format!(
                    "make it optional (`{}: {}`) or give it a default value before deprecating it",
                    v.name,
                    strip(&v.ty)
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::schema::test_support::{load, messages, one_error};
    use crate::schema::Schema;

    #[test]
    fn required_arguments_and_input_fields() {
        let d = one_error("type Query { f(a: Int! @deprecated): Int }");
        assert_eq!(d.code, "schema-required-deprecated");
        assert_eq!(
            d.message,
            "argument `Query.f(a:)` is required, so it cannot be deprecated"
        );
        assert_eq!(
            d.help,
            ["make it optional (`a: Int`) or give it a default value before deprecating it"]
        );
        let err = load(
            "type Query { a: Int }\ninput I { x: [Int]! @deprecated }\ndirective @d(y: ID! @deprecated) on FIELD",
        )
        .unwrap_err();
        assert_eq!(
            messages(&err),
            [
                "input field `I.x` is required, so it cannot be deprecated",
                "argument `@d(y:)` is required, so it cannot be deprecated",
            ]
        );
    }

    #[test]
    fn optional_or_defaulted_may_be_deprecated() {
        Schema::from_sdl("type Query { f(a: Int! = 1 @deprecated, b: Int @deprecated): Int }")
            .expect("a required argument with a default may be deprecated");
    }
}
