//! SDL -> model: parses each file with apollo-parser (through [`crate::syntax`]) into the
//! [`Collected`] definitions, merging definitions and extensions across files, and parses the
//! built-ins (spec scalars and directives, introspection types, the AppSync dialect). Every
//! location is the parser's span of the name (or `@name`, `schema`) it reports.

use std::sync::OnceLock;

use apollo_parser::cst::{self, CstNode};
use indexmap::IndexMap;

use super::collect::Collected;
use super::model::*;
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Location, SourceMap, Span};
use crate::syntax::{self, ast, ParseLimits};

/// How much of one schema file the parser reads. Schemas are the project's own files, trusted
/// more than documents, but a build must never hang on one (nor overflow the stack: nesting
/// bounds the parser's recursion, and ours over the tree). GitHub's public schema, among the
/// largest there are, is 1.2 MB and 61,000 tokens; real types and default values nest a few
/// levels. These bounds leave room for any real schema while bounding the work: the parser is
/// linear in tokens.
pub(super) const SCHEMA_LIMITS: ParseLimits = ParseLimits {
    grammar: syntax::Grammar::Schema,
    max_tokens: 10_000_000,
    max_nesting: 200,
};

/// Extensions (schema and type), kept until every file is read so a type may be extended in
/// any file.
pub(super) type Extensions = Vec<(FileId, cst::Definition)>;

/// The built-in types and directives, parsed once per process.
pub(super) fn builtins() -> &'static (IndexMap<String, TypeDef>, IndexMap<String, DirectiveDef>) {
    static BUILTINS: OnceLock<(IndexMap<String, TypeDef>, IndexMap<String, DirectiveDef>)> =
        OnceLock::new();
    BUILTINS.get_or_init(|| {
        let mut sources = SourceMap::new();
        let file = sources.add("builtins.graphql", include_str!("builtins.graphql"));
        let mut collected = Collected::default();
        // The built-ins are ours and parse; should they not, the schema simply lacks them and
        // every check reports it. They belong to no file of the schema: no locations, values
        // unplaced.
        let reader = Reader {
            sources: &sources,
            file,
            placed: false,
        };
        reader.read(&mut collected, &mut Vec::new());
        let mut types = collected.types;
        let mut directives = collected.directives;
        for t in types.values_mut() {
            t.builtin = true;
        }
        for d in directives.values_mut() {
            d.builtin = true;
        }
        (types, directives)
    })
}

/// Parses one SDL file of `sources` and collects its definitions; its extensions wait in
/// `extensions` for [`extend`].
pub(super) fn read(
    sources: &SourceMap,
    file: FileId,
    out: &mut Collected,
    extensions: &mut Extensions,
) {
    let reader = Reader {
        sources,
        file,
        placed: true,
    };
    reader.read(out, extensions);
}

/// Applies the extensions of every SDL file, once every file is read (so a type may be extended
/// in any file).
pub(super) fn extend(sources: &SourceMap, extensions: Extensions, out: &mut Collected) {
    for (file, def) in extensions {
        let reader = Reader {
            sources,
            file,
            placed: true,
        };
        if reader.extension(&def, out).is_none() {
            out.diagnostics.push(syntax::incomplete(sources, file));
        }
    }
}

/// A definition that parses but has no place in a schema, reported as a syntax error (so
/// loading stops, as it does for the errors of the parser).
fn not_in_a_schema(location: Option<Location>, message: String, help: &str) -> Diagnostic {
    Diagnostic::error("syntax", format!("syntax error: {message}"), location)
        .with_label("not allowed in a schema")
        .with_help(help)
}

/// Which root a `schema { ... }` entry sets.
const ROOT_SLOTS: [&str; 3] = ["query", "mutation", "subscription"];

/// A type definition or extension as written: its name, and what its kind adds to a type.
struct TypeNode {
    name: ast::Name,
    description: Option<cst::Description>,
    directives: Option<cst::Directives>,
    body: Body,
}

/// The kind-specific part of a type definition or extension, read when merged into a type.
enum Body {
    Scalar,
    /// An object type (`object`) or an interface: the kinds with fields and interfaces.
    Fielded {
        object: bool,
        interfaces: Option<cst::ImplementsInterfaces>,
        fields: Option<cst::FieldsDefinition>,
    },
    Union(Option<cst::UnionMemberTypes>),
    Enum(Option<cst::EnumValuesDefinition>),
    InputObject(Option<cst::InputFieldsDefinition>),
}

impl Body {
    /// The kind a type of this body has before anything is merged into it.
    fn empty_kind(&self) -> TypeKind {
        match self {
            Body::Scalar => TypeKind::Scalar,
            Body::Fielded { object: true, .. } => TypeKind::Object {
                fields: IndexMap::new(),
                interfaces: Vec::new(),
            },
            Body::Fielded { object: false, .. } => TypeKind::Interface {
                fields: IndexMap::new(),
                interfaces: Vec::new(),
            },
            Body::Union(_) => TypeKind::Union {
                members: Vec::new(),
            },
            Body::Enum(_) => TypeKind::Enum {
                values: IndexMap::new(),
            },
            Body::InputObject(_) => TypeKind::InputObject {
                fields: IndexMap::new(),
                one_of: false,
            },
        }
    }
}

/// The type definition or extension `def` is: `Some(None)` when it is none, `None` when the tree
/// misses its name (a parser bug).
fn type_node(def: &cst::Definition) -> Option<Option<TypeNode>> {
    use cst::Definition as D;
    let fielded = |object, interfaces, fields| Body::Fielded {
        object,
        interfaces,
        fields,
    };
    let (name, description, directives, body) = match def {
        D::ScalarTypeDefinition(d) => (d.name(), d.description(), d.directives(), Body::Scalar),
        D::ScalarTypeExtension(d) => (d.name(), None, d.directives(), Body::Scalar),
        D::ObjectTypeDefinition(d) => (
            d.name(),
            d.description(),
            d.directives(),
            fielded(true, d.implements_interfaces(), d.fields_definition()),
        ),
        D::ObjectTypeExtension(d) => (
            d.name(),
            None,
            d.directives(),
            fielded(true, d.implements_interfaces(), d.fields_definition()),
        ),
        D::InterfaceTypeDefinition(d) => (
            d.name(),
            d.description(),
            d.directives(),
            fielded(false, d.implements_interfaces(), d.fields_definition()),
        ),
        D::InterfaceTypeExtension(d) => (
            d.name(),
            None,
            d.directives(),
            fielded(false, d.implements_interfaces(), d.fields_definition()),
        ),
        D::UnionTypeDefinition(d) => (
            d.name(),
            d.description(),
            d.directives(),
            Body::Union(d.union_member_types()),
        ),
        D::UnionTypeExtension(d) => (
            d.name(),
            None,
            d.directives(),
            Body::Union(d.union_member_types()),
        ),
        D::EnumTypeDefinition(d) => (
            d.name(),
            d.description(),
            d.directives(),
            Body::Enum(d.enum_values_definition()),
        ),
        D::EnumTypeExtension(d) => (
            d.name(),
            None,
            d.directives(),
            Body::Enum(d.enum_values_definition()),
        ),
        D::InputObjectTypeDefinition(d) => (
            d.name(),
            d.description(),
            d.directives(),
            Body::InputObject(d.input_fields_definition()),
        ),
        D::InputObjectTypeExtension(d) => (
            d.name(),
            None,
            d.directives(),
            Body::InputObject(d.input_fields_definition()),
        ),
        _ => return Some(None),
    };
    Some(Some(TypeNode {
        name: syntax::name(&name?),
        description,
        directives,
        body,
    }))
}

/// Reads the tree of one file into the model.
struct Reader<'s> {
    sources: &'s SourceMap,
    file: FileId,
    /// Whether locations and value spans are kept: not for the built-ins, which belong to no
    /// file of the schema.
    placed: bool,
}

impl Reader<'_> {
    fn at(&self, span: Span) -> Option<Location> {
        self.placed.then(|| self.sources.location(self.file, span))
    }

    fn name_at(&self, name: &ast::Name) -> Option<Location> {
        self.at(name.span)
    }

    /// Parses the file (AppSync dialect included) and collects its definitions; extensions
    /// wait in `extensions`.
    fn read(&self, out: &mut Collected, extensions: &mut Extensions) {
        let text = &self.sources.get(self.file).text;
        let Some(prepared) = super::appsync_dialect::prepare(text) else {
            return;
        };
        let doc = match syntax::parse_text(self.sources, self.file, &prepared, SCHEMA_LIMITS) {
            Ok(doc) => doc,
            Err(d) => {
                out.diagnostics.push(d);
                return;
            }
        };
        for def in doc.definitions() {
            if self.definition(def, out, extensions).is_none() {
                out.diagnostics
                    .push(syntax::incomplete(self.sources, self.file));
                return;
            }
        }
    }

    /// One definition; `None` when the tree misses a part (a parser bug).
    fn definition(
        &self,
        def: cst::Definition,
        out: &mut Collected,
        extensions: &mut Extensions,
    ) -> Option<()> {
        use cst::Definition as D;
        if def.is_extension_definition() {
            if let D::DirectiveExtension(e) = &def {
                out.diagnostics.push(not_in_a_schema(
                    self.at(syntax::span(e.syntax())),
                    "`extend directive` is a draft of the GraphQL specification, not supported"
                        .to_owned(),
                    "write the directives where the directive is used",
                ));
            } else {
                extensions.push((self.file, def));
            }
            return Some(());
        }
        match &def {
            D::OperationDefinition(_) | D::FragmentDefinition(_) => {
                let what = if matches!(def, D::FragmentDefinition(_)) {
                    "a fragment"
                } else {
                    "an operation"
                };
                out.diagnostics.push(not_in_a_schema(
                    self.at(syntax::span(def.syntax())),
                    format!("a schema holds type definitions, but this is {what}"),
                    "move operations and fragments to a document",
                ));
            }
            D::SchemaDefinition(s) => self.schema_definition(s, out)?,
            D::DirectiveDefinition(d) => {
                let def = self.directive_def(d, &mut out.diagnostics)?;
                if let Some(first) = out.directives.get(&def.name) {
                    let mut diag = Diagnostic::error(
                        "schema-duplicate-directive",
                        format!("directive `@{}` is defined more than once", def.name),
                        def.location,
                    )
                    .with_label("second definition")
                    .with_help("remove one of the definitions, or rename one");
                    if let Some(at) = first.location {
                        diag = diag.with_secondary(at, "first defined here");
                    }
                    out.diagnostics.push(diag);
                } else {
                    out.directives.insert(def.name.clone(), def);
                }
            }
            _ => {
                let Some(node) = type_node(&def)? else {
                    return Some(());
                };
                let mut ty = TypeDef {
                    name: node.name.value.clone(),
                    description: syntax::description(node.description.clone()),
                    kind: node.body.empty_kind(),
                    directives: Vec::new(),
                    builtin: false,
                    location: self.name_at(&node.name),
                    member_locations: Vec::new(),
                };
                self.merge(&mut ty, node, &mut out.diagnostics)?;
                match out.types.get(&ty.name) {
                    Some(first) => out.diagnostics.push(duplicate_type(&ty, first)),
                    None => {
                        out.types.insert(ty.name.clone(), ty);
                    }
                }
            }
        }
        Some(())
    }

    /// `schema { query: Q ... }`.
    fn schema_definition(&self, s: &cst::SchemaDefinition, out: &mut Collected) -> Option<()> {
        let keyword = s.schema_token()?;
        if out.has_schema_definition {
            out.diagnostics.push(
                Diagnostic::error(
                    "schema-duplicate-schema-definition",
                    "the schema definition (`schema { ... }`) is given twice",
                    self.at(token_span(&keyword)),
                )
                .with_label("second definition")
                .with_help("merge both into one `schema { query: ..., mutation: ... }`, or write `extend schema` for the second"),
            );
        }
        out.has_schema_definition = true;
        for (slot, name) in root_types(s.root_operation_type_definitions())? {
            out.roots[slot] = Some((name.value.clone(), self.name_at(&name)));
        }
        Some(())
    }

    /// A schema or type extension, once every definition is read.
    fn extension(&self, def: &cst::Definition, out: &mut Collected) -> Option<()> {
        if let cst::Definition::SchemaExtension(s) = def {
            return self.extend_schema(s, out);
        }
        let Some(node) = type_node(def)? else {
            return Some(());
        };
        let name = node.name.value.as_str();
        let at = self.name_at(&node.name);
        let Some(target) = out.types.get_mut(name) else {
            let candidates = out.types.keys().map(String::as_str);
            let diag = Diagnostic::error(
                "schema-extension-of-unknown-type",
                format!("`extend` names `{name}`, which is not defined"),
                at,
            )
            .with_label("no such type");
            let diag = match crate::suggest::closest(name, candidates) {
                Some(best) => diag.with_help(format!("did you mean `{best}`?")),
                None => diag.with_help(format!(
                    "define the type first, or drop `extend` to define `{name}` here"
                )),
            };
            out.diagnostics.push(diag);
            return Some(());
        };
        let extended = node.body.empty_kind();
        if std::mem::discriminant(&extended) != std::mem::discriminant(&target.kind) {
            let (extended_as, _) = extended.words();
            let (is, keyword) = target.kind.words();
            out.diagnostics.push(
                Diagnostic::error(
                    "schema-extension-kind-mismatch",
                    format!("`{name}` is extended as {extended_as}, but it is {is}"),
                    at,
                )
                .with_label("wrong kind of extension")
                .with_help(format!("write `extend {keyword} {name}`")),
            );
            return Some(());
        }
        self.merge(target, node, &mut out.diagnostics)
    }

    /// `extend schema { mutation: M }`: may add root operation types, not replace them.
    fn extend_schema(&self, s: &cst::SchemaExtension, out: &mut Collected) -> Option<()> {
        for (slot, name) in root_types(s.root_operation_type_definitions())? {
            let at = self.name_at(&name);
            match &out.roots[slot] {
                Some((existing, first)) => {
                    let mut diag = Diagnostic::error(
                        "schema-duplicate-root",
                        format!(
                            "`extend schema` sets the {} root type to `{name}`, but it is already `{existing}`",
                            ROOT_SLOTS[slot]
                        ),
                        at,
                    )
                    .with_label("second root type")
                    .with_help(format!("remove `{}: {name}` from the extension", ROOT_SLOTS[slot]));
                    if let Some(first) = first {
                        diag = diag.with_secondary(*first, "first set here");
                    }
                    out.diagnostics.push(diag);
                }
                None => out.roots[slot] = Some((name.value, at)),
            }
        }
        Some(())
    }

    /// Adds what a definition or extension declares to `target`, whose kind is the one `node`
    /// declares (the one path for definitions and extensions of every kind).
    fn merge(&self, target: &mut TypeDef, node: TypeNode, out: &mut Vec<Diagnostic>) -> Option<()> {
        let directives = self.directives(node.directives)?;
        let TypeDef {
            name,
            kind,
            member_locations,
            ..
        } = target;
        let name = name.as_str();
        match (node.body, kind) {
            (
                Body::Fielded {
                    interfaces: new_interfaces,
                    fields: new_fields,
                    ..
                },
                TypeKind::Object { fields, interfaces }
                | TypeKind::Interface { fields, interfaces },
            ) => {
                let new_interfaces = match new_interfaces {
                    Some(i) => named_types(i.named_types())?,
                    None => Vec::new(),
                };
                self.add_names(interfaces, member_locations, new_interfaces, out, |i| {
                    format!("`{name}` lists the interface `{i}` twice")
                });
                for f in new_fields.iter().flat_map(|f| f.field_definitions()) {
                    let def = self.field_def(&f, name, out)?;
                    add_field(fields, def, name, out);
                }
            }
            (Body::Union(new), TypeKind::Union { members }) => {
                let new = match new {
                    Some(m) => named_types(m.named_types())?,
                    None => Vec::new(),
                };
                self.add_names(members, member_locations, new, out, |m| {
                    format!("union `{name}` lists `{m}` twice")
                });
            }
            (Body::Enum(new), TypeKind::Enum { values }) => {
                for v in new.iter().flat_map(|v| v.enum_value_definitions()) {
                    add_enum_value(values, self.enum_value(&v)?, name, out);
                }
            }
            (Body::InputObject(new), TypeKind::InputObject { fields, one_of }) => {
                for f in new.iter().flat_map(|f| f.input_value_definitions()) {
                    add_input_value(fields, self.input_value(&f)?, out, |n| {
                        format!("input field `{name}.{n}`")
                    });
                }
                *one_of |= directives.iter().any(|d| d.name == "oneOf");
            }
            // Scalars add directives only; other pairs are refused before (kinds differ).
            _ => {}
        }
        target.directives.extend(directives);
        Some(())
    }

    /// Appends names (implemented interfaces, union members) and where they are written,
    /// warning about and skipping repeats: a repeat changes nothing, so it is a flaw rather
    /// than a conflict.
    fn add_names(
        &self,
        list: &mut Vec<String>,
        locations: &mut Vec<(String, Location)>,
        new: Vec<ast::Name>,
        out: &mut Vec<Diagnostic>,
        message: impl Fn(&str) -> String,
    ) {
        list.reserve(new.len());
        for name in new {
            let at = self.name_at(&name);
            if list.contains(&name.value) {
                out.push(
                    Diagnostic::warning("schema-duplicate-member", message(&name), at)
                        .with_label("listed again here")
                        .with_help(format!("remove the second `{name}`")),
                );
            } else {
                list.push(name.value.clone());
                if let Some(at) = at {
                    locations.push((name.value, at));
                }
            }
        }
    }

    fn field_def(
        &self,
        f: &cst::FieldDefinition,
        type_name: &str,
        out: &mut Vec<Diagnostic>,
    ) -> Option<FieldDef> {
        let name = syntax::name(&f.name()?);
        let arguments = self.arguments(f.arguments_definition(), out, |n| {
            format!("argument `{type_name}.{name}({n}:)`")
        })?;
        let directives = self.directives(f.directives())?;
        Some(FieldDef {
            description: syntax::description(f.description()),
            arguments,
            ty: type_ref(&syntax::ty(&f.ty()?)?),
            deprecation: deprecation(&directives),
            directives,
            location: self.name_at(&name),
            name: name.value,
        })
    }

    /// The arguments of a field or directive; `what` names one in a message.
    fn arguments(
        &self,
        node: Option<cst::ArgumentsDefinition>,
        out: &mut Vec<Diagnostic>,
        what: impl Fn(&str) -> String,
    ) -> Option<IndexMap<String, InputValueDef>> {
        let mut arguments = IndexMap::new();
        for a in node.iter().flat_map(|a| a.input_value_definitions()) {
            add_input_value(&mut arguments, self.input_value(&a)?, out, &what);
        }
        Some(arguments)
    }

    fn input_value(&self, v: &cst::InputValueDefinition) -> Option<InputValueDef> {
        let name = syntax::name(&v.name()?);
        let default_value = match v.default_value() {
            Some(d) => Some(self.value(syntax::value(&d.value()?)?)),
            None => None,
        };
        let directives = self.directives(v.directives())?;
        Some(InputValueDef {
            description: syntax::description(v.description()),
            ty: type_ref(&syntax::ty(&v.ty()?)?),
            default_value,
            deprecation: deprecation(&directives),
            directives,
            location: self.name_at(&name),
            name: name.value,
        })
    }

    fn enum_value(&self, v: &cst::EnumValueDefinition) -> Option<EnumValueDef> {
        let name = syntax::name(&v.enum_value()?.name()?);
        let directives = self.directives(v.directives())?;
        Some(EnumValueDef {
            description: syntax::description(v.description()),
            deprecation: deprecation(&directives),
            directives,
            location: self.name_at(&name),
            name: name.value,
        })
    }

    fn directive_def(
        &self,
        d: &cst::DirectiveDefinition,
        out: &mut Vec<Diagnostic>,
    ) -> Option<DirectiveDef> {
        let name = syntax::name(&d.name()?);
        let arguments = self.arguments(d.arguments_definition(), out, |n| {
            format!("argument `@{name}({n}:)`")
        })?;
        let mut locations = Vec::new();
        for l in d.directive_locations()?.directive_locations() {
            let at = syntax::span(l.syntax());
            match l.text().and_then(|t| DirectiveLocation::from_name(&t)) {
                Some(l) => locations.push(l),
                None => out.push(not_in_a_schema(
                    self.at(at),
                    "this directive location is a draft of the GraphQL specification, not supported".to_owned(),
                    "remove it",
                )),
            }
        }
        // `@name`, as it is written where the directive is used.
        let at = d
            .at_token()
            .map_or(name.span, |t| token_span(&t).to(name.span));
        Some(DirectiveDef {
            description: syntax::description(d.description()),
            arguments,
            repeatable: d.repeatable_token().is_some(),
            locations,
            builtin: false,
            location: self.at(at),
            name: name.value,
        })
    }

    /// Directives applied to a schema element, each located at its `@name`.
    fn directives(&self, node: Option<cst::Directives>) -> Option<Vec<AppliedDirective>> {
        Some(
            syntax::directives(node)?
                .into_iter()
                .map(|d| AppliedDirective {
                    location: self.at(d.span.to(d.name.span)),
                    name: d.name.value,
                    arguments: d
                        .arguments
                        .into_iter()
                        .map(|a| (a.name.value, self.value(a.value)))
                        .collect(),
                })
                .collect(),
        )
    }

    /// A value as the schema keeps it: with its span, unless the file is not the schema's.
    fn value(&self, mut value: ConstValue) -> ConstValue {
        if !self.placed {
            value.unplace();
        }
        value
    }
}

fn token_span(token: &apollo_parser::SyntaxToken) -> Span {
    let range = token.text_range();
    Span::new(range.start().into(), range.end().into())
}

/// The names of implemented interfaces or union members.
fn named_types(nodes: cst::CstChildren<cst::NamedType>) -> Option<Vec<ast::Name>> {
    nodes.map(|n| Some(syntax::name(&n.name()?))).collect()
}

/// The entries of `schema { ... }` or `extend schema { ... }`: root slot and type name.
fn root_types(
    nodes: cst::CstChildren<cst::RootOperationTypeDefinition>,
) -> Option<Vec<(usize, ast::Name)>> {
    nodes
        .map(|r| {
            let op = r.operation_type()?;
            let slot = if op.query_token().is_some() {
                0
            } else if op.mutation_token().is_some() {
                1
            } else if op.subscription_token().is_some() {
                2
            } else {
                return None;
            };
            Some((slot, syntax::name(&r.named_type()?.name()?)))
        })
        .collect()
}

fn type_ref(t: &ast::Type) -> TypeRef {
    match t {
        ast::Type::NamedType(n) => TypeRef::Named(n.clone()),
        ast::Type::ListType(inner) => TypeRef::List(Box::new(type_ref(inner))),
        ast::Type::NonNullType(inner) => TypeRef::NonNull(Box::new(type_ref(inner))),
    }
}

/// `Some(reason)` for `@deprecated`, with the spec's default reason.
fn deprecation(dirs: &[AppliedDirective]) -> Option<String> {
    let d = dirs.iter().find(|d| d.name == "deprecated")?;
    let reason = d
        .arguments
        .iter()
        .find(|(k, _)| k == "reason")
        .and_then(|(_, v)| match &v.kind {
            ast::ValueKind::String(s) => Some(s.clone()),
            _ => None,
        });
    Some(reason.unwrap_or_else(|| "No longer supported".to_owned()))
}

fn duplicate_type(def: &TypeDef, first: &TypeDef) -> Diagnostic {
    let mut diag = Diagnostic::error(
        "schema-duplicate-type",
        format!("type `{}` is defined more than once", def.name),
        def.location,
    )
    .with_label("second definition")
    .with_help(format!(
        "rename one of them, or write `extend type {}` to add fields to the first",
        def.name
    ));
    if let Some(at) = first.location {
        diag = diag.with_secondary(at, "first defined here");
    }
    diag
}

/// Adds a field, reporting a duplicate: identical signatures (GitHub's schema has two) are a
/// warning and the first definition is kept; different signatures are an error.
fn add_field(
    fields: &mut IndexMap<String, FieldDef>,
    def: FieldDef,
    type_name: &str,
    out: &mut Vec<Diagnostic>,
) {
    let first = match fields.entry(def.name.clone()) {
        indexmap::map::Entry::Vacant(slot) => {
            slot.insert(def);
            return;
        }
        indexmap::map::Entry::Occupied(first) => first.into_mut(),
    };
    let same = first.ty == def.ty
        && first.arguments.len() == def.arguments.len()
        && first
            .arguments
            .values()
            .zip(def.arguments.values())
            .all(|(a, b)| a.name == b.name && a.ty == b.ty && a.default_value == b.default_value);
    let mut diag = if same {
        Diagnostic::warning(
            "schema-duplicate-field",
            format!(
                "field `{type_name}.{}` is defined twice with the same type and arguments; \
                 the second definition is ignored",
                def.name
            ),
            def.location,
        )
        .with_label("identical second definition")
        .with_help("remove the second definition")
    } else {
        Diagnostic::error(
            "schema-duplicate-field",
            format!(
                "field `{type_name}.{}` is defined twice with different signatures (`{}` and `{}`)",
                def.name,
                signature(first),
                signature(&def)
            ),
            def.location,
        )
        .with_label("conflicting second definition")
        .with_help("remove one of the definitions, or rename one")
    };
    if let Some(at) = first.location {
        diag = diag.with_secondary(at, "first defined here");
    }
    out.push(diag);
}

/// `name(arg: Type = default): Type` as SDL shows it.
fn signature(f: &FieldDef) -> String {
    let args: Vec<String> = f.arguments.values().map(input_signature).collect();
    if args.is_empty() {
        f.ty.to_string()
    } else {
        format!("({}): {}", args.join(", "), f.ty)
    }
}

fn input_signature(v: &InputValueDef) -> String {
    match &v.default_value {
        Some(d) => format!("{}: {} = {d}", v.name, v.ty),
        None => format!("{}: {}", v.name, v.ty),
    }
}

/// Adds an argument or input field; a repeat with the same type and default is a warning (the
/// first is kept), a conflicting one an error. `what` names it (`argument `Query.f(id:)``).
pub(super) fn add_input_value(
    map: &mut IndexMap<String, InputValueDef>,
    def: InputValueDef,
    out: &mut Vec<Diagnostic>,
    what: impl Fn(&str) -> String,
) {
    let first = match map.entry(def.name.clone()) {
        indexmap::map::Entry::Vacant(slot) => {
            slot.insert(def);
            return;
        }
        indexmap::map::Entry::Occupied(first) => first.into_mut(),
    };
    let mut diag = if first.ty == def.ty && first.default_value == def.default_value {
        Diagnostic::warning(
            "schema-duplicate-input-value",
            format!(
                "{} is defined twice with the same type; the second definition is ignored",
                what(&def.name)
            ),
            def.location,
        )
        .with_label("identical second definition")
        .with_help("remove the second definition")
    } else {
        Diagnostic::error(
            "schema-duplicate-input-value",
            format!(
                "{} is defined twice with different types (`{}` and `{}`)",
                what(&def.name),
                input_signature(first),
                input_signature(&def)
            ),
            def.location,
        )
        .with_label("conflicting second definition")
        .with_help("remove one of the definitions, or rename one")
    };
    if let Some(at) = first.location {
        diag = diag.with_secondary(at, "first defined here");
    }
    out.push(diag);
}

/// Adds an enum value; a repeat changes nothing, so it is a warning.
fn add_enum_value(
    values: &mut IndexMap<String, EnumValueDef>,
    def: EnumValueDef,
    type_name: &str,
    out: &mut Vec<Diagnostic>,
) {
    match values.entry(def.name.clone()) {
        indexmap::map::Entry::Vacant(slot) => {
            slot.insert(def);
        }
        indexmap::map::Entry::Occupied(first) => {
            let mut diag = Diagnostic::warning(
                "schema-duplicate-enum-value",
                format!(
                    "enum value `{type_name}.{}` is defined twice; the second definition is ignored",
                    def.name
                ),
                def.location,
            )
            .with_label("second definition")
            .with_help("remove the second definition");
            if let Some(at) = first.get().location {
                diag = diag.with_secondary(at, "first defined here");
            }
            out.push(diag);
        }
    }
}
