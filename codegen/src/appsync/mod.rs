//! AppSync subscription checks: what no other GraphQL client checks.
//!
//! A subscription field declared with `@aws_subscribe(mutations: ["addTodo"])` is fed by the
//! response of the triggering mutation *as the mutating client selected it*: a field the
//! subscription selects but the mutation did not request arrives as `null` (and fails the whole
//! event when it is non-null), and a subscription argument filters by comparing with a top-level
//! field of that response, so a filter on a field the mutation did not select never matches.
//!
//! - [`check`]: for every subscription of a project, against every known mutation that triggers
//!   it (documents and context documents): missing selections ([`SELECTS_UNRETURNED_FIELDS`]) and
//!   filters that can never match ([`FILTER_NEVER_MATCHES`]).
//! - [`check_schema`]: the schema's own `@aws_subscribe` declarations.
//!
//! Every finding is a [`Severity::Warning`](crate::Severity::Warning); the macro and the CLI decide
//! whether warnings fail the build.

mod schema_rules;
mod selection;
mod subscriptions;

pub use schema_rules::check_schema;
pub use subscriptions::check;

/// A subscription selects a field the triggering mutation does not request.
pub const SELECTS_UNRETURNED_FIELDS: &str = "appsync-subscription-selects-unreturned-fields";
/// A subscription argument (filter) can never match.
pub const FILTER_NEVER_MATCHES: &str = "appsync-subscription-filter-never-matches";
/// Strict mode: no known mutation triggers a subscription.
pub const NO_TRIGGERING_MUTATION: &str = "appsync-no-triggering-mutation";
/// `@aws_subscribe` used on a field outside the subscription root type.
pub const SUBSCRIBE_OUTSIDE_SUBSCRIPTION: &str = "appsync-subscribe-outside-subscription-root";
/// `@aws_subscribe` lists a mutation the schema does not define.
pub const UNKNOWN_MUTATION: &str = "appsync-subscribe-unknown-mutation";
/// A subscription field with a non-null type (AppSync requires it nullable).
pub const NON_NULL_SUBSCRIPTION: &str = "appsync-subscription-field-non-null";
/// A listed mutation returns another type than the subscription field.
pub const TYPE_MISMATCH: &str = "appsync-subscribe-type-mismatch";
/// A subscription field argument that names no top-level field of the return type.
pub const FILTER_ARGUMENT_UNMATCHED: &str = "appsync-subscription-argument-not-a-field";

/// The mutation fields listed by `@aws_subscribe(mutations: [...])` on a field, if any.
pub(crate) fn subscribed_mutations(field: &crate::schema::FieldDef) -> Option<Vec<String>> {
    use crate::syntax::ast::ValueKind as Value;
    let directive = field
        .directives
        .iter()
        .find(|d| d.name == "aws_subscribe")?;
    let list = directive
        .arguments
        .iter()
        .find(|(name, _)| name == "mutations")
        .map(|(_, v)| &v.kind);
    Some(match list {
        Some(Value::List(items)) => items
            .iter()
            .filter_map(|v| match &v.kind {
                Value::String(s) => Some(s.clone()),
                _ => None,
            })
            .collect(),
        // A single string is coerced to a list, as GraphQL input coercion does.
        Some(Value::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    })
}

#[cfg(test)]
mod tests;
