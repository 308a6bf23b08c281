#[typed_graphql::graphql(schema = "../todo.graphql", query = "../typo.graphql")]
pub mod todos {}

fn main() {}
