//! `scalars(Name = ...)` mappings checked against the schema.

use crate::schema::{Schema, TypeKind};

/// Why `name` cannot be mapped to a Rust type (`scalars(Name = ...)`, the CLI's `--scalar`):
/// the schema has no such type (with the nearest scalar suggested) or it is not a scalar.
pub fn scalar_mapping_error(schema: &Schema, name: &str) -> Option<String> {
    match schema.get(name).map(|t| &t.kind) {
        Some(TypeKind::Scalar) => None,
        Some(_) => Some(format!(
            "`{name}` is not a scalar in the schema: only scalars are mapped with `scalars(...)`"
        )),
        None => {
            let custom = schema
                .types
                .values()
                .filter(|t| matches!(t.kind, TypeKind::Scalar))
                .map(|t| t.name.as_str());
            let mut m = format!("the schema has no scalar `{name}`");
            if let Some(best) = crate::suggest::closest(name, custom) {
                m.push_str(&format!("; did you mean `{best}`?"));
            }
            Some(m)
        }
    }
}
