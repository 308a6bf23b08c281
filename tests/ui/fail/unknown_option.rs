#[typed_graphql::graphql(schema = "../todo.graphql", qeury = "../todos.graphql")]
pub mod todos {}

fn main() {}
