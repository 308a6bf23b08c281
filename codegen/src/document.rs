//! Executable documents (operations and fragments), parsed with graphql-parser.

use crate::diagnostic::Diagnostic;
use crate::source::{FileId, LineCol, Location, SourceMap};

/// graphql-parser's executable document AST, owning its strings.
pub type Document = graphql_parser::query::Document<'static, String>;

/// One parsed document file.
#[derive(Debug, Clone)]
pub struct ParsedDocument {
    /// Its file in the project's [`SourceMap`].
    pub file: FileId,
    /// The AST.
    pub ast: Document,
}

/// Converts a graphql-parser position in `file` into a [`Location`] underlining `len` characters.
pub fn location(file: FileId, pos: graphql_parser::Pos, len: usize) -> Location {
    Location {
        file,
        start: LineCol {
            line: pos.line,
            column: pos.column,
        },
        len,
    }
}

/// Parses one document file. A syntax error becomes a located diagnostic.
pub fn parse_document(sources: &SourceMap, file: FileId) -> Result<ParsedDocument, Diagnostic> {
    let text = &sources.get(file).text;
    match graphql_parser::parse_query::<String>(text) {
        Ok(doc) => Ok(ParsedDocument {
            file,
            ast: doc.into_static(),
        }),
        Err(err) => Err(syntax_error(file, &err.to_string())),
    }
}

/// Turns graphql-parser's error text (`query parse error: Parse error at 3:5\nUnexpected ...`)
/// into a located diagnostic. The text format is pinned by a test.
pub(crate) fn syntax_error(file: FileId, text: &str) -> Diagnostic {
    let mut lines = text.lines();
    let head = lines.next().unwrap_or_default();
    let start = head
        .rsplit_once(" at ")
        .and_then(|(_, lc)| lc.trim().split_once(':'))
        .and_then(|(l, c)| {
            Some(LineCol {
                line: l.parse().ok()?,
                column: c.parse().ok()?,
            })
        });
    // graphql-parser names token kinds (`}[Punctuator]`); users need only the token.
    let detail: Vec<String> = lines
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let mut l = l.to_owned();
            for kind in [
                "[Punctuator]",
                "[Name]",
                "[IntValue]",
                "[FloatValue]",
                "[StringValue]",
                "[BlockString]",
            ] {
                l = l.replace(kind, "");
            }
            l
        })
        .collect();
    let message = if detail.is_empty() {
        "syntax error".to_owned()
    } else {
        format!("syntax error: {}", detail.join("; "))
    };
    Diagnostic::error(
        "syntax",
        message,
        start.map(|start| Location {
            file,
            start,
            len: 1,
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_errors_are_located() {
        let mut sources = SourceMap::new();
        let file = sources.add("q.graphql", "query {\n  todos {\n    id(\n  }\n}\n");
        let err = parse_document(&sources, file).unwrap_err();
        let loc = err.location.expect("located");
        assert_eq!(loc.start.line, 4);
        assert!(
            err.message.starts_with("syntax error: Unexpected"),
            "{}",
            err.message
        );
    }
}
