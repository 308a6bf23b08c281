//! Executable documents (operations and fragments), parsed with graphql-parser.

use crate::diagnostic::Diagnostic;
use crate::source::{FileId, LineCol, Location, SourceFile, SourceMap};

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
        Err(err) => Err(syntax_error(file, sources.get(file), &err.to_string())),
    }
}

/// Turns graphql-parser's error text (`query parse error: Parse error at 3:5\nUnexpected ...`)
/// into a located diagnostic. The text format is pinned by a test. graphql-parser counts a tab as
/// 8 columns; the location counts characters, as every other diagnostic does.
pub(crate) fn syntax_error(file: FileId, source: &SourceFile, text: &str) -> Diagnostic {
    let mut lines = text.lines();
    let head = lines.next().unwrap_or_default();
    let start = head
        .rsplit_once(" at ")
        .and_then(|(_, lc)| lc.trim().split_once(':'))
        .and_then(|(l, c)| {
            let line: usize = l.parse().ok()?;
            let column: usize = c.parse().ok()?;
            let text = source.line(line).unwrap_or("");
            let at = crate::source::parser_column_offset(text, column).unwrap_or(text.len());
            Some(LineCol {
                line,
                column: text
                    .get(..at)
                    .map_or(column, |head| head.chars().count() + 1),
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
    fn syntax_error_columns_count_characters_not_tab_stops() {
        let mut sources = SourceMap::new();
        let file = sources.add("q.graphql", "query {\n\t\ttodos(\n\t\t}\n}\n");
        let err = parse_document(&sources, file).unwrap_err();
        let loc = err.location.expect("located");
        // `}` after two tabs is the third character, whatever a tab's width.
        assert_eq!(
            (loc.start.line, loc.start.column),
            (3, 3),
            "{}",
            err.message
        );
        let file = sources.add("u.graphql", "query { é: todos { id ) }\n");
        let loc = parse_document(&sources, file)
            .unwrap_err()
            .location
            .unwrap();
        assert_eq!(loc.start.column, 9);
    }

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
