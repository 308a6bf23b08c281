//! Arbitrary bytes as a document against the validation test schema: reading (UTF-8 check,
//! nesting limit), parsing, validating and rendering every diagnostic must never panic.
#![no_main]

use std::sync::{Arc, OnceLock};

use libfuzzer_sys::fuzz_target;
use typed_graphql_codegen::project::Project;
use typed_graphql_codegen::Schema;

fn schema() -> Arc<Schema> {
    static SCHEMA: OnceLock<Arc<Schema>> = OnceLock::new();
    SCHEMA
        .get_or_init(|| {
            let sdl = include_str!("../../src/validate/test_schema.graphql");
            Arc::new(Schema::from_sdl(sdl).expect("the test schema loads"))
        })
        .clone()
}

fuzz_target!(|data: &[u8]| {
    let mut project = Project::new(schema());
    let diagnostics = match project.add_document_bytes("fuzz.graphql", data) {
        Ok(_) => project.validate(),
        Err(d) => vec![d],
    };
    for d in &diagnostics {
        let _ = d.render(&project.sources);
    }
});
