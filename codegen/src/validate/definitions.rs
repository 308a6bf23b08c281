//! Rules about definitions: operation name uniqueness, lone anonymous operation, known operation
//! types, single root field for subscriptions, fragment name uniqueness, no unused fragments,
//! no fragment cycles.

use std::collections::{HashMap, HashSet};

use graphql_parser::query::{OperationDefinition, Selection};

use super::ctx::{Ctx, Operation, SelectionSet};
use crate::diagnostic::Diagnostic;
use crate::schema::OperationType;
use crate::source::FileId;

pub(super) fn check(ctx: &mut Ctx) {
    operation_names(ctx);
    fragment_names(ctx);
    let ops: Vec<_> = ctx.operations().collect();
    for (file, op) in &ops {
        operation_type(ctx, *file, op);
    }
    unused_fragments(ctx);
    fragment_cycles(ctx);
}

/// Kind, name and position of an operation.
pub(crate) fn describe(
    op: &Operation,
) -> (
    OperationType,
    Option<&str>,
    graphql_parser::Pos,
    &SelectionSet,
) {
    match op {
        OperationDefinition::SelectionSet(s) => (OperationType::Query, None, s.span.0, s),
        OperationDefinition::Query(q) => (
            OperationType::Query,
            q.name.as_deref(),
            q.position,
            &q.selection_set,
        ),
        OperationDefinition::Mutation(m) => (
            OperationType::Mutation,
            m.name.as_deref(),
            m.position,
            &m.selection_set,
        ),
        OperationDefinition::Subscription(s) => (
            OperationType::Subscription,
            s.name.as_deref(),
            s.position,
            &s.selection_set,
        ),
    }
}

fn keyword(kind: OperationType) -> &'static str {
    match kind {
        OperationType::Query => "query",
        OperationType::Mutation => "mutation",
        OperationType::Subscription => "subscription",
    }
}

fn operation_names(ctx: &mut Ctx) {
    let ops: Vec<_> = ctx.operations().collect();
    let mut seen: HashMap<&str, (FileId, graphql_parser::Pos)> = HashMap::new();
    for (file, op) in &ops {
        let (kind, name, pos, _) = describe(op);
        match name {
            Some(name) => {
                let at = ctx.name_at(*file, pos, name);
                if let Some((first_file, first_pos)) = seen.get(name) {
                    let first = ctx.name_at(*first_file, *first_pos, name);
                    ctx.report(
                        Diagnostic::error(
                            "unique-operation-names",
                            format!("there can be only one operation named `{name}`"),
                            Some(at),
                        )
                        .with_label("second operation with this name")
                        .with_secondary(first, "first defined here")
                        .with_help(
                            "rename one of them: operation names must be unique across the project",
                        ),
                    );
                } else {
                    seen.insert(name, (*file, pos));
                }
            }
            None if ops.len() > 1 => {
                let at = ctx.at(
                    *file,
                    pos,
                    if matches!(op, OperationDefinition::SelectionSet(_)) {
                        1
                    } else {
                        keyword(kind).len()
                    },
                );
                ctx.report(
                    Diagnostic::error(
                        "lone-anonymous-operation",
                        "this anonymous operation must be the only operation in the project",
                        Some(at),
                    )
                    .with_label("anonymous operation")
                    .with_help(format!(
                        "give it a name: `{} MyOperation {{ ... }}`",
                        keyword(kind)
                    )),
                );
            }
            None => {}
        }
    }
}

fn operation_type(ctx: &mut Ctx, file: FileId, op: &Operation) {
    let (kind, name, pos, set) = describe(op);
    let Some(root) = ctx.schema.root(kind) else {
        let at = ctx.at(file, pos, keyword(kind).len());
        ctx.report(
            Diagnostic::error(
                "known-operation-types",
                format!("the schema does not support {} operations", keyword(kind)),
                Some(at),
            )
            .with_label(format!("the schema defines no {} root type", keyword(kind))),
        );
        return;
    };
    if kind != OperationType::Subscription {
        return;
    }
    let root_name = root.name.clone();
    let mut keys = Vec::new();
    let mut visited = HashSet::new();
    collect_root_keys(ctx, set, &mut keys, &mut visited);
    let label = match name {
        Some(n) => format!("subscription `{n}`"),
        None => "anonymous subscription".to_owned(),
    };
    if keys.len() > 1 {
        let (extra_file, extra_pos, extra) = keys[1].clone();
        let at = ctx.at(extra_file.unwrap_or(file), extra_pos, extra.len());
        ctx.report(
            Diagnostic::error(
                "single-field-subscriptions",
                format!("{label} must select only one top level field"),
                Some(at),
            )
            .with_label("second root field")
            .with_help("subscribe to each event stream in its own subscription operation"),
        );
    }
    for (f, p, key) in &keys {
        if key.starts_with("__") {
            let at = ctx.at(f.unwrap_or(file), *p, key.len());
            ctx.report(
                Diagnostic::error(
                    "single-field-subscriptions",
                    format!("{label} must not select an introspection top level field"),
                    Some(at),
                )
                .with_label(format!("`{key}` on `{root_name}`")),
            );
        }
    }
}

/// Distinct response keys selected at the root of a subscription, through fragments.
fn collect_root_keys<'a>(
    ctx: &Ctx<'a>,
    set: &'a SelectionSet,
    keys: &mut Vec<(Option<FileId>, graphql_parser::Pos, String)>,
    visited: &mut HashSet<&'a str>,
) {
    for item in &set.items {
        match item {
            Selection::Field(f) => {
                let key = f.alias.as_ref().unwrap_or(&f.name);
                if !keys.iter().any(|(_, _, k)| k == key) {
                    keys.push((None, f.position, f.name.clone()));
                    if let Some(last) = keys.last_mut() {
                        last.2 = key.clone();
                    }
                }
            }
            Selection::InlineFragment(i) => collect_root_keys(ctx, &i.selection_set, keys, visited),
            Selection::FragmentSpread(s) => {
                if visited.insert(s.fragment_name.as_str()) {
                    if let Some((file, frag)) = ctx.fragments.get(s.fragment_name.as_str()).copied()
                    {
                        let before = keys.len();
                        collect_root_keys(ctx, &frag.selection_set, keys, visited);
                        for k in &mut keys[before..] {
                            k.0.get_or_insert(file);
                        }
                    }
                }
            }
        }
    }
}

fn fragment_names(ctx: &mut Ctx) {
    let defs: Vec<_> = ctx.fragment_definitions().collect();
    let mut seen: HashMap<&str, (FileId, graphql_parser::Pos)> = HashMap::new();
    for (file, f) in defs {
        let at = ctx.name_at(file, f.position, &f.name);
        if let Some((first_file, first_pos)) = seen.get(f.name.as_str()) {
            let first = ctx.name_at(*first_file, *first_pos, &f.name);
            ctx.report(
                Diagnostic::error(
                    "unique-fragment-names",
                    format!("there can be only one fragment named `{}`", f.name),
                    Some(at),
                )
                .with_label("second fragment with this name")
                .with_secondary(first, "first defined here")
                .with_help("rename one of them: fragment names must be unique across the project"),
            );
        } else {
            seen.insert(f.name.as_str(), (file, f.position));
        }
    }
}

/// Names of the fragments spread directly in a selection set.
pub(crate) fn spreads<'a>(set: &'a SelectionSet, out: &mut Vec<(&'a str, graphql_parser::Pos)>) {
    for item in &set.items {
        match item {
            Selection::Field(f) => spreads(&f.selection_set, out),
            Selection::InlineFragment(i) => spreads(&i.selection_set, out),
            Selection::FragmentSpread(s) => out.push((s.fragment_name.as_str(), s.position)),
        }
    }
}

fn unused_fragments(ctx: &mut Ctx) {
    let mut used: HashSet<&str> = HashSet::new();
    let mut stack = Vec::new();
    for (_, op) in ctx.operations() {
        spreads(describe(op).3, &mut stack);
    }
    while let Some((name, _)) = stack.pop() {
        if used.insert(name) {
            if let Some((_, frag)) = ctx.fragments.get(name) {
                spreads(&frag.selection_set, &mut stack);
            }
        }
    }
    let defs: Vec<_> = ctx.fragment_definitions().collect();
    for (file, f) in defs {
        if !used.contains(f.name.as_str()) {
            let at = ctx.name_at(file, f.position, &f.name);
            ctx.report(
                Diagnostic::error(
                    "no-unused-fragments",
                    format!("fragment `{}` is never used", f.name),
                    Some(at),
                )
                .with_label("defined here, spread nowhere")
                .with_help(format!(
                    "spread it with `...{}` in an operation, or remove it",
                    f.name
                )),
            );
        }
    }
}

/// Fragment spreads with their positions.
type Spreads<'a> = Vec<(&'a str, graphql_parser::Pos)>;

fn fragment_cycles(ctx: &mut Ctx) {
    // The spread graph, built up front so reporting can borrow the context mutably.
    let graph: HashMap<&str, (FileId, Spreads)> = ctx
        .fragments
        .iter()
        .map(|(name, (file, f))| {
            let mut out = Vec::new();
            spreads(&f.selection_set, &mut out);
            out.reverse();
            (*name, (*file, out))
        })
        .collect();
    let names: Vec<&str> = {
        let mut v: Vec<_> = ctx
            .fragment_definitions()
            .map(|(_, f)| f.name.as_str())
            .collect();
        v.dedup();
        v
    };
    let mut reported: HashSet<&str> = HashSet::new();
    let mut done: HashSet<&str> = HashSet::new();
    for start in names {
        if done.contains(start) {
            continue;
        }
        // Iterative DFS with an explicit path, so deep fragment chains cannot overflow the stack.
        let mut path: Vec<(&str, Vec<(&str, graphql_parser::Pos)>)> = Vec::new();
        let mut on_path: HashSet<&str> = HashSet::new();
        let children = |name: &str| graph.get(name).map(|(_, c)| c.clone()).unwrap_or_default();
        path.push((start, children(start)));
        on_path.insert(start);
        while let Some((current, pending)) = path.last_mut() {
            let current = *current;
            match pending.pop() {
                Some((next, pos)) => {
                    if on_path.contains(next) {
                        if reported.insert(next) {
                            let cycle: Vec<&str> = path
                                .iter()
                                .map(|(n, _)| *n)
                                .skip_while(|n| *n != next)
                                .collect();
                            let file = graph.get(current).map_or(FileId(0), |(f, _)| *f);
                            let at = ctx.at(file, pos, 3 + next.len());
                            let via: Vec<String> = cycle.iter().map(|n| format!("`{n}`")).collect();
                            ctx.report(
                                Diagnostic::error(
                                    "no-fragment-cycles",
                                    format!(
                                        "cannot spread fragment `{next}` within itself (via {})",
                                        via.join(" -> ")
                                    ),
                                    Some(at),
                                )
                                .with_label("this spread closes the cycle")
                                .with_help(
                                    "a fragment cannot include itself, directly or through others",
                                ),
                            );
                        }
                    } else if !done.contains(next) && graph.contains_key(next) {
                        on_path.insert(next);
                        path.push((next, children(next)));
                    }
                }
                None => {
                    on_path.remove(current);
                    done.insert(current);
                    path.pop();
                }
            }
        }
    }
}
