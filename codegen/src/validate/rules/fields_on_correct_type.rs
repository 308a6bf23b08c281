//! Fields on correct type: a selected field exists on the type it is selected on.

use crate::diagnostic::Diagnostic;
use crate::validate::ctx::{did_you_mean, Ctx};
use crate::validate::visit::{FieldNode, Rule};

pub(crate) struct FieldsOnCorrectType;

impl<'a> Rule<'a> for FieldsOnCorrectType {
    fn field(&mut self, cx: &mut Ctx<'a>, node: &FieldNode<'a>) {
        let (Some(parent), None) = (node.parent, node.def) else {
            return;
        };
        let name = node.field.name.as_str();
        let schema = cx.schema;
        let at = cx.loc(node.file, node.field.name.span);
        let mut d = Diagnostic::error(
            "fields-on-correct-type",
            format!("cannot query field `{name}` on type `{}`", parent.name),
            Some(at),
        )
        .with_label(format!("unknown field on `{}`", parent.name));
        // On an interface or union, the types that do have the field: inline fragments on
        // them are the likely fix (as graphql-js suggests).
        let holders: Vec<&str> = if parent.is_abstract() {
            schema
                .possible_types(&parent.name)
                .iter()
                .filter(|t| schema.field(t, name).is_some())
                .map(String::as_str)
                .collect()
        } else {
            Vec::new()
        };
        if let Some(first) = holders.first() {
            d = d.with_help(format!(
                "did you mean to use an inline fragment on `{first}`? (`... on {first} {{ {name} }}`)"
            ));
        } else {
            let names = parent
                .fields()
                .into_iter()
                .flat_map(|f| f.keys().map(String::as_str));
            d = did_you_mean(d, name, names);
        }
        cx.report(d);
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::test_support::{invalid, one, valid};

    const CODE: &str = "fields-on-correct-type";

    #[test]
    fn known_fields() {
        valid(CODE, "fragment F on Dog { name } { dog { ...F } }");
        valid(CODE, "{ dog { tn: __typename otherName: name } }");
        valid(CODE, "{ pet { name } catOrDog { __typename } }");
        valid(
            CODE,
            "{ __schema { queryType { name } } __type(name: \"Dog\") { name } }",
        );
        valid(
            CODE,
            "{ pet { ... on Dog { name barks } ... on Cat { meows } } }",
        );
    }

    #[test]
    fn unknown_fields() {
        invalid(
            CODE,
            "{ dog { meowVolume } }",
            &["cannot query field `meowVolume` on type `Dog`"],
        );
        invalid(
            CODE,
            "{ dog { unknown_pet_field { ... on Cat { unknown_cat_field } } } }",
            // Below an unknown field the type is known again inside a type condition.
            &[
                "cannot query field `unknown_pet_field` on type `Dog`",
                "cannot query field `unknown_cat_field` on type `Cat`",
            ],
        );
        invalid(
            CODE,
            "{ catOrDog { name } }",
            &["cannot query field `name` on type `CatOrDog`"],
        );
        invalid(
            CODE,
            "{ dog { ... on Dog { __schema { queryType { name } } } } }",
            &["cannot query field `__schema` on type `Dog`"],
        );
    }

    #[test]
    fn suggestions() {
        let (d, at) = one(CODE, "{ dog {\n  nickame } }");
        assert_eq!(at, (2, 3, 7));
        assert_eq!(d.help, ["did you mean `nickname`?"]);
        let (d, _) = one(CODE, "{ pet { barks } }");
        assert_eq!(
            d.help,
            ["did you mean to use an inline fragment on `Dog`? (`... on Dog { barks }`)"]
        );
        let (d, at) = one(CODE, "{ dog { alias: bark } }");
        assert_eq!(at, (1, 16, 4));
        assert_eq!(d.help, ["did you mean `barks`?"]);
    }
}
