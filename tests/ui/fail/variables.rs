#[typed_graphql::graphql(schema = "../todo.graphql", query = "../variables.graphql")]
pub mod todos {}

fn main() {}
