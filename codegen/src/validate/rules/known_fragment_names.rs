//! Known fragment names: a spread names a fragment defined somewhere in the project.

use crate::diagnostic::Diagnostic;
use crate::validate::ctx::{did_you_mean, Ctx};
use crate::validate::visit::{Rule, SpreadNode};

pub(crate) struct KnownFragmentNames;

impl<'a> Rule<'a> for KnownFragmentNames {
    fn fragment_spread(&mut self, cx: &mut Ctx<'a>, node: &SpreadNode<'a>) {
        let name = node.node.fragment_name.as_str();
        if cx.fragment(name).is_some() {
            return;
        }
        let at = cx.loc(node.file, node.node.fragment_name.span);
        let d = Diagnostic::error(
            "known-fragment-names",
            format!("unknown fragment `{name}`"),
            Some(at),
        )
        .with_label("no fragment with this name in the project");
        let names: Vec<&str> = cx.fragments.keys().copied().collect();
        let d = did_you_mean(d, name, names);
        cx.report(d);
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::test_support::{invalid, one, valid};

    const CODE: &str = "known-fragment-names";

    #[test]
    fn known() {
        valid(
            CODE,
            "{ human(id: 4) { ...HumanFields1 ... on Human { ...HumanFields2 } } } fragment HumanFields1 on Human { name ...HumanFields3 } fragment HumanFields2 on Human { name } fragment HumanFields3 on Human { name }",
        );
    }

    #[test]
    fn unknown() {
        invalid(
            CODE,
            "{ human(id: 4) { ...UnknownFragment1 ... on Human { ...UnknownFragment2 } } } fragment HumanFields on Human { name ...UnknownFragment3 }",
            &[
                "unknown fragment `UnknownFragment1`",
                "unknown fragment `UnknownFragment2`",
                "unknown fragment `UnknownFragment3`",
            ],
        );
        let (d, at) = one(
            CODE,
            "{ dog { ...DogFeilds } } fragment DogFields on Dog { name }",
        );
        assert_eq!(at, (1, 12, 9));
        assert_eq!(d.help, ["did you mean `DogFields`?"]);
    }
}
