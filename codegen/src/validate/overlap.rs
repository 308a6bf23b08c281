//! Overlapping fields can be merged: the full algorithm of the specification (as graphql-js
//! implements it), across fragments and inline fragments, with the fragment-pair comparisons
//! cached so large documents stay fast.

use std::collections::{HashMap, HashSet};

use graphql_parser::query::{Selection, TypeCondition};
use indexmap::IndexMap;

use super::ctx::{Ctx, Field, SelectionSet};
use super::definitions::describe;
use crate::diagnostic::Diagnostic;
use crate::schema::{FieldDef, Schema, TypeDef, TypeKind, TypeRef};
use crate::source::FileId;

/// One selection of a response key.
#[derive(Clone, Copy)]
struct Info<'a> {
    parent: Option<&'a TypeDef>,
    field: &'a Field,
    def: Option<&'a FieldDef>,
    file: FileId,
}

type FieldMap<'a> = IndexMap<&'a str, Vec<Info<'a>>>;

/// Why two selections of a response key conflict.
struct Conflict<'a> {
    key: &'a str,
    reason: Reason<'a>,
    first: Info<'a>,
    second: Info<'a>,
}

enum Reason<'a> {
    Message(String),
    Nested(Vec<Conflict<'a>>),
}

impl Reason<'_> {
    fn describe(&self) -> String {
        match self {
            Reason::Message(m) => m.clone(),
            Reason::Nested(subs) => subs
                .iter()
                .map(|c| {
                    format!(
                        "subfields `{}` conflict because {}",
                        c.key,
                        c.reason.describe()
                    )
                })
                .collect::<Vec<_>>()
                .join(" and "),
        }
    }
}

struct Walker<'c, 'a> {
    ctx: &'c Ctx<'a>,
    schema: &'a Schema,
    cache: HashMap<*const SelectionSet, (FieldMap<'a>, Vec<&'a str>)>,
    compared: HashMap<(&'a str, &'a str), bool>,
}

pub(super) fn check(ctx: &mut Ctx) {
    let mut found = Vec::new();
    {
        let mut w = Walker {
            ctx,
            schema: ctx.schema,
            cache: HashMap::new(),
            compared: HashMap::new(),
        };
        let ops: Vec<_> = ctx.operations().collect();
        for (file, op) in ops {
            let (kind, _, _, set) = describe(op);
            let root = w.schema.root(kind);
            w.visit_all(root, set, file, &mut found, 0);
        }
        let frags: Vec<_> = ctx.fragment_definitions().collect();
        for (file, frag) in frags {
            let TypeCondition::On(on) = &frag.type_condition;
            let parent = w.schema.get(on);
            w.visit_all(parent, &frag.selection_set, file, &mut found, 0);
        }
    }
    let mut seen = HashSet::new();
    for c in found {
        let at = ctx.at(c.second.file, c.second.field.position, c.key.len());
        if !seen.insert((at, c.key)) {
            continue;
        }
        let first = ctx.at(c.first.file, c.first.field.position, c.key.len());
        ctx.report(
            Diagnostic::error(
                "overlapping-fields-can-be-merged",
                format!(
                    "fields `{}` conflict because {}",
                    c.key,
                    c.reason.describe()
                ),
                Some(at),
            )
            .with_label("conflicts with the other selection of this response key")
            .with_secondary(first, "first selected here")
            .with_help("use different aliases on the fields to fetch both if this was intentional"),
        );
    }
}

const MAX_DEPTH: usize = 512;

impl<'c, 'a> Walker<'c, 'a> {
    /// Checks `set` and every selection set below it.
    fn visit_all(
        &mut self,
        parent: Option<&'a TypeDef>,
        set: &'a SelectionSet,
        file: FileId,
        out: &mut Vec<Conflict<'a>>,
        depth: usize,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        self.within(parent, set, file, out);
        for item in &set.items {
            match item {
                Selection::Field(f) => {
                    let def = parent.and_then(|p| self.schema.field(&p.name, &f.name));
                    let child = def.and_then(|d| self.schema.get(d.ty.named()));
                    if !f.selection_set.items.is_empty() {
                        self.visit_all(child, &f.selection_set, file, out, depth + 1);
                    }
                }
                Selection::InlineFragment(i) => {
                    let on = match &i.type_condition {
                        Some(TypeCondition::On(on)) => self.schema.get(on),
                        None => parent,
                    };
                    self.visit_all(on, &i.selection_set, file, out, depth + 1);
                }
                Selection::FragmentSpread(_) => {}
            }
        }
    }

    fn fields(
        &mut self,
        parent: Option<&'a TypeDef>,
        set: &'a SelectionSet,
        file: FileId,
    ) -> (FieldMap<'a>, Vec<&'a str>) {
        let key = set as *const SelectionSet;
        if let Some(hit) = self.cache.get(&key) {
            return hit.clone();
        }
        let mut map = FieldMap::new();
        let mut frags = Vec::new();
        self.collect(parent, set, file, &mut map, &mut frags, 0);
        self.cache.insert(key, (map.clone(), frags.clone()));
        (map, frags)
    }

    fn collect(
        &self,
        parent: Option<&'a TypeDef>,
        set: &'a SelectionSet,
        file: FileId,
        map: &mut FieldMap<'a>,
        frags: &mut Vec<&'a str>,
        depth: usize,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        for item in &set.items {
            match item {
                Selection::Field(f) => {
                    let key = f.alias.as_deref().unwrap_or(&f.name);
                    let def = parent.and_then(|p| self.schema.field(&p.name, &f.name));
                    map.entry(key).or_default().push(Info {
                        parent,
                        field: f,
                        def,
                        file,
                    });
                }
                Selection::InlineFragment(i) => {
                    let on = match &i.type_condition {
                        Some(TypeCondition::On(on)) => self.schema.get(on),
                        None => parent,
                    };
                    self.collect(on, &i.selection_set, file, map, frags, depth + 1);
                }
                Selection::FragmentSpread(s) => {
                    if !frags.contains(&s.fragment_name.as_str()) {
                        frags.push(s.fragment_name.as_str());
                    }
                }
            }
        }
    }

    fn fragment(&mut self, name: &'a str) -> Option<(FieldMap<'a>, Vec<&'a str>)> {
        let (file, frag) = self.ctx.fragments.get(name).copied()?;
        let TypeCondition::On(on) = &frag.type_condition;
        let parent = self.schema.get(on);
        Some(self.fields(parent, &frag.selection_set, file))
    }

    /// Conflicts within one selection set.
    fn within(
        &mut self,
        parent: Option<&'a TypeDef>,
        set: &'a SelectionSet,
        file: FileId,
        out: &mut Vec<Conflict<'a>>,
    ) {
        let (map, frags) = self.fields(parent, set, file);
        for (key, infos) in &map {
            for i in 0..infos.len() {
                for j in i + 1..infos.len() {
                    if let Some(c) = self.conflict(false, key, infos[i], infos[j]) {
                        out.push(c);
                    }
                }
            }
        }
        for (i, a) in frags.iter().enumerate() {
            let mut visited = HashSet::new();
            self.fields_and_fragment(false, &map, a, &mut visited, out);
            for b in &frags[i + 1..] {
                self.between_fragments(false, a, b, out);
            }
        }
    }

    fn between_maps(
        &mut self,
        exclusive: bool,
        m1: &FieldMap<'a>,
        m2: &FieldMap<'a>,
        out: &mut Vec<Conflict<'a>>,
    ) {
        for (key, infos1) in m1 {
            if let Some(infos2) = m2.get(key) {
                for a in infos1 {
                    for b in infos2 {
                        if let Some(c) = self.conflict(exclusive, key, *a, *b) {
                            out.push(c);
                        }
                    }
                }
            }
        }
    }

    fn fields_and_fragment(
        &mut self,
        exclusive: bool,
        map: &FieldMap<'a>,
        name: &'a str,
        visited: &mut HashSet<&'a str>,
        out: &mut Vec<Conflict<'a>>,
    ) {
        if !visited.insert(name) {
            return;
        }
        let Some((m2, frags2)) = self.fragment(name) else {
            return;
        };
        self.between_maps(exclusive, map, &m2, out);
        for f in frags2 {
            self.fields_and_fragment(exclusive, map, f, visited, out);
        }
    }

    fn between_fragments(
        &mut self,
        exclusive: bool,
        a: &'a str,
        b: &'a str,
        out: &mut Vec<Conflict<'a>>,
    ) {
        if a == b {
            return;
        }
        let pair = if a < b { (a, b) } else { (b, a) };
        match self.compared.get(&pair) {
            // Compared non-exclusively already: that is the stricter comparison.
            Some(false) => return,
            Some(true) if exclusive => return,
            _ => {}
        }
        self.compared.insert(pair, exclusive);
        let (Some((m1, f1)), Some((m2, f2))) = (self.fragment(a), self.fragment(b)) else {
            return;
        };
        self.between_maps(exclusive, &m1, &m2, out);
        for f in f2 {
            self.between_fragments(exclusive, a, f, out);
        }
        for f in f1 {
            self.between_fragments(exclusive, f, b, out);
        }
    }

    fn conflict(
        &mut self,
        parent_exclusive: bool,
        key: &'a str,
        a: Info<'a>,
        b: Info<'a>,
    ) -> Option<Conflict<'a>> {
        let both_objects = matches!(
            (a.parent.map(|p| &p.kind), b.parent.map(|p| &p.kind)),
            (Some(TypeKind::Object { .. }), Some(TypeKind::Object { .. }))
        );
        let different_parents = match (a.parent, b.parent) {
            (Some(x), Some(y)) => x.name != y.name,
            _ => false,
        };
        let exclusive = parent_exclusive || (different_parents && both_objects);
        let make = |reason| Conflict {
            key,
            reason,
            first: a,
            second: b,
        };
        if !exclusive {
            if a.field.name != b.field.name {
                return Some(make(Reason::Message(format!(
                    "`{}` and `{}` are different fields",
                    a.field.name, b.field.name
                ))));
            }
            if !same_arguments(a.field, b.field) {
                return Some(make(Reason::Message(
                    "they have differing arguments".to_owned(),
                )));
            }
        }
        if let (Some(da), Some(db)) = (a.def, b.def) {
            if self.types_conflict(&da.ty, &db.ty) {
                return Some(make(Reason::Message(format!(
                    "they return conflicting types `{}` and `{}`",
                    da.ty, db.ty
                ))));
            }
        }
        if !a.field.selection_set.items.is_empty() && !b.field.selection_set.items.is_empty() {
            let pa = a.def.and_then(|d| self.schema.get(d.ty.named()));
            let pb = b.def.and_then(|d| self.schema.get(d.ty.named()));
            let subs = self.between_sub_selections(
                exclusive,
                (pa, &a.field.selection_set, a.file),
                (pb, &b.field.selection_set, b.file),
            );
            if !subs.is_empty() {
                return Some(make(Reason::Nested(subs)));
            }
        }
        None
    }

    fn between_sub_selections(
        &mut self,
        exclusive: bool,
        (p1, s1, file1): (Option<&'a TypeDef>, &'a SelectionSet, FileId),
        (p2, s2, file2): (Option<&'a TypeDef>, &'a SelectionSet, FileId),
    ) -> Vec<Conflict<'a>> {
        let mut out = Vec::new();
        let (m1, f1) = self.fields(p1, s1, file1);
        let (m2, f2) = self.fields(p2, s2, file2);
        self.between_maps(exclusive, &m1, &m2, &mut out);
        for f in &f2 {
            let mut visited = HashSet::new();
            self.fields_and_fragment(exclusive, &m1, f, &mut visited, &mut out);
        }
        for f in &f1 {
            let mut visited = HashSet::new();
            self.fields_and_fragment(exclusive, &m2, f, &mut visited, &mut out);
        }
        for a in &f1 {
            for b in &f2 {
                self.between_fragments(exclusive, a, b, &mut out);
            }
        }
        out
    }

    /// Whether two result types cannot be merged into one response shape.
    fn types_conflict(&self, a: &TypeRef, b: &TypeRef) -> bool {
        match (a, b) {
            (TypeRef::List(x), TypeRef::List(y)) => self.types_conflict(x, y),
            (TypeRef::List(_), _) | (_, TypeRef::List(_)) => true,
            (TypeRef::NonNull(x), TypeRef::NonNull(y)) => self.types_conflict(x, y),
            (TypeRef::NonNull(_), _) | (_, TypeRef::NonNull(_)) => true,
            (TypeRef::Named(x), TypeRef::Named(y)) => {
                let leaf = |n: &str| self.schema.get(n).is_some_and(TypeDef::is_leaf);
                (leaf(x) || leaf(y)) && x != y
            }
        }
    }
}

fn same_arguments(a: &Field, b: &Field) -> bool {
    a.arguments.len() == b.arguments.len()
        && a.arguments
            .iter()
            .all(|(name, value)| b.arguments.iter().any(|(n, v)| n == name && v == value))
}
