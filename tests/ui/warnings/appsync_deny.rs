// `appsync = "deny"` turns the subscription/mutation check into a build error (for CI).
#[typed_graphql::graphql(
    schema = "../todo.graphql",
    query = "../partial-mutation.graphql",
    appsync = "deny"
)]
pub mod todos {}

fn main() {}
