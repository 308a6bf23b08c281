//! Subscriptions against the mutations that trigger them.

use std::collections::HashSet;

use crate::syntax::ast::{Definition, OperationDefinition, OperationType};

use crate::diagnostic::Diagnostic;
use crate::document::ParsedDocument;
use crate::project::Project;
use crate::schema::Schema;
use crate::source::{Location, SourceMap};

use super::schema_rules::check_field;
use super::selection::{tree, Branch, Fragments, Tree};
use super::{
    subscribed_mutations, FILTER_NEVER_MATCHES, NO_TRIGGERING_MUTATION, SELECTS_UNRETURNED_FIELDS,
};

/// A mutation operation of the project, with what it selects at its root.
struct Mutation<'a> {
    name: &'a str,
    root: Tree<'a>,
}

/// Checks every subscription of `project.documents` against every mutation of the documents and
/// the context documents that triggers it. With `strict`, a subscription that no known mutation
/// triggers is reported too. The `@aws_subscribe` declarations of every field the documents
/// select are checked as well ([`check_schema`](super::check_schema)'s rules, each field once).
pub fn check(project: &Project, strict: bool) -> Vec<Diagnostic> {
    let schema: &Schema = &project.schema;
    let all = || project.documents.iter().chain(project.context.iter());
    let fragments = Fragments::new(all());
    let mutations: Vec<Mutation> = all()
        .flat_map(operations)
        .filter(|(_, op)| op.kind == OperationType::Mutation)
        .filter_map(|(doc, m)| {
            Some(Mutation {
                name: m.name.as_deref().unwrap_or("<anonymous>"),
                root: tree(
                    schema,
                    &fragments,
                    schema.mutation_type.as_deref()?,
                    &m.selection_set,
                    doc.file,
                ),
            })
        })
        .collect();

    let mut out = Vec::new();
    declarations_used_elsewhere(project, &fragments, &mut out);
    let mut declared_checked = HashSet::new();
    let Some(subscription_root) = schema.subscription_type.as_deref() else {
        return out;
    };
    for doc in &project.documents {
        for (_, op) in operations(doc) {
            if op.kind != OperationType::Subscription {
                continue;
            }
            let sub = op;
            let name = sub.name.as_deref().unwrap_or("<anonymous>");
            let root = tree(
                schema,
                &fragments,
                subscription_root,
                &sub.selection_set,
                doc.file,
            );
            for branch in root.fields.values() {
                let Some(def) = branch.def else { continue };
                let Some(listed) = subscribed_mutations(def) else {
                    continue;
                };
                if declared_checked.insert(def.name.as_str()) {
                    if let Some(parent) = schema.get(subscription_root) {
                        check_field(schema, parent, def, &listed, &mut out);
                    }
                }
                let mut triggered = false;
                for mutation in &mutations {
                    for listed_name in &listed {
                        if let Some(trigger) = mutation.root.fields.get(listed_name.as_str()) {
                            triggered = true;
                            let ctx = Pair {
                                sources: &project.sources,
                                subscription: name,
                                mutation: mutation.name,
                                mutation_field: trigger,
                            };
                            let path = vec![def.name.as_str()];
                            missing(&ctx, &branch.children, &trigger.children, &path, &mut out);
                            filters(&ctx, branch, &trigger.children, &mut out);
                        }
                    }
                }
                if !triggered && strict {
                    out.push(
                        Diagnostic::warning(
                            NO_TRIGGERING_MUTATION,
                            format!(
                                "no known mutation triggers subscription `{name}` (`{}` is fed by {})",
                                def.name,
                                quoted_list(&listed)
                            ),
                            Some(project.sources.location(branch.file, branch.key())),
                        )
                        .with_label("cannot check what its events will carry")
                        .with_help(
                            "add the mutation documents with the `mutations = \"graphql/**/*.graphql\"` \
                             option (CLI: pass them on the command line), or turn off strict mode",
                        ),
                    );
                }
            }
        }
    }
    out
}

/// `@aws_subscribe` on fields outside the subscription root that the documents select: AppSync
/// ignores it there, so whoever reads the schema is misled. (Subscription root fields are
/// checked with their subscriptions.)
fn declarations_used_elsewhere<'a>(
    project: &'a Project,
    fragments: &Fragments<'a>,
    out: &mut Vec<Diagnostic>,
) {
    let schema: &Schema = &project.schema;
    let subscription_root = schema.subscription_type.as_deref();
    let mut checked = HashSet::new();
    for doc in &project.documents {
        for (_, op) in operations(doc) {
            let root = match op.kind {
                OperationType::Query => &schema.query_type,
                OperationType::Mutation => &schema.mutation_type,
                OperationType::Subscription => &schema.subscription_type,
            };
            let set = &op.selection_set;
            let Some(root) = root.as_deref() else {
                continue;
            };
            let mut pending = vec![tree(schema, fragments, root, set, doc.file)];
            while let Some(level) = pending.pop() {
                for branch in level.fields.into_values() {
                    let parent = branch.parent_type;
                    if let Some(def) = branch.def {
                        let listed = subscribed_mutations(def);
                        let elsewhere = Some(parent) != subscription_root;
                        if let (Some(listed), true) = (listed, elsewhere) {
                            if let (Some(parent), true) =
                                (schema.get(parent), checked.insert((parent, &def.name)))
                            {
                                check_field(schema, parent, def, &listed, out);
                            }
                        }
                    }
                    pending.push(branch.children);
                }
            }
        }
    }
}

/// A subscription and one mutation that triggers it.
struct Pair<'a, 'b> {
    sources: &'a SourceMap,
    subscription: &'a str,
    mutation: &'a str,
    mutation_field: &'b Branch<'a>,
}

impl Pair<'_, '_> {
    /// Where a branch's response key is written.
    fn at(&self, branch: &Branch) -> Location {
        self.sources.location(branch.file, branch.key())
    }
}

/// Reports every field selected by the subscription below `path` that the mutation does not
/// select on the same path.
fn missing(pair: &Pair, sub: &Tree, mutation: &Tree, path: &[&str], out: &mut Vec<Diagnostic>) {
    for (name, branch) in &sub.fields {
        if *name == "__typename" {
            continue; // resolved from the type, present whatever the mutation selected
        }
        let mut here = path.to_vec();
        here.push(name);
        match mutation.fields.get(name) {
            Some(selected) => missing(pair, &branch.children, &selected.children, &here, out),
            None => out.push(unreturned(pair, branch, &here)),
        }
    }
}

fn unreturned(pair: &Pair, branch: &Branch, path: &[&str]) -> Diagnostic {
    let dotted = path.join(".");
    let trigger = pair.mutation_field;
    let field = path.last().copied().unwrap_or_default();
    let mut d = Diagnostic::warning(
        SELECTS_UNRETURNED_FIELDS,
        format!(
            "subscription `{}` selects `{dotted}`, which mutation `{}` does not request",
            pair.subscription, pair.mutation
        ),
        Some(pair.at(branch)),
    )
    .with_label(format!(
        "not returned by `{}` in mutation `{}`",
        trigger.field.name, pair.mutation
    ))
    .with_secondary(
        pair.at(trigger),
        "AppSync builds the subscription event from this selection",
    )
    .with_help(format!(
        "add `{}` to the selection of `{}` in mutation `{}`",
        field,
        parent_path(path, &trigger.field.name),
        pair.mutation
    ));
    match branch.def {
        Some(def) if def.ty.is_non_null() => {
            d = d.with_note(format!(
                "`{}.{field}` is non-null (`{}`): AppSync fails every such event with \
                 \"Cannot return null for non-nullable type: '{}' within parent '{}' (/{})\"",
                branch.parent_type,
                def.ty,
                def.ty.named(),
                branch.parent_type,
                path.join("/")
            ))
        }
        _ => {
            d = d.with_note(format!(
                "`{field}` is nullable: it will always be null in the events this mutation triggers"
            ))
        }
    }
    d
}

/// `addTodo` for a top-level field, `addTodo.author` below it.
fn parent_path(path: &[&str], mutation_field: &str) -> String {
    let mut parts = vec![mutation_field];
    if path.len() > 2 {
        parts.extend(&path[1..path.len() - 1]);
    }
    parts.join(".")
}

/// Each argument passed to the subscription field filters on the top-level field of the same
/// name in the mutation's result: it must be selected there.
fn filters(pair: &Pair, sub: &Branch, mutation: &Tree, out: &mut Vec<Diagnostic>) {
    for arg in &sub.field.arguments {
        let arg = arg.name.as_str();
        if mutation.fields.contains_key(arg) {
            continue;
        }
        let returned = sub.def.map(|d| d.ty.named()).unwrap_or("?");
        out.push(
            Diagnostic::warning(
                FILTER_NEVER_MATCHES,
                format!(
                    "subscription `{}` filters on `{arg}`, which mutation `{}` does not request: \
                     the filter never matches its events",
                    pair.subscription, pair.mutation
                ),
                Some(pair.at(sub)),
            )
            .with_label(format!("`{arg}` filters on `{returned}.{arg}`"))
            .with_secondary(
                pair.at(pair.mutation_field),
                "this selection has no `".to_owned() + arg + "`",
            )
            .with_help(format!(
                "add `{arg}` to the selection of `{}` in mutation `{}`",
                pair.mutation_field.field.name, pair.mutation
            ))
            .with_note(
                "AppSync compares each subscription argument with the top-level field of the \
                 same name in the mutation's result, as the mutation selected it",
            ),
        );
    }
}

fn quoted_list(names: &[String]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    quoted.join(", ")
}

/// The operations of a document, with it.
fn operations(
    doc: &ParsedDocument,
) -> impl Iterator<Item = (&ParsedDocument, &OperationDefinition)> {
    doc.ast.definitions.iter().filter_map(move |d| match d {
        Definition::Operation(op) => Some((doc, op)),
        Definition::Fragment(_) => None,
    })
}
