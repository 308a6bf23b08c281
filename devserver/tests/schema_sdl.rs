//! `schema.graphql` (what the macro reads) and the async-graphql schema (what runs) agree.

use std::collections::BTreeSet;

use async_graphql::parser::parse_schema;
use async_graphql::parser::types::{TypeKind, TypeSystemDefinition};

/// `Type.field: TypeRef` and `Type.field(arg): TypeRef` lines, plus enum values, union members
/// and implemented interfaces, of every non-introspection type.
fn shape(sdl: &str) -> BTreeSet<String> {
    let document = parse_schema(sdl).expect("the SDL parses");
    let mut lines = BTreeSet::new();
    for definition in document.definitions {
        let TypeSystemDefinition::Type(ty) = definition else {
            continue;
        };
        let ty = ty.node;
        let name = ty.name.node.to_string();
        if name.starts_with("__") {
            continue;
        }
        match ty.kind {
            TypeKind::Object(object) => {
                for interface in &object.implements {
                    lines.insert(format!("{name} implements {}", interface.node));
                }
                for field in object.fields {
                    push_field(&mut lines, &name, &field.node);
                }
            }
            TypeKind::Interface(interface) => {
                for implemented in &interface.implements {
                    lines.insert(format!("{name} implements {}", implemented.node));
                }
                for field in interface.fields {
                    push_field(&mut lines, &name, &field.node);
                }
            }
            TypeKind::InputObject(input) => {
                for field in input.fields {
                    lines.insert(format!(
                        "{name}.{}: {}",
                        field.node.name.node, field.node.ty.node
                    ));
                }
            }
            TypeKind::Enum(values) => {
                for value in values.values {
                    lines.insert(format!("{name}::{}", value.node.value.node));
                }
            }
            TypeKind::Union(union) => {
                for member in union.members {
                    lines.insert(format!("{name} = {}", member.node));
                }
            }
            TypeKind::Scalar => {}
        }
    }
    lines
}

fn push_field(
    lines: &mut BTreeSet<String>,
    parent: &str,
    field: &async_graphql::parser::types::FieldDefinition,
) {
    lines.insert(format!("{parent}.{}: {}", field.name.node, field.ty.node));
    for argument in &field.arguments {
        lines.insert(format!(
            "{parent}.{}({}): {}",
            field.name.node, argument.node.name.node, argument.node.ty.node
        ));
    }
}

#[test]
fn the_appsync_sdl_and_the_engine_schema_have_the_same_types_and_fields() {
    let declared = shape(typed_graphql_devserver::SCHEMA_SDL);
    let engine = shape(&typed_graphql_devserver::engine_sdl());
    let only_declared: Vec<_> = declared.difference(&engine).collect();
    let only_engine: Vec<_> = engine.difference(&declared).collect();
    assert!(
        only_declared.is_empty() && only_engine.is_empty(),
        "schema.graphql and the engine differ.\nonly in schema.graphql: {only_declared:#?}\nonly in the engine: {only_engine:#?}"
    );
    // The comparison is not vacuous.
    assert!(declared.contains("Todo.done: Boolean!"));
    assert!(declared.contains("Subscription.onUpdateTodo(boardId): ID"));
    assert!(declared.contains("SearchResult = Board"));
}

#[test]
fn onadd_and_onupdate_name_their_mutations() {
    let sdl = typed_graphql_devserver::SCHEMA_SDL;
    assert!(sdl.contains(r#"onAddTodo(boardId: ID): Todo @aws_subscribe(mutations: ["addTodo"])"#));
    assert!(sdl.contains(r#"@aws_subscribe(mutations: ["updateTodo"])"#));
    assert!(sdl.contains(r#"@aws_subscribe(mutations: ["deleteTodo"])"#));
    assert!(sdl.contains(r#"@aws_subscribe(mutations: ["addTodo", "updateTodo", "deleteTodo"])"#));
}
