// The document has a typo. The operation's type, `Variables` and `Data` are still generated
// (empty), so the user code naming them compiles and the only error is the real one.
use typed_graphql::{Operation, Request, Response};

#[typed_graphql::graphql(schema = "../todo.graphql", query = "../typo.graphql")]
pub mod todos {}

fn handle(_response: Response<todos::todos::Data>) {}

fn main() {
    let request: Request<todos::Todos> = todos::Todos::request(todos::todos::Variables::default());
    let _ = (request, todos::Todos::NAME);
    let _ = handle;
}
