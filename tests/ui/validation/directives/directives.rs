#[typed_graphql::graphql(schema = "../schema.graphql", query = "directives.graphql")]
pub mod ops {}

fn main() {}
