//! Typed decoding of a realistic response: the runtime's `decode` (fast path, and the JSON path
//! of a failure computed only on failure) against plain `serde_json::from_slice` into the same
//! structs. The path tracking must cost nothing on success.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use serde::Deserialize;
use typed_graphql::{decode, Response};

#[derive(Deserialize)]
#[allow(dead_code)]
struct Data {
    repository: Repository,
}

#[derive(Deserialize)]
#[allow(dead_code)]
#[serde(rename_all = "camelCase")]
struct Repository {
    name_with_owner: String,
    stargazer_count: i64,
    issues: IssueConnection,
}

#[derive(Deserialize)]
#[allow(dead_code)]
#[serde(rename_all = "camelCase")]
struct IssueConnection {
    total_count: i64,
    nodes: Vec<Issue>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
#[serde(rename_all = "camelCase")]
struct Issue {
    number: i64,
    title: String,
    body_text: String,
    closed: bool,
    author: Option<Actor>,
    labels: Labels,
    created_at: String,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Actor {
    login: String,
    url: String,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Labels {
    nodes: Vec<Label>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Label {
    name: String,
    color: String,
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
    group.bench_function("serde_json_from_slice", |b| {
        b.iter(|| serde_json::from_slice::<Response<Data>>(black_box(&body)).unwrap())
    });
    group.bench_function("typed_graphql_decode", |b| {
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
    group.bench_function("serde_json_from_slice", |b| {
        b.iter(|| serde_json::from_slice::<Response<Data>>(black_box(&broken)).is_err())
    });
    group.bench_function("typed_graphql_decode_with_path", |b| {
        b.iter(|| decode::<Response<Data>>(black_box(&broken)).is_err())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
