#[typed_graphql::graphql(schema = "../schema.graphql", query = "overlapping.graphql")]
pub mod ops {}

fn main() {}
