//! Multipart subscription parsing: the parser's throughput against the floor of a plain
//! boundary scan (memchr's memmem over the same bytes), and parsing plus typed decoding.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use serde::Deserialize;
use typed_graphql::multipart::{interpret, Event, Message, Parser};

#[derive(Deserialize)]
#[allow(dead_code)]
struct Data {
    #[serde(rename = "onAddTodo")]
    on_add_todo: Todo,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Todo {
    id: String,
    title: String,
    done: bool,
    priority: Option<i32>,
    tags: Vec<String>,
    owner: Owner,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Owner {
    id: String,
    login: String,
}

const EVENTS: usize = 5_000;
const CHUNK: usize = 16 * 1024;

/// A router-framed stream of `EVENTS` events with a heartbeat every tenth part.
fn stream() -> Vec<u8> {
    let mut out = String::new();
    for i in 0..EVENTS {
        if i % 10 == 0 {
            out.push_str("\r\n--graphql\r\ncontent-type: application/json\r\n\r\n{}");
        }
        out.push_str("\r\n--graphql\r\ncontent-type: application/json\r\n\r\n");
        out.push_str(&format!(
            r#"{{"payload":{{"data":{{"onAddTodo":{{"id":"todo-{i}","title":"Write the benchmark number {i} and record it","done":{},"priority":{},"tags":["work","bench","{}"],"owner":{{"id":"user-{}","login":"octocat"}}}}}}}}}}"#,
            i % 2 == 0,
            if i % 3 == 0 { "null".to_owned() } else { (i % 5).to_string() },
            i % 7,
            i % 13
        ));
    }
    out.push_str("\r\n--graphql--\r\n");
    out.into_bytes()
}

fn parse(bytes: &[u8]) -> usize {
    let mut parser = Parser::new("graphql").unwrap();
    let mut parts = 0;
    for chunk in bytes.chunks(CHUNK) {
        parser.push(chunk);
        while let Some(event) = parser.next_event().unwrap() {
            if let Event::Part(part) = event {
                parts += black_box(part.body.len()).min(1);
            }
        }
    }
    parser.finish().unwrap();
    parts
}

fn parse_and_decode(bytes: &[u8]) -> usize {
    let mut parser = Parser::new("graphql").unwrap();
    let mut events = 0;
    for chunk in bytes.chunks(CHUNK) {
        parser.push(chunk);
        while let Some(event) = parser.next_event().unwrap() {
            if let Event::Part(part) = event {
                if let Message::Event(response) = interpret::<Data>(&part).unwrap() {
                    black_box(&response);
                    events += 1;
                }
            }
        }
    }
    parser.finish().unwrap();
    events
}

/// The floor: find every delimiter, nothing else.
fn memmem_scan(bytes: &[u8]) -> usize {
    let finder = memchr::memmem::Finder::new(b"\r\n--graphql");
    bytes
        .chunks(CHUNK)
        .map(|chunk| finder.find_iter(chunk).count())
        .sum()
}

fn bench(c: &mut Criterion) {
    let bytes = stream();
    let parts = EVENTS + EVENTS / 10;
    assert_eq!(parse(&bytes), parts);
    assert_eq!(parse_and_decode(&bytes), EVENTS);

    let mut group = c.benchmark_group("multipart_bytes");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("memmem_scan_floor", |b| {
        b.iter(|| memmem_scan(black_box(&bytes)))
    });
    group.bench_function("parse", |b| b.iter(|| parse(black_box(&bytes))));
    group.bench_function("parse_and_decode", |b| {
        b.iter(|| parse_and_decode(black_box(&bytes)))
    });
    group.finish();

    let mut group = c.benchmark_group("multipart_events");
    group.throughput(Throughput::Elements(EVENTS as u64));
    group.bench_function("parse", |b| b.iter(|| parse(black_box(&bytes))));
    group.bench_function("parse_and_decode", |b| {
        b.iter(|| parse_and_decode(black_box(&bytes)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
