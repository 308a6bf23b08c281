//! Schema-level checks: what the specification requires of a type system, reported as located
//! diagnostics. Flaws real schemas ship with and users cannot fix are warnings.

use super::model::*;
use crate::diagnostic::Diagnostic;
use crate::source::Location;
use crate::suggest::closest;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Root operation types as the schema definition named them, with where.
pub(super) type Roots = [Option<(String, Option<Location>)>; 3];

/// Checks the assembled schema (user types only: the built-ins are known to be right).
pub(super) fn check(schema: &Schema, roots: &Roots, out: &mut Vec<Diagnostic>) {
    let types = Types::new(schema);
    for ty in schema.types.values().filter(|t| !t.builtin) {
        reserved(&ty.name, "type", ty.location, out);
        applied(schema, &ty.directives, type_location(&ty.kind), out);
        match &ty.kind {
            TypeKind::Object { fields, interfaces }
            | TypeKind::Interface { fields, interfaces } => {
                for field in fields.values() {
                    reserved(&field.name, "field", field.location, out);
                    output_type(
                        &types,
                        &field.ty,
                        field.location,
                        &ty.name,
                        &field.name,
                        out,
                    );
                    applied(
                        schema,
                        &field.directives,
                        DirectiveLocation::FieldDefinition,
                        out,
                    );
                    for arg in field.arguments.values() {
                        let what =
                            || format!("argument `{}.{}({}:)`", ty.name, field.name, arg.name);
                        input_value(
                            &types,
                            arg,
                            DirectiveLocation::ArgumentDefinition,
                            what,
                            out,
                        );
                    }
                }
                for name in interfaces {
                    implements(schema, ty, name, out);
                }
            }
            TypeKind::Union { members } => {
                if members.is_empty() {
                    out.push(
                        Diagnostic::error(
                            "schema-empty-union",
                            format!("union `{}` has no member types", ty.name),
                            ty.location,
                        )
                        .with_label("no members")
                        .with_help(format!("write `union {} = A | B`", ty.name)),
                    );
                }
                for member in members {
                    let at = member_location(ty, member).or(ty.location);
                    match schema.get(member) {
                        None => out.push(unknown_type(schema, member, at)),
                        Some(m) if !matches!(m.kind, TypeKind::Object { .. }) => out.push(
                            Diagnostic::error(
                                "schema-union-member-not-object",
                                format!(
                                    "union `{}` lists `{member}`, which is {}, not an object type",
                                    ty.name,
                                    super::sdl::kind_words(&m.kind).0
                                ),
                                at,
                            )
                            .with_label("not an object type")
                            .with_help("unions can only contain object types; list the object types that implement it instead"),
                        ),
                        Some(_) => {}
                    }
                }
            }
            TypeKind::Enum { values } => {
                if values.is_empty() {
                    out.push(
                        Diagnostic::error(
                            "schema-empty-enum",
                            format!("enum `{}` has no values", ty.name),
                            ty.location,
                        )
                        .with_label("no values")
                        .with_help(format!("write `enum {} {{ A B }}`", ty.name)),
                    );
                }
                for value in values.values() {
                    reserved(&value.name, "enum value", value.location, out);
                    if matches!(value.name.as_str(), "true" | "false" | "null") {
                        out.push(
                            Diagnostic::error(
                                "schema-invalid-enum-value",
                                format!(
                                    "enum `{}` cannot have the value `{}`: it would read as the literal `{}`",
                                    ty.name, value.name, value.name
                                ),
                                value.location,
                            )
                            .with_label("reserved word")
                            .with_help(format!("use `{}`", value.name.to_uppercase())),
                        );
                    }
                    applied(schema, &value.directives, DirectiveLocation::EnumValue, out);
                }
            }
            TypeKind::Scalar => {}
            TypeKind::InputObject { fields, one_of } => {
                for field in fields.values() {
                    let what = || format!("input field `{}.{}`", ty.name, field.name);
                    input_value(
                        &types,
                        field,
                        DirectiveLocation::InputFieldDefinition,
                        what,
                        out,
                    );
                    if *one_of && (field.ty.is_non_null() || field.default_value.is_some()) {
                        out.push(
                            Diagnostic::error(
                                "schema-one-of-field",
                                format!(
                                    "field `{}.{}` of a `@oneOf` input must be nullable and have no default",
                                    ty.name, field.name
                                ),
                                field.location,
                            )
                            .with_label("required or defaulted")
                            .with_help(format!(
                                "declare it as `{}: {}`",
                                field.name,
                                strip(&field.ty)
                            )),
                        );
                    }
                }
            }
        }
    }
    input_cycles(schema, out);
    for d in schema.directives.values().filter(|d| !d.builtin) {
        reserved(&d.name, "directive", d.location, out);
        for arg in d.arguments.values() {
            let what = || format!("argument `@{}({}:)`", d.name, arg.name);
            input_value(
                &types,
                arg,
                DirectiveLocation::ArgumentDefinition,
                what,
                out,
            );
        }
    }
    for (slot, name) in [
        ("query", &schema.query_type),
        ("mutation", &schema.mutation_type),
        ("subscription", &schema.subscription_type),
    ]
    .into_iter()
    .enumerate()
    {
        let (slot_name, name) = name;
        let Some(name) = name else { continue };
        // Where the schema definition names it; an implicit root is located at its type.
        let named_at = roots[slot].as_ref().and_then(|(_, at)| *at);
        match schema.get(name) {
            None => out.push(unknown_type(schema, name, named_at)),
            Some(t) if !matches!(t.kind, TypeKind::Object { .. }) => {
                let mut d = Diagnostic::error(
                    "schema-root-not-object",
                    format!(
                        "the {slot_name} root type `{name}` must be an object type, but it is {}",
                        super::sdl::kind_words(&t.kind).0
                    ),
                    named_at.or(t.location),
                )
                .with_label("not an object type")
                .with_help(format!("name an object type: `type {name} {{ ... }}`"));
                if let (Some(_), Some(def)) = (named_at, t.location) {
                    d = d.with_secondary(def, "defined here");
                }
                out.push(d);
            }
            Some(_) => {}
        }
    }
    if schema.query_type.is_none() {
        let mut d = Diagnostic::error(
            "schema-missing-query-root",
            "the schema has no query root type",
            roots.iter().flatten().find_map(|(_, at)| *at),
        )
        .with_help("define `type Query { ... }`, or name it with `schema { query: MyQuery }`");
        if schema
            .types
            .values()
            .any(|t| !t.builtin && t.name == "Query")
        {
            d = d.with_note(
                "a schema definition is given, so `Query` is the query root only if it names it",
            );
        }
        out.push(d);
    }
}

/// The schema's types by name, behind a fast non-cryptographic hash: the checks look up every
/// field's and argument's type (some 40,000 lookups for GitHub's schema), and the names are the
/// schema's own, so hash flooding is not a concern.
struct Types<'s> {
    schema: &'s Schema,
    by_name: HashMap<&'s str, &'s TypeDef, BuildHasherDefault<NameHasher>>,
}

impl<'s> Types<'s> {
    fn new(schema: &'s Schema) -> Self {
        let mut by_name = HashMap::with_capacity_and_hasher(schema.types.len(), Default::default());
        by_name.extend(schema.types.iter().map(|(k, v)| (k.as_str(), v)));
        Types { schema, by_name }
    }

    fn get(&self, name: &str) -> Option<&'s TypeDef> {
        self.by_name.get(name).copied()
    }
}

/// FxHash's word-at-a-time multiply-rotate mix.
#[derive(Default)]
struct NameHasher(u64);

impl Hasher for NameHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let mut rest = [0u8; 8];
        rest[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
        self.add(u64::from_le_bytes(rest));
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl NameHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// A warning when the schema declares a built-in type as something else (theirs is used).
pub(super) fn redefined_type(theirs: &TypeDef, builtin: &TypeDef) -> Option<Diagnostic> {
    if std::mem::discriminant(&theirs.kind) == std::mem::discriminant(&builtin.kind) {
        return None;
    }
    let (is, _) = super::sdl::kind_words(&theirs.kind);
    let (was, keyword) = super::sdl::kind_words(&builtin.kind);
    Some(
        Diagnostic::warning(
            "schema-builtin-redefined",
            format!(
                "`{}` is built in as {was}, but this schema defines it as {is}; its definition is used",
                theirs.name
            ),
            theirs.location,
        )
        .with_label("redefines a built-in type")
        .with_help(format!(
            "remove the definition, or declare it as `{keyword} {}`",
            theirs.name
        )),
    )
}

/// A warning when the schema declares a built-in directive with other arguments (theirs is
/// used). Other locations are fine: they only widen or narrow where it may go.
pub(super) fn redefined_directive(
    theirs: &DirectiveDef,
    builtin: &DirectiveDef,
) -> Option<Diagnostic> {
    let same = theirs.arguments.len() == builtin.arguments.len()
        && theirs
            .arguments
            .values()
            .zip(builtin.arguments.values())
            .all(|(a, b)| a.name == b.name && a.ty == b.ty);
    if same {
        return None;
    }
    let args: Vec<String> = builtin
        .arguments
        .values()
        .map(|a| format!("{}: {}", a.name, a.ty))
        .collect();
    let builtin_sig = if args.is_empty() {
        format!("@{}", builtin.name)
    } else {
        format!("@{}({})", builtin.name, args.join(", "))
    };
    Some(
        Diagnostic::warning(
            "schema-builtin-redefined",
            format!(
                "directive `@{}` is built in as `{builtin_sig}`, but this schema declares other arguments; its declaration is used",
                theirs.name
            ),
            theirs.location,
        )
        .with_label("redefines a built-in directive")
        .with_help(format!("remove the declaration, or declare it as `{builtin_sig}`")),
    )
}

/// Names starting with `__` belong to introspection.
fn reserved(name: &str, what: &str, at: Option<Location>, out: &mut Vec<Diagnostic>) {
    if name.starts_with("__") {
        out.push(
            Diagnostic::error(
                "schema-reserved-name",
                format!("{what} name `{name}` must not begin with `__`, which is reserved for introspection"),
                at,
            )
            .with_label("reserved name")
            .with_help(format!("rename it to `{}`", name.trim_start_matches('_'))),
        );
    }
}

/// An argument or input field: name, type, deprecation, directives.
fn input_value(
    types: &Types<'_>,
    v: &InputValueDef,
    place: DirectiveLocation,
    what: impl Fn() -> String,
    out: &mut Vec<Diagnostic>,
) {
    reserved(&v.name, "argument or input field", v.location, out);
    input_type(types, &v.ty, v.location, out);
    if v.deprecation.is_some() && v.ty.is_non_null() && v.default_value.is_none() {
        out.push(
            Diagnostic::error(
                "schema-required-deprecated",
                format!("{} is required, so it cannot be deprecated", what()),
                v.location,
            )
            .with_label("required and deprecated")
            .with_help(format!(
                "make it optional (`{}: {}`) or give it a default value before deprecating it",
                v.name,
                strip(&v.ty)
            )),
        );
    }
    applied(types.schema, &v.directives, place, out);
}

/// The directive location of a type definition.
fn type_location(kind: &TypeKind) -> DirectiveLocation {
    match kind {
        TypeKind::Scalar => DirectiveLocation::Scalar,
        TypeKind::Object { .. } => DirectiveLocation::Object,
        TypeKind::Interface { .. } => DirectiveLocation::Interface,
        TypeKind::Union { .. } => DirectiveLocation::Union,
        TypeKind::Enum { .. } => DirectiveLocation::Enum,
        TypeKind::InputObject { .. } => DirectiveLocation::InputObject,
    }
}

fn location_words(l: DirectiveLocation) -> &'static str {
    use DirectiveLocation::*;
    match l {
        Query => "query operations",
        Mutation => "mutation operations",
        Subscription => "subscription operations",
        Field => "fields in operations",
        FragmentDefinition => "fragment definitions",
        FragmentSpread => "fragment spreads",
        InlineFragment => "inline fragments",
        VariableDefinition => "variable definitions",
        Schema => "the schema definition",
        Scalar => "scalars",
        Object => "object types",
        FieldDefinition => "field definitions",
        ArgumentDefinition => "argument definitions",
        Interface => "interfaces",
        Union => "unions",
        Enum => "enums",
        EnumValue => "enum values",
        InputObject => "input objects",
        InputFieldDefinition => "input field definitions",
    }
}

/// Amplify's transformer directives: a schema using them is the transformer's input, not the
/// schema AppSync serves.
const AMPLIFY_DIRECTIVES: [&str; 14] = [
    "model",
    "auth",
    "connection",
    "key",
    "hasOne",
    "hasMany",
    "belongsTo",
    "manyToMany",
    "index",
    "primaryKey",
    "searchable",
    "function",
    "http",
    "predictions",
];

/// Directives applied to a schema element: known, allowed there, not repeated unless
/// `repeatable`, with known and required arguments. AppSync's own directives are only warned
/// about: AppSync, not this list, decides what it accepts.
fn applied(
    schema: &Schema,
    dirs: &[AppliedDirective],
    place: DirectiveLocation,
    out: &mut Vec<Diagnostic>,
) {
    for (i, d) in dirs.iter().enumerate() {
        let Some(def) = schema.directives.get(&d.name) else {
            let mut diag = Diagnostic::warning(
                "schema-unknown-directive",
                format!("unknown directive `@{}`", d.name),
                d.location,
            )
            .with_label("not declared in the schema");
            diag = match closest(&d.name, schema.directives.keys().map(String::as_str)) {
                Some(best) => diag.with_help(format!("did you mean `@{best}`?")),
                None => diag.with_help(format!(
                    "declare it: `directive @{} on {}`",
                    d.name,
                    place.as_str()
                )),
            };
            if AMPLIFY_DIRECTIVES.contains(&d.name.as_str()) {
                diag = diag.with_note(
                    "this is an Amplify transformer directive: use the schema Amplify compiles \
                     (amplify/backend/api/<name>/build/schema.graphql), which AppSync serves",
                );
            }
            out.push(diag);
            continue;
        };
        let lenient = d.name.starts_with("aws_");
        let report = |code, message: String, label: &str, help: String| {
            let diag = if lenient {
                Diagnostic::warning(code, message, d.location)
            } else {
                Diagnostic::error(code, message, d.location)
            };
            diag.with_label(label.to_owned()).with_help(help)
        };
        if !def.locations.contains(&place) {
            let allowed: Vec<&str> = def.locations.iter().map(|l| location_words(*l)).collect();
            out.push(report(
                "schema-misplaced-directive",
                format!(
                    "directive `@{}` cannot be used on {}",
                    d.name,
                    location_words(place)
                ),
                "not allowed here",
                format!("`@{}` may be used on: {}", d.name, allowed.join(", ")),
            ));
        }
        if !def.repeatable && dirs[..i].iter().any(|e| e.name == d.name) {
            out.push(report(
                "schema-repeated-directive",
                format!("directive `@{}` is used twice on one element", d.name),
                "used again here",
                format!(
                    "remove one, or declare it `repeatable` (`directive @{} repeatable on ...`)",
                    d.name
                ),
            ));
        }
        for (name, _) in &d.arguments {
            if !def.arguments.contains_key(name) {
                let help = match closest(name, def.arguments.keys().map(String::as_str)) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None if def.arguments.is_empty() => {
                        format!("`@{}` takes no arguments", d.name)
                    }
                    None => format!(
                        "`@{}` takes: {}",
                        d.name,
                        def.arguments
                            .keys()
                            .map(String::as_str)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                out.push(report(
                    "schema-unknown-directive-argument",
                    format!("directive `@{}` has no argument `{name}`", d.name),
                    "unknown argument",
                    help,
                ));
            }
        }
        for arg in def.arguments.values() {
            if arg.ty.is_non_null()
                && arg.default_value.is_none()
                && !d.arguments.iter().any(|(n, _)| *n == arg.name)
            {
                out.push(report(
                    "schema-missing-directive-argument",
                    format!(
                        "directive `@{}` needs the argument `{}: {}`",
                        d.name, arg.name, arg.ty
                    ),
                    "argument missing",
                    format!("write `@{}({}: ...)`", d.name, arg.name),
                ));
            }
        }
    }
}

/// Where `ty` names `name` (a union member or an implemented interface, in its definition or an
/// extension); `None` when it was not loaded from SDL.
fn member_location(ty: &TypeDef, name: &str) -> Option<Location> {
    ty.member_locations
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, at)| *at)
}

/// Input objects must not contain themselves through non-null, non-list fields: no value of
/// them could be written. Iterative depth-first search, so a long chain cannot overflow.
fn input_cycles(schema: &Schema, out: &mut Vec<Diagnostic>) {
    let input_fields = |name: &str| match schema.get(name).map(|t| &t.kind) {
        Some(TypeKind::InputObject { fields, .. }) => Some(fields),
        _ => None,
    };
    // 1: on the current path, 2: done.
    let mut state: HashMap<&str, u8> = HashMap::new();
    for start in schema.types.values().filter(|t| !t.builtin) {
        if input_fields(&start.name).is_none() || state.contains_key(start.name.as_str()) {
            continue;
        }
        let mut stack: Vec<(&str, usize)> = vec![(&start.name, 0)];
        let mut path: Vec<&InputValueDef> = Vec::new();
        state.insert(&start.name, 1);
        while let Some((name, next)) = stack.last_mut() {
            let fields = input_fields(name);
            let step = fields.and_then(|f| {
                f.values()
                    .enumerate()
                    .skip(*next)
                    .find_map(|(i, f)| match &f.ty {
                        TypeRef::NonNull(inner) => match &**inner {
                            TypeRef::Named(n) if input_fields(n).is_some() => Some((i, f, n)),
                            _ => None,
                        },
                        _ => None,
                    })
            });
            let Some((i, field, target)) = step else {
                state.insert(name, 2);
                stack.pop();
                path.pop();
                continue;
            };
            *next = i + 1;
            let parent: &str = name;
            match state.get(target.as_str()) {
                None => {
                    state.insert(target, 1);
                    path.push(field);
                    stack.push((target, 0));
                }
                Some(1) => {
                    let from = stack.iter().position(|(n, _)| *n == target).unwrap_or(0);
                    let mut steps: Vec<String> = stack[from..]
                        .iter()
                        .zip(path[from..].iter().chain(std::iter::once(&field)))
                        .map(|((owner, _), f)| format!("`{owner}.{}`", f.name))
                        .collect();
                    steps.push(format!("`{target}`"));
                    let first = path.get(from).copied().unwrap_or(field);
                    out.push(
                        Diagnostic::error(
                            "schema-input-cycle",
                            format!(
                                "input `{target}` contains itself through required fields: {}",
                                steps.join(" -> ")
                            ),
                            first.location,
                        )
                        .with_label("required field starting the cycle")
                        .with_help(format!(
                            "make one of these fields nullable (e.g. `{}: {}` in `{parent}`)",
                            field.name,
                            strip(&field.ty)
                        ))
                        .with_note("no value of these types could ever be written"),
                    );
                }
                Some(_) => {}
            }
        }
    }
}

fn strip(t: &TypeRef) -> &TypeRef {
    match t {
        TypeRef::NonNull(inner) => inner,
        t => t,
    }
}

fn unknown_type(schema: &Schema, name: &str, at: Option<Location>) -> Diagnostic {
    let mut d = Diagnostic::error("schema-unknown-type", format!("unknown type `{name}`"), at)
        .with_label("not defined in the schema");
    if let Some(best) = closest(name, schema.types.keys().map(String::as_str)) {
        d = d.with_help(format!("did you mean `{best}`?"));
    } else {
        d = d.with_help(format!(
            "define it, e.g. `scalar {name}` for a custom scalar"
        ));
    }
    d
}

fn output_type(
    types: &Types<'_>,
    ty: &TypeRef,
    at: Option<Location>,
    parent: &str,
    field: &str,
    out: &mut Vec<Diagnostic>,
) {
    match types.get(ty.named()) {
        None => out.push(unknown_type(types.schema, ty.named(), at)),
        Some(t) if matches!(t.kind, TypeKind::InputObject { .. }) => out.push(
            Diagnostic::error(
                "schema-output-type-expected",
                format!(
                    "field `{parent}.{field}` returns the input type `{}`",
                    ty.named()
                ),
                at,
            )
            .with_help("fields return object, interface, union, enum or scalar types; input types are for arguments"),
        ),
        Some(_) => {}
    }
}

fn input_type(types: &Types<'_>, ty: &TypeRef, at: Option<Location>, out: &mut Vec<Diagnostic>) {
    match types.get(ty.named()) {
        None => out.push(unknown_type(types.schema, ty.named(), at)),
        Some(t) if !t.is_input() => out.push(
            Diagnostic::error(
                "schema-input-type-expected",
                format!(
                    "`{}` is an output type and cannot be used for an argument or input field",
                    ty.named()
                ),
                at,
            )
            .with_help("declare an `input` type with the fields to accept"),
        ),
        Some(_) => {}
    }
}

/// `ty` declares `implements iface`: the interface must exist and be one, and every field of the
/// interface must be implemented with a compatible type and arguments.
fn implements(schema: &Schema, ty: &TypeDef, iface: &str, out: &mut Vec<Diagnostic>) {
    let at = member_location(ty, iface).or(ty.location);
    if iface == ty.name {
        out.push(
            Diagnostic::error(
                "schema-interface-cycle",
                format!("`{}` cannot implement itself", ty.name),
                at,
            )
            .with_label("implements itself")
            .with_help(format!("remove `{iface}` from the `implements` list")),
        );
        return;
    }
    let Some(target) = schema.get(iface) else {
        out.push(unknown_type(schema, iface, at));
        return;
    };
    let TypeKind::Interface {
        fields: wanted,
        interfaces: inherited,
    } = &target.kind
    else {
        out.push(
            Diagnostic::error(
                "schema-implements-non-interface",
                format!(
                    "`{}` implements `{iface}`, which is not an interface",
                    ty.name
                ),
                at,
            )
            .with_label("not an interface")
            .with_help("only interfaces can be implemented; use a union to group object types"),
        );
        return;
    };
    let own_interfaces = match &ty.kind {
        TypeKind::Object { interfaces, .. } | TypeKind::Interface { interfaces, .. } => interfaces,
        _ => return,
    };
    if inherited.contains(&ty.name) {
        out.push(
            Diagnostic::error(
                "schema-interface-cycle",
                format!(
                    "`{}` implements `{iface}`, which implements `{}`: the interfaces form a cycle",
                    ty.name, ty.name
                ),
                at,
            )
            .with_label("circular implementation")
            .with_help(format!(
                "remove `{iface}` from the `implements` list of `{}`, or `{}` from that of `{iface}`",
                ty.name, ty.name
            )),
        );
        return;
    }
    for transitive in inherited {
        if !own_interfaces.contains(transitive) {
            out.push(
                Diagnostic::error(
                    "schema-interface-not-implemented",
                    format!(
                        "`{}` implements `{iface}`, which implements `{transitive}`, so `{}` must list `{transitive}` too",
                        ty.name, ty.name
                    ),
                    at,
                )
                .with_label(format!("`{iface}` requires `{transitive}`"))
                .with_help(format!("add `& {transitive}` to the `implements` list")),
            );
        }
    }
    for want in wanted.values() {
        let Some(have) = ty.field(&want.name) else {
            out.push(
                Diagnostic::error(
                    "schema-interface-not-implemented",
                    format!(
                        "`{}` implements `{iface}` but has no field `{}`",
                        ty.name, want.name
                    ),
                    ty.location,
                )
                .with_help(format!("add `{}: {}`", want.name, want.ty)),
            );
            continue;
        };
        if !is_subtype(schema, &have.ty, &want.ty) {
            out.push(
                Diagnostic::error(
                    "schema-interface-not-implemented",
                    format!(
                        "`{}.{}` has type `{}`, which does not fit `{iface}.{}: {}`",
                        ty.name, have.name, have.ty, want.name, want.ty
                    ),
                    have.location,
                )
                .with_help(format!("declare it as `{}: {}`", want.name, want.ty)),
            );
        }
        for arg in want.arguments.values() {
            match have.arguments.get(&arg.name) {
                None => out.push(
                    Diagnostic::error(
                        "schema-interface-not-implemented",
                        format!(
                            "`{}.{}` lacks the argument `{}` that `{iface}.{}` declares",
                            ty.name, have.name, arg.name, want.name
                        ),
                        have.location,
                    )
                    .with_help(format!("add `{}: {}`", arg.name, arg.ty)),
                ),
                Some(a) if a.ty != arg.ty => out.push(Diagnostic::error(
                    "schema-interface-not-implemented",
                    format!(
                        "argument `{}.{}({}:)` has type `{}`, but `{iface}` declares `{}`",
                        ty.name, have.name, arg.name, a.ty, arg.ty
                    ),
                    a.location,
                )),
                Some(_) => {}
            }
        }
        for extra in have.arguments.values() {
            if !want.arguments.contains_key(&extra.name)
                && extra.ty.is_non_null()
                && extra.default_value.is_none()
            {
                out.push(
                    Diagnostic::error(
                        "schema-interface-not-implemented",
                        format!(
                            "`{}.{}` adds the required argument `{}`, which `{iface}.{}` does not declare",
                            ty.name, have.name, extra.name, want.name
                        ),
                        extra.location,
                    )
                    .with_help("make it nullable or give it a default"),
                );
            }
        }
        if have.deprecation.is_some() && want.deprecation.is_none() {
            out.push(
                Diagnostic::warning(
                    "schema-deprecation-mismatch",
                    format!(
                        "`{}.{}` is deprecated, but the interface field `{iface}.{}` it implements is not",
                        ty.name, have.name, want.name
                    ),
                    have.location,
                )
                .with_note("graphql-js 17 rejects this; typed-graphql accepts it and marks the field deprecated"),
            );
        }
    }
}

/// Whether a field of type `sub` may implement an interface field of type `sup` (covariance).
fn is_subtype(schema: &Schema, sub: &TypeRef, sup: &TypeRef) -> bool {
    match (sub, sup) {
        (TypeRef::NonNull(a), TypeRef::NonNull(b)) => is_subtype(schema, a, b),
        (TypeRef::NonNull(a), b) => is_subtype(schema, a, b),
        (_, TypeRef::NonNull(_)) => false,
        (TypeRef::List(a), TypeRef::List(b)) => is_subtype(schema, a, b),
        (TypeRef::Named(a), TypeRef::Named(b)) => schema.is_subtype(a, b),
        _ => false,
    }
}
