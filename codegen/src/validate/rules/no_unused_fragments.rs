//! No unused fragments: every fragment is spread, directly or through other fragments, by
//! some operation of the project.

use std::collections::HashSet;

use crate::diagnostic::Diagnostic;
use crate::validate::ctx::{Ctx, DefRef};
use crate::validate::visit::Rule;

pub(crate) struct NoUnusedFragments;

impl<'a> Rule<'a> for NoUnusedFragments {
    fn finish(&mut self, cx: &mut Ctx<'a>) {
        let mut used: HashSet<&str> = HashSet::new();
        for (id, def) in cx.definitions.iter().enumerate() {
            if let DefRef::Operation(_) = def {
                for frag in cx.reachable_fragments(id) {
                    if let DefRef::Fragment(f) = &cx.definitions[frag] {
                        used.insert(&f.def.name);
                    }
                }
            }
        }
        let unused: Vec<_> = cx
            .definitions
            .iter()
            .filter_map(|d| match d {
                DefRef::Fragment(f) if !used.contains(f.def.name.as_str()) => Some(*f),
                _ => None,
            })
            .collect();
        for f in unused {
            let name = &f.def.name;
            let at = cx.loc(f.file, f.def.name.span);
            cx.report(
                Diagnostic::error(
                    "no-unused-fragments",
                    format!("fragment `{name}` is never used"),
                    Some(at),
                )
                .with_label("no operation spreads it")
                .with_help(format!(
                    "spread it with `...{name}` in an operation, or remove it"
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::test_support::{invalid, one, valid};

    const CODE: &str = "no-unused-fragments";

    #[test]
    fn all_used() {
        valid(
            CODE,
            "{ human(id: 4) { ...HumanFields1 ... on Human { ...HumanFields2 } } } fragment HumanFields1 on Human { name ...HumanFields3 } fragment HumanFields2 on Human { name } fragment HumanFields3 on Human { name }",
        );
        valid(
            CODE,
            "query A { dog { ...F } } query B { dog { name } } fragment F on Dog { name }",
        );
    }

    #[test]
    fn unused() {
        invalid(
            CODE,
            "query Foo { human(id: 4) { ...HumanFields1 } } fragment HumanFields1 on Human { name ...HumanFields3 } fragment HumanFields2 on Human { name } fragment HumanFields3 on Human { name } fragment Unused1 on Human { name } fragment Unused2 on Human { name }",
            &[
                "fragment `HumanFields2` is never used",
                "fragment `Unused1` is never used",
                "fragment `Unused2` is never used",
            ],
        );
        // Fragments that only spread each other are still unused.
        invalid(
            CODE,
            "{ dog { name } } fragment A on Dog { ...B } fragment B on Dog { ...A }",
            &["fragment `A` is never used", "fragment `B` is never used"],
        );
        let (_, at) = one(CODE, "{ dog { name } }\nfragment Unused on Dog { name }");
        assert_eq!(at, (2, 10, 6));
    }
}
