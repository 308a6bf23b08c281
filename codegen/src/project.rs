//! A project: one schema and the documents checked together against it.
//!
//! As in Apollo's and Relay's tooling, the documents of a project form one unit: a fragment
//! defined in one file may be spread in another, and operation and fragment names must be
//! unique across them.

use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::document::{parse_document, ParsedDocument};
use crate::schema::Schema;
use crate::source::{FileId, Location, SourceMap};

pub use crate::limits::{Limits, MAX_NESTING};

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
    /// Bounds on validation work.
    pub limits: Limits,
}

impl Project {
    /// A project with no documents yet.
    pub fn new(schema: Arc<Schema>) -> Project {
        Project {
            sources: schema.sources.clone(),
            schema,
            documents: Vec::new(),
            context: Vec::new(),
            limits: Limits::default(),
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

    /// Adds a document read from disk as bytes: text that is not UTF-8 is kept (with
    /// replacement characters, so it can be shown) and refused with a located error.
    pub fn add_document_bytes(
        &mut self,
        name: impl Into<String>,
        bytes: &[u8],
    ) -> Result<FileId, Diagnostic> {
        match std::str::from_utf8(bytes) {
            Ok(text) => self.add_document(name, text),
            Err(e) => {
                let valid = e.valid_up_to();
                let text = String::from_utf8_lossy(bytes).into_owned();
                // The prefix is valid, so its characters locate the bad byte.
                let prefix = String::from_utf8_lossy(&bytes[..valid]);
                let file = self.sources.add(name, text);
                let start = self.sources.get(file).line_col(prefix.len());
                Err(Diagnostic::error(
                    "invalid-utf8",
                    format!("the document is not valid UTF-8 (byte {valid})"),
                    Some(Location {
                        file,
                        start,
                        len: 1,
                    }),
                )
                .with_label("not UTF-8")
                .with_help("GraphQL documents are UTF-8 text; re-save the file as UTF-8"))
            }
        }
    }

    fn parse(
        &mut self,
        name: String,
        text: String,
    ) -> (FileId, Result<ParsedDocument, Diagnostic>) {
        let file = self.sources.add(name, text);
        let parsed = parse_document(&self.sources, file, self.limits.max_tokens, MAX_NESTING);
        (file, parsed)
    }

    /// Every validation error of every document, as one project, in source order.
    pub fn validate(&self) -> Vec<Diagnostic> {
        let mut out =
            crate::validate::validate(&self.schema, &self.sources, &self.documents, self.limits);
        out.sort_by_key(|d| d.location.map(|l| (l.file, l.start)));
        out
    }
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
        // At the 51st level: its `{` or the field inside it.
        let column = err.location.unwrap().start.column;
        assert!(
            (4 * MAX_NESTING + 1..=4 * MAX_NESTING + 4).contains(&column),
            "{column}"
        );
    }

    #[test]
    fn too_many_tokens_are_refused_before_parsing() {
        let mut project = Project::new(schema());
        project.limits.max_tokens = 10;
        // `{` and five ` a` (a space and a name each): eleven tokens; the sixth `a` is the
        // twelfth.
        let text = format!("{{{}}}\n# {}", " a".repeat(9), "a ".repeat(100));
        let err = project.add_document("long.graphql", text).unwrap_err();
        assert_eq!(err.code, "document-too-complex");
        assert!(
            err.message.contains("more than 10 tokens"),
            "{}",
            err.message
        );
        assert!(
            err.help.iter().any(|h| h.contains("max_tokens = 100")),
            "{:?}",
            err.help
        );
        assert_eq!(err.location.unwrap().start.column, 11);
        // A comment is one token, whatever it says.
        let mut project = Project::new(schema());
        project.limits.max_tokens = 8;
        project
            .add_document("ok.graphql", "{ a # b c d e f\n }")
            .expect("7 tokens and the end of the file");
        assert!(project.validate().is_empty());
    }

    #[test]
    fn documents_form_one_project_in_source_order() {
        let sdl = "type Query { todo(id: ID!): Todo } type Todo { id: ID! title: String! }";
        let mut project = Project::new(Arc::new(Schema::from_sdl(sdl).expect("loads")));
        let a = project
            .add_document("a.graphql", "query A { todo(id: 1) { ...T titel } }")
            .expect("parses");
        let b = project
            .add_document(
                "b.graphql",
                "fragment T on Todo { id }\nquery A { todo { id } }",
            )
            .expect("parses");
        // Context documents are parsed but neither validated nor counted.
        project
            .add_context_document("c.graphql", "query A { nope }")
            .expect("parses");
        let found: Vec<(FileId, usize, &str)> = project
            .validate()
            .iter()
            .map(|d| {
                let at = d.location.expect("located");
                (at.file, at.start.line, d.code)
            })
            .collect();
        assert_eq!(
            found,
            [
                (a, 1, "fields-on-correct-type"),
                (b, 2, "unique-operation-names"),
                (b, 2, "provided-required-arguments"),
            ]
        );
    }

    #[test]
    fn invalid_utf8_is_located() {
        let mut project = Project::new(schema());
        let err = project
            .add_document_bytes("bad.graphql", b"{ a }\n# \xc3\x28")
            .unwrap_err();
        assert_eq!(err.code, "invalid-utf8");
        let at = err.location.expect("located");
        assert_eq!((at.start.line, at.start.column), (2, 3));
        assert!(project.sources.get(at.file).text.contains('\u{fffd}'));
    }
}
