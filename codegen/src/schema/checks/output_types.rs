//! Fields return output types: every field's type exists and is not an input object.

use super::{Cx, Rule};
use crate::diagnostic::Diagnostic;
use crate::schema::model::*;

pub(super) struct OutputTypes;

impl Rule for OutputTypes {
    fn field(&self, cx: &Cx<'_>, ty: &TypeDef, field: &FieldDef, out: &mut Vec<Diagnostic>) {
        let named = field.ty.named();
        match cx.get(named) {
            None => out.push(cx.unknown_type(named, field.location)),
            Some(t) if matches!(t.kind, TypeKind::InputObject { .. }) => out.push(
                Diagnostic::error(
                    "schema-output-type-expected",
                    format!("field `{}.{}` returns the input type `{named}`", ty.name, field.name),
                    field.location,
                )
                .with_help("fields return object, interface, union, enum or scalar types; input types are for arguments"),
            ),
            Some(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::schema::test_support::{at, load, messages};

    #[test]
    fn input_objects_are_not_output_types() {
        let err = load("input I { a: Int }\ntype Query { f: I }").unwrap_err();
        assert_eq!(
            messages(&err),
            ["field `Query.f` returns the input type `I`"]
        );
        assert_eq!(at(&err[0]), (2, 14, 1));
    }

    #[test]
    fn unknown_field_types_are_located_with_did_you_mean() {
        let err = load("type Query { user: Usr }\ntype User { id: ID! }").unwrap_err();
        assert_eq!(messages(&err), ["unknown type `Usr`"]);
        assert_eq!(err[0].help, ["did you mean `User`?"]);
        assert_eq!(at(&err[0]), (1, 14, 4));
    }
}
