//! Fragment name uniqueness, across every document of the project.

use std::collections::HashMap;

use crate::diagnostic::Diagnostic;
use crate::source::Location;
use crate::validate::ctx::{Ctx, FragRef};
use crate::validate::visit::Rule;

#[derive(Default)]
pub(crate) struct UniqueFragmentNames<'a> {
    seen: HashMap<&'a str, Location>,
}

impl<'a> Rule<'a> for UniqueFragmentNames<'a> {
    fn fragment(&mut self, cx: &mut Ctx<'a>, frag: &FragRef<'a>, _: usize) {
        let name = frag.def.name.as_str();
        let at = cx.loc(frag.file, frag.def.name.span);
        match self.seen.get(name) {
            Some(first) => cx.report(
                Diagnostic::error(
                    "unique-fragment-names",
                    format!("there can be only one fragment named `{name}`"),
                    Some(at),
                )
                .with_label("second fragment with this name")
                .with_secondary(*first, "first defined here")
                .with_help("rename one of them: fragment names are unique across the project"),
            ),
            None => {
                self.seen.insert(name, at);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::test_support::{invalid, one, valid};

    const CODE: &str = "unique-fragment-names";

    #[test]
    fn distinct() {
        valid(
            CODE,
            "{ dog { ...A ...B } } fragment A on Dog { name } fragment B on Dog { nickname }",
        );
        valid(
            CODE,
            "query Foo { dog { ...Foo } } fragment Foo on Dog { name }",
        );
    }

    #[test]
    fn duplicates() {
        invalid(
            CODE,
            "{ dog { ...F } } fragment F on Dog { name } fragment F on Dog { nickname }",
            &["there can be only one fragment named `F`"],
        );
        let (d, at) = one(
            CODE,
            "{ dog { ...F } }\nfragment F on Dog { name }\nfragment F on Cat { name }",
        );
        assert_eq!(at, (3, 10, 1));
        assert_eq!(d.secondary[0].location.start.line, 2);
    }
}
