//! GitHub's schema at full scale in a normal test crate (so `cargo clippy --all-targets` checks
//! the generated code too): search results dispatched on `__typename` and nested pagination.

use serde_json::json;
use typed_graphql::Response;

#[typed_graphql::graphql(
    schema = "../fixtures/schemas/github.graphql",
    query = [
        "graphql/github/fragments.graphql",
        "graphql/github/repository.graphql",
        "graphql/github/search.graphql",
        "graphql/github/user.graphql",
        "graphql/github/mutations.graphql",
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

#[test]
fn search_repositories_with_page_info() {
    use github::search_repositories::SearchNodes;
    let response: Response<github::search_repositories::Data> = serde_json::from_value(json!({
        "data": {"search": {
            "repositoryCount": 2,
            "pageInfo": {"hasNextPage": true, "endCursor": "Y3Vyc29yOjI="},
            "nodes": [
                {"__typename": "Repository", "id": "R_1", "name": "typed", "nameWithOwner": "o/typed",
                 "url": "https://github.com/o/typed", "stargazerCount": 42, "isPrivate": false,
                 "updatedAt": "2024-02-02T00:00:00Z", "owner": {"login": "o"}},
                {"__typename": "User"}
            ]
        }}
    }))
    .unwrap();
    let search = response.data.unwrap().search;
    assert_eq!(search.page_info.end_cursor.as_deref(), Some("Y3Vyc29yOjI="));
    let nodes = search.nodes.unwrap();
    match &nodes[0] {
        Some(SearchNodes::Repository(r)) => assert_eq!(r.stargazer_count, 42),
        other => panic!("expected a repository, got {other:?}"),
    }
    assert!(matches!(&nodes[1], Some(SearchNodes::Other(o)) if o.typename == "User"));
}

#[test]
fn decode_errors_name_the_path() {
    let bytes = br#"{"viewer": {"login": "octocat", "name": null, "avatarUrl": "u",
        "createdAt": "2020-01-01T00:00:00Z", "isHireable": "yes"},
        "rateLimit": null}"#;
    let err = typed_graphql::decode::<github::viewer::Data>(bytes).unwrap_err();
    assert_eq!(err.path, "viewer.isHireable");
    assert!(
        err.message
            .starts_with("invalid type: string \"yes\", expected a boolean"),
        "{}",
        err.message
    );
    // A non-null field left out: the path of the object, and the field's name.
    let bytes = br#"{"viewer": {"name": null, "avatarUrl": "u",
        "createdAt": "2020-01-01T00:00:00Z", "isHireable": true}, "rateLimit": null}"#;
    let err = typed_graphql::decode::<github::viewer::Data>(bytes).unwrap_err();
    assert_eq!(err.path, "viewer");
    assert!(
        err.message.starts_with("missing field `login`"),
        "{}",
        err.message
    );
}
