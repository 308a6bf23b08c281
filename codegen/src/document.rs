//! Executable documents (operations and fragments), parsed into [`crate::syntax::ast`].

use crate::diagnostic::Diagnostic;
use crate::source::{FileId, SourceMap};
use crate::syntax::{self, ParseLimits};

/// An executable document's tree.
pub type Document = syntax::ast::Document;

/// One parsed document file.
#[derive(Debug, Clone)]
pub struct ParsedDocument {
    /// Its file in the project's [`SourceMap`].
    pub file: FileId,
    /// The tree.
    pub ast: Document,
}

/// Parses one document file, refusing more than `max_tokens` tokens or nesting deeper than
/// `max_nesting`. A syntax error becomes a located diagnostic.
pub fn parse_document(
    sources: &SourceMap,
    file: FileId,
    max_tokens: usize,
    max_nesting: usize,
) -> Result<ParsedDocument, Diagnostic> {
    let limits = ParseLimits {
        grammar: syntax::Grammar::Document,
        max_tokens,
        max_nesting,
    };
    syntax::parse_executable(sources, file, limits).map(|ast| ParsedDocument { file, ast })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<ParsedDocument, Diagnostic> {
        let mut sources = SourceMap::new();
        let file = sources.add("q.graphql", text);
        parse_document(&sources, file, 1000, 50)
    }

    #[test]
    fn syntax_error_columns_count_characters_not_tab_stops() {
        let err = parse("query {\n\t\ttodos(\n\t\t}\n}\n").unwrap_err();
        let loc = err.location.expect("located");
        // `}` after two tabs is the third character, whatever a tab's width.
        assert_eq!(
            (loc.start.line, loc.start.column),
            (3, 3),
            "{}",
            err.message
        );
        let loc = parse("query { é: todos { id ) }\n")
            .unwrap_err()
            .location
            .unwrap();
        assert_eq!(loc.start.column, 9);
    }

    #[test]
    fn syntax_errors_are_located_and_name_what_was_found() {
        let err = parse("query {\n  todos {\n    id(\n  }\n}\n").unwrap_err();
        let loc = err.location.expect("located");
        assert_eq!((loc.start.line, loc.start.column), (4, 3));
        assert_eq!(err.message, "syntax error: expected an argument, found `}`");
        let err = parse("{ a } }").unwrap_err();
        assert_eq!(
            err.message,
            "syntax error: expected an operation or a fragment, found `}`"
        );
        let err = parse("{ a ").unwrap_err();
        assert_eq!(
            err.message,
            "syntax error: expected `}`, found the end of the file"
        );
    }

    #[test]
    fn current_syntax_parses_with_spans() {
        let text = "\"Loads\" query Q($a: Int = 1 @tag(name: \"x\")) { f(s: \"\\u{1F600}\", o: {y: [1, $a]}) }\n\"Bits\" fragment F on T { id }";
        let doc = parse(text).expect("parses").ast;
        let syntax::ast::Definition::Operation(op) = &doc.definitions[0] else {
            panic!("an operation first")
        };
        assert_eq!(op.description.as_deref(), Some("Loads"));
        let var = &op.variable_definitions[0];
        assert_eq!(
            &text[var.name.span.start as usize..var.name.span.end as usize],
            "$a"
        );
        assert_eq!(var.directives[0].name, "tag");
        let syntax::ast::Selection::Field(f) = &op.selection_set.items[0] else {
            panic!("a field")
        };
        assert_eq!(
            f.arguments[0].value.kind,
            syntax::ast::ValueKind::String("\u{1F600}".into())
        );
        let o = &f.arguments[1].value;
        let inner = &o.kind.field("y").expect("y").kind;
        let syntax::ast::ValueKind::List(items) = inner else {
            panic!("a list")
        };
        let s = items[1].span;
        assert_eq!(&text[s.start as usize..s.end as usize], "$a");
        assert_eq!(
            &text[f.span.start as usize..f.span.end as usize],
            "f(s: \"\\u{1F600}\", o: {y: [1, $a]})"
        );
        let syntax::ast::Definition::Fragment(frag) = &doc.definitions[1] else {
            panic!("a fragment")
        };
        assert_eq!(frag.description.as_deref(), Some("Bits"));
        assert_eq!(frag.type_condition, "T");
    }

    #[test]
    fn limits_are_located_errors() {
        let err = parse(&"{ a ".repeat(400)).unwrap_err();
        assert_eq!(err.code, "nesting-too-deep", "{}", err.message);
        let mut sources = SourceMap::new();
        let file = sources.add("q.graphql", "{ a b c d e f }");
        let err = parse_document(&sources, file, 4, 50).unwrap_err();
        assert_eq!(err.code, "document-too-complex", "{}", err.message);
    }
}
