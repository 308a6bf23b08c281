//! Leaf field selections: scalars and enums take no selection set; objects, interfaces and
//! unions need one.

use crate::diagnostic::Diagnostic;
use crate::validate::ctx::Ctx;
use crate::validate::visit::{FieldNode, Rule};

pub(crate) struct ScalarLeafs;

impl<'a> Rule<'a> for ScalarLeafs {
    fn field(&mut self, cx: &mut Ctx<'a>, node: &FieldNode<'a>) {
        let Some(def) = node.def else { return };
        let Some(named) = cx.schema.get(def.ty.named()) else {
            return;
        };
        let field = node.field;
        let has_selection = !field.selection_set.items.is_empty();
        if named.is_leaf() && has_selection {
            let at = cx.loc(node.file, field.name.span);
            cx.report(
                Diagnostic::error(
                    "scalar-leafs",
                    format!(
                        "field `{}` must not have a selection since type `{}` has no subfields",
                        field.name, def.ty
                    ),
                    Some(at),
                )
                .with_label(format!("`{}` is a leaf type", def.ty))
                .with_help("remove the `{ ... }` after the field"),
            );
        } else if !named.is_leaf() && !has_selection {
            let at = cx.loc(node.file, field.name.span);
            let example = named
                .fields()
                .and_then(|f| {
                    f.keys().find(|k| {
                        named
                            .field(k)
                            .is_some_and(|d| d.arguments.values().all(|a| !a.ty.is_non_null()))
                    })
                })
                .map_or("__typename", String::as_str);
            cx.report(
                Diagnostic::error(
                    "scalar-leafs",
                    format!(
                        "field `{}` of type `{}` must have a selection of subfields",
                        field.name, def.ty
                    ),
                    Some(at),
                )
                .with_label("says which object, not which of its fields")
                .with_help(format!("select fields: `{} {{ {example} }}`", field.name)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::test_support::{invalid, one, valid};

    const CODE: &str = "scalar-leafs";

    #[test]
    fn leaves_and_objects() {
        valid(CODE, "fragment F on Dog { barks } { dog { ...F } }");
        valid(CODE, "{ dog { isHouseTrained(atOtherHomes: true) name } }");
        valid(CODE, "{ cat { furColor } human { relatives { name } } }");
    }

    #[test]
    fn object_without_selection() {
        invalid(
            CODE,
            "query Q { human }",
            &["field `human` of type `Human` must have a selection of subfields"],
        );
        invalid(
            CODE,
            "{ human { relatives } }",
            &["field `relatives` of type `[Human]!` must have a selection of subfields"],
        );
        let (d, at) = one(CODE, "{ a: dog }");
        assert_eq!(at, (1, 6, 3));
        assert_eq!(d.help, ["select fields: `dog { name }`"]);
    }

    #[test]
    fn leaf_with_selection() {
        invalid(
            CODE,
            "{ dog { barks { sinceWhen } } }",
            &["field `barks` must not have a selection since type `Boolean` has no subfields"],
        );
        invalid(
            CODE,
            "{ cat { furColor { inHexDec } } }",
            &["field `furColor` must not have a selection since type `FurColor` has no subfields"],
        );
        invalid(
            CODE,
            "{ dog { doesKnowCommand(dogCommand: SIT) { sinceWhen } } }",
            &["field `doesKnowCommand` must not have a selection since type `Boolean` has no subfields"],
        );
    }
}
