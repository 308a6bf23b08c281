//! Validation time per operation against GitHub's schema (the schema loaded once, as the macro's
//! cache does). Run: `cargo bench -p typed-graphql-codegen --bench validate`.

use std::sync::Arc;

use criterion::{criterion_group, criterion_main, Criterion};
use typed_graphql_codegen::project::Project;
use typed_graphql_codegen::{Schema, SourceMap};

const OPERATIONS: &str = r#"
query Repo($owner: String!, $name: String!, $first: Int = 10) {
  repository(owner: $owner, name: $name) {
    id nameWithOwner description stargazerCount forkCount isPrivate
    defaultBranchRef { name target { ... on Commit { oid messageHeadline committedDate } } }
    issues(first: $first, states: [OPEN], orderBy: { field: CREATED_AT, direction: DESC }) {
      totalCount pageInfo { hasNextPage endCursor } nodes { ...IssueFields }
    }
    pullRequests(first: $first, states: [OPEN]) { nodes { number title author { login } reviewDecision } }
  }
}
query Search($q: String!) {
  search(query: $q, type: REPOSITORY, first: 20) {
    repositoryCount
    nodes { __typename ... on Repository { nameWithOwner stargazerCount } ... on User { login name } ... on Organization { login } }
  }
}
query Node($id: ID!) { node(id: $id) { id __typename ... on Issue { ...IssueFields } ... on PullRequest { number title merged } } }
query Viewer { viewer { login name repositories(first: 10, orderBy: { field: UPDATED_AT, direction: DESC }) { nodes { name updatedAt } } } }
mutation AddComment($subject: ID!, $body: String!) { addComment(input: { subjectId: $subject, body: $body }) { commentEdge { node { id body } } } }
fragment IssueFields on Issue { number title state createdAt author { login avatarUrl } labels(first: 5) { nodes { name color } } }
"#;

fn bench(c: &mut Criterion) {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../fixtures/schemas/github.graphql"
    ))
    .expect("fixture");
    let mut sources = SourceMap::new();
    sources.add("github.graphql", text);
    let (schema, _) = Schema::load(sources).expect("loads");
    let schema = Arc::new(schema);
    let operations = OPERATIONS.matches("query ").count() + OPERATIONS.matches("mutation ").count();
    let mut group = c.benchmark_group("validate_github_operations");
    group.bench_function(format!("parse_and_validate_{operations}_operations"), |b| {
        b.iter(|| {
            let mut project = Project::new(schema.clone());
            project
                .add_document("ops.graphql", OPERATIONS)
                .expect("parses");
            let errors = project.validate();
            assert!(
                errors.is_empty(),
                "{:?}",
                errors.first().map(|d| &d.message)
            );
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
