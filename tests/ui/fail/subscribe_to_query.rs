// Subscription transports are bounded on `SubscriptionOperation`, as `subscribe` here is:
// a query is answered once, so subscribing to it does not compile.
use typed_graphql::{Request, SubscriptionOperation};

#[typed_graphql::graphql(schema = "../todo.graphql", query = "../todos.graphql")]
pub mod todos {}

fn subscribe<O: SubscriptionOperation>(request: Request<O>) -> Request<O> {
    request
}

fn main() {
    let _ = subscribe(todos::Todos::request(Default::default()));
}
