//! What every rule reads (schema, documents, the fragment index and spread graph) and where it
//! reports, with the helpers that turn AST positions into exact token locations.

use std::collections::HashMap;

use graphql_parser::query::{Definition, OperationDefinition, Selection};
use graphql_parser::Pos;

use super::locate::{self, Anchor, Seg};
use crate::diagnostic::Diagnostic;
use crate::document::ParsedDocument;
use crate::project::Project;
use crate::schema::{OperationType, Schema, TypeDef};
use crate::source::{FileId, LineCol, Location, SourceMap};

/// graphql-parser's AST types, owning their strings.
pub(crate) type Fragment = graphql_parser::query::FragmentDefinition<'static, String>;
pub(crate) type SelectionSet = graphql_parser::query::SelectionSet<'static, String>;
pub(crate) type Field = graphql_parser::query::Field<'static, String>;
pub(crate) type Value = graphql_parser::query::Value<'static, String>;
pub(crate) type Directive = graphql_parser::query::Directive<'static, String>;
pub(crate) type AstType = graphql_parser::query::Type<'static, String>;
pub(crate) type VariableDefinition = graphql_parser::query::VariableDefinition<'static, String>;

/// An operation, with the parts every operation kind has.
#[derive(Clone, Copy)]
pub(crate) struct OpRef<'a> {
    pub file: FileId,
    pub kind: OperationType,
    pub name: Option<&'a str>,
    pub pos: Pos,
    /// `{ ... }` without the `query` keyword.
    pub shorthand: bool,
    pub variables: &'a [VariableDefinition],
    pub directives: &'a [Directive],
    pub selection_set: &'a SelectionSet,
}

impl<'a> OpRef<'a> {
    fn new(file: FileId, op: &'a OperationDefinition<'static, String>) -> Self {
        let (kind, name, pos, variables, directives, selection_set) = match op {
            OperationDefinition::SelectionSet(s) => {
                let op = OpRef {
                    file,
                    kind: OperationType::Query,
                    name: None,
                    pos: s.span.0,
                    shorthand: true,
                    variables: &[],
                    directives: &[],
                    selection_set: s,
                };
                return op;
            }
            OperationDefinition::Query(q) => (
                OperationType::Query,
                &q.name,
                q.position,
                &q.variable_definitions,
                &q.directives,
                &q.selection_set,
            ),
            OperationDefinition::Mutation(m) => (
                OperationType::Mutation,
                &m.name,
                m.position,
                &m.variable_definitions,
                &m.directives,
                &m.selection_set,
            ),
            OperationDefinition::Subscription(s) => (
                OperationType::Subscription,
                &s.name,
                s.position,
                &s.variable_definitions,
                &s.directives,
                &s.selection_set,
            ),
        };
        OpRef {
            file,
            kind,
            name: name.as_deref(),
            pos,
            shorthand: false,
            variables,
            directives,
            selection_set,
        }
    }

    /// `query`, `mutation` or `subscription`.
    pub fn keyword(&self) -> &'static str {
        keyword(self.kind)
    }

    /// "operation `Name`" or "the anonymous operation".
    pub fn describe(&self) -> String {
        match self.name {
            Some(n) => format!("operation `{n}`"),
            None => "the anonymous operation".to_owned(),
        }
    }
}

/// The keyword of an operation kind.
pub(crate) fn keyword(kind: OperationType) -> &'static str {
    match kind {
        OperationType::Query => "query",
        OperationType::Mutation => "mutation",
        OperationType::Subscription => "subscription",
    }
}

/// A fragment definition with its file.
#[derive(Clone, Copy)]
pub(crate) struct FragRef<'a> {
    pub file: FileId,
    pub def: &'a Fragment,
}

impl<'a> FragRef<'a> {
    /// The type condition's name.
    pub fn on(&self) -> &'a str {
        let graphql_parser::query::TypeCondition::On(on) = &self.def.type_condition;
        on
    }
}

/// An operation or fragment definition: the unit whose fragment spreads form the spread graph.
#[derive(Clone, Copy)]
pub(crate) enum DefRef<'a> {
    Operation(OpRef<'a>),
    Fragment(FragRef<'a>),
}

/// A fragment spread and where it is written.
#[derive(Clone, Copy)]
pub(crate) struct SpreadAt<'a> {
    pub name: &'a str,
    pub file: FileId,
    pub pos: Pos,
}

/// Shared state of one validation run.
pub(crate) struct Ctx<'a> {
    pub schema: &'a Schema,
    pub sources: &'a SourceMap,
    /// Every operation and fragment definition, in source order; indexes are definition ids.
    pub definitions: Vec<DefRef<'a>>,
    /// Fragment name -> definition id of its first definition.
    pub fragments: HashMap<&'a str, usize>,
    /// Definition id -> fragment spreads written directly in it (any depth of its selections).
    pub spreads: Vec<Vec<SpreadAt<'a>>>,
    /// Number of operations in the project.
    pub operation_count: usize,
    /// Bounds on validation work.
    pub limits: crate::project::Limits,
    out: Vec<Diagnostic>,
}

impl<'a> Ctx<'a> {
    pub fn new(project: &'a Project) -> Self {
        let mut definitions = Vec::new();
        let mut fragments = HashMap::new();
        let mut operation_count = 0;
        for doc in &project.documents {
            collect_definitions(doc, &mut definitions, &mut fragments, &mut operation_count);
        }
        let spreads = definitions
            .iter()
            .map(|d| {
                let (file, set) = match d {
                    DefRef::Operation(op) => (op.file, op.selection_set),
                    DefRef::Fragment(f) => (f.file, &f.def.selection_set),
                };
                direct_spreads(file, set)
            })
            .collect();
        Ctx {
            schema: &project.schema,
            sources: &project.sources,
            definitions,
            fragments,
            spreads,
            operation_count,
            limits: project.limits,
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

    /// The fragment named `name` (its first definition).
    pub fn fragment(&self, name: &str) -> Option<FragRef<'a>> {
        match self.definitions.get(*self.fragments.get(name)?)? {
            DefRef::Fragment(f) => Some(*f),
            DefRef::Operation(_) => None,
        }
    }

    /// The composite type a type condition names, if it exists and is composite.
    pub fn composite(&self, name: &str) -> Option<&'a TypeDef> {
        self.schema.get(name).filter(|t| t.is_composite())
    }

    /// Definition ids of every fragment reachable from definition `from` through spreads (not
    /// `from` itself unless a cycle leads back), each once, iteratively.
    pub fn reachable_fragments(&self, from: usize) -> Vec<usize> {
        let mut seen = vec![false; self.definitions.len()];
        let mut out = Vec::new();
        let mut stack = vec![from];
        while let Some(def) = stack.pop() {
            for spread in &self.spreads[def] {
                if let Some(&id) = self.fragments.get(spread.name) {
                    if !seen[id] {
                        seen[id] = true;
                        out.push(id);
                        stack.push(id);
                    }
                }
            }
        }
        out
    }

    /// A location at a parser position.
    pub fn at(&self, file: FileId, pos: Pos, len: usize) -> Location {
        self.span(file, self.offset(file, pos), len)
    }

    /// The next name token `name` at or after `pos` (a field's name after its alias, a type
    /// condition, an operation's name); `pos` itself when it cannot be found.
    pub fn name_at(&self, file: FileId, pos: Pos, name: &str) -> Location {
        let source = self.sources.get(file);
        let from = self.offset(file, pos);
        match crate::scan::find_name(&source.text, from, name) {
            Some(offset) => self.span(file, offset, name.chars().count()),
            None => self.at(file, pos, name.chars().count()),
        }
    }

    /// The type condition `on` of the fragment or inline fragment written at `pos`: the name
    /// after the `on` keyword (a fragment cannot be named `on`).
    pub fn condition_at(&self, file: FileId, pos: Pos, on: &str) -> Location {
        let source = self.sources.get(file);
        let from = self.offset(file, pos);
        let after_on = crate::scan::find_name(&source.text, from, "on").map(|o| o + 2);
        match after_on.and_then(|o| crate::scan::find_name(&source.text, o, on)) {
            Some(offset) => self.span(file, offset, on.chars().count()),
            None => self.name_at(file, pos, on),
        }
    }

    /// The name of argument `name` in the argument list of the field or directive at `pos`.
    pub fn argument_at(&self, file: FileId, pos: Pos, name: &str) -> Location {
        let source = self.sources.get(file);
        let from = self.offset(file, pos);
        match crate::scan::find_argument(&source.text, from, name) {
            Some(offset) => self.span(file, offset, name.chars().count()),
            None => self.at(file, pos, name.chars().count()),
        }
    }

    /// The value token at `path` below an argument or default value.
    pub fn value_at(&self, file: FileId, anchor: Anchor, path: &[Seg]) -> Location {
        let text = &self.sources.get(file).text;
        let from = self.offset(file, anchor.pos());
        match locate::value(text, from, anchor, path) {
            Some((start, end)) => self.span(file, start, text[start..end].chars().count()),
            None => self.at(file, anchor.pos(), 1),
        }
    }

    /// Every `name:` key written in the input object at `path`, with its location, in source
    /// order (graphql-parser keeps only the last of duplicate keys).
    pub fn object_keys(
        &self,
        file: FileId,
        anchor: Anchor,
        path: &[Seg],
    ) -> Vec<(String, Location)> {
        let text = &self.sources.get(file).text;
        let from = self.offset(file, anchor.pos());
        let Some((start, _)) = locate::value(text, from, anchor, path) else {
            return Vec::new();
        };
        locate::object_keys(text, start)
            .into_iter()
            .map(|(offset, name)| {
                let len = name.chars().count();
                (name.to_owned(), self.span(file, offset, len))
            })
            .collect()
    }

    /// The byte offset of a parser position. graphql-parser counts a tab as 8 columns and
    /// everything else as one, so columns are walked rather than taken as character indexes.
    fn offset(&self, file: FileId, pos: Pos) -> usize {
        let source = self.sources.get(file);
        let line_start = source.offset(LineCol {
            line: pos.line,
            column: 1,
        });
        let line = source.line(pos.line).unwrap_or("");
        let mut column = 1;
        for (i, c) in line.char_indices() {
            if column >= pos.column {
                return line_start + i;
            }
            column += if c == '\t' { 8 } else { 1 };
        }
        line_start + line.len()
    }

    fn span(&self, file: FileId, offset: usize, len: usize) -> Location {
        Location {
            file,
            start: self.sources.get(file).line_col(offset),
            len: len.max(1),
        }
    }
}

fn collect_definitions<'a>(
    doc: &'a ParsedDocument,
    definitions: &mut Vec<DefRef<'a>>,
    fragments: &mut HashMap<&'a str, usize>,
    operation_count: &mut usize,
) {
    for def in &doc.ast.definitions {
        match def {
            Definition::Operation(op) => {
                *operation_count += 1;
                definitions.push(DefRef::Operation(OpRef::new(doc.file, op)));
            }
            Definition::Fragment(f) => {
                fragments
                    .entry(f.name.as_str())
                    .or_insert(definitions.len());
                definitions.push(DefRef::Fragment(FragRef {
                    file: doc.file,
                    def: f,
                }));
            }
        }
    }
}

/// The spreads anywhere in a selection set, in source order, without recursion.
fn direct_spreads(file: FileId, set: &SelectionSet) -> Vec<SpreadAt<'_>> {
    let mut out = Vec::new();
    let mut stack = vec![set.items.iter()];
    while let Some(items) = stack.last_mut() {
        let Some(item) = items.next() else {
            stack.pop();
            continue;
        };
        match item {
            Selection::Field(f) => stack.push(f.selection_set.items.iter()),
            Selection::InlineFragment(i) => stack.push(i.selection_set.items.iter()),
            Selection::FragmentSpread(s) => out.push(SpreadAt {
                name: &s.fragment_name,
                file,
                pos: s.position,
            }),
        }
    }
    out
}

/// `[Type!]!` from the document's AST to the schema's model.
pub(crate) fn type_ref(t: &AstType) -> crate::schema::TypeRef {
    use crate::schema::TypeRef;
    // Iterative: the wrappers are unwound into a list, then rebuilt inside out.
    let mut wrappers = Vec::new();
    let mut cur = t;
    let name = loop {
        match cur {
            AstType::NamedType(n) => break n.clone(),
            AstType::ListType(inner) => {
                wrappers.push(true);
                cur = inner;
            }
            AstType::NonNullType(inner) => {
                wrappers.push(false);
                cur = inner;
            }
        }
    };
    let mut ty = TypeRef::Named(name);
    for list in wrappers.into_iter().rev() {
        ty = if list {
            TypeRef::List(Box::new(ty))
        } else {
            TypeRef::NonNull(Box::new(ty))
        };
    }
    ty
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
