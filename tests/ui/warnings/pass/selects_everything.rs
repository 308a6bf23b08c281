// Valid operations compile; the AppSync check is satisfied (the mutation selects everything the
// subscription does, including the `boardId` filter field), so no warning either.
#![deny(warnings)]

#[typed_graphql::graphql(schema = "../../todo.graphql", query = "../../todos.graphql")]
pub mod todos {}

#[typed_graphql::graphql(
    schema = "../../todo.graphql",
    query = "query One($id: ID!) { todo(id: $id) { id title } }"
)]
pub struct One;

fn main() {}
