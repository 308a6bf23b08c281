#[typed_graphql::graphql(schema = "../todo.graphql", query = "query Q { todo { id } }")]
pub struct Q;

fn main() {}
