//! AppSync's subscription semantics over a published mutation result (JSON keyed by field
//! name, holding only what the mutation selected):
//! - a subscription's arguments filter on equal top-level fields (a missing field never matches);
//! - the subscription's selection is executed over that JSON: a field the mutation did not select
//!   is null, and a null in a non-null position is the error "Cannot return null for non-nullable
//!   type ..." with null propagated to the nearest nullable parent.

use async_graphql::parser::types::{BaseType, ExecutableDocument, Field, SelectionSet, Type};
use serde_json::{json, Map, Value};

use super::model::Model;
use super::selection::fields;

/// Whether every non-null argument equals the same-named top-level field of `source`.
pub(crate) fn matches(filters: &Map<String, Value>, source: &Value) -> bool {
    filters
        .iter()
        .filter(|(_, wanted)| !wanted.is_null())
        .all(|(name, wanted)| source.get(name) == Some(wanted))
}

/// The `data` frame payload for one subscription field over `source`.
pub(crate) fn project(
    model: &Model,
    document: &ExecutableDocument,
    root: &Field,
    root_type: &Type,
    source: &Value,
) -> Value {
    let key = root.response_key().node.to_string();
    let mut run = Run {
        model,
        document,
        errors: Vec::new(),
    };
    let mut path = vec![key.clone()];
    let value = run
        .complete(
            Some(source),
            root_type,
            &root.selection_set.node,
            "Subscription",
            &mut path,
        )
        .unwrap_or(Value::Null);
    let mut payload = json!({ "data": { key: value } });
    if !run.errors.is_empty() {
        payload["errors"] = Value::Array(run.errors);
    }
    payload
}

struct Run<'a> {
    model: &'a Model,
    document: &'a ExecutableDocument,
    errors: Vec<Value>,
}

impl Run<'_> {
    /// The value of a field of type `ty`; `None` is a null that must propagate upwards.
    fn complete(
        &mut self,
        value: Option<&Value>,
        ty: &Type,
        selection: &SelectionSet,
        parent: &str,
        path: &mut Vec<String>,
    ) -> Option<Value> {
        let value = match value {
            None | Some(Value::Null) => {
                if ty.nullable {
                    return Some(Value::Null);
                }
                self.errors.push(json!({
                    "message": format!(
                        "Cannot return null for non-nullable type: '{}' within parent '{parent}' (/{})",
                        without_bang(ty),
                        path.join("/")
                    ),
                    "path": path,
                }));
                return None;
            }
            Some(value) => value,
        };
        let completed = match &ty.base {
            BaseType::List(inner) => match value {
                Value::Array(items) => {
                    let mut out = Vec::with_capacity(items.len());
                    let mut failed = false;
                    for (index, item) in items.iter().enumerate() {
                        path.push(index.to_string());
                        let done = self.complete(Some(item), inner, selection, parent, path);
                        path.pop();
                        match done {
                            Some(done) => out.push(done),
                            None => failed = true,
                        }
                    }
                    (!failed).then_some(Value::Array(out))
                }
                // A scalar where a list belongs: GraphQL coerces it to a one-item list.
                other => self
                    .complete(Some(other), inner, selection, parent, path)
                    .map(|one| Value::Array(vec![one])),
            },
            BaseType::Named(name) if self.model.is_composite(name) => {
                self.object(value, name, selection, path)
            }
            BaseType::Named(_) => Some(value.clone()),
        };
        match completed {
            Some(value) => Some(value),
            None if ty.nullable => Some(Value::Null),
            None => None,
        }
    }

    fn object(
        &mut self,
        value: &Value,
        type_name: &str,
        selection: &SelectionSet,
        path: &mut Vec<String>,
    ) -> Option<Value> {
        let mut out = Map::new();
        let mut failed = false;
        for field in fields(self.model, self.document, selection, type_name) {
            let key = field.response_key().node.to_string();
            let name = field.name.node.as_str();
            if name == "__typename" {
                out.insert(key, Value::String(type_name.to_owned()));
                continue;
            }
            let Some(field_type) = self.model.field_type(type_name, name) else {
                // Validated at `start`; an unknown field here cannot be answered.
                out.insert(key, Value::Null);
                continue;
            };
            path.push(key.clone());
            let done = self.complete(
                value.get(name),
                field_type,
                &field.selection_set.node,
                type_name,
                path,
            );
            path.pop();
            match done {
                Some(done) => {
                    out.insert(key, done);
                }
                None => failed = true,
            }
        }
        (!failed).then_some(Value::Object(out))
    }
}

/// `Boolean!` -> `Boolean`, `[String!]!` -> `[String!]`: the type named in AppSync's message.
fn without_bang(ty: &Type) -> String {
    let shown = ty.to_string();
    shown.strip_suffix('!').map(str::to_owned).unwrap_or(shown)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::appsync::model::model;
    use async_graphql::parser::types::{DocumentOperations, Selection};

    fn run(subscription: &str, source: Value) -> Value {
        let document = async_graphql::parser::parse_query(subscription).unwrap();
        let DocumentOperations::Single(operation) = &document.operations else {
            panic!("one operation")
        };
        let Selection::Field(root) = &operation.node.selection_set.node.items[0].node else {
            panic!("a field")
        };
        let ty = model()
            .field_type("Subscription", &root.node.name.node)
            .unwrap();
        project(model(), &document, &root.node, ty, &source)
    }

    #[test]
    fn selected_fields_come_from_the_mutation_result_and_missing_nullable_ones_are_null() {
        let out = run(
            "subscription { onAddTodo { id t: title note ...F } } fragment F on Todo { __typename priority }",
            json!({"id": "t9", "title": "x", "boardId": "b1"}),
        );
        assert_eq!(
            out,
            json!({"data": {"onAddTodo": {"id": "t9", "t": "x", "note": null, "__typename": "Todo", "priority": null}}})
        );
    }

    #[test]
    fn a_missing_non_null_field_nulls_the_root_with_appsyncs_error() {
        let out = run(
            "subscription { onAddTodo { id done } }",
            json!({"id": "t9", "title": "x"}),
        );
        assert_eq!(
            out,
            json!({
                "data": {"onAddTodo": null},
                "errors": [{
                    "message": "Cannot return null for non-nullable type: 'Boolean' within parent 'Todo' (/onAddTodo/done)",
                    "path": ["onAddTodo", "done"]
                }]
            })
        );
    }

    #[test]
    fn filters_need_equal_top_level_fields() {
        let source = json!({"id": "t9", "boardId": "b1"});
        let filter = |pairs: Value| pairs.as_object().unwrap().clone();
        assert!(matches(&filter(json!({})), &source));
        assert!(matches(&filter(json!({"boardId": "b1"})), &source));
        assert!(matches(&filter(json!({"boardId": null})), &source));
        assert!(!matches(&filter(json!({"boardId": "b2"})), &source));
        assert!(!matches(&filter(json!({"title": "x"})), &source));
    }
}
