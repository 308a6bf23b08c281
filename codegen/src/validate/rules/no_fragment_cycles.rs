//! No fragment cycles: a fragment cannot spread itself, directly or through others. The
//! depth-first search keeps its path on the heap, so long spread chains cannot overflow the
//! stack; each fragment is entered once, so the search is linear.

use std::collections::HashMap;

use crate::diagnostic::Diagnostic;
use crate::validate::ctx::{Ctx, DefRef, SpreadAt};
use crate::validate::visit::Rule;

pub(crate) struct NoFragmentCycles;

impl<'a> Rule<'a> for NoFragmentCycles {
    fn finish(&mut self, cx: &mut Ctx<'a>) {
        let mut visited = vec![false; cx.definitions.len()];
        let mut found: Vec<(Vec<SpreadAt<'a>>, &'a str)> = Vec::new();
        for start in 0..cx.definitions.len() {
            let DefRef::Fragment(frag) = cx.definitions[start] else {
                continue;
            };
            // Only first definitions form the graph (duplicates are reported elsewhere).
            if visited[start] || cx.fragments.get(frag.def.name.as_str()) != Some(&start) {
                continue;
            }
            visited[start] = true;
            // The path of spreads taken, and for each fragment on it the next spread to try.
            let mut path: Vec<SpreadAt<'a>> = Vec::new();
            let mut on_path: HashMap<&str, usize> = HashMap::new();
            on_path.insert(&frag.def.name, 0);
            let mut frames: Vec<(usize, usize)> = vec![(start, 0)];
            while let Some((def, next)) = frames.last_mut() {
                let Some(spread) = cx.spreads[*def].get(*next).copied() else {
                    frames.pop();
                    if let Some(done) = path.pop() {
                        on_path.remove(done.name);
                    }
                    continue;
                };
                *next += 1;
                if let Some(&index) = on_path.get(spread.name) {
                    let mut cycle = path[index..].to_vec();
                    cycle.push(spread);
                    found.push((cycle, spread.name));
                    continue;
                }
                let Some(&target) = cx.fragments.get(spread.name) else {
                    continue;
                };
                if visited[target] {
                    continue;
                }
                visited[target] = true;
                path.push(spread);
                on_path.insert(spread.name, path.len());
                frames.push((target, 0));
            }
        }
        for (cycle, name) in found {
            let closing = cycle[cycle.len() - 1];
            let at = cx.loc(closing.file, closing.span);
            let via: Vec<String> = cycle[..cycle.len() - 1]
                .iter()
                .map(|s| format!("`{}`", s.name))
                .collect();
            let message = if via.is_empty() {
                format!("cannot spread fragment `{name}` within itself")
            } else {
                format!(
                    "cannot spread fragment `{name}` within itself via {}",
                    via.join(", ")
                )
            };
            cx.report(
                Diagnostic::error("no-fragment-cycles", message, Some(at))
                    .with_label("this spread closes the cycle")
                    .with_help("a fragment cannot include itself; select the fields again instead"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::test_support::{invalid, one, only, valid};

    const CODE: &str = "no-fragment-cycles";

    #[test]
    fn no_cycles() {
        valid(
            CODE,
            "{ dog { ...A } } fragment A on Dog { ...B } fragment B on Dog { name }",
        );
        valid(
            CODE,
            "{ dog { ...A } } fragment A on Dog { ...B ...B } fragment B on Dog { name }",
        );
        valid(
            CODE,
            "{ dog { ...A } } fragment A on Dog { ...B ...C } fragment B on Dog { ...C } fragment C on Dog { name }",
        );
        only(
            "{ dog { ...A } } fragment A on Dog { ...Unknown }",
            &["known-fragment-names"],
        );
    }

    #[test]
    fn cycles() {
        invalid(
            CODE,
            "{ dog { ...A } } fragment A on Dog { ...A }",
            &["cannot spread fragment `A` within itself"],
        );
        invalid(
            CODE,
            "{ dog { ...A } } fragment A on Dog { mother { ...A } }",
            &["cannot spread fragment `A` within itself"],
        );
        invalid(
            CODE,
            "{ dog { ...A } } fragment A on Dog { ...B } fragment B on Dog { ...A }",
            &["cannot spread fragment `A` within itself via `B`"],
        );
        invalid(
            CODE,
            "{ dog { ...A } } fragment A on Dog { ...B ...C } fragment B on Dog { ...A } fragment C on Dog { ...A }",
            &[
                "cannot spread fragment `A` within itself via `B`",
                "cannot spread fragment `A` within itself via `C`",
            ],
        );
        invalid(
            CODE,
            "{ dog { ...A } } fragment A on Dog { ...B } fragment B on Dog { ...C } fragment C on Dog { ...D } fragment D on Dog { ...B }",
            &["cannot spread fragment `B` within itself via `C`, `D`"],
        );
        let (_, at) = one(CODE, "{ dog { ...A } }\nfragment A on Dog {\n  ...A }");
        assert_eq!(at, (3, 6, 1));
    }

    #[test]
    fn long_chains_do_not_overflow() {
        let mut doc = String::from("{ dog { ...F0 } }\n");
        for i in 0..20_000 {
            doc.push_str(&format!("fragment F{i} on Dog {{ ...F{} }}\n", i + 1));
        }
        doc.push_str("fragment F20000 on Dog { ...F0 }\n");
        let ds = crate::validate::test_support::messages(CODE, &doc);
        assert_eq!(ds.len(), 1);
        assert!(ds[0].starts_with("cannot spread fragment `F0` within itself via `F1`, `F2`"));
    }
}
