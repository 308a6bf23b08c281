//! `graphql/schema.graphql` is committed so that the examples build from a clone alone; it must
//! stay the schema the devserver serves (`typed_graphql_devserver::SCHEMA_SDL`, which the
//! devserver's own tests tie to its engine).

/// The schema without comment lines and trailing blanks: comments may differ (the copy says
/// where it comes from), definitions may not.
fn definitions(sdl: &str) -> Vec<&str> {
    let mut lines: Vec<&str> = sdl
        .lines()
        .map(str::trim_end)
        .filter(|line| !line.trim_start().starts_with('#'))
        .skip_while(|line| line.is_empty())
        .collect();
    while lines.last().is_some_and(|line| line.is_empty()) {
        lines.pop();
    }
    lines
}

#[test]
fn the_committed_schema_is_the_devservers() {
    let committed = include_str!("../graphql/schema.graphql");
    let served = typed_graphql_devserver::SCHEMA_SDL;
    let (committed, served) = (definitions(committed), definitions(served));
    if committed != served {
        let first = committed
            .iter()
            .zip(&served)
            .position(|(a, b)| a != b)
            .unwrap_or(committed.len().min(served.len()));
        panic!(
            "examples/graphql/schema.graphql differs from the devserver's schema at definition \
             line {}:\n  committed: {:?}\n  devserver: {:?}\nCopy devserver/schema.graphql over it \
             (keeping its header comment).",
            first + 1,
            committed.get(first),
            served.get(first)
        );
    }
}
