// `$board` is used but not declared: the one error says to declare it. `Variables::new` still
// takes the declared `$id`, and the schema's input types are still there.
#[typed_graphql::graphql(schema = "../todo.graphql", query = "undeclared.graphql")]
pub mod todos {}

use todos::types::AddTodoInput;

fn main() {
    let _ = todos::Todo::request(todos::todo::Variables::new("1".into()));
    let _ = AddTodoInput::new("b1".into(), "Write tests".to_owned());
}
