//! Redefinition of built-ins: a schema may declare a built-in type or directive itself (AppSync
//! users declare AWS scalars); theirs wins, with a warning when it is not what the built-in is.
//! Asked while merging the built-ins in, before the other rules run.

use crate::diagnostic::Diagnostic;
use crate::schema::model::*;

/// A warning when the schema declares a built-in type as something else (theirs is used).
pub(in crate::schema) fn redefined_type(theirs: &TypeDef, builtin: &TypeDef) -> Option<Diagnostic> {
    if std::mem::discriminant(&theirs.kind) == std::mem::discriminant(&builtin.kind) {
        return None;
    }
    let (is, _) = theirs.kind.words();
    let (was, keyword) = builtin.kind.words();
    Some(
        Diagnostic::warning(
            "schema-builtin-redefined",
            format!(
                "`{}` is built in as {was}, but this schema defines it as {is}; its definition is used",
                theirs.name
            ),
            theirs.location,
        )
        .with_label("redefines a built-in type")
        .with_help(format!(
            "remove the definition, or declare it as `{keyword} {}`",
            theirs.name
        )),
    )
}

/// A warning when the schema declares a built-in directive with other arguments (theirs is
/// used). Other locations are fine: they only widen or narrow where it may go.
pub(in crate::schema) fn redefined_directive(
    theirs: &DirectiveDef,
    builtin: &DirectiveDef,
) -> Option<Diagnostic> {
    let same = theirs.arguments.len() == builtin.arguments.len()
        && theirs
            .arguments
            .values()
            .zip(builtin.arguments.values())
            .all(|(a, b)| a.name == b.name && a.ty == b.ty);
    if same {
        return None;
    }
    let args: Vec<String> = builtin
        .arguments
        .values()
        .map(|a| format!("{}: {}", a.name, a.ty))
        .collect();
    let builtin_sig = if args.is_empty() {
        format!("@{}", builtin.name)
    } else {
        format!("@{}({})", builtin.name, args.join(", "))
    };
    Some(
        Diagnostic::warning(
            "schema-builtin-redefined",
            format!(
                "directive `@{}` is built in as `{builtin_sig}`, but this schema declares other arguments; its declaration is used",
                theirs.name
            ),
            theirs.location,
        )
        .with_label("redefines a built-in directive")
        .with_help(format!("remove the declaration, or declare it as `{builtin_sig}`")),
    )
}

#[cfg(test)]
mod tests {
    use crate::schema::test_support::{load, messages};

    #[test]
    fn builtins_redeclared() {
        let (schema, warnings) = load(
            "scalar AWSJSON\ndirective @aws_subscribe(mutations: [String]) on FIELD_DEFINITION\ntype Query { a: AWSJSON }",
        )
        .expect("compatible redeclarations load");
        assert!(warnings.is_empty(), "{:?}", messages(&warnings));
        assert!(!schema.directives["aws_subscribe"].builtin);
        let (schema, warnings) =
            load("type AWSDate { y: Int }\ndirective @aws_api_key(k: Int) on OBJECT\ntype Query { a: AWSDate }")
                .expect("incompatible redeclarations load, theirs wins");
        assert_eq!(
            messages(&warnings),
            [
                "`AWSDate` is built in as a scalar, but this schema defines it as an object type; its definition is used",
                "directive `@aws_api_key` is built in as `@aws_api_key`, but this schema declares other arguments; its declaration is used",
            ]
        );
        assert!(schema.get("AWSDate").unwrap().is_composite());
    }

    #[test]
    fn declaring_an_aws_scalar_again_is_accepted() {
        let (schema, warnings) =
            load("scalar AWSDateTime\ntype Query { at: AWSDateTime }").expect("loads");
        assert!(warnings.is_empty(), "{:?}", messages(&warnings));
        assert!(!schema.get("AWSDateTime").unwrap().builtin);
    }
}
