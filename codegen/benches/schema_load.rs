//! Loading GitHub's schema (1.2 MB) against apollo-parser's bare parse of the same text: the
//! floor. Run: `cargo bench -p typed-graphql-codegen --bench schema_load`.

use criterion::{criterion_group, criterion_main, Criterion};
use typed_graphql_codegen::{Schema, SourceMap};

fn github() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../fixtures/schemas/github.graphql"
    ))
    .expect("fixtures/schemas/github.graphql")
}

fn bench(c: &mut Criterion) {
    let text = github();
    let mut group = c.benchmark_group("github_schema");
    group.sample_size(20);
    group.bench_function("apollo_parser_parse", |b| {
        b.iter(|| {
            let tree = apollo_parser::Parser::new(&text).parse();
            assert_eq!(tree.errors().len(), 0);
            tree
        })
    });
    group.bench_function("typed_graphql_schema_load", |b| {
        b.iter(|| {
            let mut sources = SourceMap::new();
            sources.add("github.graphql", text.as_str());
            Schema::load(sources).expect("loads")
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
