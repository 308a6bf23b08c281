//! What the code-generation snapshot tests share: a schema loaded from a file, and a project
//! whose documents must be valid before anything is generated from them.

use std::path::Path;
use std::sync::Arc;

use typed_graphql_codegen::emit::{self, EmitOptions};
use typed_graphql_codegen::project::Project;
use typed_graphql_codegen::source::SourceMap;
use typed_graphql_codegen::Schema;

/// The schema in `path`, which must load.
pub fn schema(path: &Path) -> Arc<Schema> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    let mut sources = SourceMap::new();
    sources.add(path.display().to_string(), text);
    let (schema, _warnings) = Schema::load(sources).expect("schema loads");
    Arc::new(schema)
}

/// A project of `documents` (name, text) over `schema`; panics with the rendered errors when a
/// document is invalid.
pub fn project(
    schema: Arc<Schema>,
    documents: impl IntoIterator<Item = (String, String)>,
) -> Project {
    let mut project = Project::new(schema);
    for (name, text) in documents {
        project.add_document(name, text).expect("document parses");
    }
    let errors: Vec<String> = project
        .validate()
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.render(&project.sources))
        .collect();
    assert!(
        errors.is_empty(),
        "invalid documents:\n{}",
        errors.join("\n")
    );
    project
}

/// The code generated for `project`, formatted; panics with the rendered errors.
pub fn generated(project: &Project, options: &EmitOptions) -> String {
    match emit::generate(project, options) {
        Ok(tokens) => emit::expand_to_string(&tokens),
        Err(errors) => panic!(
            "generation failed:\n{}",
            errors
                .iter()
                .map(|d| d.render(&project.sources))
                .collect::<String>()
        ),
    }
}
