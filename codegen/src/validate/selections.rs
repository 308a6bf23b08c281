//! The typed walk over every operation and fragment: fields on correct type, scalar leafs,
//! fragments on composite types, known type names (type conditions), known fragment names,
//! possible fragment spreads; arguments and directives are checked on the way.

use graphql_parser::query::{Selection, TypeCondition};

use super::ctx::{did_you_mean, Ctx, SelectionSet};
use super::definitions::describe;
use super::{arguments, directives};
use crate::diagnostic::Diagnostic;
use crate::schema::{DirectiveLocation, OperationType, TypeDef, TypeKind};
use crate::source::FileId;

pub(super) fn check(ctx: &mut Ctx) {
    let ops: Vec<_> = ctx.operations().collect();
    for (file, op) in ops {
        let (kind, _, _, set) = describe(op);
        let location = match kind {
            OperationType::Query => DirectiveLocation::Query,
            OperationType::Mutation => DirectiveLocation::Mutation,
            OperationType::Subscription => DirectiveLocation::Subscription,
        };
        let dirs = match op {
            graphql_parser::query::OperationDefinition::SelectionSet(_) => &[][..],
            graphql_parser::query::OperationDefinition::Query(q) => &q.directives[..],
            graphql_parser::query::OperationDefinition::Mutation(m) => &m.directives[..],
            graphql_parser::query::OperationDefinition::Subscription(s) => &s.directives[..],
        };
        directives::check(ctx, file, dirs, location);
        let root = ctx.schema.root(kind);
        visit(ctx, file, root, set, 0);
    }
    let frags: Vec<_> = ctx.fragment_definitions().collect();
    for (file, frag) in frags {
        directives::check(
            ctx,
            file,
            &frag.directives,
            DirectiveLocation::FragmentDefinition,
        );
        let TypeCondition::On(on) = &frag.type_condition;
        let at = ctx.name_at(file, frag.position, on);
        let parent = condition(ctx, file, at, on, "fragment", &frag.name);
        visit(ctx, file, parent, &frag.selection_set, 0);
    }
}

/// Checks a type condition (`on Todo`); the type when it is known and composite.
fn condition<'a>(
    ctx: &mut Ctx<'a>,
    _file: FileId,
    at: crate::source::Location,
    on: &str,
    what: &str,
    name: &str,
) -> Option<&'a TypeDef> {
    let schema = ctx.schema;
    match schema.get(on) {
        None => {
            let d = Diagnostic::error("known-type-names", format!("unknown type `{on}`"), Some(at))
                .with_label("not defined in the schema");
            let names = schema.types.keys().map(String::as_str);
            ctx.report(did_you_mean(d, on, names));
            None
        }
        Some(t) if !t.is_composite() => {
            let subject = if what == "fragment" {
                format!("fragment `{name}`")
            } else {
                "an inline fragment".to_owned()
            };
            ctx.report(
                Diagnostic::error(
                    "fragments-on-composite-types",
                    format!("{subject} cannot condition on non-composite type `{on}`"),
                    Some(at),
                )
                .with_label("a scalar, enum or input type has no fields to select")
                .with_help("fragments apply to object, interface and union types"),
            );
            None
        }
        Some(t) => Some(t),
    }
}

/// Types deeper than this are not walked (each level is a recursion here); the project refuses
/// far deeper documents before parsing.
const MAX_DEPTH: usize = 512;

fn visit<'a>(
    ctx: &mut Ctx<'a>,
    file: FileId,
    parent: Option<&'a TypeDef>,
    set: &'a SelectionSet,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        return;
    }
    let schema = ctx.schema;
    for item in &set.items {
        match item {
            Selection::Field(field) => {
                directives::check(ctx, file, &field.directives, DirectiveLocation::Field);
                let Some(parent) = parent else {
                    continue;
                };
                let Some(def) = schema.field(&parent.name, &field.name) else {
                    let at = ctx.name_at(file, field.position, &field.name);
                    unknown_field(ctx, at, parent, &field.name);
                    continue;
                };
                arguments::check_field(ctx, file, field, parent, def);
                let named = schema.get(def.ty.named());
                match named {
                    Some(t) if t.is_leaf() && !field.selection_set.items.is_empty() => {
                        let at = ctx.name_at(file, field.position, &field.name);
                        ctx.report(
                            Diagnostic::error(
                                "scalar-leafs",
                                format!(
                                    "field `{}` must not have a selection since type `{}` has no subfields",
                                    field.name, def.ty
                                ),
                                Some(at),
                            )
                            .with_label(format!("`{}` is a leaf", def.ty))
                            .with_help("remove the `{ ... }` after the field"),
                        );
                    }
                    Some(t) if t.is_composite() && field.selection_set.items.is_empty() => {
                        let at = ctx.name_at(file, field.position, &field.name);
                        let example = t
                            .fields()
                            .and_then(|f| f.keys().next())
                            .map_or("__typename".to_owned(), Clone::clone);
                        ctx.report(
                            Diagnostic::error(
                                "scalar-leafs",
                                format!(
                                    "field `{}` of type `{}` must have a selection of subfields",
                                    field.name, def.ty
                                ),
                                Some(at),
                            )
                            .with_label("selects an object without saying which fields")
                            .with_help(format!("select fields: `{} {{ {example} }}`", field.name)),
                        );
                    }
                    _ => {}
                }
                let child = named.filter(|t| t.is_composite());
                visit(ctx, file, child, &field.selection_set, depth + 1);
            }
            Selection::InlineFragment(inline) => {
                directives::check(
                    ctx,
                    file,
                    &inline.directives,
                    DirectiveLocation::InlineFragment,
                );
                let on = match &inline.type_condition {
                    Some(TypeCondition::On(on)) => {
                        let at = ctx.name_at(file, inline.position, on);
                        let t = condition(ctx, file, at, on, "inline", "");
                        if let (Some(t), Some(p)) = (t, parent) {
                            if !overlaps(ctx, &t.name, &p.name) {
                                ctx.report(
                                    Diagnostic::error(
                                        "possible-fragment-spreads",
                                        format!(
                                            "fragment cannot be spread here as objects of type `{}` can never be of type `{}`",
                                            p.name, t.name
                                        ),
                                        Some(at),
                                    )
                                    .with_label("impossible type condition"),
                                );
                            }
                        }
                        t
                    }
                    None => parent,
                };
                visit(ctx, file, on, &inline.selection_set, depth + 1);
            }
            Selection::FragmentSpread(spread) => {
                directives::check(
                    ctx,
                    file,
                    &spread.directives,
                    DirectiveLocation::FragmentSpread,
                );
                let name = spread.fragment_name.as_str();
                let at = ctx.at(file, spread.position, 3 + name.len());
                let Some((_, frag)) = ctx.fragments.get(name).copied() else {
                    let d = Diagnostic::error(
                        "known-fragment-names",
                        format!("unknown fragment `{name}`"),
                        Some(at),
                    )
                    .with_label("no fragment with this name in the project");
                    let names: Vec<&str> = ctx.fragments.keys().copied().collect();
                    ctx.report(did_you_mean(d, name, names));
                    continue;
                };
                let TypeCondition::On(on) = &frag.type_condition;
                if let (Some(p), Some(t)) = (parent, schema.get(on)) {
                    if t.is_composite() && !overlaps(ctx, on, &p.name) {
                        ctx.report(
                            Diagnostic::error(
                                "possible-fragment-spreads",
                                format!(
                                    "fragment `{name}` cannot be spread here as objects of type `{}` can never be of type `{on}`",
                                    p.name
                                ),
                                Some(at),
                            )
                            .with_label("impossible spread"),
                        );
                    }
                }
            }
        }
    }
}

/// Whether some object type is possible for both types.
fn overlaps(ctx: &Ctx, a: &str, b: &str) -> bool {
    let pa = ctx.schema.possible_types(a);
    let pb = ctx.schema.possible_types(b);
    pa.iter().any(|t| pb.contains(t))
}

fn unknown_field(ctx: &mut Ctx, at: crate::source::Location, parent: &TypeDef, name: &str) {
    let schema = ctx.schema;
    let mut d = Diagnostic::error(
        "fields-on-correct-type",
        format!("cannot query field `{name}` on type `{}`", parent.name),
        Some(at),
    )
    .with_label(format!("unknown field on `{}`", parent.name));
    // Suggest inline fragments on possible types that do have the field, as graphql-js does.
    let holders: Vec<&str> = if parent.is_abstract() {
        schema
            .possible_types(&parent.name)
            .iter()
            .filter(|t| schema.field(t, name).is_some())
            .map(String::as_str)
            .collect()
    } else {
        Vec::new()
    };
    if let Some(first) = holders.first() {
        d = d.with_help(format!(
            "did you mean to use an inline fragment on `{first}`? (`... on {first} {{ {name} }}`)"
        ));
    } else {
        let names: Vec<&str> = match &parent.kind {
            TypeKind::Object { fields, .. } | TypeKind::Interface { fields, .. } => {
                fields.keys().map(String::as_str).collect()
            }
            _ => Vec::new(),
        };
        d = did_you_mean(d, name, names);
    }
    ctx.report(d);
}
