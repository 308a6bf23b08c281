//! Executable definitions: a document holds only operations and fragments. The parser reads
//! type system definitions in a document too; each is reported here, at its keyword.

use crate::diagnostic::Diagnostic;
use crate::validate::ctx::Ctx;
use crate::validate::visit::Rule;

pub(crate) struct ExecutableDefinitions;

impl<'a> Rule<'a> for ExecutableDefinitions {
    fn finish(&mut self, cx: &mut Ctx<'a>) {
        for &(file, def) in &cx.type_system.clone() {
            let word = def.keyword.as_str();
            let what = match word {
                "extend" => "a type extension".to_owned(),
                "schema" => "the schema definition".to_owned(),
                "directive" => "a directive definition".to_owned(),
                other => format!("{} {other} definition", article(other)),
            };
            let at = cx.loc(file, def.keyword.span);
            cx.report(
                Diagnostic::error(
                    "executable-definitions",
                    format!(
                        "{what} is not executable: a document holds only operations and fragments"
                    ),
                    Some(at),
                )
                .with_label("schema definition in a document")
                .with_help("move it to the schema file"),
            );
        }
    }
}

fn article(word: &str) -> &'static str {
    if matches!(
        word.as_bytes().first(),
        Some(b'a' | b'e' | b'i' | b'o' | b'u')
    ) {
        "an"
    } else {
        "a"
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::test_support::{diagnostics, invalid, valid};

    const CODE: &str = "executable-definitions";

    #[test]
    fn operations_and_fragments_are_executable() {
        valid(CODE, "query Foo { dog { name } }");
        valid(
            CODE,
            "query Foo { dog { ...Frag } } fragment Frag on Dog { name }",
        );
    }

    #[test]
    fn type_definitions_are_not() {
        invalid(
            CODE,
            "query Foo { dog { name } }\ntype Cow { name: String }\nextend type Dog { color: String }",
            &[
                "a type definition is not executable: a document holds only operations and fragments",
                "a type extension is not executable: a document holds only operations and fragments",
            ],
        );
        invalid(
            CODE,
            "\"described\"\nschema { query: QueryRoot }",
            &["the schema definition is not executable: a document holds only operations and fragments"],
        );
        invalid(
            CODE,
            "{ dog { name } } input In { a: Int }",
            &["an input definition is not executable: a document holds only operations and fragments"],
        );
        let d = &diagnostics("query Foo { dog { name } }\n  type Cow { name: String }")[0];
        let loc = d.location.unwrap();
        assert_eq!((loc.start.line, loc.start.column, loc.len), (2, 3, 4));
    }

    #[test]
    fn field_names_like_keywords_are_fine() {
        // `type` as a field or argument name inside selections is not a definition.
        let ds = diagnostics("{ dog { type } }");
        assert!(ds.iter().all(|d| d.code != CODE), "{ds:?}");
    }
}
