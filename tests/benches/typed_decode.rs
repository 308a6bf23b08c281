//! Decoding a response into macro-generated types vs their `#[derive(Deserialize)]` twins (the
//! structs a careful user would write by hand for the same selection), on the same JSON, through
//! the same call, side by side in one run. Two selections: `Plain` (7 fields per todo, decoded as
//! a tuple by the runtime's `fields`) and `Wide` (17, more than `MAX_TUPLE_FIELDS`: the generated
//! `Object` decoder). Run: `cargo bench -p typed-graphql-tests --bench typed_decode`.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use typed_graphql::{Operation, Response};

#[typed_graphql::graphql(
    schema = "graphql/todo/schema.graphql",
    query = "query Plain { todos { id heading: title done priority tags createdAt owner { login } } }
             query Wide { todos { id heading: title done priority tags createdAt owner { login }
                 t1: title t2: title t3: title t4: title t5: title t6: title t7: title t8: title
                 t9: title t10: title } }",
    scalars(DateTime = "String")
)]
pub mod generated {}

/// The derive twins of the generated types.
mod twin {
    use super::Deserialize;

    #[derive(Deserialize)]
    pub struct Data {
        pub todos: Vec<Todo>,
    }
    /// A todo's twin with the selection's seven fields and `$extra` strings after them.
    macro_rules! todo_twin {
        ($name:ident $(, $extra:ident)*) => {
            #[derive(Deserialize)]
            #[serde(rename_all = "camelCase")]
            #[allow(dead_code)]
            pub struct $name {
                pub id: String,
                pub heading: String,
                pub done: bool,
                pub priority: Option<Priority>,
                pub tags: Option<Vec<String>>,
                pub created_at: String,
                pub owner: Option<Owner>,
                $(pub $extra: String,)*
            }
        };
    }

    todo_twin!(Todo);
    todo_twin!(WideTodo, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10);

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

    #[derive(Deserialize)]
    pub struct WideData {
        pub todos: Vec<WideTodo>,
    }
}

fn body(n: usize, wide: bool) -> Vec<u8> {
    let todos: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            let priority = ["LOW", "NORMAL", "HIGH"][i % 3];
            let mut todo = serde_json::json!({
                "id": format!("t{i}"), "heading": format!("Todo number {i}"), "done": i % 2 == 0,
                "priority": priority, "tags": ["home", "errand"],
                "createdAt": "2026-11-23T07:00:00Z", "owner": {"login": "ada"}
            });
            if wide {
                for t in 1..=10 {
                    todo[format!("t{t}")] = format!("Todo number {i}").into();
                }
            }
            todo
        })
        .collect();
    serde_json::to_vec(&serde_json::json!({ "data": { "todos": todos } })).expect("serialises")
}

/// `serde_json::from_slice` of the same bytes into `Response<T>`: the only difference between the
/// two benches of a group is how `T` decodes.
fn count<T: DeserializeOwned>(bytes: &[u8], todos: impl Fn(&T) -> usize) -> usize {
    let r: Response<T> = serde_json::from_slice(black_box(bytes)).expect("decodes");
    assert!(r.errors.is_empty());
    r.data.as_ref().map_or(0, todos)
}

/// One group: the same bytes decoded into the derive twin `Twin` and the generated `Generated`,
/// `todos` counting what each decoded.
fn compare<Twin: DeserializeOwned, Generated: DeserializeOwned>(
    c: &mut Criterion,
    name: &str,
    bytes: &[u8],
    twin_todos: impl Fn(&Twin) -> usize,
    generated_todos: impl Fn(&Generated) -> usize,
) {
    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("serde_derive_twin", |b| {
        b.iter(|| count(bytes, &twin_todos))
    });
    group.bench_function("generated", |b| b.iter(|| count(bytes, &generated_todos)));
    group.finish();
}

fn bench(c: &mut Criterion) {
    compare(
        c,
        "decode_1000_todos",
        &body(1_000, false),
        |d: &twin::Data| d.todos.len(),
        |d: &<generated::Plain as Operation>::Data| d.todos.len(),
    );
    compare(
        c,
        "decode_1000_wide_todos",
        &body(1_000, true),
        |d: &twin::WideData| d.todos.len(),
        |d: &<generated::Wide as Operation>::Data| d.todos.len(),
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
