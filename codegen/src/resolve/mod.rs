//! Validated operations -> the resolved IR ([`ir::Ir`]): response shapes with fragments and
//! interfaces/unions, nullability, variables and the schema types they use, Rust names, and the
//! document each operation sends.
//!
//! Documents are assumed valid (the macro validates first); anything unexpected is skipped,
//! never a panic.

mod inputs;
pub mod ir;
pub mod naming;
mod print;
mod scalars;
mod shapes;

use std::collections::HashMap;

use indexmap::{IndexMap, IndexSet};

use crate::diagnostic::Diagnostic;
use crate::document::{Document, ParsedDocument};
use crate::project::Project;
use crate::schema::{OperationType, Schema, TypeKind};
use crate::source::FileId;
use crate::syntax::ast::{Definition, FragmentDefinition};
pub(crate) use crate::syntax::ast::{Directive, SelectionSet, VariableDefinition};
use naming::Names;

pub use ir::Ir;

/// What resolution needs to know besides the documents: how scalars map to Rust types and
/// which operation struct mode generates. (How code is written, crate path and derives, is
/// emission's: [`EmitOptions`](crate::emit::EmitOptions).)
#[derive(Clone, Default)]
pub struct ResolveOptions {
    /// GraphQL scalar -> Rust type (attribute `scalars(DateTime = "chrono::DateTime<chrono::Utc>")`).
    /// Wins over every default, built-in and AWS scalars included.
    pub scalars: Vec<(String, syn::Type)>,
    /// Unmapped custom scalars resolve to `<module>::<ScalarName>` (the scalar's name in
    /// PascalCase: `GitObjectID` -> `GitObjectId`).
    pub scalars_module: Option<syn::Path>,
    /// The Rust type of `ID` (default: the runtime's `scalars::Id`).
    pub id_type: Option<syn::Type>,
    /// Struct mode: generate only this operation (by GraphQL name or its Rust type name); the
    /// user's struct of that name is the operation type.
    pub only_operation: Option<String>,
}

impl std::fmt::Debug for ResolveOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use quote::ToTokens;
        let text = |t: &dyn ToTokens| t.to_token_stream().to_string();
        f.debug_struct("ResolveOptions")
            .field(
                "scalars",
                &self
                    .scalars
                    .iter()
                    .map(|(n, t)| (n, text(t)))
                    .collect::<Vec<_>>(),
            )
            .field(
                "scalars_module",
                &self.scalars_module.as_ref().map(|p| text(p)),
            )
            .field("id_type", &self.id_type.as_ref().map(|t| text(t)))
            .field("only_operation", &self.only_operation)
            .finish()
    }
}

/// A fragment definition and its file.
#[derive(Clone, Copy)]
pub(crate) struct Frag<'a> {
    pub def: &'a FragmentDefinition,
    pub file: FileId,
}

impl Frag<'_> {
    /// The type condition's name.
    pub fn on(&self) -> &str {
        &self.def.type_condition
    }
}

/// An operation definition, whatever its form.
pub(crate) struct OpDef<'a> {
    pub kind: OperationType,
    pub name: Option<&'a str>,
    pub variables: &'a [VariableDefinition],
    pub directives: &'a [Directive],
    pub selection_set: &'a SelectionSet,
    pub file: FileId,
}

/// What resolution reads and collects: the schema, the fragments, scalar mapping, names of the
/// shared types and which of them are used.
pub(crate) struct Cx<'a> {
    pub schema: &'a Schema,
    /// The project's files, for diagnostics' locations.
    pub sources: &'a crate::source::SourceMap,
    pub fragments: IndexMap<&'a str, Frag<'a>>,
    /// Fragment GraphQL name -> Rust type name.
    pub fragment_names: HashMap<String, String>,
    /// Enum / input object GraphQL name -> Rust type name in `types`.
    pub type_names: HashMap<String, String>,
    pub scalars: scalars::ScalarMapper<'a>,
    /// Schema enums used (GraphQL names).
    pub enums: IndexSet<String>,
    /// Input objects used (GraphQL names).
    pub inputs: IndexSet<String>,
}

impl Cx<'_> {
    /// Whether every type a value of `parent` may have is also a `cond` (a fragment on `cond`
    /// always applies inside a selection on `parent`).
    pub fn applies_to_all(&self, parent: &str, cond: &str) -> bool {
        if parent == cond {
            return true;
        }
        let of_cond = self.schema.possible_types(cond);
        self.schema
            .possible_types(parent)
            .iter()
            .all(|t| of_cond.contains(t))
    }

    /// Whether a fragment on `cond` applies to object type `object`.
    pub fn applies_to(&self, object: &str, cond: &str) -> bool {
        object == cond || self.schema.possible_types(cond).iter().any(|t| t == object)
    }
}

/// Whether a selection carries `@skip` or `@include` (it may then be missing from the response).
pub(crate) fn is_conditional(directives: &[Directive]) -> bool {
    directives
        .iter()
        .any(|d| d.name == "skip" || d.name == "include")
}

fn operations(doc: &Document, file: FileId) -> impl Iterator<Item = OpDef<'_>> {
    doc.definitions.iter().filter_map(move |def| {
        let Definition::Operation(op) = def else {
            return None;
        };
        Some(OpDef {
            kind: op.kind,
            name: op.name.as_deref(),
            variables: &op.variable_definitions,
            directives: &op.directives,
            selection_set: &op.selection_set,
            file,
        })
    })
}

fn fragments(documents: &[ParsedDocument]) -> IndexMap<&str, Frag<'_>> {
    let mut out = IndexMap::new();
    for doc in documents {
        for def in &doc.ast.definitions {
            if let Definition::Fragment(f) = def {
                out.entry(f.name.as_str()).or_insert(Frag {
                    def: f,
                    file: doc.file,
                });
            }
        }
    }
    out
}

/// The anonymous operation's name: the struct's in struct mode, else its kind.
fn kind_name(kind: OperationType) -> &'static str {
    match kind {
        OperationType::Query => "Query",
        OperationType::Mutation => "Mutation",
        OperationType::Subscription => "Subscription",
    }
}

/// Rust names of every schema enum and input object, claimed in schema order so a type's
/// name does not depend on which others an operation uses.
fn type_names(schema: &Schema) -> HashMap<String, String> {
    let mut names = Names::new();
    schema
        .types
        .values()
        .filter(|t| matches!(t.kind, TypeKind::Enum { .. } | TypeKind::InputObject { .. }))
        .map(|t| (t.name.clone(), names.claim(&naming::type_name(&t.name))))
        .collect()
}

/// The operations to generate, with their Rust type and module names.
struct Selected<'a> {
    op: OpDef<'a>,
    name: String,
    type_name: String,
    module: String,
}

fn select<'a>(
    project: &'a Project,
    options: &ResolveOptions,
) -> Result<Vec<Selected<'a>>, Vec<Diagnostic>> {
    let all: Vec<OpDef<'a>> = project
        .documents
        .iter()
        .flat_map(|d| operations(&d.ast, d.file))
        .collect();
    if let Some(wanted) = &options.only_operation {
        let matches = |op: &OpDef| match op.name {
            Some(n) => n == wanted || naming::type_name(n) == *wanted,
            None => all.len() == 1,
        };
        let Some(index) = all.iter().position(matches) else {
            let names: Vec<&str> = all.iter().filter_map(|o| o.name).collect();
            let mut d = Diagnostic::error(
                "unknown-operation",
                format!("no operation named `{wanted}` in the documents"),
                None,
            );
            if let Some(best) = crate::suggest::closest(wanted, names.iter().copied()) {
                d = d.with_help(format!("did you mean `{best}`?"));
            } else if names.is_empty() {
                d = d.with_help("the documents define no named operation");
            } else {
                d = d.with_help(format!("the documents define: {}", names.join(", ")));
            }
            return Err(vec![d]);
        };
        let op = all.into_iter().nth(index).ok_or_else(Vec::new)?;
        let name = op.name.unwrap_or(wanted).to_owned();
        return Ok(vec![Selected {
            op,
            name,
            type_name: wanted.clone(),
            module: naming::module_name(wanted),
        }]);
    }
    let mut root = Names::reserving(&["types", "fragments"]);
    Ok(all
        .into_iter()
        .map(|op| {
            let name = op.name.unwrap_or(kind_name(op.kind)).to_owned();
            let type_name = root.claim(&naming::type_name(&name));
            let module = root.claim(&naming::module_name(&name));
            Selected {
                op,
                name,
                type_name,
                module,
            }
        })
        .collect())
}

/// Resolves every operation of `project.documents` (or only `options.only_operation`).
pub fn resolve(project: &Project, options: &ResolveOptions) -> Result<Ir, Vec<Diagnostic>> {
    match resolve_with_errors(project, options)? {
        (ir, errors) if errors.is_empty() => Ok(ir),
        (_, errors) => Err(errors),
    }
}

/// Resolves every operation even when custom scalars are unmapped (each typed as
/// `serde_json::Value` in the IR), returning their errors beside it; fails only when the
/// operations to generate cannot be selected.
pub fn resolve_with_errors(
    project: &Project,
    options: &ResolveOptions,
) -> Result<(Ir, Vec<Diagnostic>), Vec<Diagnostic>> {
    let selected = select(project, options)?;
    let fragments = fragments(&project.documents);
    let mut cx = Cx {
        schema: &project.schema,
        sources: &project.sources,
        fragment_names: HashMap::new(),
        type_names: type_names(&project.schema),
        scalars: scalars::ScalarMapper::new(options),
        enums: IndexSet::new(),
        inputs: IndexSet::new(),
        fragments,
    };
    let mut ir = Ir::default();
    // Documents first: they say which fragments are used, whose names the shapes refer to.
    let mut used_fragments: IndexSet<String> = IndexSet::new();
    let mut documents = Vec::new();
    for sel in &selected {
        let root = cx.schema.root(sel.op.kind).map(|t| t.name.clone());
        let printed = root.map(|root| {
            let (document, used) = print::document(&cx, &sel.op, &sel.name, &root);
            used_fragments.extend(used);
            (document, root)
        });
        documents.push(printed);
    }
    let mut names = Names::new();
    for f in &used_fragments {
        let rust = names.claim(&naming::type_name(f));
        cx.fragment_names.insert(f.clone(), rust);
    }
    for (sel, printed) in selected.iter().zip(documents) {
        let Some((document, root)) = printed else {
            continue;
        };
        let variables = inputs::variables(&mut cx, &sel.op);
        let decls = shapes::operation(&mut cx, &sel.op, &root);
        ir.operations.push(ir::Operation {
            name: sel.name.clone(),
            kind: sel.op.kind,
            type_name: sel.type_name.clone(),
            module: sel.module.clone(),
            document,
            variables,
            decls,
        });
    }
    ir.fragments = shapes::fragments(&mut cx, &used_fragments, names);
    let (enums, inputs) = inputs::schema_types(&mut cx);
    ir.enums = enums;
    ir.inputs = inputs;
    let errors =
        std::mem::replace(&mut cx.scalars, scalars::ScalarMapper::new(options)).into_errors();
    Ok((ir, errors))
}
