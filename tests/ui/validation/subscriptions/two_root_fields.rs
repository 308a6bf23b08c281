#[typed_graphql::graphql(schema = "../schema.graphql", query = "two_root_fields.graphql")]
pub mod ops {}

fn main() {}
