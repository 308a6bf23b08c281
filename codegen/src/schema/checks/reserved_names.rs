//! Reserved names: no type, field, argument, input field, enum value or directive of the schema
//! may begin with `__`, which introspection's names do.

use super::{Cx, InputOwner, Rule};
use crate::diagnostic::Diagnostic;
use crate::schema::model::*;
use crate::source::Location;

pub(super) struct ReservedNames;

fn check(name: &str, what: &str, at: Option<Location>, out: &mut Vec<Diagnostic>) {
    if name.starts_with("__") {
        out.push(
            Diagnostic::error(
                "schema-reserved-name",
                format!("{what} name `{name}` must not begin with `__`, which is reserved for introspection"),
                at,
            )
            .with_label("reserved name")
            .with_help(format!("rename it to `{}`", name.trim_start_matches('_'))),
        );
    }
}

impl Rule for ReservedNames {
    fn type_def(&self, _: &Cx<'_>, ty: &TypeDef, out: &mut Vec<Diagnostic>) {
        check(&ty.name, "type", ty.location, out);
    }

    fn field(&self, _: &Cx<'_>, _: &TypeDef, field: &FieldDef, out: &mut Vec<Diagnostic>) {
        check(&field.name, "field", field.location, out);
    }

    fn input_value(
        &self,
        _: &Cx<'_>,
        _: InputOwner<'_>,
        value: &InputValueDef,
        out: &mut Vec<Diagnostic>,
    ) {
        check(&value.name, "argument or input field", value.location, out);
    }

    fn enum_value(&self, _: &Cx<'_>, _: &TypeDef, value: &EnumValueDef, out: &mut Vec<Diagnostic>) {
        check(&value.name, "enum value", value.location, out);
    }

    fn directive_def(&self, _: &Cx<'_>, def: &DirectiveDef, out: &mut Vec<Diagnostic>) {
        check(&def.name, "directive", def.location, out);
    }
}

#[cfg(test)]
mod tests {
    use crate::schema::test_support::{at, load, messages, one_error};

    #[test]
    fn type_names() {
        let d = one_error("type __Secret { a: Int }\ntype Query { s: __Secret }");
        assert_eq!(d.code, "schema-reserved-name");
        assert_eq!(
            d.message,
            "type name `__Secret` must not begin with `__`, which is reserved for introspection"
        );
        assert_eq!(d.help, ["rename it to `Secret`"]);
    }

    #[test]
    fn every_other_name() {
        let err = load(
            "type Query { __a(__b: Int): Int }\nenum E { __C }\ninput I { __d: Int }\ndirective @__e on FIELD",
        )
        .unwrap_err();
        assert_eq!(
            messages(&err),
            [
                "field name `__a` must not begin with `__`, which is reserved for introspection",
                "argument or input field name `__b` must not begin with `__`, which is reserved for introspection",
                "enum value name `__C` must not begin with `__`, which is reserved for introspection",
                "argument or input field name `__d` must not begin with `__`, which is reserved for introspection",
                "directive name `__e` must not begin with `__`, which is reserved for introspection",
            ]
        );
        assert_eq!(at(&err[1]), (1, 18, 3));
    }
}
