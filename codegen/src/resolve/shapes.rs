//! Selection sets -> response types.
//!
//! Each selection set becomes a *view* of the response object:
//! - fields written directly (or in inline fragments that always apply) merge by response key
//!   into one struct field, their sub-selections merged too;
//! - a named fragment spread becomes a field holding the fragment's own type, decoded from the
//!   same JSON object, so a key selected both here and in fragments (or in two fragments) is
//!   read by each view that selected it: no duplicate-field failures;
//! - on an interface or union, parts that apply only to some object types make the view an
//!   enum dispatched on `__typename`: one variant per object type with its own parts, plus a
//!   variant for every other type carrying the shared fields;
//! - a selection that is only one fragment spread uses the fragment's type directly.

use std::collections::HashMap;

use indexmap::{IndexMap, IndexSet};

use super::ir::{Abstract, Decl, Field, Leaf, ScalarType, Spread, Struct, TypeExpr, Variant};
use super::naming::{self, Names};
use super::{is_conditional, Cx, OpDef, SelectionSet};
use crate::schema::{TypeKind, TypeRef};
use crate::source::FileId;

use crate::syntax::ast::{Field as AstField, FragmentDefinition, Selection};

/// One occurrence of a selection set in a view, and whether it may be skipped.
type Occ<'a> = (&'a SelectionSet, bool);

/// The response types of one Rust module (an operation's, or `fragments`).
struct Module {
    names: Names,
    decls: Vec<Decl>,
    /// (type, occurrences) -> the type already made for exactly those selections.
    memo: HashMap<(String, Vec<(usize, bool)>), Leaf>,
    file: FileId,
}

/// Fields of one response key: the type they are looked up on and every occurrence.
struct Group<'a> {
    scope: String,
    occs: Vec<(&'a AstField, bool)>,
}

#[derive(Default)]
struct Collected<'a> {
    fields: IndexMap<String, Group<'a>>,
    /// Fragment name -> conditional (only when every spread of it is).
    spreads: IndexMap<String, bool>,
    /// Shared view: some part applies only to some object types. Object view: such a part
    /// applied.
    narrower: bool,
}

/// The response types of an operation: `Data` first.
pub(super) fn operation(cx: &mut Cx, op: &OpDef, root: &str) -> Vec<Decl> {
    let mut m = Module {
        names: Names::reserving(&["Data", "Variables"]),
        decls: Vec::new(),
        memo: HashMap::new(),
        file: op.file,
    };
    let kind = match op.kind {
        crate::schema::OperationType::Query => "query",
        crate::schema::OperationType::Mutation => "mutation",
        crate::schema::OperationType::Subscription => "subscription",
    };
    let doc = format!(
        "The response data of `{kind} {}`.",
        op.name.unwrap_or("(anonymous)")
    );
    view(
        cx,
        &mut m,
        Target::Root("Data".to_owned(), doc),
        "",
        "",
        root,
        &[(op.selection_set, false)],
    );
    m.decls
}

/// The types of the fragments used, names already claimed in `names`.
pub(super) fn fragments(cx: &mut Cx, used: &IndexSet<String>, names: Names) -> Vec<Decl> {
    let mut m = Module {
        names,
        decls: Vec::new(),
        memo: HashMap::new(),
        file: crate::source::FileId(0),
    };
    for name in used {
        let (Some(frag), Some(rust)) = (
            cx.fragments.get(name.as_str()).copied(),
            cx.fragment_names.get(name).cloned(),
        ) else {
            continue;
        };
        m.file = frag.file;
        let doc = format!("Fragment `{name}` on `{}`.", frag.on());
        view(
            cx,
            &mut m,
            Target::Root(rust.clone(), doc),
            &rust,
            name,
            frag.on(),
            &[(&frag.def.selection_set, false)],
        );
    }
    m.decls
}

/// How a view is named.
enum Target {
    /// A root (`Data`, a fragment): this name and doc, never replaced by a fragment's type.
    Root(String, String),
    /// A field's type: named after its path, or a fragment's type when that is all it selects.
    Nested,
}

/// Makes the type for a selection on `parent` and returns how fields refer to it.
fn view(
    cx: &mut Cx,
    m: &mut Module,
    target: Target,
    path: &str,
    wire_path: &str,
    parent: &str,
    occs: &[Occ],
) -> Leaf {
    let mut c = Collected::default();
    for (set, cond) in occs {
        collect(cx, set, *cond, parent, parent, None, &mut c);
    }
    let (name, doc) = match target {
        Target::Root(name, doc) => (name, doc),
        Target::Nested => {
            if !c.narrower && c.fields.is_empty() && c.spreads.len() == 1 {
                if let Some((frag, false)) = c.spreads.first() {
                    if let Some(rust) = cx.fragment_names.get(frag) {
                        return Leaf::Fragment(rust.clone());
                    }
                }
            }
            let name = m.names.claim(&naming::type_name(path));
            (name, format!("`{parent}` at `{wire_path}`."))
        }
    };
    // Parents come before the types of their fields, for reading top-down.
    let at = m.decls.len();
    if !c.narrower {
        let s = build_struct(cx, m, name.clone(), doc, path, wire_path, c, false);
        m.decls.insert(at, Decl::Struct(s));
        return Leaf::Local(name);
    }
    let other_ty = m.names.claim(&format!("{}Other", naming::type_name(path)));
    let other_doc = format!("`{parent}` at `{wire_path}`, of a type not listed in the enum.");
    let other = build_struct(cx, m, other_ty.clone(), other_doc, path, wire_path, c, true);
    let mut variant_names = Names::new();
    let mut variants = Vec::new();
    let mut structs = Vec::new();
    for object in cx.schema.possible_types(parent).to_vec() {
        let mut co = Collected::default();
        for (set, cond) in occs {
            collect(cx, set, *cond, parent, parent, Some(&object), &mut co);
        }
        if !co.narrower {
            continue;
        }
        let sole = match (co.fields.is_empty(), co.spreads.len(), co.spreads.first()) {
            (true, 1, Some((frag, false))) => cx.fragment_names.get(frag).cloned(),
            _ => None,
        };
        let ty = match sole {
            Some(fragment) => Leaf::Fragment(fragment),
            None => {
                let vpath = format!("{path}{}", naming::type_name(&object));
                let ty = m.names.claim(&naming::type_name(&vpath));
                let vdoc = format!("`{parent}` at `{wire_path}` when it is a `{object}`.");
                structs.push(build_struct(
                    cx,
                    m,
                    ty.clone(),
                    vdoc,
                    &vpath,
                    wire_path,
                    co,
                    false,
                ));
                Leaf::Local(ty)
            }
        };
        variants.push(Variant {
            rust: variant_names.claim(&naming::type_name(&object)),
            typename: object,
            ty,
        });
    }
    let other_rust = if variant_names.is_taken("Other") {
        variant_names.claim("OtherType")
    } else {
        variant_names.claim("Other")
    };
    let mut decls = vec![Decl::Abstract(Abstract {
        name: name.clone(),
        doc,
        variants,
        other_rust,
        other_ty,
    })];
    // The enum, its variants' structs, then every nested type: top-down.
    decls.extend(structs.into_iter().map(Decl::Struct));
    decls.push(Decl::Struct(other));
    let nested: Vec<Decl> = m.decls.drain(at..).collect();
    decls.extend(nested);
    m.decls.splice(at..at, decls);
    Leaf::Local(name)
}

/// Gathers the fields and spreads of `set` that apply: to every possible type of `parent`
/// (`object` = `None`), or to the object type `object`.
fn collect<'a>(
    cx: &Cx,
    set: &'a SelectionSet,
    cond: bool,
    scope: &str,
    parent: &str,
    object: Option<&str>,
    out: &mut Collected<'a>,
) {
    for item in &set.items {
        match item {
            Selection::Field(f) => {
                let key = f.alias.as_deref().unwrap_or(&f.name).to_owned();
                let c = cond || is_conditional(&f.directives);
                let lookup = object.unwrap_or(scope).to_owned();
                out.fields
                    .entry(key)
                    .or_insert_with(|| Group {
                        scope: lookup,
                        occs: Vec::new(),
                    })
                    .occs
                    .push((f, c));
            }
            Selection::InlineFragment(i) => {
                let c = cond || is_conditional(&i.directives);
                let on = match &i.type_condition {
                    Some(t) => t.as_str(),
                    None => scope,
                };
                let all = cx.applies_to_all(parent, on);
                match object {
                    None if all => collect(cx, &i.selection_set, c, on, parent, object, out),
                    None => out.narrower = true,
                    Some(o) if cx.applies_to(o, on) => {
                        out.narrower |= !all;
                        collect(cx, &i.selection_set, c, on, parent, object, out);
                    }
                    Some(_) => {}
                }
            }
            Selection::FragmentSpread(s) => {
                let c = cond || is_conditional(&s.directives);
                let Some(frag) = cx.fragments.get(s.fragment_name.as_str()) else {
                    continue;
                };
                let all = cx.applies_to_all(parent, frag.on());
                let applies = match object {
                    None => {
                        out.narrower |= !all;
                        all
                    }
                    Some(o) => {
                        let applies = cx.applies_to(o, frag.on());
                        out.narrower |= applies && !all;
                        applies
                    }
                };
                if applies {
                    out.spreads
                        .entry(s.fragment_name.value.clone())
                        .and_modify(|e| *e &= c)
                        .or_insert(c);
                }
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn build_struct(
    cx: &mut Cx,
    m: &mut Module,
    name: String,
    doc: String,
    path: &str,
    wire_path: &str,
    c: Collected,
    with_typename: bool,
) -> Struct {
    let mut names = Names::new();
    let mut fields = Vec::new();
    if with_typename && !c.fields.contains_key("__typename") {
        fields.push(Field {
            wire: "__typename".to_owned(),
            rust: names.claim("typename"),
            ty: TypeExpr::Leaf(Leaf::Scalar(ScalarType::Rust(quote::quote!(String)))),
            doc: Some("The object's type name.".to_owned()),
            deprecated: None,
            optional: false,
        });
    }
    for (key, group) in &c.fields {
        let Some(&(first, _)) = group.occs.first() else {
            continue;
        };
        let Some(def) = cx.schema.field(&group.scope, &first.name) else {
            continue;
        };
        let def = def.clone();
        let optional = group.occs.iter().all(|(_, c)| *c);
        let named = def.ty.named().to_owned();
        let leaf = match cx.schema.get(&named).map(|t| &t.kind) {
            Some(TypeKind::Enum { .. }) => {
                cx.enums.insert(named.clone());
                Leaf::Enum(cx.type_names.get(&named).cloned().unwrap_or_default())
            }
            Some(t) if !matches!(t, TypeKind::Scalar) => {
                // Sub-selections of a conditional occurrence are themselves conditional, unless
                // the field has only that occurrence (then they come with the field).
                let single = group.occs.len() == 1;
                let subs: Vec<Occ> = group
                    .occs
                    .iter()
                    .map(|(f, c)| (&f.selection_set, *c && !single))
                    .collect();
                let key_ptrs = subs
                    .iter()
                    .map(|(s, c)| (*s as *const SelectionSet as usize, *c))
                    .collect();
                let memo_key = (named.clone(), key_ptrs);
                match m.memo.get(&memo_key) {
                    Some(leaf) => leaf.clone(),
                    None => {
                        let sub_path = format!("{path}{}", naming::type_name(key));
                        let sub_wire = if wire_path.is_empty() {
                            key.clone()
                        } else {
                            format!("{wire_path}.{key}")
                        };
                        let leaf = view(cx, m, Target::Nested, &sub_path, &sub_wire, &named, &subs);
                        m.memo.insert(memo_key, leaf.clone());
                        leaf
                    }
                }
            }
            _ => {
                let at = cx.sources.location(m.file, first.name.span);
                Leaf::Scalar(cx.scalars.map(&named, Some(at)))
            }
        };
        let mut ty = output_type(&def.ty, leaf);
        if optional && !matches!(ty, TypeExpr::Option(_)) {
            ty = TypeExpr::Option(Box::new(ty));
        }
        fields.push(Field {
            wire: key.clone(),
            rust: names.claim(&naming::field_name(key)),
            ty,
            doc: def.description.clone(),
            deprecated: def.deprecation.clone(),
            optional,
        });
    }
    let spreads = c
        .spreads
        .iter()
        .filter_map(|(frag, conditional)| {
            let rust_type = cx.fragment_names.get(frag)?.clone();
            let probe = if *conditional {
                cx.fragments.get(frag.as_str()).and_then(|f| probe(f.def))
            } else {
                None
            };
            Some(Spread {
                fragment: rust_type,
                rust: names.claim(&naming::field_name(frag)),
                conditional: *conditional,
                probe,
            })
        })
        .collect();
    Struct {
        name,
        doc,
        fields,
        spreads,
    }
}

/// A response key a fragment always selects at its top level (no `@skip`/`@include`), whose
/// presence tells an included conditional spread from a skipped one.
fn probe(def: &FragmentDefinition) -> Option<String> {
    def.selection_set.items.iter().find_map(|item| match item {
        Selection::Field(f) if !is_conditional(&f.directives) => {
            Some(f.alias.as_deref().unwrap_or(&f.name).to_owned())
        }
        _ => None,
    })
}

/// The Rust type of an output of schema type `ty` whose named end is `leaf`.
fn output_type(ty: &TypeRef, leaf: Leaf) -> TypeExpr {
    fn inner(ty: &TypeRef, leaf: Leaf) -> TypeExpr {
        match ty {
            TypeRef::Named(_) => TypeExpr::Leaf(leaf),
            TypeRef::List(item) => TypeExpr::List(Box::new(output_type(item, leaf))),
            TypeRef::NonNull(t) => inner(t, leaf),
        }
    }
    match ty {
        TypeRef::NonNull(t) => inner(t, leaf),
        other => TypeExpr::Option(Box::new(inner(other, leaf))),
    }
}
