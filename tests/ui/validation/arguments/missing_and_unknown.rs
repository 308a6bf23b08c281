#[typed_graphql::graphql(schema = "../schema.graphql", query = "missing_and_unknown.graphql")]
pub mod ops {}

fn main() {}
