#[typed_graphql::graphql(schema = "../schema.graphql", query = "fragment_cycle.graphql")]
pub mod ops {}

fn main() {}
