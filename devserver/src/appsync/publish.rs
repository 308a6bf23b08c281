//! The mutation side of AppSync subscriptions: each top-level mutation field's result, as the
//! client selected it, re-keyed by field name (aliases resolved) for subscriptions to read.

use async_graphql::parser::types::{
    BaseType, ExecutableDocument, OperationType, SelectionSet, Type,
};
use serde_json::{Map, Value};

use super::model::Model;
use super::selection::fields;

/// One mutation field's result, published to subscriptions listening to that mutation.
#[derive(Debug, Clone)]
pub(crate) struct Published {
    /// The mutation field's name (`addTodo`).
    pub mutation: String,
    /// Its value, keyed by field names, holding only what the mutation selected.
    pub value: Value,
}

/// The results to publish for an executed mutation: non-null top-level fields of `data`.
pub(crate) fn mutation_results(
    model: &Model,
    document: &ExecutableDocument,
    operation_name: Option<&str>,
    data: &Value,
) -> Vec<Published> {
    let Some(operation) = crate::operation::selected(document, operation_name) else {
        return Vec::new();
    };
    if operation.ty != OperationType::Mutation {
        return Vec::new();
    }
    let mut out = Vec::new();
    for field in fields(model, document, &operation.selection_set.node, "Mutation") {
        let name = field.name.node.as_str();
        let Some(value) = data.get(field.response_key().node.as_str()) else {
            continue;
        };
        let Some(ty) = model.field_type("Mutation", name) else {
            continue;
        };
        if value.is_null() {
            continue;
        }
        out.push(Published {
            mutation: name.to_owned(),
            value: rekey(model, document, value, ty, &field.selection_set.node),
        });
    }
    out
}

/// `value` with response keys (aliases) replaced by field names, recursively.
fn rekey(
    model: &Model,
    document: &ExecutableDocument,
    value: &Value,
    ty: &Type,
    selection: &SelectionSet,
) -> Value {
    match (value, &ty.base) {
        (Value::Array(items), BaseType::List(inner)) => Value::Array(
            items
                .iter()
                .map(|item| rekey(model, document, item, inner, selection))
                .collect(),
        ),
        (Value::Object(object), BaseType::Named(type_name)) => {
            // An abstract type's object says what it is only if `__typename` was selected.
            let concrete = object
                .get("__typename")
                .and_then(Value::as_str)
                .unwrap_or(type_name.as_str());
            let mut out = Map::new();
            for field in fields(model, document, selection, concrete) {
                let key = field.response_key().node.as_str();
                let name = field.name.node.as_str();
                let Some(child) = object.get(key) else {
                    continue;
                };
                let rekeyed = match model.field_type(concrete, name) {
                    Some(child_type) => rekey(
                        model,
                        document,
                        child,
                        child_type,
                        &field.selection_set.node,
                    ),
                    None => child.clone(),
                };
                out.insert(name.to_owned(), rekeyed);
            }
            Value::Object(out)
        }
        _ => value.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::appsync::model::model;
    use serde_json::json;

    #[test]
    fn aliases_are_resolved_and_only_selected_fields_kept() {
        let document = async_graphql::parser::parse_query(
            "mutation M { made: addTodo(input: {boardId: \"b1\", title: \"x\"}) { key: id ...F } login(user: \"a\") } \
             fragment F on Todo { boardId heading: title }",
        )
        .unwrap();
        let data = json!({"made": {"key": "t3", "boardId": "b1", "heading": "x"}, "login": true});
        let published = mutation_results(model(), &document, None, &data);
        assert_eq!(published.len(), 2);
        assert_eq!(published[0].mutation, "addTodo");
        assert_eq!(
            published[0].value,
            json!({"id": "t3", "boardId": "b1", "title": "x"})
        );
        assert_eq!(published[1].mutation, "login");
        assert_eq!(published[1].value, json!(true));
    }

    #[test]
    fn queries_and_null_results_publish_nothing() {
        let query = async_graphql::parser::parse_query("{ todo(id: \"t1\") { id } }").unwrap();
        assert!(mutation_results(model(), &query, None, &json!({"todo": {"id": "t1"}})).is_empty());
        let failed = async_graphql::parser::parse_query(
            "mutation { updateTodo(input: {id: \"zz\"}) { id } }",
        )
        .unwrap();
        assert!(mutation_results(model(), &failed, None, &json!({"updateTodo": null})).is_empty());
    }
}
