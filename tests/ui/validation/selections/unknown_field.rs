#[typed_graphql::graphql(schema = "../schema.graphql", query = "unknown_field.graphql")]
pub mod ops {}

fn main() {}
