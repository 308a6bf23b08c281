#[typed_graphql::graphql(schema = "../schema.graphql", query = "variables.graphql")]
pub mod ops {}

fn main() {}
