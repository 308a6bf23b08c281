//! What the rules' tests share: the test schema and helpers returning one rule's messages.

use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::project::Project;
use crate::schema::Schema;

/// The test schema, after graphql-js's harness.
pub(crate) const SCHEMA: &str = include_str!("test_schema.graphql");

/// Every diagnostic for `doc` (syntax errors included) against the test schema.
pub(crate) fn diagnostics(doc: &str) -> Vec<Diagnostic> {
    diagnostics_with(SCHEMA, doc)
}

/// Every diagnostic for `doc` against `schema`.
pub(crate) fn diagnostics_with(schema: &str, doc: &str) -> Vec<Diagnostic> {
    let schema = Schema::from_sdl(schema).expect("test schema loads");
    let mut project = Project::new(Arc::new(schema));
    if let Err(d) = project.add_document("q.graphql", doc) {
        return vec![d];
    }
    project.validate()
}

/// The messages of rule `code` for `doc`.
pub(crate) fn messages(code: &str, doc: &str) -> Vec<String> {
    diagnostics(doc)
        .into_iter()
        .filter(|d| d.code == code)
        .map(|d| d.message)
        .collect()
}

/// Asserts `doc` is valid: no diagnostic at all, of rule `code` or any other (a document that
/// does not parse, or breaks another rule, is not a valid case of any rule). `code` names the
/// rule under test, for the failure message.
pub(crate) fn valid(code: &str, doc: &str) {
    let found: Vec<String> = diagnostics(doc)
        .into_iter()
        .map(|d| format!("{}: {}", d.code, d.message))
        .collect();
    assert_eq!(
        found,
        Vec::<String>::new(),
        "expected valid ({code} test): {doc}"
    );
}

/// Asserts rule `code` reports exactly `expected` for `doc`.
pub(crate) fn invalid(code: &str, doc: &str, expected: &[&str]) {
    assert_eq!(messages(code, doc), expected, "for: {doc}");
}

/// The one diagnostic of rule `code` for `doc`, with its location as (line, column, length).
pub(crate) fn one(code: &str, doc: &str) -> (Diagnostic, (usize, usize, usize)) {
    let mut found: Vec<Diagnostic> = diagnostics(doc)
        .into_iter()
        .filter(|d| d.code == code)
        .collect();
    assert_eq!(
        found.len(),
        1,
        "one `{code}` diagnostic for {doc}: {found:?}"
    );
    let d = found.remove(0);
    let loc = d.location.expect("located");
    (d, (loc.start.line, loc.start.column, loc.len))
}

/// Asserts the diagnostics for `doc` come from exactly the rules `codes`, in source order: for
/// a document other rules refuse, on which the rule under test must stay silent.
pub(crate) fn only(doc: &str, codes: &[&str]) {
    let found: Vec<&str> = diagnostics(doc).into_iter().map(|d| d.code).collect();
    assert_eq!(found, codes, "for: {doc}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[should_panic(expected = "expected valid")]
    fn valid_refuses_a_document_that_does_not_parse() {
        valid("scalar-leafs", "{ dog { name ");
    }

    #[test]
    #[should_panic(expected = "expected valid")]
    fn valid_refuses_a_document_another_rule_refuses() {
        valid("scalar-leafs", "{ dog { name unknownField } }");
    }
}
