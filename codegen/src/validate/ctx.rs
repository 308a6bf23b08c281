//! What every rule reads (schema, documents, fragments) and where it reports.

use std::collections::HashMap;

use graphql_parser::query::{Definition, FragmentDefinition, OperationDefinition};
use graphql_parser::Pos;

use crate::diagnostic::Diagnostic;
use crate::document::ParsedDocument;
use crate::project::Project;
use crate::schema::Schema;
use crate::source::{FileId, LineCol, Location, SourceMap};

/// graphql-parser's AST types, owning their strings.
pub(crate) type Fragment = FragmentDefinition<'static, String>;
pub(crate) type Operation = OperationDefinition<'static, String>;
pub(crate) type SelectionSet = graphql_parser::query::SelectionSet<'static, String>;
pub(crate) type Field = graphql_parser::query::Field<'static, String>;
pub(crate) type Value = graphql_parser::query::Value<'static, String>;
pub(crate) type Directive = graphql_parser::query::Directive<'static, String>;
pub(crate) type AstType = graphql_parser::query::Type<'static, String>;

/// Shared state of one validation run.
pub(crate) struct Ctx<'a> {
    pub schema: &'a Schema,
    pub sources: &'a SourceMap,
    pub documents: &'a [ParsedDocument],
    /// Every fragment by name (the first definition when a name is defined twice).
    pub fragments: HashMap<&'a str, (FileId, &'a Fragment)>,
    out: Vec<Diagnostic>,
}

impl<'a> Ctx<'a> {
    pub fn new(project: &'a Project) -> Self {
        let mut fragments = HashMap::new();
        for doc in &project.documents {
            for def in &doc.ast.definitions {
                if let Definition::Fragment(f) = def {
                    fragments.entry(f.name.as_str()).or_insert((doc.file, f));
                }
            }
        }
        Ctx {
            schema: &project.schema,
            sources: &project.sources,
            documents: &project.documents,
            fragments,
            out: Vec::new(),
        }
    }

    /// Reports a diagnostic.
    pub fn report(&mut self, d: Diagnostic) {
        self.out.push(d);
    }

    pub fn finish(self) -> Vec<Diagnostic> {
        self.out
    }

    /// Every operation with its file.
    pub fn operations(&self) -> impl Iterator<Item = (FileId, &'a Operation)> {
        self.documents.iter().flat_map(|doc| {
            doc.ast.definitions.iter().filter_map(move |d| match d {
                Definition::Operation(op) => Some((doc.file, op)),
                Definition::Fragment(_) => None,
            })
        })
    }

    /// Every fragment definition (duplicates included) with its file.
    pub fn fragment_definitions(&self) -> impl Iterator<Item = (FileId, &'a Fragment)> {
        self.documents.iter().flat_map(|doc| {
            doc.ast.definitions.iter().filter_map(move |d| match d {
                Definition::Fragment(f) => Some((doc.file, f)),
                Definition::Operation(_) => None,
            })
        })
    }

    /// A location at a parser position.
    pub fn at(&self, file: FileId, pos: Pos, len: usize) -> Location {
        Location {
            file,
            start: LineCol {
                line: pos.line,
                column: pos.column,
            },
            len: len.max(1),
        }
    }

    /// The location of argument (or object field) `name` in the parenthesised list after `pos`;
    /// `pos` itself when it cannot be found.
    pub fn argument_at(&self, file: FileId, pos: Pos, name: &str) -> Location {
        self.token_at(file, pos, name, crate::scan::find_argument)
    }

    /// The location of the next name token `name` at or after `pos`.
    pub fn name_at(&self, file: FileId, pos: Pos, name: &str) -> Location {
        self.token_at(file, pos, name, crate::scan::find_name)
    }

    fn token_at(
        &self,
        file: FileId,
        pos: Pos,
        name: &str,
        find: fn(&str, usize, &str) -> Option<usize>,
    ) -> Location {
        let source = self.sources.get(file);
        let from = source.offset(LineCol {
            line: pos.line,
            column: pos.column,
        });
        match find(&source.text, from, name) {
            Some(offset) => Location {
                file,
                start: source.line_col(offset),
                len: name.chars().count().max(1),
            },
            None => self.at(file, pos, name.len()),
        }
    }
}

/// `[Type!]!` from the document's AST to the schema's model.
pub(crate) fn type_ref(t: &AstType) -> crate::schema::TypeRef {
    use crate::schema::TypeRef;
    match t {
        AstType::NamedType(n) => TypeRef::Named(n.clone()),
        AstType::ListType(inner) => TypeRef::List(Box::new(type_ref(inner))),
        AstType::NonNullType(inner) => TypeRef::NonNull(Box::new(type_ref(inner))),
    }
}

/// "did you mean ...?" as a help line, if a candidate is close.
pub(crate) fn did_you_mean<'c>(
    d: Diagnostic,
    name: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> Diagnostic {
    match crate::suggest::closest(name, candidates) {
        Some(best) => d.with_help(format!("did you mean `{best}`?")),
        None => d,
    }
}
