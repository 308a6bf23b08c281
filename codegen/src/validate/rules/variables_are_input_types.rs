//! Variables are input types: scalars, enums and input objects (in lists and non-null).

use crate::diagnostic::Diagnostic;
use crate::schema::TypeRef;
use crate::validate::ctx::{Ctx, OpRef, VariableDefinition};
use crate::validate::visit::Rule;

pub(crate) struct VariablesAreInputTypes;

impl<'a> Rule<'a> for VariablesAreInputTypes {
    fn variable_definition(
        &mut self,
        cx: &mut Ctx<'a>,
        op: &OpRef<'a>,
        def: &'a VariableDefinition,
    ) {
        let ty = TypeRef::from(&def.var_type);
        let Some(named) = cx.schema.get(ty.named()) else {
            return;
        };
        if named.is_input() {
            return;
        }
        let at = cx.loc(op.file, def.type_name.span);
        cx.report(
            Diagnostic::error(
                "variables-are-input-types",
                format!(
                    "variable `${}` cannot be of non-input type `{ty}`",
                    def.name
                ),
                Some(at),
            )
            .with_label(format!("`{}` is an output type", ty.named()))
            .with_help("variables take scalars, enums and input objects"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::test_support::{invalid, one, only};

    const CODE: &str = "variables-are-input-types";

    #[test]
    fn input_types() {
        only("query Foo($a: Unknown, $b: [Boolean!]!, $c: ComplexInput, $d: FurColor) { field(a: $a, b: $b, c: $c, d: $d) }", &["known-type-names", "fields-on-correct-type"]);
    }

    #[test]
    fn output_types() {
        invalid(
            CODE,
            "query Foo($a: Dog, $b: [[CatOrDog!]]!, $c: Pet) { field(a: $a, b: $b, c: $c) }",
            &[
                "variable `$a` cannot be of non-input type `Dog`",
                "variable `$b` cannot be of non-input type `[[CatOrDog!]]!`",
                "variable `$c` cannot be of non-input type `Pet`",
            ],
        );
        let (_, at) = one(CODE, "query Foo($Dog: [Dog]) { dog { name } }");
        assert_eq!(at, (1, 18, 3));
    }
}
