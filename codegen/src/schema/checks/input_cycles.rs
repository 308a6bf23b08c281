//! Input object cycles: an input object must not contain itself through non-null, non-list
//! fields, or no value of it could be written.

use std::collections::HashMap;

use super::{strip, Cx, Rule};
use crate::diagnostic::Diagnostic;
use crate::schema::model::*;

pub(super) struct InputCycles;

impl Rule for InputCycles {
    /// Iterative depth-first search over every input object, so a long chain cannot overflow.
    fn after_types(&self, cx: &Cx<'_>, out: &mut Vec<Diagnostic>) {
        let input_fields = |name: &str| match cx.get(name).map(|t| &t.kind) {
            Some(TypeKind::InputObject { fields, .. }) => Some(fields),
            _ => None,
        };
        // 1: on the current path, 2: done.
        let mut state: HashMap<&str, u8> = HashMap::new();
        for start in cx.schema.types.values().filter(|t| !t.builtin) {
            if input_fields(&start.name).is_none() || state.contains_key(start.name.as_str()) {
                continue;
            }
            let mut stack: Vec<(&str, usize)> = vec![(&start.name, 0)];
            let mut path: Vec<&InputValueDef> = Vec::new();
            state.insert(&start.name, 1);
            while let Some((name, next)) = stack.last_mut() {
                let fields = input_fields(name);
                let step = fields.and_then(|f| {
                    f.values()
                        .enumerate()
                        .skip(*next)
                        .find_map(|(i, f)| match &f.ty {
                            TypeRef::NonNull(inner) => match &**inner {
                                TypeRef::Named(n) if input_fields(n).is_some() => Some((i, f, n)),
                                _ => None,
                            },
                            _ => None,
                        })
                });
                let Some((i, field, target)) = step else {
                    state.insert(name, 2);
                    stack.pop();
                    path.pop();
                    continue;
                };
                *next = i + 1;
                let parent: &str = name;
                match state.get(target.as_str()) {
                    None => {
                        state.insert(target, 1);
                        path.push(field);
                        stack.push((target, 0));
                    }
                    Some(1) => {
                        let from = stack.iter().position(|(n, _)| *n == target).unwrap_or(0);
                        let mut steps: Vec<String> = stack[from..]
                            .iter()
                            .zip(path[from..].iter().chain(std::iter::once(&field)))
                            .map(|((owner, _), f)| format!("`{owner}.{}`", f.name))
                            .collect();
                        steps.push(format!("`{target}`"));
                        let first = path.get(from).copied().unwrap_or(field);
                        out.push(
                            Diagnostic::error(
                                "schema-input-cycle",
                                format!(
                                    "input `{target}` contains itself through required fields: {}",
                                    steps.join(" -> ")
                                ),
                                first.location,
                            )
                            .with_label("required field starting the cycle")
                            .with_help(format!(
                                "make one of these fields nullable (e.g. `{}: {}` in `{parent}`)",
                                field.name,
                                strip(&field.ty)
                            ))
                            .with_note("no value of these types could ever be written"),
                        );
                    }
                    Some(_) => {}
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::schema::test_support::{at, one_error};
    use crate::schema::Schema;

    #[test]
    fn required_fields_around_a_cycle() {
        let d = one_error(
            "input A { b: B! }\ninput B { c: C!, list: [A!]! }\ninput C { a: A! }\ntype Query { f(a: A): Int }",
        );
        assert_eq!(d.code, "schema-input-cycle");
        assert_eq!(
            d.message,
            "input `A` contains itself through required fields: `A.b` -> `B.c` -> `C.a` -> `A`"
        );
        assert_eq!(
            d.help,
            ["make one of these fields nullable (e.g. `a: A` in `C`)"]
        );
        assert_eq!(at(&d), (1, 11, 1));
    }

    #[test]
    fn nullable_and_list_self_references_are_fine() {
        Schema::from_sdl(
            "input A { b: A }\ninput B { b: [B!]! }\ntype Query { f(a: A, b: B): Int }",
        )
        .expect("nullable and list self-references are fine");
    }
}
