// A mapping for a scalar the schema does not have is a typo: it is reported on the name.
#[typed_graphql::graphql(
    schema = "scalars.graphql",
    query = "query Due { todos { id due } }",
    scalars(DateTim = "String")
)]
pub mod due {}

fn main() {}
