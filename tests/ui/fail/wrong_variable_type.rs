// `$id` is an `ID!`: the generated `Variables` has an `Id` field, so a number does not fit.
#[typed_graphql::graphql(schema = "../todo.graphql", query = "one_todo.graphql")]
pub mod todos {}

fn main() {
    let _ = todos::Todo::request(todos::todo::Variables { id: 42 });
}
