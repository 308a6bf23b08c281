// A document past the `max_tokens` limit is refused before parsing with one error naming the
// limit and how to raise it (the default, 1,000,000, keeps a hostile document from hanging the
// build); the operation's items still exist, so user code naming them adds no error.
#[typed_graphql::graphql(
    schema = "../todo.graphql",
    query = "query Todos { todos { id title done note } }",
    max_tokens = 8
)]
pub mod todos {}

fn main() {
    let _ = todos::Todos::request(todos::todos::Variables::default());
}
