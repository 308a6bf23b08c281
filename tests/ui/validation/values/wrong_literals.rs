#[typed_graphql::graphql(schema = "../schema.graphql", query = "wrong_literals.graphql")]
pub mod ops {}

fn main() {}
