#[typed_graphql::graphql(schema = "../todo.graphql", query = "../nope.graphql")]
pub mod todos {}

fn main() {}
