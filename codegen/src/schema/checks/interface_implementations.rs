//! Interfaces implemented correctly: an object or interface type implements only interfaces,
//! not itself nor in a cycle, lists the interfaces they implement too, and implements every
//! field of each with a covariant type, the same arguments (extra ones optional) and, as a
//! warning, no deprecation the interface field lacks.

use super::{member_location, Cx, Rule};
use crate::diagnostic::Diagnostic;
use crate::schema::model::*;

pub(super) struct InterfaceImplementations;

impl Rule for InterfaceImplementations {
    /// `ty` declares `implements iface`: the interface must exist and be one, and every field
    /// of the interface must be implemented with a compatible type and arguments.
    fn implements(&self, cx: &Cx<'_>, ty: &TypeDef, iface: &str, out: &mut Vec<Diagnostic>) {
        let at = member_location(ty, iface).or(ty.location);
        if iface == ty.name {
            out.push(
                Diagnostic::error(
                    "schema-interface-cycle",
                    format!("`{}` cannot implement itself", ty.name),
                    at,
                )
                .with_label("implements itself")
                .with_help(format!("remove `{iface}` from the `implements` list")),
            );
            return;
        }
        let Some(target) = cx.get(iface) else {
            out.push(cx.unknown_type(iface, at));
            return;
        };
        let TypeKind::Interface {
            fields: wanted,
            interfaces: inherited,
        } = &target.kind
        else {
            out.push(
                Diagnostic::error(
                    "schema-implements-non-interface",
                    format!(
                        "`{}` implements `{iface}`, which is not an interface",
                        ty.name
                    ),
                    at,
                )
                .with_label("not an interface")
                .with_help("only interfaces can be implemented; use a union to group object types"),
            );
            return;
        };
        let own_interfaces = match &ty.kind {
            TypeKind::Object { interfaces, .. } | TypeKind::Interface { interfaces, .. } => {
                interfaces
            }
            _ => return,
        };
        if inherited.contains(&ty.name) {
            out.push(
                Diagnostic::error(
                    "schema-interface-cycle",
                    format!(
                        "`{}` implements `{iface}`, which implements `{}`: the interfaces form a cycle",
                        ty.name, ty.name
                    ),
                    at,
                )
                .with_label("circular implementation")
                .with_help(format!(
                    "remove `{iface}` from the `implements` list of `{}`, or `{}` from that of `{iface}`",
                    ty.name, ty.name
                )),
            );
            return;
        }
        for transitive in inherited {
            if !own_interfaces.contains(transitive) {
                out.push(
                    Diagnostic::error(
                        "schema-interface-not-implemented",
                        format!(
                            "`{}` implements `{iface}`, which implements `{transitive}`, so `{}` must list `{transitive}` too",
                            ty.name, ty.name
                        ),
                        at,
                    )
                    .with_label(format!("`{iface}` requires `{transitive}`"))
                    .with_help(format!("add `& {transitive}` to the `implements` list")),
                );
            }
        }
        for want in wanted.values() {
            let Some(have) = ty.field(&want.name) else {
                out.push(
                    Diagnostic::error(
                        "schema-interface-not-implemented",
                        format!(
                            "`{}` implements `{iface}` but has no field `{}`",
                            ty.name, want.name
                        ),
                        ty.location,
                    )
                    .with_help(format!("add `{}: {}`", want.name, want.ty)),
                );
                continue;
            };
            if !is_subtype(cx.schema, &have.ty, &want.ty) {
                out.push(
                    Diagnostic::error(
                        "schema-interface-not-implemented",
                        format!(
                            "`{}.{}` has type `{}`, which does not fit `{iface}.{}: {}`",
                            ty.name, have.name, have.ty, want.name, want.ty
                        ),
                        have.location,
                    )
                    .with_help(format!("declare it as `{}: {}`", want.name, want.ty)),
                );
            }
            for arg in want.arguments.values() {
                match have.arguments.get(&arg.name) {
                    None => out.push(
                        Diagnostic::error(
                            "schema-interface-not-implemented",
                            format!(
                                "`{}.{}` lacks the argument `{}` that `{iface}.{}` declares",
                                ty.name, have.name, arg.name, want.name
                            ),
                            have.location,
                        )
                        .with_help(format!("add `{}: {}`", arg.name, arg.ty)),
                    ),
                    Some(a) if a.ty != arg.ty => out.push(Diagnostic::error(
                        "schema-interface-not-implemented",
                        format!(
                            "argument `{}.{}({}:)` has type `{}`, but `{iface}` declares `{}`",
                            ty.name, have.name, arg.name, a.ty, arg.ty
                        ),
                        a.location,
                    )),
                    Some(_) => {}
                }
            }
            for extra in have.arguments.values() {
                if !want.arguments.contains_key(&extra.name)
                    && extra.ty.is_non_null()
                    && extra.default_value.is_none()
                {
                    out.push(
                        Diagnostic::error(
                            "schema-interface-not-implemented",
                            format!(
                                "`{}.{}` adds the required argument `{}`, which `{iface}.{}` does not declare",
                                ty.name, have.name, extra.name, want.name
                            ),
                            extra.location,
                        )
                        .with_help("make it nullable or give it a default"),
                    );
                }
            }
            if have.deprecation.is_some() && want.deprecation.is_none() {
                out.push(
                    Diagnostic::warning(
                        "schema-deprecation-mismatch",
                        format!(
                            "`{}.{}` is deprecated, but the interface field `{iface}.{}` it implements is not",
                            ty.name, have.name, want.name
                        ),
                        have.location,
                    )
                    .with_note("graphql-js 17 rejects this; typed-graphql accepts it and marks the field deprecated"),
                );
            }
        }
    }
}

/// Whether a field of type `sub` may implement an interface field of type `sup` (covariance).
fn is_subtype(schema: &Schema, sub: &TypeRef, sup: &TypeRef) -> bool {
    match (sub, sup) {
        (TypeRef::NonNull(a), TypeRef::NonNull(b)) => is_subtype(schema, a, b),
        (TypeRef::NonNull(a), b) => is_subtype(schema, a, b),
        (_, TypeRef::NonNull(_)) => false,
        (TypeRef::List(a), TypeRef::List(b)) => is_subtype(schema, a, b),
        (TypeRef::Named(a), TypeRef::Named(b)) => schema.is_subtype(a, b),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use crate::schema::test_support::{at, load, messages, one_error};
    use crate::schema::Schema;

    #[test]
    fn every_interface_field_is_implemented() {
        let err = load(
            "interface N { id: ID! }\ntype A implements N { name: String }\ntype Query { a: A }",
        )
        .unwrap_err();
        assert_eq!(messages(&err), ["`A` implements `N` but has no field `id`"]);
        assert_eq!(err[0].help, ["add `id: ID!`"]);
    }

    #[test]
    fn arguments_and_types_fit() {
        let d = one_error(
            "interface I { a(x: Int): Int }\ntype T implements I { a: Int }\ntype Query { t: T }",
        );
        assert_eq!(
            d.message,
            "`T.a` lacks the argument `x` that `I.a` declares"
        );
        let d = one_error(
            "interface I { a: Int }\ntype T implements I { a(y: Int!): Int }\ntype Query { t: T }",
        );
        assert_eq!(
            d.message,
            "`T.a` adds the required argument `y`, which `I.a` does not declare"
        );
        let d = one_error(
            "interface I { a(x: Int): Int }\ntype T implements I { a(x: ID): Int }\ntype Query { t: T }",
        );
        assert_eq!(
            d.message,
            "argument `T.a(x:)` has type `ID`, but `I` declares `Int`"
        );
        // Extra optional arguments and covariant (narrower) types are fine.
        Schema::from_sdl(
            "interface I { a: I }\ntype T implements I { a(y: Int): T! }\ntype Query { t: T }",
        )
        .expect("covariant and optional extra arguments");
        let d = one_error(
            "interface I { a: Int! }\ntype T implements I { a: Int }\ntype Query { t: T }",
        );
        assert_eq!(
            d.message,
            "`T.a` has type `Int`, which does not fit `I.a: Int!`"
        );
        assert_eq!(d.help, ["declare it as `a: Int!`"]);
    }

    #[test]
    fn only_interfaces_without_cycles() {
        let d = one_error("interface I implements I { a: Int }\ntype Query { a: Int }");
        assert_eq!(d.message, "`I` cannot implement itself");
        assert_eq!(at(&d), (1, 24, 1));
        let err = load(
            "interface A implements B { a: Int }\ninterface B implements A { a: Int }\ntype Query { a: A }",
        )
        .unwrap_err();
        assert_eq!(
            messages(&err),
            [
                "`A` implements `B`, which implements `A`: the interfaces form a cycle",
                "`B` implements `A`, which implements `B`: the interfaces form a cycle"
            ]
        );
        let d = one_error("interface A { a: Int }\ninterface B implements A { a: Int }\ntype T implements B { a: Int }\ntype Query { t: T }");
        assert_eq!(
            d.message,
            "`T` implements `B`, which implements `A`, so `T` must list `A` too"
        );
        let d = one_error("type A { a: Int }\ntype T implements A { a: Int }\ntype Query { t: T }");
        assert_eq!(d.message, "`T` implements `A`, which is not an interface");
    }

    #[test]
    fn deprecation_mismatch_is_a_warning() {
        let (schema, warnings) = load(
            "interface I { a: Int }\ntype T implements I { a: Int @deprecated(reason: \"gone\") }\ntype Query { t: T }",
        )
        .expect("loads");
        assert_eq!(
            messages(&warnings),
            ["`T.a` is deprecated, but the interface field `I.a` it implements is not"]
        );
        assert_eq!(warnings[0].code, "schema-deprecation-mismatch");
        assert_eq!(
            schema.field("T", "a").unwrap().deprecation.as_deref(),
            Some("gone")
        );
    }
}
