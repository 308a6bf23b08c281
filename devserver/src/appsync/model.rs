//! What AppSync's subscription semantics need from `schema.graphql`: field types (for the
//! non-null rule) and which mutations each `@aws_subscribe` field listens to.

use std::collections::HashMap;
use std::sync::OnceLock;

use async_graphql::parser::types::{Type, TypeKind, TypeSystemDefinition};
use async_graphql::Value;

/// Field types of every object and interface type, and the subscription triggers.
pub(crate) struct Model {
    fields: HashMap<String, HashMap<String, Type>>,
    triggers: HashMap<String, Vec<String>>,
    /// Object types of each interface and union.
    possible: HashMap<String, Vec<String>>,
}

/// The model of [`crate::SCHEMA_SDL`], parsed once.
pub(crate) fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| Model::parse(crate::SCHEMA_SDL))
}

impl Model {
    fn parse(sdl: &str) -> Model {
        let mut model = Model {
            fields: HashMap::new(),
            triggers: HashMap::new(),
            possible: HashMap::new(),
        };
        // The SDL is this crate's own file, checked by tests: an error leaves the model empty
        // (every subscription is then refused as unknown) rather than panicking a server.
        let Ok(document) = async_graphql::parser::parse_schema(sdl) else {
            return model;
        };
        for definition in document.definitions {
            let TypeSystemDefinition::Type(ty) = definition else {
                continue;
            };
            let name = ty.node.name.node.to_string();
            let fields = match ty.node.kind {
                TypeKind::Object(object) => {
                    for interface in &object.implements {
                        model
                            .possible
                            .entry(interface.node.to_string())
                            .or_default()
                            .push(name.clone());
                    }
                    object.fields
                }
                TypeKind::Interface(interface) => interface.fields,
                TypeKind::Union(union) => {
                    let members = union.members.iter().map(|m| m.node.to_string()).collect();
                    model.possible.insert(name, members);
                    continue;
                }
                _ => continue,
            };
            let mut types = HashMap::new();
            for field in fields {
                let field = field.node;
                if name == "Subscription" {
                    let mutations = field
                        .directives
                        .iter()
                        .filter(|directive| directive.node.name.node == "aws_subscribe")
                        .flat_map(|directive| directive.node.arguments.iter())
                        .filter(|(arg, _)| arg.node == "mutations")
                        .flat_map(|(_, value)| match &value.node {
                            Value::List(items) => items.clone(),
                            _ => Vec::new(),
                        })
                        .filter_map(|item| match item {
                            Value::String(name) => Some(name),
                            _ => None,
                        })
                        .collect::<Vec<_>>();
                    if !mutations.is_empty() {
                        model
                            .triggers
                            .insert(field.name.node.to_string(), mutations);
                    }
                }
                types.insert(field.name.node.to_string(), field.ty.node);
            }
            model.fields.insert(name, types);
        }
        model
    }

    /// The type of `parent.field`.
    pub(crate) fn field_type(&self, parent: &str, field: &str) -> Option<&Type> {
        self.fields.get(parent)?.get(field)
    }

    /// Whether `name` is an object or interface type (has fields to select).
    pub(crate) fn is_composite(&self, name: &str) -> bool {
        self.fields.contains_key(name)
    }

    /// Whether a fragment on `condition` applies to an object of `type_name`: the type itself,
    /// or an interface or union it belongs to.
    pub(crate) fn applies(&self, condition: &str, type_name: &str) -> bool {
        condition == type_name
            || self
                .possible
                .get(condition)
                .is_some_and(|types| types.iter().any(|ty| ty == type_name))
    }

    /// The mutations whose results a subscription field receives (`@aws_subscribe`).
    pub(crate) fn triggers(&self, subscription_field: &str) -> Option<&[String]> {
        self.triggers.get(subscription_field).map(Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::model;

    #[test]
    fn reads_types_and_triggers_from_the_sdl() {
        let model = model();
        assert_eq!(
            model.triggers("onAddTodo"),
            Some(&["addTodo".to_owned()][..])
        );
        assert_eq!(model.triggers("countdown"), None);
        assert_eq!(
            model.field_type("Todo", "done").unwrap().to_string(),
            "Boolean!"
        );
        assert!(model.is_composite("Todo"));
        assert!(!model.is_composite("String"));
        assert!(model.applies("Node", "Board"));
        assert!(model.applies("SearchResult", "Todo"));
        assert!(!model.applies("Board", "Todo"));
    }
}
