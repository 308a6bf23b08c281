//! Decoding a response into macro-generated types vs hand-written serde structs for the same
//! JSON, side by side in one run. Run: `cargo bench -p typed-graphql-tests --bench typed_decode`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use serde::Deserialize;

#[typed_graphql::graphql(
    schema = "graphql/todo/schema.graphql",
    query = "query Plain { todos { id heading: title done priority tags createdAt owner { login } } }",
    scalars(DateTime = "String")
)]
pub mod generated {}

/// What a careful user would write by hand for the same selection.
mod hand {
    use super::Deserialize;

    #[derive(Deserialize)]
    pub struct Response {
        pub data: Option<Data>,
        #[serde(default)]
        pub errors: Vec<serde_json::Value>,
    }
    #[derive(Deserialize)]
    pub struct Data {
        pub todos: Vec<Todo>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    #[allow(dead_code)]
    pub struct Todo {
        pub id: String,
        pub heading: String,
        pub done: bool,
        pub priority: Option<Priority>,
        pub tags: Option<Vec<String>>,
        pub created_at: String,
        pub owner: Option<Owner>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
    pub enum Priority {
        Low,
        Normal,
        High,
        #[serde(other)]
        Unknown,
    }
    #[derive(Deserialize)]
    #[allow(dead_code)]
    pub struct Owner {
        pub login: String,
    }
}

fn body(n: usize) -> Vec<u8> {
    let todos: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            let priority = ["LOW", "NORMAL", "HIGH"][i % 3];
            serde_json::json!({
                "id": format!("t{i}"), "heading": format!("Todo number {i}"), "done": i % 2 == 0,
                "priority": priority, "tags": ["home", "errand"],
                "createdAt": "2026-11-23T07:00:00Z", "owner": {"login": "ada"}
            })
        })
        .collect();
    serde_json::to_vec(&serde_json::json!({ "data": { "todos": todos } })).expect("serialises")
}

fn bench(c: &mut Criterion) {
    let bytes = body(1_000);
    let mut group = c.benchmark_group("decode_1000_todos");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("hand_written_serde_structs", |b| {
        b.iter(|| {
            let r: hand::Response = serde_json::from_slice(&bytes).expect("decodes");
            assert!(r.errors.is_empty());
            r.data.map(|d| d.todos.len())
        })
    });
    group.bench_function("generated_types_via_runtime_decode", |b| {
        b.iter(|| {
            let r: typed_graphql::Response<<generated::Plain as typed_graphql::Operation>::Data> =
                typed_graphql::decode(&bytes).expect("decodes");
            r.data.map(|d| d.todos.len())
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
