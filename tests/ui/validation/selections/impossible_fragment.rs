#[typed_graphql::graphql(schema = "../schema.graphql", query = "impossible_fragment.graphql")]
pub mod ops {}

fn main() {}
