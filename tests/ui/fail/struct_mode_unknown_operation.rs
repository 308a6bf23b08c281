// Struct mode generates the operation named like the struct; the documents have no
// `AddTodos` (the nearest is `AddTodo`). The struct still gets minimal items (a query with empty
// `Variables` and `Data`), so the code below naming them adds no follow-on errors.
use typed_graphql::{Operation, Request, Response};

#[typed_graphql::graphql(schema = "../todo.graphql", query = "../todos.graphql")]
pub struct AddTodos;

fn handle(_response: Response<add_todos::Data>) {}

fn main() {
    let request: Request<AddTodos> = AddTodos::request(add_todos::Variables::default());
    let _ = (request, AddTodos::NAME);
    let _ = handle;
}
