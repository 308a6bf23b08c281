// Struct mode generates the operation named like the struct; the documents have no
// `AddTodos` (the nearest is `AddTodo`).
#[typed_graphql::graphql(schema = "../todo.graphql", query = "../todos.graphql")]
pub struct AddTodos;

fn main() {}
