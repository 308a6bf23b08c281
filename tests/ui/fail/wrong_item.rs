// The attribute goes on a module (every operation) or a struct (one operation).
#[typed_graphql::graphql(schema = "../todo.graphql", query = "../todos.graphql")]
pub fn todos() {}

fn main() {}
