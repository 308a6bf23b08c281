//! Enum values: an enum has at least one value, and none is `true`, `false` or `null`, which
//! would read as those literals. (The SDL parser already refuses those three names, so only
//! introspection JSON reaches that check.)

use super::{Cx, Rule};
use crate::diagnostic::Diagnostic;
use crate::schema::model::*;

pub(super) struct EnumValues;

impl Rule for EnumValues {
    fn type_def(&self, _: &Cx<'_>, ty: &TypeDef, out: &mut Vec<Diagnostic>) {
        if matches!(&ty.kind, TypeKind::Enum { values } if values.is_empty()) {
            out.push(
                Diagnostic::error(
                    "schema-empty-enum",
                    format!("enum `{}` has no values", ty.name),
                    ty.location,
                )
                .with_label("no values")
                .with_help(format!("write `enum {} {{ A B }}`", ty.name)),
            );
        }
    }

    fn enum_value(
        &self,
        _: &Cx<'_>,
        ty: &TypeDef,
        value: &EnumValueDef,
        out: &mut Vec<Diagnostic>,
    ) {
        if matches!(value.name.as_str(), "true" | "false" | "null") {
            out.push(
                Diagnostic::error(
                    "schema-invalid-enum-value",
                    format!(
                        "enum `{}` cannot have the value `{}`: it would read as the literal `{}`",
                        ty.name, value.name, value.name
                    ),
                    value.location,
                )
                .with_label("reserved word")
                .with_help(format!("use `{}`", value.name.to_uppercase())),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::schema::test_support::{load, messages, one_error};

    #[test]
    fn empty_enum() {
        let d = one_error("enum E\ntype Query { e: E }");
        assert_eq!(d.message, "enum `E` has no values");
        assert_eq!(d.help, ["write `enum E { A B }`"]);
    }

    #[test]
    fn literal_names_in_sdl_are_syntax_errors() {
        let d = one_error("enum E { A true }\ntype Query { e: E }");
        assert_eq!(d.code, "syntax");
        assert_eq!(
            d.message,
            "an enum cannot have the value `true`: it would read as the literal `true`"
        );
        assert_eq!(d.help, ["use `TRUE`"]);
    }

    #[test]
    fn literal_names_in_introspection() {
        let json = r#"{"__schema": {"queryType": {"name": "Query"}, "types": [
            {"kind": "OBJECT", "name": "Query", "interfaces": [], "fields": [
                {"name": "e", "args": [], "type": {"kind": "ENUM", "name": "E"}}]},
            {"kind": "ENUM", "name": "E", "enumValues": [{"name": "A"}, {"name": "null"}]}
        ]}}"#;
        let err = load(json).unwrap_err();
        assert_eq!(
            messages(&err),
            ["enum `E` cannot have the value `null`: it would read as the literal `null`"]
        );
        assert_eq!(err[0].code, "schema-invalid-enum-value");
        assert_eq!(err[0].help, ["use `NULL`"]);
    }
}
