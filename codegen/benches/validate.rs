//! Validation time per operation against GitHub's schema (loaded once, as the macro's cache
//! does), over 20 realistic operations, with graphql-parser's bare parse of the same text as
//! the baseline in the same run. Run: `cargo bench -p typed-graphql-codegen --bench validate`.

use std::sync::Arc;

use criterion::{criterion_group, criterion_main, Criterion};
use typed_graphql_codegen::project::Project;
use typed_graphql_codegen::{Schema, SourceMap};

/// 20 operations of the kind a GitHub client sends, with their fragments.
const OPERATIONS: &[&str] = &[
    r#"query Repo($owner: String!, $name: String!, $first: Int = 10) {
  repository(owner: $owner, name: $name) {
    id nameWithOwner description stargazerCount forkCount isPrivate
    defaultBranchRef { name target { ... on Commit { oid messageHeadline committedDate } } }
    issues(first: $first, states: [OPEN], orderBy: { field: CREATED_AT, direction: DESC }) {
      totalCount pageInfo { hasNextPage endCursor } nodes { ...IssueFields }
    }
  }
}
fragment IssueFields on Issue { number title state createdAt author { login avatarUrl } labels(first: 5) { nodes { name color } } }"#,
    r#"query Search($q: String!) {
  search(query: $q, type: REPOSITORY, first: 20) {
    repositoryCount
    nodes { __typename ... on Repository { nameWithOwner stargazerCount } ... on User { login name } ... on Organization { login } }
  }
}"#,
    r#"query Node($id: ID!) { node(id: $id) { id __typename ... on Issue { number title body } ... on PullRequest { number title merged } } }"#,
    r#"query Viewer { viewer { login name bio company location avatarUrl(size: 64) repositories(first: 10, orderBy: { field: UPDATED_AT, direction: DESC }) { totalCount nodes { name updatedAt isFork } } } }"#,
    r#"mutation AddComment($subject: ID!, $body: String!) { addComment(input: { subjectId: $subject, body: $body }) { clientMutationId commentEdge { node { id body createdAt } } } }"#,
    r#"query PullRequests($owner: String!, $name: String!, $after: String) {
  repository(owner: $owner, name: $name) {
    pullRequests(first: 25, after: $after, states: [OPEN], orderBy: { field: UPDATED_AT, direction: DESC }) {
      pageInfo { hasNextPage endCursor }
      nodes {
        number title isDraft mergeable reviewDecision additions deletions changedFiles
        author { login ... on User { name } }
        headRefName baseRefName
        reviews(first: 5) { nodes { state author { login } submittedAt } }
        commits(last: 1) { nodes { commit { oid statusCheckRollup { state } } } }
      }
    }
  }
}"#,
    r#"query Releases($owner: String!, $name: String!) { repository(owner: $owner, name: $name) { releases(first: 10, orderBy: { field: CREATED_AT, direction: DESC }) { nodes { name tagName publishedAt isPrerelease releaseAssets(first: 5) { nodes { name downloadCount size } } } } } }"#,
    r#"query Org($login: String!) { organization(login: $login) { name description url membersWithRole(first: 50) { totalCount nodes { login name } } teams(first: 20) { nodes { name slug members { totalCount } } } } }"#,
    r#"query User($login: String!) { user(login: $login) { login name followers { totalCount } following { totalCount } contributionsCollection { totalCommitContributions totalIssueContributions contributionCalendar { totalContributions } } pinnedItems(first: 6, types: [REPOSITORY]) { nodes { ... on Repository { name stargazerCount } } } } }"#,
    r#"query Issue($owner: String!, $name: String!, $number: Int!) {
  repository(owner: $owner, name: $name) {
    issue(number: $number) {
      ...IssueDetail
      timelineItems(first: 50, itemTypes: [ISSUE_COMMENT, LABELED_EVENT, CLOSED_EVENT]) {
        nodes { __typename ... on IssueComment { body author { login } createdAt } ... on LabeledEvent { label { name } createdAt } ... on ClosedEvent { createdAt actor { login } } }
      }
    }
  }
}
fragment IssueDetail on Issue { id number title body state closed createdAt updatedAt author { login } assignees(first: 5) { nodes { login } } milestone { title dueOn } reactionGroups { content reactors { totalCount } } }"#,
    r#"mutation CreateIssue($repo: ID!, $title: String!, $body: String) { createIssue(input: { repositoryId: $repo, title: $title, body: $body }) { issue { number url } } }"#,
    r#"mutation CloseIssue($id: ID!) { closeIssue(input: { issueId: $id }) { issue { id state closed } } }"#,
    r#"mutation Star($id: ID!) { addStar(input: { starrableId: $id }) { starrable { id stargazerCount viewerHasStarred } } }"#,
    r#"query Files($owner: String!, $name: String!, $expr: String!) { repository(owner: $owner, name: $name) { object(expression: $expr) { ... on Tree { entries { name type mode object { ... on Blob { byteSize isBinary text } } } } } } }"#,
    r#"query History($owner: String!, $name: String!) { repository(owner: $owner, name: $name) { defaultBranchRef { target { ... on Commit { history(first: 30) { nodes { oid messageHeadline author { name email date } additions deletions } } } } } } }"#,
    r#"query Discussions($owner: String!, $name: String!) { repository(owner: $owner, name: $name) { discussions(first: 10) { nodes { title number category { name } comments(first: 3) { nodes { body author { login } } } } } } }"#,
    r#"query RateLimit { rateLimit { limit cost remaining resetAt } }"#,
    r#"query Languages($owner: String!, $name: String!) { repository(owner: $owner, name: $name) { primaryLanguage { name color } languages(first: 10, orderBy: { field: SIZE, direction: DESC }) { totalSize edges { size node { name color } } } licenseInfo { name spdxId } repositoryTopics(first: 10) { nodes { topic { name } } } } }"#,
    r#"query Notifications { viewer { issues(first: 20, filterBy: { assignee: "me", states: [OPEN] }) { nodes { title repository { nameWithOwner } } } pullRequests(first: 20, states: [OPEN]) { nodes { title repository { nameWithOwner } } } } }"#,
    r#"query Projects($login: String!) { organization(login: $login) { projectsV2(first: 10) { nodes { title number items(first: 20) { nodes { content { ... on Issue { title } ... on PullRequest { title } ... on DraftIssue { title } } } } } } } }"#,
];

fn github() -> Arc<Schema> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../fixtures/schemas/github.graphql"
    ))
    .expect("fixture");
    let mut sources = SourceMap::new();
    sources.add("github.graphql", text);
    let (schema, _warnings) = Schema::load(sources).expect("GitHub's schema loads");
    Arc::new(schema)
}

fn bench(c: &mut Criterion) {
    let schema = github();
    // Every operation must be valid, or the benchmark measures error paths.
    for op in OPERATIONS {
        let mut project = Project::new(schema.clone());
        project.add_document("op.graphql", *op).expect("parses");
        let errors = project.validate();
        assert!(
            errors.is_empty(),
            "{op}\n{:?}",
            errors.first().map(|d| &d.message)
        );
    }
    let mut group = c.benchmark_group("github_20_operations");
    // Baseline: graphql-parser's bare parse of the same text.
    group.bench_function("parse_only (apollo-parser)", |b| {
        b.iter(|| {
            for op in OPERATIONS {
                let tree = apollo_parser::Parser::new(op).parse();
                assert_eq!(tree.errors().len(), 0);
                std::hint::black_box(tree);
            }
        })
    });
    group.bench_function("parse_and_validate (Project)", |b| {
        b.iter(|| {
            for op in OPERATIONS {
                let mut project = Project::new(schema.clone());
                project.add_document("op.graphql", *op).expect("parses");
                std::hint::black_box(project.validate());
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
