// `DateTime` is a custom scalar: the macro cannot guess its Rust type, and says how to map it.
#[typed_graphql::graphql(schema = "scalars.graphql", query = "query Due { todos { id due } }")]
pub mod due {}

fn main() {
    // Names the operation: no follow-on error next to the real one.
    let _ = due::Due::request(Default::default());
}
