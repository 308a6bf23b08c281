//! SDL -> model: parses each file with graphql-parser, merges definitions and extensions across
//! files, adds the built-ins (spec scalars and directives, introspection types, the AppSync
//! dialect), and hands the result to the checks.

use std::sync::OnceLock;

use graphql_parser::schema::{self as ast, Definition, TypeDefinition, TypeExtension};
use indexmap::IndexMap;

use super::locate::Locator;
use super::model::*;
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, LineCol, Location, SourceMap};

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
            let mut ctx = Ctx {
                file: FileId(u32::MAX),
                loc: Locator::new(FileId(u32::MAX), None),
                out: &mut collected,
                extensions: &mut Vec::new(),
                schema_extensions: &mut Vec::new(),
                extension_positions: &[],
            };
            collect_document(doc, &mut ctx);
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
    let mut texts = Vec::new();
    for (file, source) in sources.iter() {
        if super::introspection::is_json(&source.text) {
            super::introspection::collect(file, &source.text, &mut collected);
        } else {
            texts.push((file, super::appsync_dialect::prepare(&source.text)));
        }
    }
    let mut docs = Vec::new();
    for (file, prepared) in &texts {
        if prepared.empty {
            continue;
        }
        match ast::parse_schema::<Text>(&prepared.text) {
            Ok(doc) => {
                let source = sources.get(*file);
                let extensions: Vec<LineCol> = prepared
                    .schema_extensions
                    .iter()
                    .map(|&at| source.line_col(at))
                    .collect();
                docs.push((*file, doc, extensions))
            }
            Err(err) => collected.diagnostics.push(Diagnostic::error(
                "syntax",
                format!("syntax error: {err}"),
                None,
            )),
        }
    }
    let mut extensions = Vec::new();
    let mut schema_extensions = Vec::new();
    for (file, doc, schema_ext) in docs {
        let mut ctx = Ctx {
            file,
            loc: Locator::new(file, Some(sources.get(file))),
            out: &mut collected,
            extensions: &mut extensions,
            schema_extensions: &mut schema_extensions,
            extension_positions: &schema_ext,
        };
        collect_document(doc, &mut ctx);
    }
    for (file, def) in schema_extensions {
        let loc = Locator::new(file, Some(sources.get(file)));
        extend_schema(def, &loc, &mut collected);
    }
    for (file, ext) in extensions {
        let loc = Locator::new(file, Some(sources.get(file)));
        apply_extension(ext, &loc, &mut collected);
    }
    collected
}

/// Where one document's definitions go.
struct Ctx<'c, 'a> {
    file: FileId,
    loc: Locator<'c>,
    out: &'c mut Collected,
    extensions: &'c mut Vec<(FileId, TypeExtension<'a, Text<'a>>)>,
    schema_extensions: &'c mut Vec<(FileId, ast::SchemaDefinition<'a, Text<'a>>)>,
    /// Positions of the `schema` keywords that were written `extend schema`.
    extension_positions: &'c [LineCol],
}

const ROOT_SLOTS: [&str; 3] = ["query", "mutation", "subscription"];

/// Merges `extend schema { ... }`: it may add root operation types, not replace them.
fn extend_schema<'a>(
    s: ast::SchemaDefinition<'a, Text<'a>>,
    loc: &Locator<'_>,
    out: &mut Collected,
) {
    let at = Some(loc.span(s.position, "schema".len()));
    for (slot, name) in [s.query, s.mutation, s.subscription]
        .into_iter()
        .enumerate()
    {
        let Some(name) = name else { continue };
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
            None => out.roots[slot] = Some((name.to_owned(), at)),
        }
    }
}

/// Converts one document, consuming it so descriptions move instead of being copied.
fn collect_document<'a>(doc: ast::Document<'a, Text<'a>>, ctx: &mut Ctx<'_, 'a>) {
    let file = ctx.file;
    for def in doc.definitions {
        match def {
            Definition::SchemaDefinition(s) => {
                let start = LineCol {
                    line: s.position.line,
                    column: s.position.column,
                };
                if ctx.extension_positions.contains(&start) {
                    ctx.schema_extensions.push((file, s));
                    continue;
                }
                let out = &mut *ctx.out;
                if out.has_schema_definition {
                    out.diagnostics.push(
                        Diagnostic::error(
                            "schema-duplicate-schema-definition",
                            "the schema definition (`schema { ... }`) is given twice",
                            Some(ctx.loc.span(s.position, "schema".len())),
                        )
                        .with_label("second definition")
                        .with_help("merge both into one `schema { query: ..., mutation: ... }`, or write `extend schema` for the second"),
                    );
                }
                out.has_schema_definition = true;
                let at = Some(ctx.loc.span(s.position, "schema".len()));
                for (slot, name) in [s.query, s.mutation, s.subscription].iter().enumerate() {
                    if let Some(name) = name {
                        out.roots[slot] = Some((name.to_string(), at));
                    }
                }
            }
            Definition::TypeDefinition(t) => {
                let out = &mut *ctx.out;
                let def = type_def(t, &ctx.loc, &mut out.diagnostics);
                match out.types.get_index_of(&def.name) {
                    Some(i) => {
                        let first = &out.types[i];
                        out.diagnostics.push(duplicate_type(&def, first));
                    }
                    None => {
                        out.types.insert(def.name.clone(), def);
                    }
                }
            }
            Definition::TypeExtension(e) => ctx.extensions.push((file, e)),
            Definition::DirectiveDefinition(d) => {
                let out = &mut *ctx.out;
                let def = directive_def(d, &ctx.loc, &mut out.diagnostics);
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

fn apply_extension<'a>(ext: TypeExtension<'a, Text<'a>>, loc: &Locator<'_>, out: &mut Collected) {
    let (name, position) = match &ext {
        TypeExtension::Scalar(e) => (e.name, e.position),
        TypeExtension::Object(e) => (e.name, e.position),
        TypeExtension::Interface(e) => (e.name, e.position),
        TypeExtension::Union(e) => (e.name, e.position),
        TypeExtension::Enum(e) => (e.name, e.position),
        TypeExtension::InputObject(e) => (e.name, e.position),
    };
    let at = loc.name(position, name);
    let Some(target) = out.types.get_mut(name) else {
        let candidates = out.types.keys().map(String::as_str);
        let mut diag = Diagnostic::error(
            "schema-extension-of-unknown-type",
            format!("`extend` names `{name}`, which is not defined"),
            Some(at),
        )
        .with_label("no such type");
        diag = match crate::suggest::closest(name, candidates) {
            Some(best) => diag.with_help(format!("did you mean `{best}`?")),
            None => diag.with_help(format!(
                "define the type first, or drop `extend` to define `{name}` here"
            )),
        };
        out.diagnostics.push(diag);
        return;
    };
    let diags = &mut out.diagnostics;
    let type_name = target.name.as_str();
    match (ext, &mut target.kind) {
        (TypeExtension::Scalar(e), TypeKind::Scalar) => {
            target.directives.extend(directives(&e.directives, loc));
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
            add_names(interfaces, &implements_interfaces, Some(at), diags, |i| {
                format!("`{type_name}` lists the interface `{i}` twice")
            });
            fields.reserve(new.len());
            for f in new {
                let def = field_def(f, loc, type_name, diags);
                add_field(fields, def, type_name, diags);
            }
            target.directives.extend(directives(&dirs, loc));
        }
        (TypeExtension::Union(e), TypeKind::Union { members }) => {
            add_names(members, &e.types, Some(at), diags, |m| {
                format!("union `{type_name}` lists `{m}` twice")
            });
            target.directives.extend(directives(&e.directives, loc));
        }
        (TypeExtension::Enum(e), TypeKind::Enum { values }) => {
            for v in e.values {
                add_enum_value(values, enum_value(v, loc), type_name, diags);
            }
            target.directives.extend(directives(&e.directives, loc));
        }
        (TypeExtension::InputObject(e), TypeKind::InputObject { fields, one_of }) => {
            for f in e.fields {
                let def = input_value(f, loc);
                add_input_value(fields, def, diags, |n| {
                    format!("input field `{type_name}.{n}`")
                });
            }
            *one_of |= e.directives.iter().any(|d| d.name == "oneOf");
            target.directives.extend(directives(&e.directives, loc));
        }
        (ext, kind) => {
            let extended_as = match ext {
                TypeExtension::Scalar(_) => "a scalar",
                TypeExtension::Object(_) => "an object type",
                TypeExtension::Interface(_) => "an interface",
                TypeExtension::Union(_) => "a union",
                TypeExtension::Enum(_) => "an enum",
                TypeExtension::InputObject(_) => "an input object",
            };
            let (is, keyword) = kind_words(kind);
            diags.push(
                Diagnostic::error(
                    "schema-extension-kind-mismatch",
                    format!("`{name}` is extended as {extended_as}, but it is {is}"),
                    Some(at),
                )
                .with_label("wrong kind of extension")
                .with_help(format!("write `extend {keyword} {name}`")),
            );
        }
    }
}

/// How to name a kind in a message, and its SDL keyword.
pub(super) fn kind_words(kind: &TypeKind) -> (&'static str, &'static str) {
    match kind {
        TypeKind::Scalar => ("a scalar", "scalar"),
        TypeKind::Object { .. } => ("an object type", "type"),
        TypeKind::Interface { .. } => ("an interface", "interface"),
        TypeKind::Union { .. } => ("a union", "union"),
        TypeKind::Enum { .. } => ("an enum", "enum"),
        TypeKind::InputObject { .. } => ("an input object", "input"),
    }
}

/// Appends names (implemented interfaces, union members), warning about and skipping repeats:
/// a repeat changes nothing, so it is a flaw rather than a conflict.
fn add_names(
    list: &mut Vec<String>,
    new: &[&str],
    at: Option<Location>,
    out: &mut Vec<Diagnostic>,
    message: impl Fn(&str) -> String,
) {
    list.reserve(new.len());
    for name in new {
        if list.iter().any(|n| n == name) {
            out.push(
                Diagnostic::warning("schema-duplicate-member", message(name), at)
                    .with_label("listed again here")
                    .with_help(format!("remove the second `{name}`")),
            );
        } else {
            list.push((*name).to_owned());
        }
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

fn type_def<'a>(
    t: TypeDefinition<'a, Text<'a>>,
    loc: &Locator<'_>,
    out: &mut Vec<Diagnostic>,
) -> TypeDef {
    let (name, description, position, dirs, kind) = match t {
        TypeDefinition::Scalar(s) => (
            s.name,
            s.description,
            s.position,
            directives(&s.directives, loc),
            TypeKind::Scalar,
        ),
        TypeDefinition::Object(o) => {
            let at = loc.name(o.position, o.name);
            let (fields, interfaces) =
                fields_and_interfaces(o.name, o.fields, &o.implements_interfaces, at, loc, out);
            let dirs = directives(&o.directives, loc);
            (
                o.name,
                o.description,
                o.position,
                dirs,
                TypeKind::Object { fields, interfaces },
            )
        }
        TypeDefinition::Interface(i) => {
            let at = loc.name(i.position, i.name);
            let (fields, interfaces) =
                fields_and_interfaces(i.name, i.fields, &i.implements_interfaces, at, loc, out);
            let dirs = directives(&i.directives, loc);
            (
                i.name,
                i.description,
                i.position,
                dirs,
                TypeKind::Interface { fields, interfaces },
            )
        }
        TypeDefinition::Union(u) => {
            let mut members = Vec::new();
            let at = loc.name(u.position, u.name);
            add_names(&mut members, &u.types, Some(at), out, |m| {
                format!("union `{}` lists `{m}` twice", u.name)
            });
            let dirs = directives(&u.directives, loc);
            (
                u.name,
                u.description,
                u.position,
                dirs,
                TypeKind::Union { members },
            )
        }
        TypeDefinition::Enum(e) => {
            let mut values = IndexMap::with_capacity(e.values.len());
            for v in e.values {
                add_enum_value(&mut values, enum_value(v, loc), e.name, out);
            }
            let dirs = directives(&e.directives, loc);
            (
                e.name,
                e.description,
                e.position,
                dirs,
                TypeKind::Enum { values },
            )
        }
        TypeDefinition::InputObject(i) => {
            let mut fields = IndexMap::with_capacity(i.fields.len());
            for f in i.fields {
                let def = input_value(f, loc);
                add_input_value(&mut fields, def, out, |n| {
                    format!("input field `{}.{n}`", i.name)
                });
            }
            let one_of = i.directives.iter().any(|d| d.name == "oneOf");
            let dirs = directives(&i.directives, loc);
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
        location: Some(loc.name(position, name)),
    }
}

fn fields_and_interfaces<'a>(
    type_name: &str,
    ast_fields: Vec<ast::Field<'a, Text<'a>>>,
    implements: &[Text<'a>],
    at: Location,
    loc: &Locator<'_>,
    out: &mut Vec<Diagnostic>,
) -> (IndexMap<String, FieldDef>, Vec<String>) {
    let mut fields = IndexMap::with_capacity(ast_fields.len());
    for f in ast_fields {
        let def = field_def(f, loc, type_name, out);
        add_field(&mut fields, def, type_name, out);
    }
    let mut interfaces = Vec::new();
    add_names(&mut interfaces, implements, Some(at), out, |i| {
        format!("`{type_name}` lists the interface `{i}` twice")
    });
    (fields, interfaces)
}

fn field_def<'a>(
    f: ast::Field<'a, Text<'a>>,
    loc: &Locator<'_>,
    type_name: &str,
    out: &mut Vec<Diagnostic>,
) -> FieldDef {
    let mut arguments = IndexMap::with_capacity(f.arguments.len());
    for a in f.arguments {
        let def = input_value(a, loc);
        add_input_value(&mut arguments, def, out, |n| {
            format!("argument `{type_name}.{}({n}:)`", f.name)
        });
    }
    FieldDef {
        name: f.name.to_owned(),
        arguments,
        description: f.description,
        ty: type_ref(&f.field_type),
        deprecation: deprecation(&f.directives),
        directives: directives(&f.directives, loc),
        location: Some(loc.name(f.position, f.name)),
    }
}

fn input_value<'a>(v: ast::InputValue<'a, Text<'a>>, loc: &Locator<'_>) -> InputValueDef {
    InputValueDef {
        name: v.name.to_owned(),
        description: v.description,
        ty: type_ref(&v.value_type),
        default_value: v.default_value.as_ref().map(conv),
        deprecation: deprecation(&v.directives),
        directives: directives(&v.directives, loc),
        location: Some(loc.name(v.position, v.name)),
    }
}

fn enum_value<'a>(v: ast::EnumValue<'a, Text<'a>>, loc: &Locator<'_>) -> EnumValueDef {
    EnumValueDef {
        name: v.name.to_owned(),
        description: v.description,
        deprecation: deprecation(&v.directives),
        directives: directives(&v.directives, loc),
        location: Some(loc.name(v.position, v.name)),
    }
}

fn directive_def<'a>(
    d: ast::DirectiveDefinition<'a, Text<'a>>,
    loc: &Locator<'_>,
    out: &mut Vec<Diagnostic>,
) -> DirectiveDef {
    let mut arguments = IndexMap::with_capacity(d.arguments.len());
    for a in d.arguments {
        let def = input_value(a, loc);
        add_input_value(&mut arguments, def, out, |n| {
            format!("argument `@{}({n}:)`", d.name)
        });
    }
    DirectiveDef {
        name: d.name.to_owned(),
        arguments,
        description: d.description,
        repeatable: d.repeatable,
        locations: d.locations.iter().map(directive_location).collect(),
        builtin: false,
        location: Some(loc.directive_name(d.position, d.name)),
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

fn directives<'a>(
    dirs: &[ast::Directive<'a, Text<'a>>],
    loc: &Locator<'_>,
) -> Vec<AppliedDirective> {
    dirs.iter()
        .map(|d| AppliedDirective {
            name: d.name.to_owned(),
            arguments: d
                .arguments
                .iter()
                .map(|(k, v)| ((*k).to_owned(), conv(v)))
                .collect(),
            location: Some(loc.span(d.position, d.name.chars().count() + 1)),
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

// Interim, until the schema loader reads apollo-parser's tree.
fn conv<'a>(v: &graphql_parser::query::Value<'a, &'a str>) -> ConstValue {
    use crate::syntax::ast::{Name, Number, ObjectField, Value, ValueKind};
    use graphql_parser::query::Value as G;
    Value::unplaced(match v {
        G::Variable(s) => ValueKind::Variable(s.to_string()),
        G::Int(n) => ValueKind::Int(Number(n.as_i64().unwrap_or(0).to_string())),
        G::Float(f) => ValueKind::Float(*f),
        G::String(s) => ValueKind::String(s.clone()),
        G::Boolean(b) => ValueKind::Boolean(*b),
        G::Null => ValueKind::Null,
        G::Enum(e) => ValueKind::Enum(e.to_string()),
        G::List(items) => ValueKind::List(items.iter().map(conv).collect()),
        G::Object(fields) => ValueKind::Object(
            fields
                .iter()
                .map(|(k, v)| ObjectField {
                    name: Name {
                        value: k.to_string(),
                        span: Default::default(),
                    },
                    value: conv(v),
                })
                .collect(),
        ),
    })
}
