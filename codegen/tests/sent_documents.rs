//! The document an operation sends: descriptions are documentation and stay home, directives
//! on variable definitions are the server's and travel, values go as written.

use std::sync::Arc;

use typed_graphql_codegen::project::Project;
use typed_graphql_codegen::resolve::{self, ResolveOptions};
use typed_graphql_codegen::Schema;

const SCHEMA: &str = r#"
directive @log(label: String) on VARIABLE_DEFINITION
input Filter { a: Int, b: String }
type Query { todos(filter: Filter, big: Float): [Int] }
"#;

#[test]
fn descriptions_stay_home_and_variable_directives_travel() {
    let mut project = Project::new(Arc::new(Schema::from_sdl(SCHEMA).expect("schema")));
    project
        .add_document(
            "ops.graphql",
            "\"Loads todos\" query Todos(\"the id\" $a: Int = 1 @log(label: \"\\u{1F50E}\")) {\n  \
             todos(filter: { b: \"x\", a: $a }, big: 123456789012345678901234567890)\n}",
        )
        .expect("parses");
    assert!(project.validate().is_empty(), "{:?}", project.validate());
    let ir = resolve::resolve(&project, &ResolveOptions::default()).expect("resolves");
    assert_eq!(
        ir.operations[0].document,
        "query Todos($a: Int = 1 @log(label: \"\u{1F50E}\")) { todos(filter: { b: \"x\", a: $a }, big: 123456789012345678901234567890) }"
    );
}
