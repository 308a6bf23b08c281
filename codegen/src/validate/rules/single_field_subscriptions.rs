//! Single root field: a subscription selects exactly one top level field (through fragments
//! and inline fragments), and not an introspection field. As in graphql-js 17, `@skip` and
//! `@include` are refused anywhere in the root selection (which field is subscribed to must not
//! depend on variables), and fragments whose type condition does not apply to the root are not
//! counted.

use std::collections::HashSet;

use crate::syntax::ast::Selection;

use crate::diagnostic::Diagnostic;
use crate::schema::{OperationType, TypeDef};
use crate::source::Location;
use crate::validate::ctx::{Ctx, Directive, OpRef};
use crate::validate::visit::Rule;

pub(crate) struct SingleFieldSubscriptions;

impl<'a> Rule<'a> for SingleFieldSubscriptions {
    fn operation(&mut self, cx: &mut Ctx<'a>, op: &OpRef<'a>, _: usize) {
        if op.kind != OperationType::Subscription {
            return;
        }
        let Some(root) = cx.schema.root(op.kind) else {
            return;
        };
        let Root { fields, forbidden } = root_fields(cx, root, op);
        let subject = match op.name {
            Some(n) => format!("subscription `{n}`"),
            None => "the anonymous subscription".to_owned(),
        };
        if let Some((name, at)) = forbidden.first() {
            cx.report(
                Diagnostic::error(
                    "single-field-subscriptions",
                    format!("{subject} must not use `@skip` or `@include` in its top level selection"),
                    Some(*at),
                )
                .with_label(format!("`@{name}` at the top level of a subscription"))
                .with_help("a subscription subscribes to one field whatever its variables: remove the directive, or write one subscription per case"),
            );
            return;
        }
        if fields.is_empty() {
            cx.report(
                Diagnostic::error(
                    "single-field-subscriptions",
                    format!("{subject} must select one top level field"),
                    Some(cx.loc(op.file, op.span)),
                )
                .with_label("no field of the subscription type is selected here")
                .with_help(format!("select a field of `{}`", root.name)),
            );
        }
        if let Some((extra, at)) = fields.get(1) {
            cx.report(
                Diagnostic::error(
                    "single-field-subscriptions",
                    format!("{subject} must select only one top level field"),
                    Some(*at),
                )
                .with_label(format!("second root field `{extra}`"))
                .with_help("subscribe to each event stream in its own subscription operation"),
            );
        }
        for (name, at) in &fields {
            if name.starts_with("__") {
                cx.report(
                    Diagnostic::error(
                        "single-field-subscriptions",
                        format!("{subject} must not select an introspection top level field"),
                        Some(*at),
                    )
                    .with_label(format!("`{name}` is not an event stream")),
                );
            }
        }
    }
}

/// What the root selection of a subscription holds.
struct Root<'a> {
    /// The distinct response keys (with the field name and location of the first selection of
    /// each).
    fields: Vec<(&'a str, Location)>,
    /// The `@skip` / `@include` directives written in it (name, location).
    forbidden: Vec<(&'a str, Location)>,
}

/// The root selection's fields and forbidden directives, through fragments, without recursion.
fn root_fields<'a>(cx: &Ctx<'a>, root: &TypeDef, op: &OpRef<'a>) -> Root<'a> {
    let mut keys: Vec<&'a str> = Vec::new();
    let mut out = Vec::new();
    let mut forbidden = Vec::new();
    let mut skip_include = |file, directives: &'a [Directive]| {
        for d in directives {
            if matches!(d.name.as_str(), "skip" | "include") {
                let at = cx.loc(file, d.head());
                forbidden.push((d.name.as_str(), at));
            }
        }
    };
    let mut visited: HashSet<&str> = HashSet::new();
    // Depth-first in source order: each set's items are pushed as one iterator.
    let mut iters = vec![(op.file, op.selection_set.items.iter())];
    while let Some((file, items)) = iters.last_mut() {
        let file = *file;
        let Some(item) = items.next() else {
            iters.pop();
            continue;
        };
        match item {
            Selection::Field(f) => {
                skip_include(file, &f.directives);
                let key = f.alias.as_deref().unwrap_or(&f.name);
                if !keys.contains(&key) {
                    keys.push(key);
                    out.push((f.name.as_str(), cx.loc(file, f.name.span)));
                }
            }
            Selection::InlineFragment(i) => {
                skip_include(file, &i.directives);
                let applies = match &i.type_condition {
                    None => true,
                    Some(on) => condition_applies(cx, on, root),
                };
                if applies {
                    iters.push((file, i.selection_set.items.iter()));
                }
            }
            Selection::FragmentSpread(s) => {
                skip_include(file, &s.directives);
                if !visited.insert(&s.fragment_name) {
                    continue;
                }
                if let Some(frag) = cx.fragment(&s.fragment_name) {
                    if condition_applies(cx, frag.on(), root) {
                        iters.push((frag.file, frag.def.selection_set.items.iter()));
                    }
                }
            }
        }
    }
    Root {
        fields: out,
        forbidden,
    }
}

/// graphql-js's doesFragmentConditionMatch.
fn condition_applies(cx: &Ctx, on: &str, root: &TypeDef) -> bool {
    on == root.name
        || cx.schema.get(on).is_some_and(|t| t.is_abstract())
            && cx.schema.is_subtype(&root.name, on)
}

#[cfg(test)]
mod tests {
    use crate::validate::test_support::{invalid, one, valid};

    const CODE: &str = "single-field-subscriptions";

    #[test]
    fn one_root_field() {
        valid(CODE, "subscription S { importantEmails }");
        valid(
            CODE,
            "subscription S { ...F } fragment F on SubscriptionRoot { importantEmails }",
        );
        valid(CODE, "subscription S { importantEmails importantEmails }");
        valid(
            CODE,
            "subscription S { ... on SubscriptionRoot { importantEmails } }",
        );
    }

    #[test]
    fn more_than_one_root_field() {
        invalid(
            CODE,
            "subscription ImportantEmails { importantEmails notImportantEmails }",
            &["subscription `ImportantEmails` must select only one top level field"],
        );
        invalid(
            CODE,
            "subscription { importantEmails notImportantEmails spamEmails }",
            &["the anonymous subscription must select only one top level field"],
        );
        invalid(
            CODE,
            "subscription S { importantEmails ... on SubscriptionRoot { spamEmails } }",
            &["subscription `S` must select only one top level field"],
        );
        invalid(
            CODE,
            "subscription S { ...A } fragment A on SubscriptionRoot { importantEmails ...B } fragment B on SubscriptionRoot { spamEmails ...A }",
            &["subscription `S` must select only one top level field"],
        );
        let (d, at) = one(
            CODE,
            "subscription S {\n  importantEmails\n  notImportantEmails\n}",
        );
        assert_eq!(at, (3, 3, 18));
        assert_eq!(d.label, "second root field `notImportantEmails`");
    }

    #[test]
    fn skip_and_include_at_the_root() {
        invalid(
            CODE,
            "subscription S { importantEmails @skip(if: false) }",
            &["subscription `S` must not use `@skip` or `@include` in its top level selection"],
        );
        invalid(
            CODE,
            "subscription { ...F } fragment F on SubscriptionRoot { importantEmails @include(if: true) }",
            &["the anonymous subscription must not use `@skip` or `@include` in its top level selection"],
        );
        // Through inline fragments and spreads, and only one error however many.
        let (d, at) = one(
            CODE,
            "subscription S($v: Boolean!) {\n  ... @skip(if: $v) { importantEmails }\n  ...F @include(if: $v)\n}\nfragment F on SubscriptionRoot { importantEmails }",
        );
        assert_eq!(at, (2, 7, 5));
        assert_eq!(d.label, "`@skip` at the top level of a subscription");
        // Below the root field they are allowed.
        valid(
            CODE,
            "subscription S($v: Boolean!) { newMessage { body @skip(if: $v) } }",
        );
    }

    #[test]
    fn no_root_field() {
        invalid(
            CODE,
            "subscription S { ... on QueryRoot { dog { name } } }",
            &["subscription `S` must select one top level field"],
        );
    }

    #[test]
    fn introspection_at_the_root() {
        invalid(
            CODE,
            "subscription S { __typename }",
            &["subscription `S` must not select an introspection top level field"],
        );
        invalid(
            CODE,
            "subscription S { importantEmails __typename }",
            &[
                "subscription `S` must select only one top level field",
                "subscription `S` must not select an introspection top level field",
            ],
        );
    }
}
