// A missing schema is one error on the `schema` argument; the operations of the (readable)
// document still get their items, so the code below adds no follow-on errors.
#[typed_graphql::graphql(schema = "../schema-nope.graphql", query = "../todos.graphql")]
pub mod todos {}

fn main() {
    let _ = todos::Todos::request(todos::todos::Variables::default());
}
