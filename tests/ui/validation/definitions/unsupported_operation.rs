#[typed_graphql::graphql(schema = "../query_only.graphql", query = "unsupported_operation.graphql")]
pub mod ops {}

fn main() {}
