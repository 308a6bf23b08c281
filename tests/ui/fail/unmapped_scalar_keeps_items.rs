// `DateTime` has no Rust type: the one error says how to map it. The operation's `Variables`
// (with `new` taking the declared variables) and the schema's input types are still generated
// as the user wrote against them, so using them adds no follow-on error.
#[typed_graphql::graphql(schema = "scalars_input.graphql", query = "due.graphql")]
pub mod todos {}

use todos::types::AddTodoInput;

fn main() {
    let input = AddTodoInput::new("Write tests".to_owned());
    let variables = todos::add_todo::Variables::new(input);
    let _ = todos::AddTodo::request(variables);
}
