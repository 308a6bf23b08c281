// The fragment two operations spread has a typo. Everything the errors do not concern is still
// generated as usual (the fragment's other fields, the operations' data, the input type and a
// valid third operation), so user code using them compiles and the only error is the real one.
use typed_graphql::{Maybe, Response};

#[typed_graphql::graphql(schema = "../todo.graphql", query = "fragment_typo.graphql")]
pub mod todos {}

use todos::fragments::TodoFields;

fn show(todo: &TodoFields) -> String {
    format!("{} on {}: done {}", todo.id, todo.board_id, todo.done)
}

fn added(response: Response<todos::add_todo::Data>) -> Option<String> {
    let todo = response.data?.add_todo?;
    Some(format!("{} {:?}", show(&todo.todo_fields), todo.note))
}

fn one(response: Response<todos::one::Data>) -> Option<String> {
    let todo = response.data?.todo?;
    Some(format!("{} {} {}", todo.id, todo.title, todo.done))
}

fn main() {
    let mut input = todos::types::AddTodoInput::new("b1".into(), "Buy milk".into());
    input.note = Maybe::Null;
    let _ = todos::AddTodo::request(todos::add_todo::Variables::new(input));
    let _ = todos::Todos::request(todos::todos::Variables { board: Maybe::Absent });
    let _ = (added, one, show);
}
