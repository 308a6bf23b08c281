//! Executable definitions: a document holds only operations and fragments. graphql-parser
//! refuses type system definitions with a bare syntax error; when a document does not parse,
//! this scan finds a schema definition at the top level and says so instead.

use crate::diagnostic::Diagnostic;
use crate::scan::{skip_comment, skip_string};
use crate::source::{FileId, SourceMap};

const SCHEMA_KEYWORDS: [&str; 9] = [
    "type",
    "interface",
    "union",
    "enum",
    "input",
    "scalar",
    "schema",
    "extend",
    "directive",
];

/// The diagnostic for the first type system definition at the top level of `file`, if any.
pub(crate) fn check_source(sources: &SourceMap, file: FileId) -> Option<Diagnostic> {
    let text = &sources.get(file).text;
    let bytes = text.as_bytes();
    let (mut i, mut depth, mut definition_start) = (0usize, 0usize, true);
    while i < bytes.len() {
        match bytes[i] {
            b'#' => i = skip_comment(bytes, i),
            // A description may precede a schema definition.
            b'"' => i = skip_string(bytes, i),
            b'{' | b'(' | b'[' => {
                depth += 1;
                i += 1;
            }
            b'}' | b')' | b']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    definition_start = true;
                }
                i += 1;
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let start = i;
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                let word = &text[start..i];
                if depth == 0 && definition_start && SCHEMA_KEYWORDS.contains(&word) {
                    let source = sources.get(file);
                    let what = match word {
                        "extend" => "a type extension".to_owned(),
                        "schema" => "the schema definition".to_owned(),
                        "directive" => "a directive definition".to_owned(),
                        other => format!("{} {other} definition", article(other)),
                    };
                    return Some(
                        Diagnostic::error(
                            "executable-definitions",
                            format!("{what} is not executable: a document holds only operations and fragments"),
                            Some(crate::source::Location {
                                file,
                                start: source.line_col(start),
                                len: word.len(),
                            }),
                        )
                        .with_label("schema definition in a document")
                        .with_help("move it to the schema file"),
                    );
                }
                if depth == 0 {
                    definition_start = false;
                }
            }
            _ => i += 1,
        }
    }
    None
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
            &["a type definition is not executable: a document holds only operations and fragments"],
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
