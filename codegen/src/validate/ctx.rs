//! What every rule reads (schema, documents, the fragment index and spread graph) and where it
//! reports.

use std::collections::HashMap;

use crate::diagnostic::Diagnostic;
use crate::document::ParsedDocument;
use crate::limits::Limits;
use crate::schema::{OperationType, Schema, TypeDef};
use crate::source::{FileId, Location, SourceMap, Span};
use crate::syntax::ast::{Definition, OperationDefinition, Selection, TypeSystemDefinition};
pub(crate) use crate::syntax::ast::{
    Directive, Field, FragmentDefinition as Fragment, SelectionSet, Value, ValueKind,
    VariableDefinition,
};

/// An operation, with the parts every operation kind has.
#[derive(Clone, Copy)]
pub(crate) struct OpRef<'a> {
    pub file: FileId,
    pub kind: OperationType,
    pub name: Option<&'a str>,
    /// The operation's name, or its keyword (`query`, the `{` of a shorthand) when anonymous.
    pub span: Span,
    /// The keyword (`query`...), or the `{` of a shorthand.
    pub keyword_span: Span,
    pub variables: &'a [VariableDefinition],
    pub directives: &'a [Directive],
    pub selection_set: &'a SelectionSet,
}

impl<'a> OpRef<'a> {
    fn new(file: FileId, op: &'a OperationDefinition) -> Self {
        OpRef {
            file,
            kind: op.kind,
            name: op.name.as_ref().map(|n| n.as_str()),
            span: op.name.as_ref().map_or(op.keyword, |n| n.span),
            keyword_span: op.keyword,
            variables: &op.variable_definitions,
            directives: &op.directives,
            selection_set: &op.selection_set,
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
        &self.def.type_condition
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
    /// The fragment's name in the spread.
    pub span: Span,
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
    /// Type system definitions written in the documents, which they may not hold.
    pub type_system: Vec<(FileId, &'a TypeSystemDefinition)>,
    /// Number of operations in the project.
    pub operation_count: usize,
    /// Bounds on validation work.
    pub limits: Limits,
    out: Vec<Diagnostic>,
}

impl<'a> Ctx<'a> {
    pub fn new(
        schema: &'a Schema,
        sources: &'a SourceMap,
        documents: &'a [ParsedDocument],
        limits: Limits,
    ) -> Self {
        let mut definitions = Vec::new();
        let mut fragments = HashMap::new();
        let mut operation_count = 0;
        let mut type_system = Vec::new();
        for doc in documents {
            collect_definitions(doc, &mut definitions, &mut fragments, &mut operation_count);
            type_system.extend(doc.ast.type_system.iter().map(|d| (doc.file, d)));
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
            schema,
            sources,
            definitions,
            fragments,
            spreads,
            type_system,
            operation_count,
            limits,
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

    /// The location of `span` in `file`.
    pub fn loc(&self, file: FileId, span: Span) -> Location {
        self.sources.location(file, span)
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
                span: s.fragment_name.span,
            }),
        }
    }
    out
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
