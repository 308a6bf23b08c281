//! SDL -> model: parses each file with graphql-parser, merges definitions and extensions across
//! files, adds the built-ins (spec scalars and directives, introspection types, the AppSync
//! dialect), and hands the result to the checks.

use std::sync::OnceLock;

use graphql_parser::schema::{self as ast, Definition, TypeDefinition, TypeExtension};
use indexmap::IndexMap;

use super::model::*;
use crate::diagnostic::Diagnostic;
use crate::document::location;
use crate::source::{FileId, Location, SourceMap};

type Text<'a> = &'a str;

/// Definitions from SDL text, before checks: what [`super::checks`] validates.
#[derive(Default)]
pub(super) struct Collected {
    pub types: IndexMap<String, TypeDef>,
    pub directives: IndexMap<String, DirectiveDef>,
    pub roots: [Option<(String, Option<Location>)>; 3],
    pub has_schema_definition: bool,
    pub diagnostics: Vec<Diagnostic>,
}

/// The built-in types and directives, parsed once per process.
pub(super) fn builtins() -> &'static (IndexMap<String, TypeDef>, IndexMap<String, DirectiveDef>) {
    static BUILTINS: OnceLock<(IndexMap<String, TypeDef>, IndexMap<String, DirectiveDef>)> =
        OnceLock::new();
    BUILTINS.get_or_init(|| {
        let text = include_str!("builtins.graphql");
        let mut collected = Collected::default();
        // The built-ins are ours and parse; should they not, the schema simply lacks them and
        // every check reports it.
        if let Ok(doc) = ast::parse_schema::<Text>(text) {
            let mut extensions = Vec::new();
            collect_document(doc, FileId(u32::MAX), &mut collected, &mut extensions);
        }
        let mut types = collected.types;
        let mut directives = collected.directives;
        for t in types.values_mut() {
            t.builtin = true;
            t.location = None;
        }
        for d in directives.values_mut() {
            d.builtin = true;
            d.location = None;
        }
        (types, directives)
    })
}

/// Parses every file of `sources` and collects its definitions.
///
/// Extensions are applied after every file is read, so a type may be extended in any file.
pub(super) fn collect(sources: &SourceMap) -> Collected {
    let mut collected = Collected::default();
    let mut texts: Vec<(FileId, std::borrow::Cow<str>)> = Vec::new();
    for (file, source) in sources.iter() {
        if super::introspection::is_json(&source.text) {
            super::introspection::collect(file, &source.text, &mut collected);
        } else {
            texts.push((
                file,
                super::appsync_dialect::blank_empty_field_sets(&source.text),
            ));
        }
    }
    let mut docs = Vec::new();
    for (file, text) in &texts {
        match ast::parse_schema::<Text>(text) {
            Ok(doc) => docs.push((*file, doc)),
            Err(err) => collected
                .diagnostics
                .push(crate::document::syntax_error(*file, &err.to_string())),
        }
    }
    let mut extensions = Vec::new();
    for (file, doc) in docs {
        collect_document(doc, file, &mut collected, &mut extensions);
    }
    for (file, ext) in &extensions {
        apply_extension(ext, *file, &mut collected);
    }
    collected
}

/// Converts one document, consuming it so descriptions move instead of being copied.
fn collect_document<'a>(
    doc: ast::Document<'a, Text<'a>>,
    file: FileId,
    out: &mut Collected,
    extensions: &mut Vec<(FileId, TypeExtension<'a, Text<'a>>)>,
) {
    for def in doc.definitions {
        match def {
            Definition::SchemaDefinition(s) => {
                if out.has_schema_definition {
                    out.diagnostics.push(
                        Diagnostic::error(
                            "schema-duplicate-schema-definition",
                            "the schema definition (`schema { ... }`) is given twice",
                            Some(location(file, s.position, "schema".len())),
                        )
                        .with_label("second definition")
                        .with_help("merge both into one `schema { query: ..., mutation: ... }`"),
                    );
                }
                out.has_schema_definition = true;
                let at = Some(location(file, s.position, "schema".len()));
                for (slot, name) in [s.query, s.mutation, s.subscription].iter().enumerate() {
                    if let Some(name) = name {
                        out.roots[slot] = Some((name.to_string(), at));
                    }
                }
            }
            Definition::TypeDefinition(t) => {
                let def = type_def(t, file, &mut out.diagnostics);
                if let Some(first) = out.types.get(&def.name) {
                    out.diagnostics.push(duplicate_type(&def, first));
                } else {
                    out.types.insert(def.name.clone(), def);
                }
            }
            Definition::TypeExtension(e) => extensions.push((file, e)),
            Definition::DirectiveDefinition(d) => {
                let def = directive_def(d, file);
                if let Some(first) = out.directives.get(&def.name) {
                    let mut diag = Diagnostic::error(
                        "schema-duplicate-directive",
                        format!("directive `@{}` is defined more than once", def.name),
                        def.location,
                    )
                    .with_label("second definition");
                    if let Some(at) = first.location {
                        diag = diag.with_secondary(at, "first defined here");
                    }
                    out.diagnostics.push(diag);
                } else {
                    out.directives.insert(def.name.clone(), def);
                }
            }
        }
    }
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

fn apply_extension<'a>(ext: &TypeExtension<'a, Text<'a>>, file: FileId, out: &mut Collected) {
    let (name, position) = match ext {
        TypeExtension::Scalar(e) => (e.name, e.position),
        TypeExtension::Object(e) => (e.name, e.position),
        TypeExtension::Interface(e) => (e.name, e.position),
        TypeExtension::Union(e) => (e.name, e.position),
        TypeExtension::Enum(e) => (e.name, e.position),
        TypeExtension::InputObject(e) => (e.name, e.position),
    };
    let at = location(file, position, "extend".len());
    let Some(target) = out.types.get_mut(name) else {
        let candidates: Vec<&str> = out.types.keys().map(String::as_str).collect();
        let mut diag = Diagnostic::error(
            "schema-extension-of-unknown-type",
            format!("`extend` names `{name}`, which is not defined"),
            Some(at),
        )
        .with_label("no such type");
        if let Some(best) = crate::suggest::closest(name, candidates) {
            diag = diag.with_help(format!("did you mean `{best}`?"));
        }
        out.diagnostics.push(diag);
        return;
    };
    let mismatch = |kind: &str| {
        Diagnostic::error(
            "schema-extension-kind-mismatch",
            format!("`{name}` is extended as {kind}, but it is not one"),
            Some(at),
        )
        .with_label("wrong kind of extension")
    };
    match (ext, &mut target.kind) {
        (TypeExtension::Scalar(e), TypeKind::Scalar) => {
            target.directives.extend(directives(&e.directives, file));
        }
        (
            TypeExtension::Object(ast::ObjectTypeExtension {
                fields: new,
                implements_interfaces,
                directives: dirs,
                ..
            }),
            TypeKind::Object { fields, interfaces },
        )
        | (
            TypeExtension::Interface(ast::InterfaceTypeExtension {
                fields: new,
                implements_interfaces,
                directives: dirs,
                ..
            }),
            TypeKind::Interface { fields, interfaces },
        ) => {
            interfaces.extend(implements_interfaces.iter().map(|i| i.to_string()));
            for f in new {
                add_field(
                    fields,
                    field_def(f.clone(), file),
                    &target.name,
                    &mut out.diagnostics,
                );
            }
            target.directives.extend(directives(dirs, file));
        }
        (TypeExtension::Union(e), TypeKind::Union { members }) => {
            members.extend(e.types.iter().map(|t| t.to_string()));
            target.directives.extend(directives(&e.directives, file));
        }
        (TypeExtension::Enum(e), TypeKind::Enum { values }) => {
            for v in &e.values {
                let def = enum_value(v.clone(), file);
                values.entry(def.name.clone()).or_insert(def);
            }
            target.directives.extend(directives(&e.directives, file));
        }
        (TypeExtension::InputObject(e), TypeKind::InputObject { fields, one_of }) => {
            for f in &e.fields {
                let def = input_value(f.clone(), file);
                fields.entry(def.name.clone()).or_insert(def);
            }
            *one_of |= e.directives.iter().any(|d| d.name == "oneOf");
            target.directives.extend(directives(&e.directives, file));
        }
        (TypeExtension::Scalar(_), _) => out.diagnostics.push(mismatch("a scalar")),
        (TypeExtension::Object(_), _) => out.diagnostics.push(mismatch("an object type")),
        (TypeExtension::Interface(_), _) => out.diagnostics.push(mismatch("an interface")),
        (TypeExtension::Union(_), _) => out.diagnostics.push(mismatch("a union")),
        (TypeExtension::Enum(_), _) => out.diagnostics.push(mismatch("an enum")),
        (TypeExtension::InputObject(_), _) => out.diagnostics.push(mismatch("an input object")),
    }
}

/// Adds a field, reporting a duplicate: identical signatures (GitHub's schema has two) are a
/// warning and the first definition is kept; different signatures are an error.
fn add_field(
    fields: &mut IndexMap<String, FieldDef>,
    def: FieldDef,
    type_name: &str,
    out: &mut Vec<Diagnostic>,
) {
    let Some(first) = fields.get(&def.name) else {
        fields.insert(def.name.clone(), def);
        return;
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
    } else {
        Diagnostic::error(
            "schema-duplicate-field",
            format!(
                "field `{type_name}.{}` is defined twice with different signatures (`{}` and `{}`)",
                def.name, first.ty, def.ty
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

fn type_def<'a>(
    t: TypeDefinition<'a, Text<'a>>,
    file: FileId,
    out: &mut Vec<Diagnostic>,
) -> TypeDef {
    let (name, description, position, dirs, kind) = match t {
        TypeDefinition::Scalar(s) => (
            s.name,
            s.description,
            s.position,
            directives(&s.directives, file),
            TypeKind::Scalar,
        ),
        TypeDefinition::Object(o) => {
            let mut fields = IndexMap::new();
            for f in o.fields {
                add_field(&mut fields, field_def(f, file), o.name, out);
            }
            let interfaces = o
                .implements_interfaces
                .iter()
                .map(|i| i.to_string())
                .collect();
            let dirs = directives(&o.directives, file);
            (
                o.name,
                o.description,
                o.position,
                dirs,
                TypeKind::Object { fields, interfaces },
            )
        }
        TypeDefinition::Interface(i) => {
            let mut fields = IndexMap::new();
            for f in i.fields {
                add_field(&mut fields, field_def(f, file), i.name, out);
            }
            let interfaces = i
                .implements_interfaces
                .iter()
                .map(|i| i.to_string())
                .collect();
            let dirs = directives(&i.directives, file);
            (
                i.name,
                i.description,
                i.position,
                dirs,
                TypeKind::Interface { fields, interfaces },
            )
        }
        TypeDefinition::Union(u) => {
            let members = u.types.iter().map(|t| t.to_string()).collect();
            let dirs = directives(&u.directives, file);
            (
                u.name,
                u.description,
                u.position,
                dirs,
                TypeKind::Union { members },
            )
        }
        TypeDefinition::Enum(e) => {
            let mut values = IndexMap::new();
            for v in e.values {
                let def = enum_value(v, file);
                values.entry(def.name.clone()).or_insert(def);
            }
            let dirs = directives(&e.directives, file);
            (
                e.name,
                e.description,
                e.position,
                dirs,
                TypeKind::Enum { values },
            )
        }
        TypeDefinition::InputObject(i) => {
            let mut fields = IndexMap::new();
            for f in i.fields {
                let def = input_value(f, file);
                fields.entry(def.name.clone()).or_insert(def);
            }
            let one_of = i.directives.iter().any(|d| d.name == "oneOf");
            let dirs = directives(&i.directives, file);
            (
                i.name,
                i.description,
                i.position,
                dirs,
                TypeKind::InputObject { fields, one_of },
            )
        }
    };
    TypeDef {
        name: name.to_owned(),
        description,
        kind,
        directives: dirs,
        builtin: false,
        location: Some(location(file, position, name.len())),
    }
}

fn field_def<'a>(f: ast::Field<'a, Text<'a>>, file: FileId) -> FieldDef {
    FieldDef {
        name: f.name.to_owned(),
        arguments: f
            .arguments
            .into_iter()
            .map(|a| (a.name.to_owned(), input_value(a, file)))
            .collect(),
        description: f.description,
        ty: type_ref(&f.field_type),
        deprecation: deprecation(&f.directives),
        directives: directives(&f.directives, file),
        location: Some(location(file, f.position, f.name.len())),
    }
}

fn input_value<'a>(v: ast::InputValue<'a, Text<'a>>, file: FileId) -> InputValueDef {
    InputValueDef {
        name: v.name.to_owned(),
        description: v.description,
        ty: type_ref(&v.value_type),
        default_value: v.default_value.as_ref().map(|d| d.into_static()),
        deprecation: deprecation(&v.directives),
        directives: directives(&v.directives, file),
        location: Some(location(file, v.position, v.name.len())),
    }
}

fn enum_value<'a>(v: ast::EnumValue<'a, Text<'a>>, file: FileId) -> EnumValueDef {
    EnumValueDef {
        name: v.name.to_owned(),
        description: v.description,
        deprecation: deprecation(&v.directives),
        directives: directives(&v.directives, file),
        location: Some(location(file, v.position, v.name.len())),
    }
}

fn directive_def<'a>(d: ast::DirectiveDefinition<'a, Text<'a>>, file: FileId) -> DirectiveDef {
    DirectiveDef {
        name: d.name.to_owned(),
        arguments: d
            .arguments
            .into_iter()
            .map(|a| (a.name.to_owned(), input_value(a, file)))
            .collect(),
        description: d.description,
        repeatable: d.repeatable,
        locations: d.locations.iter().map(directive_location).collect(),
        builtin: false,
        location: Some(location(file, d.position, d.name.len() + 1)),
    }
}

fn directive_location(l: &ast::DirectiveLocation) -> DirectiveLocation {
    use ast::DirectiveLocation as A;
    use DirectiveLocation as D;
    match l {
        A::Query => D::Query,
        A::Mutation => D::Mutation,
        A::Subscription => D::Subscription,
        A::Field => D::Field,
        A::FragmentDefinition => D::FragmentDefinition,
        A::FragmentSpread => D::FragmentSpread,
        A::InlineFragment => D::InlineFragment,
        A::VariableDefinition => D::VariableDefinition,
        A::Schema => D::Schema,
        A::Scalar => D::Scalar,
        A::Object => D::Object,
        A::FieldDefinition => D::FieldDefinition,
        A::ArgumentDefinition => D::ArgumentDefinition,
        A::Interface => D::Interface,
        A::Union => D::Union,
        A::Enum => D::Enum,
        A::EnumValue => D::EnumValue,
        A::InputObject => D::InputObject,
        A::InputFieldDefinition => D::InputFieldDefinition,
    }
}

fn type_ref<'a>(t: &ast::Type<'a, Text<'a>>) -> TypeRef {
    match t {
        ast::Type::NamedType(n) => TypeRef::Named((*n).to_owned()),
        ast::Type::ListType(inner) => TypeRef::List(Box::new(type_ref(inner))),
        ast::Type::NonNullType(inner) => TypeRef::NonNull(Box::new(type_ref(inner))),
    }
}

fn directives<'a>(dirs: &[ast::Directive<'a, Text<'a>>], file: FileId) -> Vec<AppliedDirective> {
    dirs.iter()
        .map(|d| AppliedDirective {
            name: d.name.to_owned(),
            arguments: d
                .arguments
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.into_static()))
                .collect(),
            location: Some(location(file, d.position, d.name.len() + 1)),
        })
        .collect()
}

/// `Some(reason)` for `@deprecated`, with the spec's default reason.
fn deprecation<'a>(dirs: &[ast::Directive<'a, Text<'a>>]) -> Option<String> {
    let d = dirs.iter().find(|d| d.name == "deprecated")?;
    let reason = d
        .arguments
        .iter()
        .find(|(k, _)| *k == "reason")
        .and_then(|(_, v)| match v {
            ast::Value::String(s) => Some(s.clone()),
            _ => None,
        });
    Some(reason.unwrap_or_else(|| "No longer supported".to_owned()))
}
