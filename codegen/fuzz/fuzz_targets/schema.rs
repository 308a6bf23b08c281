//! Arbitrary bytes as SDL: loading a schema (and rendering its diagnostics) must never panic;
//! a schema that loads must validate a small document without panicking.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use typed_graphql_codegen::project::Project;
use typed_graphql_codegen::{Schema, SourceMap};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut sources = SourceMap::new();
    sources.add("fuzz.graphql", text);
    match Schema::load(sources.clone()) {
        Ok((schema, warnings)) => {
            for w in &warnings {
                let _ = w.render(&sources);
            }
            let mut project = Project::new(Arc::new(schema));
            if project
                .add_document("q.graphql", "{ __typename a { b } ...F } fragment F on Query { x }")
                .is_ok()
            {
                for d in project.validate() {
                    let _ = d.render(&project.sources);
                }
            }
        }
        Err(errors) => {
            for e in &errors {
                let _ = e.render(&sources);
            }
        }
    }
});
