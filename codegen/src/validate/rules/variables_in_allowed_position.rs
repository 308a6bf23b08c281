//! Variables in allowed position: a variable's declared type fits every place it is used
//! (the specification's IsVariableUsageAllowed: AreTypesCompatible, with a nullable variable
//! allowed in a non-null place when the variable or the place has a default). A variable given
//! for a field of a `@oneOf` input object must be non-null.

use crate::diagnostic::Diagnostic;
use crate::schema::TypeRef;
use crate::validate::ctx::{Ctx, OpRef, ValueKind};

use super::variable_usages::Usage;

/// Checks `op` against the usages of its variables (its own and its fragments').
pub(super) fn check<'a>(cx: &mut Ctx<'a>, op: &OpRef<'a>, usages: &[&Usage<'a>]) {
    for u in usages {
        let Some(def) = op.variables.iter().find(|v| v.name == u.name) else {
            continue;
        };
        let var_ty = TypeRef::from(&def.var_type);
        // Unknown variable types are reported by known-type-names.
        if cx.schema.get(var_ty.named()).is_none() {
            continue;
        }
        let Some(expected) = u.expected else { continue };
        let var_default = matches!(&def.default_value, Some(v) if v.kind != ValueKind::Null);
        if !allowed(&var_ty, var_default, expected, u.location_default) {
            let at = u.location(cx);
            let decl = cx.loc(op.file, def.name.span);
            cx.report(
                    Diagnostic::error(
                        "variables-in-allowed-position",
                        format!(
                            "variable `${}` of type `{var_ty}` used in position expecting type `{expected}`",
                            u.name
                        ),
                        Some(at),
                    )
                    .with_label(format!("expects `{expected}`"))
                    .with_secondary(decl, format!("declared as `{var_ty}`"))
                    .with_help(format!("declare it as `${}: {expected}`", u.name)),
                );
        } else if u.one_of_field && !var_ty.is_non_null() {
            let at = u.location(cx);
            cx.report(
                    Diagnostic::error(
                        "variables-in-allowed-position",
                        format!(
                            "variable `${}` of type `{var_ty}` must be non-null to be used for a field of a `@oneOf` input object",
                            u.name
                        ),
                        Some(at),
                    )
                    .with_label("exactly one field, and it cannot be null")
                    .with_help(format!("declare it as `${}: {var_ty}!`", u.name)),
                );
        }
    }
}

/// The specification's IsVariableUsageAllowed.
fn allowed(var: &TypeRef, var_default: bool, location: &TypeRef, location_default: bool) -> bool {
    if let (TypeRef::NonNull(inner), false) = (location, var.is_non_null()) {
        return (var_default || location_default) && compatible(var, inner);
    }
    compatible(var, location)
}

/// The specification's AreTypesCompatible, iteratively.
fn compatible(mut var: &TypeRef, mut location: &TypeRef) -> bool {
    loop {
        match (var, location) {
            (TypeRef::NonNull(v), TypeRef::NonNull(l)) => (var, location) = (v, l),
            (_, TypeRef::NonNull(_)) => return false,
            (TypeRef::NonNull(v), _) => var = v,
            (TypeRef::List(v), TypeRef::List(l)) => (var, location) = (v, l),
            (_, TypeRef::List(_)) | (TypeRef::List(_), _) => return false,
            (TypeRef::Named(v), TypeRef::Named(l)) => return v == l,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::test_support::{invalid, one, valid};

    const CODE: &str = "variables-in-allowed-position";

    #[test]
    fn allowed_positions() {
        valid(
            CODE,
            "query Q($b: Boolean) { complicatedArgs { booleanArgField(booleanArg: $b) } }",
        );
        valid(
            CODE,
            "query Q($b: Boolean!) { complicatedArgs { booleanArgField(booleanArg: $b) } }",
        );
        valid(
            CODE,
            "query Q($i: Int!) { complicatedArgs { nonNullIntArgField(nonNullIntArg: $i) } }",
        );
        valid(
            CODE,
            "query Q($s: [String]) { complicatedArgs { stringListArgField(stringListArg: $s) } }",
        );
        valid(
            CODE,
            "query Q($s: [String!]!) { complicatedArgs { stringListArgField(stringListArg: $s) } }",
        );
        valid(
            CODE,
            "query Q($s: String) { complicatedArgs { stringListArgField(stringListArg: [$s]) } }",
        );
        valid(CODE, "query Q($b: Boolean!) { complicatedArgs { complexArgField(complexArg: { requiredField: $b }) } }");
        valid(
            CODE,
            "query Q($b: Boolean = true) { dog @include(if: $b) { name } }",
        );
        // A default on the argument, or on the variable, allows a nullable variable.
        valid(
            CODE,
            "query Q($i: Int) { complicatedArgs { nonNullFieldWithDefault(arg: $i) } }",
        );
        valid(
            CODE,
            "query Q($i: Int = 1) { complicatedArgs { nonNullIntArgField(nonNullIntArg: $i) } }",
        );
        valid(CODE, "query Q($b: Boolean) { complicatedArgs { complexArgField(complexArg: { requiredField: true, nonNullField: $b }) } }");
        valid(
            CODE,
            "query Q($b: Boolean!) { ...F } fragment F on QueryRoot { complicatedArgs { booleanArgField(booleanArg: $b) } }",
        );
        valid(CODE, "query Q($s: String!) { complicatedArgs { oneOfArgField(oneOfArg: { stringField: $s }) } }");
    }

    #[test]
    fn disallowed_positions() {
        invalid(
            CODE,
            "query Q($i: Int) { complicatedArgs { nonNullIntArgField(nonNullIntArg: $i) } }",
            &["variable `$i` of type `Int` used in position expecting type `Int!`"],
        );
        invalid(
            CODE,
            "query Q($i: Int = null) { complicatedArgs { nonNullIntArgField(nonNullIntArg: $i) } }",
            &["variable `$i` of type `Int` used in position expecting type `Int!`"],
        );
        invalid(
            CODE,
            "query Q($s: String) { complicatedArgs { stringListNonNullArgField(stringListNonNullArg: [$s]) } }",
            &["variable `$s` of type `String` used in position expecting type `String!`"],
        );
        invalid(
            CODE,
            "query Q($s: String) { complicatedArgs { stringListArgField(stringListArg: $s) } }",
            &["variable `$s` of type `String` used in position expecting type `[String]`"],
        );
        invalid(
            CODE,
            "query Q($b: Boolean) { dog @include(if: $b) { name } }",
            &["variable `$b` of type `Boolean` used in position expecting type `Boolean!`"],
        );
        invalid(
            CODE,
            "query Q($c: FurColor) { dog { doesKnowCommand(dogCommand: $c) } }",
            &["variable `$c` of type `FurColor` used in position expecting type `DogCommand`"],
        );
        invalid(
            CODE,
            "query Q($i: Int) { ...F } fragment F on QueryRoot { complicatedArgs { nonNullIntArgField(nonNullIntArg: $i) } }",
            &["variable `$i` of type `Int` used in position expecting type `Int!`"],
        );
        invalid(
            CODE,
            "query Q($s: String) { complicatedArgs { oneOfArgField(oneOfArg: { stringField: $s }) } }",
            &["variable `$s` of type `String` must be non-null to be used for a field of a `@oneOf` input object"],
        );
        let (d, at) = one(
            CODE,
            "query Q($i: Int) {\n  complicatedArgs { nonNullIntArgField(nonNullIntArg: $i) } }",
        );
        assert_eq!(at, (2, 55, 2));
        assert_eq!(d.help, ["declare it as `$i: Int!`"]);
        assert_eq!(d.secondary[0].location.start.column, 9);
    }
}
