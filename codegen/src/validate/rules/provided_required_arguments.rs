//! Provided required arguments: every non-null argument without a default is given.

use crate::diagnostic::Diagnostic;
use crate::validate::ctx::Ctx;
use crate::validate::visit::{ArgumentsNode, Owner, Rule};

pub(crate) struct ProvidedRequiredArguments;

impl<'a> Rule<'a> for ProvidedRequiredArguments {
    fn arguments(&mut self, cx: &mut Ctx<'a>, node: &ArgumentsNode<'a>) {
        for def in node.defs.values() {
            let required = def.ty.is_non_null() && def.default_value.is_none();
            if !required || node.given.iter().any(|a| a.name == def.name.as_str()) {
                continue;
            }
            let owner = node.owner.describe();
            let at = match node.owner {
                Owner::Field { node: f, .. } => cx.loc(node.file, f.name.span),
                Owner::Directive { node: d, .. } => cx.loc(node.file, d.head()),
            };
            let example = example(&def.ty);
            cx.report(
                Diagnostic::error(
                    "provided-required-arguments",
                    format!(
                        "{owner} argument `{}` of type `{}` is required, but it was not provided",
                        def.name, def.ty
                    ),
                    Some(at),
                )
                .with_label(format!("missing `{}: {}`", def.name, def.ty))
                .with_help(format!("add the argument: `({}: {example})`", def.name)),
            );
        }
    }
}

/// A placeholder showing the shape of a value of `ty`.
fn example(ty: &crate::schema::TypeRef) -> String {
    use crate::schema::TypeRef;
    match ty {
        TypeRef::NonNull(inner) => example(inner),
        TypeRef::List(inner) => format!("[{}]", example(inner)),
        TypeRef::Named(n) => match n.as_str() {
            "Int" => "1".into(),
            "Float" => "1.5".into(),
            "String" | "ID" => "\"...\"".into(),
            "Boolean" => "true".into(),
            other => format!("<{other}>"),
        },
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::test_support::{invalid, one, only, valid};

    const CODE: &str = "provided-required-arguments";

    #[test]
    fn provided() {
        valid(CODE, "{ complicatedArgs { multipleReqs(req1: 1, req2: 2) multipleOpts nonNullFieldWithDefault } }");
        valid(
            CODE,
            "{ complicatedArgs { multipleOptAndReq(req2: 2, req1: 1, opt1: 3) } }",
        );
        only(
            "{ dog @include(if: true) { unknownField(x: 1) } }",
            &["fields-on-correct-type"],
        );
        // A null for a required argument is values-of-correct-type's business.
        only(
            "{ complicatedArgs { multipleReqs(req1: null, req2: 2) } }",
            &["values-of-correct-type"],
        );
    }

    #[test]
    fn missing() {
        invalid(
            CODE,
            "{ complicatedArgs { multipleReqs(req2: 2) } }",
            &["field `ComplicatedArgs.multipleReqs` argument `req1` of type `Int!` is required, but it was not provided"],
        );
        invalid(
            CODE,
            "{ complicatedArgs { multipleReqs } }",
            &[
                "field `ComplicatedArgs.multipleReqs` argument `req1` of type `Int!` is required, but it was not provided",
                "field `ComplicatedArgs.multipleReqs` argument `req2` of type `Int!` is required, but it was not provided",
            ],
        );
        invalid(
            CODE,
            "{ dog @include { name @skip } }",
            &[
                "directive `@include` argument `if` of type `Boolean!` is required, but it was not provided",
                "directive `@skip` argument `if` of type `Boolean!` is required, but it was not provided",
            ],
        );
        let (d, at) = one(CODE, "{ dog @withArgs { name } }");
        assert_eq!(at, (1, 7, 9));
        assert_eq!(d.help, ["add the argument: `(required: 1)`"]);
    }
}
