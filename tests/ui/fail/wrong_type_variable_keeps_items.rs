// `$id` is declared `String!` where `ID!` is expected: the one error says how to declare it.
// `Variables::new` still takes `$id` as declared (a string), and the schema's input types are
// still there.
#[typed_graphql::graphql(schema = "../todo.graphql", query = "wrong_type.graphql")]
pub mod todos {}

use todos::types::AddTodoInput;

fn main() {
    let _ = todos::Todo::request(todos::todo::Variables::new("1".into()));
    let _ = todos::AddTodo::request(todos::add_todo::Variables::new(AddTodoInput::new(
        "b1".into(),
        "Write tests".to_owned(),
    )));
}
