#[typed_graphql::graphql(schema = "../todo.graphql", query = "../syntax.graphql")]
pub mod todos {}

fn main() {}
