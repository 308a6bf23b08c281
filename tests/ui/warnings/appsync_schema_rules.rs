// The schema's `@aws_subscribe` declarations of the fields the documents use are checked too:
// a field outside the subscription root, a non-null subscription field. `deny(deprecated)`
// makes the warnings fail here so the test shows them as `cargo build` prints them.
#![deny(deprecated)]

#[typed_graphql::graphql(
    schema = "../appsync-flawed.graphql",
    query = "query Latest { latest { id } } subscription OnAdd { onAddTodo { id title } }"
)]
pub mod ops {}

fn main() {}
