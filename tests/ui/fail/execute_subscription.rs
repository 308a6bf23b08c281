// Request/response transports are bounded on `Executable`, as `execute` here is: a
// subscription delivers a stream of events, so executing it as one request does not compile.
use typed_graphql::{Executable, Request};

#[typed_graphql::graphql(schema = "../todo.graphql", query = "../todos.graphql")]
pub mod todos {}

fn execute<O: Executable>(request: Request<O>) -> Request<O> {
    request
}

fn main() {
    let _ = execute(todos::OnAddTodo::request(Default::default()));
}
