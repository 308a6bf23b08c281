// By default the AppSync check is a warning; `deny(deprecated)` makes it fail here so the test
// shows the warning's text as `cargo build` prints it.
#![deny(deprecated)]

#[typed_graphql::graphql(schema = "../todo.graphql", query = "../partial-mutation.graphql")]
pub mod todos {}

fn main() {}
