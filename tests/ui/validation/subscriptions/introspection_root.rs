#[typed_graphql::graphql(schema = "../schema.graphql", query = "introspection_root.graphql")]
pub mod ops {}

fn main() {}
