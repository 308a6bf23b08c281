#[typed_graphql::graphql(schema = "../schema.graphql", query = "duplicate_names.graphql")]
pub mod ops {}

fn main() {}
