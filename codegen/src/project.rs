//! A project: one schema and the documents checked together against it.
//!
//! As in Apollo's and Relay's tooling, the documents of a project form one unit: a fragment
//! defined in one file may be spread in another, and operation and fragment names must be
//! unique across them.

use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::document::{parse_document, ParsedDocument};
use crate::schema::Schema;
use crate::source::{FileId, LineCol, Location, SourceMap};

/// Deeper nesting than this (braces, brackets, parentheses) is refused before parsing: the
/// parser recurses per level, and a hostile or generated file must not overflow the stack.
pub const MAX_NESTING: usize = 256;

/// One schema and the documents checked together against it.
#[derive(Debug, Clone)]
pub struct Project {
    /// The schema.
    pub schema: Arc<Schema>,
    /// The schema's files followed by the documents, so every diagnostic renders against it.
    pub sources: SourceMap,
    /// The documents of the project: validated and, in the macro, generated.
    pub documents: Vec<ParsedDocument>,
    /// Documents used only as context (mutations kept in other files, for the AppSync checks):
    /// parsed, neither validated nor generated.
    pub context: Vec<ParsedDocument>,
}

impl Project {
    /// A project with no documents yet.
    pub fn new(schema: Arc<Schema>) -> Project {
        Project {
            sources: schema.sources.clone(),
            schema,
            documents: Vec::new(),
            context: Vec::new(),
        }
    }

    /// Adds and parses a document of this project. On a syntax error the file is still kept
    /// (so diagnostics can show it) and the error returned.
    pub fn add_document(
        &mut self,
        name: impl Into<String>,
        text: impl Into<String>,
    ) -> Result<FileId, Diagnostic> {
        let (file, doc) = self.parse(name.into(), text.into());
        self.documents.push(doc?);
        Ok(file)
    }

    /// Adds a document used only as context: parsed, not validated, not generated.
    pub fn add_context_document(
        &mut self,
        name: impl Into<String>,
        text: impl Into<String>,
    ) -> Result<FileId, Diagnostic> {
        let (file, doc) = self.parse(name.into(), text.into());
        self.context.push(doc?);
        Ok(file)
    }

    fn parse(
        &mut self,
        name: String,
        text: String,
    ) -> (FileId, Result<ParsedDocument, Diagnostic>) {
        let too_deep = nesting_error(&text);
        let file = self.sources.add(name, text);
        if let Some((start, depth)) = too_deep {
            let d = Diagnostic::error(
                "nesting-too-deep",
                format!(
                    "the document nests {depth} levels deep; at most {MAX_NESTING} are accepted"
                ),
                Some(Location {
                    file,
                    start,
                    len: 1,
                }),
            )
            .with_label("too deep here")
            .with_help("flatten the selection with fragments, or split the operation");
            return (file, Err(d));
        }
        (file, parse_document(&self.sources, file))
    }

    /// Every validation error of every document, as one project, in source order.
    pub fn validate(&self) -> Vec<Diagnostic> {
        let mut out = crate::validate::validate(self);
        out.sort_by_key(|d| d.location.map(|l| (l.file, l.start)));
        out
    }
}

/// Where the text first nests deeper than [`MAX_NESTING`], and how deep it goes there.
fn nesting_error(text: &str) -> Option<(LineCol, usize)> {
    let mut depth = 0usize;
    let (mut line, mut column) = (1, 0);
    let mut chars = text.chars().peekable();
    let mut in_comment = false;
    let mut in_string = false;
    while let Some(c) = chars.next() {
        column += 1;
        if c == '\n' {
            line += 1;
            column = 0;
            in_comment = false;
            in_string = false; // block strings may span lines; nesting inside them is rare
            continue;
        }
        if in_comment {
            continue;
        }
        if in_string {
            match c {
                '\\' => {
                    chars.next();
                    column += 1;
                }
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '#' => in_comment = true,
            '"' => in_string = true,
            '{' | '[' | '(' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some((LineCol { line, column }, depth));
                }
            }
            '}' | ']' | ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema() -> Arc<Schema> {
        Arc::new(Schema::from_sdl("type Query { a: Int }").expect("loads"))
    }

    #[test]
    fn documents_share_the_schema_source_map() {
        let mut project = Project::new(schema());
        let file = project.add_document("q.graphql", "{ a }").expect("parses");
        assert_eq!(file, FileId(1), "schema is file 0");
        assert_eq!(project.sources.get(file).name, "q.graphql");
    }

    #[test]
    fn deep_nesting_is_refused_without_recursion() {
        let mut project = Project::new(schema());
        let text = format!("{}{}", "{ a ".repeat(10_000), "}".repeat(10_000));
        let err = project.add_document("deep.graphql", text).unwrap_err();
        assert_eq!(err.code, "nesting-too-deep");
        assert_eq!(err.location.unwrap().start.column, 4 * MAX_NESTING + 1);
    }
}
