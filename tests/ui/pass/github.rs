// GitHub's public schema with 23 realistic operations (tests/graphql/github): unions via
// `search`, interfaces via `node`, fragments shared across operations, pagination, enums with
// unknown values, input objects, and GitHub's custom scalars mapped. Compiled under
// `#![deny(warnings)]`; main decodes realistic responses.
#![deny(warnings)]

use serde_json::json;
use typed_graphql::{Maybe, Operation, Response};

#[typed_graphql::graphql(
    schema = "../../../fixtures/schemas/github.graphql",
    query = [
        "../../graphql/github/fragments.graphql",
        "../../graphql/github/repository.graphql",
        "../../graphql/github/search.graphql",
        "../../graphql/github/user.graphql",
        "../../graphql/github/mutations.graphql",
    ],
    scalars(
        DateTime = "String",
        URI = "String",
        GitObjectID = "String",
        GitTimestamp = "String",
        HTML = "String",
        X509Certificate = "String",
        Date = "String",
        BigInt = "String",
    )
)]
pub mod github {}

use github::fragments::IssueSummary;
use github::types::IssueState;

fn decode<Op: Operation>(value: serde_json::Value) -> Op::Data {
    let response: Response<Op::Data> = serde_json::from_value(value).expect("decodes");
    response.into_result().expect("no errors")
}

fn issue(number: i32, state: &str) -> serde_json::Value {
    json!({
        "id": format!("I_{number}"), "number": number, "title": format!("Issue {number}"),
        "state": state, "createdAt": "2024-01-01T00:00:00Z",
        "url": format!("https://github.com/o/r/issues/{number}"),
        "author": {"login": "octocat", "avatarUrl": "https://a/1", "url": "https://github.com/octocat"}
    })
}

/// One function serves every operation that spreads the fragment.
fn describe(issue: &IssueSummary) -> String {
    let author = issue.author.as_ref().map_or("ghost", |a| a.login.as_str());
    format!("#{} {} ({}) by {author}", issue.number, issue.title, issue.state.as_str())
}

fn search_dispatch() {
    use github::search_issues::SearchNodes;
    let mut first = issue(1, "OPEN");
    first["__typename"] = json!("Issue");
    let data = decode::<github::SearchIssues>(json!({"data": {"search": {
        "issueCount": 3,
        "nodes": [
            first,
            {"__typename": "PullRequest", "number": 2, "title": "Fix", "isDraft": true, "author": null},
            {"__typename": "Discussion"},
            null
        ]
    }}}));
    assert_eq!(data.search.issue_count, 3);
    // `__typename` was added to the sent document for the dispatch.
    assert!(github::SearchIssues::DOCUMENT.contains("nodes { __typename ... on Issue"));
    let nodes = data.search.nodes.unwrap();
    match &nodes[0] {
        Some(SearchNodes::Issue(i)) => {
            assert_eq!(describe(i), "#1 Issue 1 (OPEN) by octocat");
        }
        other => panic!("expected an issue, got {other:?}"),
    }
    match &nodes[1] {
        Some(SearchNodes::PullRequest(pr)) => assert!(pr.is_draft && pr.author.is_none()),
        other => panic!("expected a pull request, got {other:?}"),
    }
    match &nodes[2] {
        Some(SearchNodes::Other(o)) => assert_eq!(o.typename, "Discussion"),
        other => panic!("expected the other variant, got {other:?}"),
    }
    assert!(nodes[3].is_none());
}

fn node_interface() {
    use github::node_by_id::Node;
    let data = decode::<github::NodeById>(json!({"data": {"node": {
        "__typename": "Repository", "id": "R_1", "name": "typed", "nameWithOwner": "o/typed",
        "url": "https://github.com/o/typed", "stargazerCount": 42, "isPrivate": false,
        "updatedAt": "2024-02-02T00:00:00Z", "owner": {"login": "o"}
    }}}));
    match data.node {
        Some(Node::Repository(r)) => {
            assert_eq!(r.id, "R_1");
            assert_eq!(r.repo_summary.name_with_owner, "o/typed");
            assert_eq!(r.repo_summary.stargazer_count, 42);
        }
        other => panic!("expected a repository, got {other:?}"),
    }
    let data = decode::<github::NodeById>(json!({"data": {"node": {
        "__typename": "Gist", "id": "G_1"
    }}}));
    match data.node {
        Some(Node::Other(o)) => assert_eq!((o.typename.as_str(), o.id.as_str()), ("Gist", "G_1")),
        other => panic!("expected the other variant, got {other:?}"),
    }
}

fn pagination_and_shared_fragments() {
    let mut vars = github::repository_issues::Variables::new("o".into(), "r".into());
    vars.states = Maybe::Value(vec![IssueState::Open, IssueState::Closed]);
    let pages = [
        json!({"data": {"repository": {"issues": {"totalCount": 3,
            "pageInfo": {"hasNextPage": true, "endCursor": "c1"},
            "nodes": [issue(1, "OPEN"), issue(2, "CLOSED")]}}}}),
        json!({"data": {"repository": {"issues": {"totalCount": 3,
            "pageInfo": {"hasNextPage": false, "endCursor": null},
            "nodes": [issue(3, "ARCHIVED")]}}}}),
    ];
    let mut seen = Vec::new();
    for page in pages {
        let body = serde_json::to_value(github::RepositoryIssues::request(vars.clone())).unwrap();
        assert_eq!(body["variables"]["states"], json!(["OPEN", "CLOSED"]));
        let data = decode::<github::RepositoryIssues>(page);
        let issues = data.repository.unwrap().issues;
        seen.extend(issues.nodes.unwrap().into_iter().flatten().map(|i| describe(&i)));
        match (issues.page_info.has_next_page, issues.page_info.end_cursor) {
            (true, Some(cursor)) => vars.after = Maybe::Value(cursor),
            _ => break,
        }
    }
    assert_eq!(seen.len(), 3);
    // A state added to the schema later decodes into the fallback variant.
    assert_eq!(seen[2], "#3 Issue 3 (ARCHIVED) by octocat");
    assert_eq!(vars.after, Maybe::Value("c1".to_owned()));
}

fn timeline_and_aliases() {
    use github::issue_details::RepositoryIssueTimelineItemsNodes as Item;
    let mut details = issue(7, "CLOSED");
    details["fullDatabaseId"] = json!("123456789012");
    details["bodyHTML"] = json!("<p>hi</p>");
    details["labels"] = json!({"nodes": [{"name": "bug", "color": "d73a4a"}]});
    details["comments"] = json!({"nodes": []});
    details["timelineItems"] = json!({"nodes": [
        {"__typename": "IssueComment", "body": "first"},
        {"__typename": "LabeledEvent", "label": {"name": "bug"}, "createdAt": "2024-01-02T00:00:00Z"},
        {"__typename": "ClosedEvent", "actor": {"login": "octocat"}, "closedAt": "2024-01-03T00:00:00Z"},
        {"__typename": "ReferencedEvent"}
    ]});
    let data = decode::<github::IssueDetails>(json!({"data": {"repository": {"issue": details}}}));
    let issue = data.repository.unwrap().issue.unwrap();
    assert_eq!(issue.full_database_id.as_deref(), Some("123456789012"));
    assert_eq!(issue.issue_summary.state, IssueState::Closed);
    let items = issue.timeline_items.nodes.unwrap();
    let kinds: Vec<&str> = items
        .iter()
        .map(|i| match i {
            Some(Item::IssueComment(c)) => c.body.as_str(),
            Some(Item::LabeledEvent(l)) => l.label.name.as_str(),
            Some(Item::ClosedEvent(c)) => c.closed_at.as_str(),
            Some(Item::Other(o)) => o.typename.as_str(),
            None => "null",
        })
        .collect();
    assert_eq!(kinds, ["first", "bug", "2024-01-03T00:00:00Z", "ReferencedEvent"]);
}

fn inputs_and_mutations() {
    let mut input = github::types::CreateIssueInput::new("R_1".into(), "Title".into());
    input.body = Maybe::Value("Body".into());
    input.label_ids = Maybe::Null;
    let body = serde_json::to_value(github::CreateIssue::request(
        github::create_issue::Variables::new(input),
    ))
    .unwrap();
    assert_eq!(
        body["variables"],
        json!({"input": {"repositoryId": "R_1", "title": "Title", "body": "Body", "labelIds": null}})
    );
    assert!(body["query"].as_str().unwrap().starts_with("mutation CreateIssue("));
    let vars = github::add_reaction::Variables::new(
        "S_1".into(),
        github::types::ReactionContent::Heart,
    );
    assert_eq!(
        serde_json::to_value(vars).unwrap(),
        json!({"subjectId": "S_1", "content": "HEART"})
    );
}

fn blobs_and_trees() {
    use github::file_contents::RepositoryObject as Object;
    let data = decode::<github::FileContents>(json!({"data": {"repository": {"object": {
        "__typename": "Blob", "byteSize": 5, "isBinary": false, "text": "hello"
    }}}}));
    match data.repository.unwrap().object {
        Some(Object::Blob(b)) => assert_eq!(b.text.as_deref(), Some("hello")),
        other => panic!("expected a blob, got {other:?}"),
    }
}

fn main() {
    search_dispatch();
    node_interface();
    pagination_and_shared_fragments();
    timeline_and_aliases();
    inputs_and_mutations();
    blobs_and_trees();
    // Every operation's document is there, with the fragments it uses and no others.
    assert!(!github::Viewer::DOCUMENT.contains("fragment"));
    assert!(github::IssueDetails::DOCUMENT.contains("fragment ActorFields on Actor"));
    assert!(!github::IssueDetails::DOCUMENT.contains("fragment RepoSummary"));
}
