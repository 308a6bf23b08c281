//! Union members: a union has at least one member, and every member is a defined object type.

use super::{member_location, Cx, Rule};
use crate::diagnostic::Diagnostic;
use crate::schema::model::*;

pub(super) struct UnionMembers;

impl Rule for UnionMembers {
    fn type_def(&self, cx: &Cx<'_>, ty: &TypeDef, out: &mut Vec<Diagnostic>) {
        let TypeKind::Union { members } = &ty.kind else {
            return;
        };
        if members.is_empty() {
            out.push(
                Diagnostic::error(
                    "schema-empty-union",
                    format!("union `{}` has no member types", ty.name),
                    ty.location,
                )
                .with_label("no members")
                .with_help(format!("write `union {} = A | B`", ty.name)),
            );
        }
        for member in members {
            let at = member_location(ty, member).or(ty.location);
            match cx.get(member) {
                None => out.push(cx.unknown_type(member, at)),
                Some(m) if !matches!(m.kind, TypeKind::Object { .. }) => out.push(
                    Diagnostic::error(
                        "schema-union-member-not-object",
                        format!(
                            "union `{}` lists `{member}`, which is {}, not an object type",
                            ty.name,
                            m.kind.words().0
                        ),
                        at,
                    )
                    .with_label("not an object type")
                    .with_help("unions can only contain object types; list the object types that implement it instead"),
                ),
                Some(_) => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::schema::test_support::{at, load, messages, one_error};

    #[test]
    fn members_are_object_types() {
        let err =
            load("type A { a: Int }\ninterface I { a: Int }\nunion U = A | I\ntype Query { u: U }")
                .unwrap_err();
        assert_eq!(
            messages(&err),
            ["union `U` lists `I`, which is an interface, not an object type"]
        );
        assert_eq!(at(&err[0]), (3, 15, 1));
    }

    #[test]
    fn empty_union() {
        let d = one_error("union U\ntype Query { u: U }");
        assert_eq!(d.message, "union `U` has no member types");
        assert_eq!(d.help, ["write `union U = A | B`"]);
    }
}
