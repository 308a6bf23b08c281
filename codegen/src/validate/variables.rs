//! Variables: unique variable names, variables are input types, default values of correct
//! type, no undefined variables, no unused variables, variables in allowed position (with
//! default values and nullability), and non-null variables for `@oneOf` fields.

use std::collections::HashSet;

use graphql_parser::query::Value as V;
use graphql_parser::query::{OperationDefinition, Selection, TypeCondition};

use super::ctx::{type_ref, Ctx, Directive, SelectionSet, Value};
use super::definitions::describe;
use super::values;
use crate::diagnostic::Diagnostic;
use crate::schema::{InputValueDef, TypeDef, TypeKind, TypeRef};
use crate::source::{FileId, Location};

/// A place where a variable is used, with the type expected there.
struct Usage<'a> {
    name: &'a str,
    /// `None` where the position's type is unknown (an unknown argument: reported elsewhere).
    expected: Option<TypeRef>,
    /// The argument or input field there has a default value.
    location_default: bool,
    /// Used as the value of a `@oneOf` input field.
    in_one_of: bool,
    at: Location,
}

pub(super) fn check(ctx: &mut Ctx) {
    let ops: Vec<_> = ctx.operations().collect();
    for (file, op) in ops {
        let defs = match op {
            OperationDefinition::SelectionSet(_) => &[][..],
            OperationDefinition::Query(q) => &q.variable_definitions[..],
            OperationDefinition::Mutation(m) => &m.variable_definitions[..],
            OperationDefinition::Subscription(s) => &s.variable_definitions[..],
        };
        let (kind, op_name, _, set) = describe(op);
        let op_label = match op_name {
            Some(n) => format!("operation `{n}`"),
            None => "the anonymous operation".to_owned(),
        };
        let mut declared = HashSet::new();
        for def in defs {
            let at = ctx.at(file, def.position, def.name.len() + 1);
            if !declared.insert(def.name.as_str()) {
                ctx.report(
                    Diagnostic::error(
                        "unique-variable-names",
                        format!("there can be only one variable named `${}`", def.name),
                        Some(at),
                    )
                    .with_label("declared again")
                    .with_help("remove or rename one of them"),
                );
            }
            let ty = type_ref(&def.var_type);
            match ctx.schema.get(ty.named()) {
                None => {
                    let tat = ctx.name_at(file, def.position, ty.named());
                    let d = Diagnostic::error(
                        "known-type-names",
                        format!("unknown type `{}`", ty.named()),
                        Some(tat),
                    )
                    .with_label("not defined in the schema");
                    let names: Vec<&str> = ctx.schema.types.keys().map(String::as_str).collect();
                    ctx.report(super::ctx::did_you_mean(d, ty.named(), names));
                }
                Some(t) if !t.is_input() => ctx.report(
                    Diagnostic::error(
                        "variables-are-input-types",
                        format!(
                            "variable `${}` cannot be of non-input type `{ty}`",
                            def.name
                        ),
                        Some(at),
                    )
                    .with_label("an output type")
                    .with_help("variables take scalars, enums and input objects"),
                ),
                Some(_) => {
                    if let Some(default) = &def.default_value {
                        values::check_default(ctx, at, default, &ty, &def.name);
                    }
                }
            }
        }
        // Usages in the operation and every fragment it reaches.
        let mut usages = Vec::new();
        let root = ctx.schema.root(kind);
        let mut visited = HashSet::new();
        collect(ctx, file, root, set, &mut usages, &mut visited, 0);
        for u in &usages {
            match defs.iter().find(|d| d.name == u.name) {
                None => ctx.report(
                    Diagnostic::error(
                        "no-undefined-variables",
                        format!("variable `${}` is not defined by {op_label}", u.name),
                        Some(u.at),
                    )
                    .with_label("used here")
                    .with_help(match &u.expected {
                        Some(ty) => format!("declare it in the operation: `(${}: {ty})`", u.name),
                        None => format!("declare it in the operation: `(${}: <type>)`", u.name),
                    }),
                ),
                Some(def) => {
                    let Some(expected) = &u.expected else {
                        continue;
                    };
                    let var_ty = type_ref(&def.var_type);
                    let has_default =
                        matches!(&def.default_value, Some(v) if !matches!(v, V::Null));
                    if !allowed(&var_ty, has_default, expected, u.location_default) {
                        ctx.report(
                            Diagnostic::error(
                                "variables-in-allowed-position",
                                format!(
                                    "variable `${}` of type `{var_ty}` used in position expecting type `{expected}`",
                                    u.name
                                ),
                                Some(u.at),
                            )
                            .with_label("type mismatch")
                            .with_help(format!("declare it as `${}: {expected}`", u.name)),
                        );
                    } else if u.in_one_of && !var_ty.is_non_null() {
                        ctx.report(
                            Diagnostic::error(
                                "variables-in-allowed-position",
                                format!(
                                    "variable `${}` is of type `{var_ty}` but must be non-nullable to be used for a `@oneOf` input field",
                                    u.name
                                ),
                                Some(u.at),
                            )
                            .with_help(format!("declare it as `${}: {var_ty}!`", u.name)),
                        );
                    }
                }
            }
        }
        for def in defs {
            if !usages.iter().any(|u| u.name == def.name) {
                let at = ctx.at(file, def.position, def.name.len() + 1);
                ctx.report(
                    Diagnostic::error(
                        "no-unused-variables",
                        format!("variable `${}` is never used in {op_label}", def.name),
                        Some(at),
                    )
                    .with_label("declared here")
                    .with_help("use it as an argument, or remove it"),
                );
            }
        }
    }
}

/// The spec's IsVariableUsageAllowed.
fn allowed(var: &TypeRef, var_default: bool, location: &TypeRef, location_default: bool) -> bool {
    if let (TypeRef::NonNull(inner), false) = (location, var.is_non_null()) {
        if !var_default && !location_default {
            return false;
        }
        return compatible(var, inner);
    }
    compatible(var, location)
}

/// The spec's AreTypesCompatible.
fn compatible(var: &TypeRef, location: &TypeRef) -> bool {
    match (var, location) {
        (TypeRef::NonNull(v), TypeRef::NonNull(l)) => compatible(v, l),
        (_, TypeRef::NonNull(_)) => false,
        (TypeRef::NonNull(v), l) => compatible(v, l),
        (TypeRef::List(v), TypeRef::List(l)) => compatible(v, l),
        (_, TypeRef::List(_)) | (TypeRef::List(_), _) => false,
        (TypeRef::Named(v), TypeRef::Named(l)) => v == l,
    }
}

const MAX_DEPTH: usize = 512;

#[allow(clippy::too_many_arguments)]
fn collect<'a>(
    ctx: &Ctx<'a>,
    file: FileId,
    parent: Option<&'a TypeDef>,
    set: &'a SelectionSet,
    out: &mut Vec<Usage<'a>>,
    visited: &mut HashSet<&'a str>,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        return;
    }
    let schema = ctx.schema;
    for item in &set.items {
        match item {
            Selection::Field(field) => {
                directive_usages(ctx, file, &field.directives, out);
                let def = parent.and_then(|p| schema.field(&p.name, &field.name));
                for (name, value) in &field.arguments {
                    let arg = def.and_then(|d| d.arguments.get(name));
                    let at = ctx.argument_at(file, field.position, name);
                    value_usages(ctx, value, arg, at, false, out);
                }
                let child = def
                    .and_then(|d| schema.get(d.ty.named()))
                    .filter(|t| t.is_composite());
                collect(
                    ctx,
                    file,
                    child,
                    &field.selection_set,
                    out,
                    visited,
                    depth + 1,
                );
            }
            Selection::InlineFragment(inline) => {
                directive_usages(ctx, file, &inline.directives, out);
                let on = match &inline.type_condition {
                    Some(TypeCondition::On(on)) => schema.get(on),
                    None => parent,
                };
                collect(
                    ctx,
                    file,
                    on,
                    &inline.selection_set,
                    out,
                    visited,
                    depth + 1,
                );
            }
            Selection::FragmentSpread(spread) => {
                directive_usages(ctx, file, &spread.directives, out);
                let name = spread.fragment_name.as_str();
                if !visited.insert(name) {
                    continue;
                }
                if let Some((frag_file, frag)) = ctx.fragments.get(name).copied() {
                    directive_usages(ctx, frag_file, &frag.directives, out);
                    let TypeCondition::On(on) = &frag.type_condition;
                    collect(
                        ctx,
                        frag_file,
                        schema.get(on),
                        &frag.selection_set,
                        out,
                        visited,
                        depth + 1,
                    );
                }
            }
        }
    }
}

fn directive_usages<'a>(
    ctx: &Ctx<'a>,
    file: FileId,
    dirs: &'a [Directive],
    out: &mut Vec<Usage<'a>>,
) {
    for d in dirs {
        let def = ctx.schema.directives.get(&d.name);
        for (name, value) in &d.arguments {
            let arg = def.and_then(|def| def.arguments.get(name));
            let at = ctx.argument_at(file, d.position, name);
            value_usages(ctx, value, arg, at, false, out);
        }
    }
}

/// Variables inside a value given for `arg` (unknown arguments still record their variables,
/// so the variable counts as used).
fn value_usages<'a>(
    ctx: &Ctx<'a>,
    value: &'a Value,
    arg: Option<&InputValueDef>,
    at: Location,
    in_one_of: bool,
    out: &mut Vec<Usage<'a>>,
) {
    let ty = arg.map(|a| a.ty.clone());
    let default = arg.is_some_and(|a| a.default_value.is_some());
    typed_usages(ctx, value, ty.as_ref(), default, at, in_one_of, out);
}

fn typed_usages<'a>(
    ctx: &Ctx<'a>,
    value: &'a Value,
    ty: Option<&TypeRef>,
    location_default: bool,
    at: Location,
    in_one_of: bool,
    out: &mut Vec<Usage<'a>>,
) {
    match value {
        V::Variable(name) => {
            out.push(Usage {
                name,
                expected: ty.cloned(),
                location_default,
                in_one_of,
                at,
            });
        }
        V::List(items) => {
            let inner = ty.map(strip).and_then(|t| match t {
                TypeRef::List(inner) => Some(&**inner),
                _ => None,
            });
            for item in items {
                typed_usages(ctx, item, inner, false, at, false, out);
            }
        }
        V::Object(fields) => {
            let def = ty.and_then(|t| ctx.schema.get(t.named()));
            let (defs, one_of) = match def.map(|d| &d.kind) {
                Some(TypeKind::InputObject { fields, one_of }) => (Some(fields), *one_of),
                _ => (None, false),
            };
            for (key, v) in fields {
                let field = defs.and_then(|f| f.get(key));
                typed_usages(
                    ctx,
                    v,
                    field.map(|f| &f.ty),
                    field.is_some_and(|f| f.default_value.is_some()),
                    at,
                    one_of,
                    out,
                );
            }
        }
        _ => {}
    }
}

fn strip(t: &TypeRef) -> &TypeRef {
    match t {
        TypeRef::NonNull(inner) => inner,
        t => t,
    }
}
