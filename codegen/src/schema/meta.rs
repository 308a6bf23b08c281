//! Meta fields every schema has: `__typename`, `__schema`, `__type`.

use std::sync::OnceLock;

use indexmap::IndexMap;

use super::model::{FieldDef, InputValueDef, Schema, TypeRef};

struct MetaFields {
    typename: FieldDef,
    schema: FieldDef,
    type_: FieldDef,
}

fn field(name: &str, ty: TypeRef, arguments: IndexMap<String, InputValueDef>) -> FieldDef {
    FieldDef {
        name: name.to_owned(),
        description: None,
        arguments,
        ty,
        deprecation: None,
        directives: Vec::new(),
        location: None,
    }
}

fn non_null(name: &str) -> TypeRef {
    TypeRef::NonNull(Box::new(TypeRef::Named(name.to_owned())))
}

fn meta() -> &'static MetaFields {
    static META: OnceLock<MetaFields> = OnceLock::new();
    META.get_or_init(|| {
        let mut type_args = IndexMap::new();
        type_args.insert(
            "name".to_owned(),
            InputValueDef {
                name: "name".to_owned(),
                description: None,
                ty: non_null("String"),
                default_value: None,
                deprecation: None,
                directives: Vec::new(),
                location: None,
            },
        );
        MetaFields {
            typename: field("__typename", non_null("String"), IndexMap::new()),
            schema: field("__schema", non_null("__Schema"), IndexMap::new()),
            type_: field("__type", TypeRef::Named("__Type".to_owned()), type_args),
        }
    })
}

/// The meta field `name` on `parent`, if it has one.
pub(super) fn meta_field<'a>(schema: &Schema, parent: &str, name: &str) -> Option<&'a FieldDef> {
    let m = meta();
    match name {
        "__typename" if schema.get(parent).is_some_and(|t| t.is_composite()) => Some(&m.typename),
        "__schema" if schema.query_type.as_deref() == Some(parent) => Some(&m.schema),
        "__type" if schema.query_type.as_deref() == Some(parent) => Some(&m.type_),
        _ => None,
    }
}
