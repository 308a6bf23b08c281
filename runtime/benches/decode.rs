//! Typed decoding of a realistic response into the types the macro generates, beside their
//! `#[derive(Deserialize)]` twins on the same bytes: `serde_json::from_slice` for both, and the
//! runtime's `decode` (the JSON path of a failure computed only on failure) for the generated
//! ones. Neither the generated decoders nor the path tracking may cost anything on success.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use serde::Deserialize;
use typed_graphql::{decode, Operation, Response};

#[typed_graphql::graphql(
    schema = "benches/github_like.graphql",
    query = "query Issues { repository(owner: \"typed-graphql\", name: \"typed-graphql\") {
        nameWithOwner stargazerCount issues(first: 100) { totalCount nodes {
            number title bodyText closed author { login url } labels { nodes { name color } }
            createdAt } } } }",
    scalars(DateTime = "String")
)]
mod generated {}

type Data = <generated::Issues as Operation>::Data;

/// The derive twins of the generated types.
mod twin {
    use super::Deserialize;

    #[derive(Deserialize)]
    #[allow(dead_code)]
    pub struct Data {
        pub repository: Option<Repository>,
    }

    #[derive(Deserialize)]
    #[allow(dead_code)]
    #[serde(rename_all = "camelCase")]
    pub struct Repository {
        pub name_with_owner: String,
        pub stargazer_count: i32,
        pub issues: IssueConnection,
    }

    #[derive(Deserialize)]
    #[allow(dead_code)]
    #[serde(rename_all = "camelCase")]
    pub struct IssueConnection {
        pub total_count: i32,
        pub nodes: Vec<Issue>,
    }

    #[derive(Deserialize)]
    #[allow(dead_code)]
    #[serde(rename_all = "camelCase")]
    pub struct Issue {
        pub number: i32,
        pub title: String,
        pub body_text: String,
        pub closed: bool,
        pub author: Option<Actor>,
        pub labels: Labels,
        pub created_at: String,
    }

    #[derive(Deserialize)]
    #[allow(dead_code)]
    pub struct Actor {
        pub login: String,
        pub url: String,
    }

    #[derive(Deserialize)]
    #[allow(dead_code)]
    pub struct Labels {
        pub nodes: Vec<Label>,
    }

    #[derive(Deserialize)]
    #[allow(dead_code)]
    pub struct Label {
        pub name: String,
        pub color: String,
    }
}

/// A GitHub-like response: 100 issues with authors and labels (~60 KB).
fn response(issues: usize) -> Vec<u8> {
    let nodes: Vec<serde_json::Value> = (0..issues)
        .map(|i| {
            serde_json::json!({
                "number": i,
                "title": format!("Issue {i}: the parser drops a part when the delimiter is split"),
                "bodyText": "Steps to reproduce: send the stream in one-byte chunks. Expected: every event. Actual: one is missing. ".repeat(2),
                "closed": i % 3 == 0,
                "author": if i % 10 == 0 { serde_json::Value::Null } else { serde_json::json!({"login": format!("user{i}"), "url": format!("https://github.com/user{i}")}) },
                "labels": {"nodes": [{"name": "bug", "color": "d73a4a"}, {"name": "multipart", "color": "0e8a16"}]},
                "createdAt": "2026-11-23T06:09:28Z",
            })
        })
        .collect();
    serde_json::to_vec(&serde_json::json!({
        "data": {"repository": {
            "nameWithOwner": "typed-graphql/typed-graphql",
            "stargazerCount": 1234,
            "issues": {"totalCount": issues, "nodes": nodes},
        }}
    }))
    .unwrap()
}

fn bench(c: &mut Criterion) {
    let body = response(100);
    let mut group = c.benchmark_group("decode_response");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function("serde_derive_twin_from_slice", |b| {
        b.iter(|| serde_json::from_slice::<Response<twin::Data>>(black_box(&body)).unwrap())
    });
    group.bench_function("generated_from_slice", |b| {
        b.iter(|| serde_json::from_slice::<Response<Data>>(black_box(&body)).unwrap())
    });
    group.bench_function("generated_typed_graphql_decode", |b| {
        b.iter(|| decode::<Response<Data>>(black_box(&body)).unwrap())
    });
    group.finish();

    // The failure path (re-decoding with path tracking): what a schema drift costs.
    let mut broken = String::from_utf8(body.clone()).unwrap();
    broken = broken.replacen("\"closed\":false", "\"closed\":\"no\"", 1);
    let broken = broken.into_bytes();
    assert_eq!(
        decode::<Response<Data>>(&broken).err().unwrap().path,
        "data.repository.issues.nodes[1].closed"
    );
    let mut group = c.benchmark_group("decode_failure");
    group.bench_function("serde_derive_twin_from_slice", |b| {
        b.iter(|| serde_json::from_slice::<Response<twin::Data>>(black_box(&broken)).is_err())
    });
    group.bench_function("generated_typed_graphql_decode_with_path", |b| {
        b.iter(|| decode::<Response<Data>>(black_box(&broken)).is_err())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
