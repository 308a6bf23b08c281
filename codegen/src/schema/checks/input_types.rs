//! Arguments and input fields take input types: every argument's (of fields and directives)
//! and input field's type exists and is a scalar, enum or input object.

use super::{Cx, InputOwner, Rule};
use crate::diagnostic::Diagnostic;
use crate::schema::model::*;

pub(super) struct InputTypes;

impl Rule for InputTypes {
    fn input_value(
        &self,
        cx: &Cx<'_>,
        _: InputOwner<'_>,
        value: &InputValueDef,
        out: &mut Vec<Diagnostic>,
    ) {
        let named = value.ty.named();
        match cx.get(named) {
            None => out.push(cx.unknown_type(named, value.location)),
            Some(t) if !t.is_input() => out.push(
                Diagnostic::error(
                    "schema-input-type-expected",
                    format!(
                        "`{named}` is an output type and cannot be used for an argument or input field"
                    ),
                    value.location,
                )
                .with_help("declare an `input` type with the fields to accept"),
            ),
            Some(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::schema::test_support::{load, messages};

    #[test]
    fn output_types_are_not_input_types() {
        let err = load(
            "type T { a: Int }\ntype Query { f(t: T): Int }\ninput I { t: T }\ndirective @d(t: T) on FIELD",
        )
        .unwrap_err();
        assert_eq!(
            messages(&err),
            ["`T` is an output type and cannot be used for an argument or input field"; 3]
        );
        assert_eq!(
            err[0].help,
            ["declare an `input` type with the fields to accept"]
        );
    }
}
