//! Root operation types: the query root exists, and each root type is a defined object type.

use super::{Cx, Rule};
use crate::diagnostic::Diagnostic;
use crate::schema::model::TypeKind;

pub(super) struct RootOperationTypes;

impl Rule for RootOperationTypes {
    fn schema(&self, cx: &Cx<'_>, out: &mut Vec<Diagnostic>) {
        let schema = cx.schema;
        for (slot, (slot_name, name)) in [
            ("query", &schema.query_type),
            ("mutation", &schema.mutation_type),
            ("subscription", &schema.subscription_type),
        ]
        .into_iter()
        .enumerate()
        {
            let Some(name) = name else { continue };
            // Where the schema definition names it; an implicit root is located at its type.
            let named_at = cx.roots[slot].as_ref().and_then(|(_, at)| *at);
            match cx.get(name) {
                None => out.push(cx.unknown_type(name, named_at)),
                Some(t) if !matches!(t.kind, TypeKind::Object { .. }) => {
                    let mut d = Diagnostic::error(
                        "schema-root-not-object",
                        format!(
                            "the {slot_name} root type `{name}` must be an object type, but it is {}",
                            t.kind.words().0
                        ),
                        named_at.or(t.location),
                    )
                    .with_label("not an object type")
                    .with_help(format!("name an object type: `type {name} {{ ... }}`"));
                    if let (Some(_), Some(def)) = (named_at, t.location) {
                        d = d.with_secondary(def, "defined here");
                    }
                    out.push(d);
                }
                Some(_) => {}
            }
        }
        if schema.query_type.is_none() {
            let mut d = Diagnostic::error(
                "schema-missing-query-root",
                "the schema has no query root type",
                cx.roots.iter().flatten().find_map(|(_, at)| *at),
            )
            .with_help("define `type Query { ... }`, or name it with `schema { query: MyQuery }`");
            if schema
                .types
                .values()
                .any(|t| !t.builtin && t.name == "Query")
            {
                d = d.with_note(
                    "a schema definition is given, so `Query` is the query root only if it names it",
                );
            }
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::schema::test_support::{at, one_error};

    #[test]
    fn roots_are_object_types() {
        let d = one_error(
            "type Query { a: Int }\nschema { query: Query mutation: U }\nunion U = Query",
        );
        assert_eq!(
            d.message,
            "the mutation root type `U` must be an object type, but it is a union"
        );
        assert_eq!(at(&d), (2, 33, 1));
        assert_eq!(d.secondary.len(), 1);
        let d = one_error("enum Query { A }");
        assert_eq!(
            d.message,
            "the query root type `Query` must be an object type, but it is an enum"
        );
        assert_eq!(at(&d), (1, 6, 5));
    }

    #[test]
    fn the_query_root_is_required() {
        let d = one_error("schema { mutation: M }\ntype M { a: Int }\ntype Query { a: Int }");
        assert_eq!(d.message, "the schema has no query root type");
        assert_eq!(
            d.notes,
            ["a schema definition is given, so `Query` is the query root only if it names it"]
        );
        assert_eq!(at(&d), (1, 20, 1));
    }
}
