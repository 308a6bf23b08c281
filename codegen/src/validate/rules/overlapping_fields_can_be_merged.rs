//! Overlapping fields can be merged: two selections of one response key must resolve to one
//! value. Where their parents may be the same object, they must be the same field with the
//! same arguments; always, their result types must have the same shape; and their
//! sub-selections must merge too. The algorithm is graphql-js's: fields and fragment names
//! are collected once per selection set (cached), and each pair of fragments is compared once
//! per exclusivity (memoised), so large documents stay fast. Fragment chains are walked with
//! work lists; only the comparison of nested sub-selections recurses, bounded by
//! [`MAX_NESTED`].
//!
//! Hostile documents stay cheap two ways. Selections of one response key are grouped by shape
//! (identical fields, sub-selections included, conflict with others alike), so only one of each
//! group is compared: 5,000 copies of one field are one comparison. And every comparison counts
//! against [`Limits::max_field_comparisons`](crate::limits::Limits): past it the document is
//! refused as too complex, naming the limit (graphql-js 17 aborts validation on a similar
//! budget).

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::rc::Rc;

use crate::syntax::ast::{ObjectField, Selection, Value, ValueKind};
use indexmap::IndexMap;

use crate::diagnostic::Diagnostic;
use crate::schema::{FieldDef, TypeDef, TypeKind, TypeRef};
use crate::source::{FileId, Location};
use crate::validate::ctx::{Ctx, Field, SelectionSet};
use crate::validate::visit::{Rule, MAX_DEPTH};

/// How deep comparisons of sub-selections go (each level a recursion); deeper conflicts, which
/// only fragment chains hundreds of levels deep can produce, are not looked for.
const MAX_NESTED: usize = 200;

/// One selection of a response key: its parent type, the field, its definition, its file.
#[derive(Clone, Copy)]
struct Info<'a> {
    parent: Option<&'a TypeDef>,
    field: &'a Field,
    def: Option<&'a FieldDef>,
    file: FileId,
}

/// Selections of one response key with the same shape: the first, and a second if there is one
/// (compared with the first once, for conflicts inside their sub-selections).
#[derive(Clone, Copy)]
struct Group<'a> {
    first: Info<'a>,
    second: Option<Info<'a>>,
}

/// The fields of a selection set by response key (through inline fragments), grouped by shape,
/// and the names of the fragments it spreads.
struct Collected<'a> {
    fields: IndexMap<&'a str, Vec<Group<'a>>>,
    fragments: Vec<&'a str>,
}

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

#[derive(Default)]
pub(crate) struct OverlappingFieldsCanBeMerged<'a> {
    cache: HashMap<*const SelectionSet, Rc<Collected<'a>>>,
    /// Fragment pairs compared, and whether only mutually exclusively.
    compared: HashMap<(&'a str, &'a str), bool>,
    reported: HashSet<(Location, String)>,
    /// Field comparisons made so far, against `Limits::max_field_comparisons`.
    work: u64,
    /// The limit was reached (and reported): nothing more is compared.
    exhausted: bool,
}

impl<'a> Rule<'a> for OverlappingFieldsCanBeMerged<'a> {
    fn selection_set(
        &mut self,
        cx: &mut Ctx<'a>,
        file: FileId,
        parent: Option<&'a TypeDef>,
        set: &'a SelectionSet,
    ) {
        if self.exhausted {
            return;
        }
        let mut found = Vec::new();
        {
            let mut run = Run {
                cx,
                state: self,
                nested: 0,
            };
            run.within(parent, set, file, &mut found);
        }
        if self.exhausted {
            let limit = cx.limits.max_field_comparisons;
            cx.report(
                Diagnostic::error(
                    "document-too-complex",
                    format!(
                        "document too complex: checking that its same-named fields merge takes more than {limit} field comparisons (the limit `max_field_comparisons`)"
                    ),
                    Some(cx.loc(file, set.span.first_byte())),
                )
                .with_label("the limit was reached in this selection set")
                .with_help(format!(
                    "give repeated fields distinct aliases or split the operation; or raise the limit: `max_field_comparisons = {}` in `#[graphql(...)]`, `--max-field-comparisons {}` for `typed-graphql check`",
                    limit.saturating_mul(10),
                    limit.saturating_mul(10)
                )),
            );
            return;
        }
        for c in found {
            let at = cx.loc(c.second.file, key_span(c.second.field));
            let message = format!(
                "fields `{}` conflict because {}",
                c.key,
                c.reason.describe()
            );
            if !self.reported.insert((at, message.clone())) {
                continue;
            }
            let first = cx.loc(c.first.file, key_span(c.first.field));
            cx.report(
                Diagnostic::error("overlapping-fields-can-be-merged", message, Some(at))
                    .with_label(format!("`{}` is also selected here", c.key))
                    .with_secondary(first, "first selected here")
                    .with_help(
                        "use different aliases on the fields to fetch both if this was intentional",
                    ),
            );
        }
    }
}

struct Run<'r, 'a> {
    cx: &'r Ctx<'a>,
    state: &'r mut OverlappingFieldsCanBeMerged<'a>,
    nested: usize,
}

impl<'a> Run<'_, 'a> {
    fn collected(
        &mut self,
        parent: Option<&'a TypeDef>,
        set: &'a SelectionSet,
        file: FileId,
    ) -> Rc<Collected<'a>> {
        let key = set as *const SelectionSet;
        if let Some(hit) = self.state.cache.get(&key) {
            return hit.clone();
        }
        let mut fields: IndexMap<&'a str, Vec<Info<'a>>> = IndexMap::new();
        let mut fragments = Vec::new();
        // Inline fragments flatten into the set; iterative so nesting depth does not matter.
        let mut stack = vec![(parent, set.items.iter())];
        while let Some((parent, items)) = stack.last_mut() {
            let parent = *parent;
            let Some(item) = items.next() else {
                stack.pop();
                continue;
            };
            match item {
                Selection::Field(f) => {
                    let key = f.alias.as_deref().unwrap_or(&f.name);
                    // Meta fields (`__typename`) have no definition here, as in graphql-js.
                    let def = parent.and_then(|p| p.field(&f.name));
                    fields.entry(key).or_default().push(Info {
                        parent,
                        field: f,
                        def,
                        file,
                    });
                }
                Selection::InlineFragment(i) => {
                    let on = match &i.type_condition {
                        Some(on) => self.cx.schema.get(on),
                        None => parent,
                    };
                    if stack.len() <= MAX_DEPTH {
                        stack.push((on, i.selection_set.items.iter()));
                    }
                }
                Selection::FragmentSpread(s) => {
                    if !fragments.contains(&s.fragment_name.as_str()) {
                        fragments.push(s.fragment_name.as_str());
                    }
                }
            }
        }
        let out = Rc::new(Collected {
            fields: fields
                .into_iter()
                .map(|(key, infos)| (key, group(&infos)))
                .collect(),
            fragments,
        });
        self.state.cache.insert(key, out.clone());
        out
    }

    fn fragment(&mut self, name: &str) -> Option<Rc<Collected<'a>>> {
        let frag = self.cx.fragment(name)?;
        let parent = self.cx.schema.get(frag.on());
        Some(self.collected(parent, &frag.def.selection_set, frag.file))
    }

    fn was_compared(&self, a: &'a str, b: &'a str, exclusive: bool) -> bool {
        let pair = if a < b { (a, b) } else { (b, a) };
        match self.state.compared.get(&pair) {
            None => false,
            // Non-exclusive comparisons find a superset of the exclusive ones.
            Some(done) => exclusive || !*done,
        }
    }

    fn mark_compared(&mut self, a: &'a str, b: &'a str, exclusive: bool) {
        let pair = if a < b { (a, b) } else { (b, a) };
        self.state.compared.insert(pair, exclusive);
    }

    /// Conflicts within one selection set.
    fn within(
        &mut self,
        parent: Option<&'a TypeDef>,
        set: &'a SelectionSet,
        file: FileId,
        out: &mut Vec<Conflict<'a>>,
    ) {
        let collected = self.collected(parent, set, file);
        for (key, groups) in &collected.fields {
            for (i, g) in groups.iter().enumerate() {
                if let Some(second) = g.second {
                    out.extend(self.conflict(false, key, g.first, second));
                }
                // Each group is reported once, against the first earlier group it conflicts
                // with (graphql-js reports every pair).
                for earlier in &groups[..i] {
                    if let Some(c) = self.conflict(false, key, earlier.first, g.first) {
                        out.push(c);
                        break;
                    }
                }
                if self.state.exhausted {
                    return;
                }
            }
        }
        for (i, a) in collected.fragments.iter().enumerate() {
            self.fields_and_fragment(false, &collected, a, out);
            for b in &collected.fragments[i + 1..] {
                self.between_fragments(false, a, b, out);
            }
        }
    }

    fn between(
        &mut self,
        exclusive: bool,
        m1: &Collected<'a>,
        m2: &Collected<'a>,
        out: &mut Vec<Conflict<'a>>,
    ) {
        for (key, groups1) in &m1.fields {
            let Some(groups2) = m2.fields.get(key) else {
                continue;
            };
            for b in groups2 {
                for a in groups1 {
                    if let Some(c) = self.conflict(exclusive, key, a.first, b.first) {
                        out.push(c);
                        break;
                    }
                }
                if self.state.exhausted {
                    return;
                }
            }
        }
    }

    /// The fields of `map` against those of fragment `name` and of every fragment it spreads.
    fn fields_and_fragment(
        &mut self,
        exclusive: bool,
        map: &Collected<'a>,
        name: &'a str,
        out: &mut Vec<Conflict<'a>>,
    ) {
        let mut work = vec![name];
        while let Some(name) = work.pop() {
            let Some(m2) = self.fragment(name) else {
                continue;
            };
            if std::ptr::eq(map, &*m2) {
                continue;
            }
            self.between(exclusive, map, &m2, out);
            for referenced in m2.fragments.iter().rev() {
                // graphql-js memoises these in the fragment-pair set too.
                if self.was_compared(referenced, name, exclusive) {
                    continue;
                }
                self.mark_compared(referenced, name, exclusive);
                work.push(referenced);
            }
        }
    }

    /// Fragment `a` against fragment `b`, and each against the fragments the other spreads.
    fn between_fragments(
        &mut self,
        exclusive: bool,
        a: &'a str,
        b: &'a str,
        out: &mut Vec<Conflict<'a>>,
    ) {
        let mut work = vec![(a, b)];
        while let Some((a, b)) = work.pop() {
            if a == b || self.was_compared(a, b, exclusive) {
                continue;
            }
            self.mark_compared(a, b, exclusive);
            let (Some(m1), Some(m2)) = (self.fragment(a), self.fragment(b)) else {
                continue;
            };
            self.between(exclusive, &m1, &m2, out);
            // Pushed in reverse so they are compared in graphql-js's order.
            for f in m1.fragments.iter().rev() {
                work.push((f, b));
            }
            for f in m2.fragments.iter().rev() {
                work.push((a, f));
            }
        }
    }

    fn conflict(
        &mut self,
        parent_exclusive: bool,
        key: &'a str,
        a: Info<'a>,
        b: Info<'a>,
    ) -> Option<Conflict<'a>> {
        if self.state.exhausted {
            return None;
        }
        self.state.work += 1;
        if self.state.work > self.cx.limits.max_field_comparisons {
            self.state.exhausted = true;
            return None;
        }
        let is_object =
            |t: Option<&TypeDef>| matches!(t.map(|t| &t.kind), Some(TypeKind::Object { .. }));
        let different_parents = a.parent.map(|p| &p.name) != b.parent.map(|p| &p.name);
        let exclusive =
            parent_exclusive || (different_parents && is_object(a.parent) && is_object(b.parent));
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
        if a.field.selection_set.items.is_empty()
            || b.field.selection_set.items.is_empty()
            || self.nested >= MAX_NESTED
        {
            return None;
        }
        let schema = self.cx.schema;
        let pa = a.def.and_then(|d| schema.get(d.ty.named()));
        let pb = b.def.and_then(|d| schema.get(d.ty.named()));
        self.nested += 1;
        let subs = self.between_sub_selections(
            exclusive,
            (pa, &a.field.selection_set, a.file),
            (pb, &b.field.selection_set, b.file),
        );
        self.nested -= 1;
        (!subs.is_empty()).then(|| make(Reason::Nested(subs)))
    }

    fn between_sub_selections(
        &mut self,
        exclusive: bool,
        (p1, s1, file1): (Option<&'a TypeDef>, &'a SelectionSet, FileId),
        (p2, s2, file2): (Option<&'a TypeDef>, &'a SelectionSet, FileId),
    ) -> Vec<Conflict<'a>> {
        let mut out = Vec::new();
        let m1 = self.collected(p1, s1, file1);
        let m2 = self.collected(p2, s2, file2);
        self.between(exclusive, &m1, &m2, &mut out);
        for f in &m2.fragments {
            self.fields_and_fragment(exclusive, &m1, f, &mut out);
        }
        for f in &m1.fragments {
            self.fields_and_fragment(exclusive, &m2, f, &mut out);
        }
        for a in &m1.fragments {
            for b in &m2.fragments {
                self.between_fragments(exclusive, a, b, &mut out);
            }
        }
        out
    }

    /// Whether two result types cannot be one response shape (lists and non-null must match;
    /// leaf types must be equal; composite types are compared through their sub-selections).
    fn types_conflict(&self, mut a: &TypeRef, mut b: &TypeRef) -> bool {
        loop {
            match (a, b) {
                (TypeRef::List(x), TypeRef::List(y))
                | (TypeRef::NonNull(x), TypeRef::NonNull(y)) => (a, b) = (x, y),
                (TypeRef::List(_), _) | (_, TypeRef::List(_)) => return true,
                (TypeRef::NonNull(_), _) | (_, TypeRef::NonNull(_)) => return true,
                (TypeRef::Named(x), TypeRef::Named(y)) => {
                    let leaf = |n: &str| self.cx.schema.get(n).is_some_and(TypeDef::is_leaf);
                    return (leaf(x) || leaf(y)) && x != y;
                }
            }
        }
    }
}

/// Groups the selections of one response key by shape (same parent type, alias, field,
/// arguments and sub-selections; positions and directives aside), in source order.
fn group<'a>(infos: &[Info<'a>]) -> Vec<Group<'a>> {
    let mut groups: Vec<Group<'a>> = Vec::new();
    let mut by_hash: HashMap<u64, Vec<usize>> = HashMap::new();
    let same_parent = |a: &Info, b: &Info| a.parent.map(|p| &p.name) == b.parent.map(|p| &p.name);
    // The group the previous selection joined: runs of one repeated field skip hashing.
    let mut last: Option<usize> = None;
    for info in infos {
        if let Some(i) = last {
            let first = groups[i].first;
            if same_parent(&first, info) && same_field(first.field, info.field) {
                groups[i].second.get_or_insert(*info);
                continue;
            }
        }
        let mut h = DefaultHasher::new();
        info.parent.map(|p| &p.name).hash(&mut h);
        hash_field(&mut h, info.field);
        let candidates = by_hash.entry(h.finish()).or_default();
        let same = candidates.iter().copied().find(|&i| {
            let first = groups[i].first;
            same_parent(&first, info) && same_field(first.field, info.field)
        });
        match same {
            Some(i) => {
                groups[i].second.get_or_insert(*info);
                last = Some(i);
            }
            None => {
                last = Some(groups.len());
                candidates.push(groups.len());
                groups.push(Group {
                    first: *info,
                    second: None,
                });
            }
        }
    }
    groups
}

fn hash_field(h: &mut DefaultHasher, f: &Field) {
    f.alias.hash(h);
    f.name.hash(h);
    f.arguments.len().hash(h);
    for arg in &f.arguments {
        arg.name.hash(h);
        hash_value(h, &arg.value);
    }
    hash_set(h, &f.selection_set);
}

fn hash_set(h: &mut DefaultHasher, set: &SelectionSet) {
    set.items.len().hash(h);
    for item in &set.items {
        match item {
            Selection::Field(f) => {
                0u8.hash(h);
                hash_field(h, f);
            }
            Selection::InlineFragment(i) => {
                1u8.hash(h);
                if let Some(on) = &i.type_condition {
                    on.hash(h);
                }
                hash_set(h, &i.selection_set);
            }
            Selection::FragmentSpread(s) => {
                2u8.hash(h);
                s.fragment_name.hash(h);
            }
        }
    }
}

fn hash_value(h: &mut DefaultHasher, v: &Value) {
    std::mem::discriminant(&v.kind).hash(h);
    match &v.kind {
        ValueKind::Variable(s) | ValueKind::String(s) | ValueKind::Enum(s) => s.hash(h),
        ValueKind::Int(n) => n.hash(h),
        ValueKind::Float(f) => f.to_bits().hash(h),
        ValueKind::Boolean(b) => b.hash(h),
        ValueKind::Null => {}
        ValueKind::List(items) => {
            items.len().hash(h);
            items.iter().for_each(|i| hash_value(h, i));
        }
        ValueKind::Object(fields) => {
            fields.len().hash(h);
            for f in fields {
                f.name.hash(h);
                hash_value(h, &f.value);
            }
        }
    }
}

/// The field's response key as written: its alias, else its name.
fn key_span(f: &Field) -> crate::source::Span {
    f.alias.as_ref().unwrap_or(&f.name).span
}

/// The same field written twice: alias, name, arguments (in order) and sub-selections, with
/// positions and directives aside.
fn same_field(a: &Field, b: &Field) -> bool {
    a.alias == b.alias
        && a.name == b.name
        && a.arguments == b.arguments
        && same_set(&a.selection_set, &b.selection_set)
}

fn same_set(a: &SelectionSet, b: &SelectionSet) -> bool {
    a.items.len() == b.items.len()
        && a.items
            .iter()
            .zip(&b.items)
            .all(|(x, y)| same_selection(x, y))
}

fn same_selection(a: &Selection, b: &Selection) -> bool {
    match (a, b) {
        (Selection::Field(a), Selection::Field(b)) => same_field(a, b),
        (Selection::InlineFragment(a), Selection::InlineFragment(b)) => {
            a.type_condition == b.type_condition && same_set(&a.selection_set, &b.selection_set)
        }
        (Selection::FragmentSpread(a), Selection::FragmentSpread(b)) => {
            a.fragment_name == b.fragment_name
        }
        _ => false,
    }
}

/// Same arguments, in any order, with equal values (input objects compare key-sorted, as
/// graphql-js compares them).
fn same_arguments(a: &Field, b: &Field) -> bool {
    a.arguments.len() == b.arguments.len()
        && a.arguments.iter().all(|x| {
            b.arguments
                .iter()
                .any(|y| x.name == y.name && same_value(&x.value, &y.value))
        })
}

/// Equal values, whatever the order of input object fields (graphql-js sorts them by name
/// before comparing).
fn same_value(a: &Value, b: &Value) -> bool {
    fn sorted(fields: &[ObjectField]) -> Vec<&ObjectField> {
        let mut out: Vec<&ObjectField> = fields.iter().collect();
        out.sort_by(|x, y| x.name.as_str().cmp(y.name.as_str()));
        out
    }
    match (&a.kind, &b.kind) {
        (ValueKind::List(x), ValueKind::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_value(x, y))
        }
        (ValueKind::Object(x), ValueKind::Object(y)) => {
            x.len() == y.len()
                && sorted(x)
                    .into_iter()
                    .zip(sorted(y))
                    .all(|(x, y)| x.name == y.name && same_value(&x.value, &y.value))
        }
        (x, y) => x == y,
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::test_support::{invalid, one, valid};

    const CODE: &str = "overlapping-fields-can-be-merged";

    #[test]
    fn mergeable() {
        valid(
            CODE,
            "fragment F on Dog { name otherName: name } { dog { ...F } }",
        );
        valid(CODE, "{ dog { name name } }");
        valid(
            CODE,
            "{ dog { doesKnowCommand(dogCommand: SIT) doesKnowCommand(dogCommand: SIT) } }",
        );
        valid(
            CODE,
            "{ dog { isAtLocation(x: 0, y: 1) isAtLocation(y: 1, x: 0) } }",
        );
        valid(
            CODE,
            "{ dog { name @include(if: true) name @skip(if: false) } }",
        );
        valid(CODE, "{ dog { ... on Dog { name } name } }");
        // Different object parents may diverge in field and arguments, not in shape.
        valid(
            CODE,
            "{ pet { ... on Dog { x: name } ... on Cat { x: nickname } } }",
        );
        valid(
            CODE,
            "{ catOrDog { ... on Dog { v: barkVolume } ... on Cat { v: meowsVolume } } }",
        );
        valid(
            CODE,
            "{ catOrDog { ... on Dog { t: __typename } ... on Cat { t: name } } }",
        );
        valid(
            CODE,
            "{ dog { ...A ...B } } fragment A on Dog { name } fragment B on Dog { name }",
        );
    }

    #[test]
    fn conflicting() {
        invalid(
            CODE,
            "{ dog { fido: name fido: nickname } }",
            &["fields `fido` conflict because `name` and `nickname` are different fields"],
        );
        invalid(
            CODE,
            "{ dog { doesKnowCommand(dogCommand: SIT) doesKnowCommand(dogCommand: HEEL) } }",
            &["fields `doesKnowCommand` conflict because they have differing arguments"],
        );
        invalid(
            CODE,
            "{ dog { doesKnowCommand doesKnowCommand(dogCommand: HEEL) } }",
            &["fields `doesKnowCommand` conflict because they have differing arguments"],
        );
        invalid(
            CODE,
            "{ catOrDog { ... on Dog { v: barkVolume } ... on Cat { v: nickname } } }",
            &["fields `v` conflict because they return conflicting types `Int` and `String`"],
        );
        invalid(
            CODE,
            "{ dog { ...A ...B } } fragment A on Dog { x: name } fragment B on Dog { x: barks }",
            &["fields `x` conflict because `name` and `barks` are different fields"],
        );
        invalid(
            CODE,
            "{ pet { x: name ... on Dog { x: nickname } } }",
            &["fields `x` conflict because `name` and `nickname` are different fields"],
        );
        invalid(
            CODE,
            "{ dog { mother { x: name } mother { x: barks } } }",
            &["fields `mother` conflict because subfields `x` conflict because `name` and `barks` are different fields"],
        );
        invalid(
            CODE,
            "{ human { relatives { name } } human { relatives: pets { name } } }",
            &["fields `human` conflict because subfields `relatives` conflict because `relatives` and `pets` are different fields"],
        );
        let (d, at) = one(CODE, "{ dog {\n  x: name\n  x: nickname } }");
        assert_eq!(at, (3, 3, 1));
        assert_eq!(d.secondary[0].location.start.line, 2);
    }

    #[test]
    fn shapes_conflict_even_when_exclusive() {
        invalid(
            CODE,
            "{ human { relatives { name } } ... on QueryRoot { human { relatives: name } } }",
            &["fields `human` conflict because subfields `relatives` conflict because `relatives` and `name` are different fields"],
        );
        invalid(
            CODE,
            "{ catOrDog { ... on Dog { m: mother { name } } ... on Cat { m: name } } }",
            &["fields `m` conflict because they return conflicting types `Dog` and `String`"],
        );
    }

    #[test]
    fn nested_fragments_and_cycles_terminate() {
        invalid(
            CODE,
            "{ dog { ...A } } fragment A on Dog { x: name ...B } fragment B on Dog { ...C } fragment C on Dog { x: barks ...A }",
            // Once: graphql-js's memo of compared fragment pairs (shared with the walk of the
            // operation, which already paired B and C) skips the second sighting.
            &["fields `x` conflict because `barks` and `name` are different fields"],
        );
    }

    #[test]
    fn many_fragments_compared_pairwise() {
        let mut doc = String::from("{ dog { ");
        for i in 0..300 {
            doc.push_str(&format!("...F{i} "));
        }
        doc.push_str("} }\n");
        for i in 0..300 {
            doc.push_str(&format!(
                "fragment F{i} on Dog {{ name nickname barks mother {{ name }} }}\n"
            ));
        }
        valid(CODE, &doc);
        doc.push_str("fragment Last on Dog { name: nickname }");
        doc = doc.replacen("...F0 ", "...F0 ...Last ", 1);
        assert_eq!(
            crate::validate::test_support::messages(CODE, &doc).len(),
            300
        );
    }

    /// Diagnostics of `doc` against the test schema with at most `max` field comparisons.
    fn limited(doc: &str, max: u64) -> Vec<crate::Diagnostic> {
        let schema = crate::Schema::from_sdl(crate::validate::test_support::SCHEMA).unwrap();
        let mut project = crate::project::Project::new(std::sync::Arc::new(schema));
        project.limits.max_field_comparisons = max;
        project.add_document("q.graphql", doc).expect("parses");
        project.validate()
    }

    #[test]
    fn repeated_identical_fields_are_compared_once() {
        // 5,000 copies of one field with a sub-selection: one group, a handful of comparisons.
        let doc = format!("{{ {} }}", "dog { name mother { name } } ".repeat(5000));
        assert!(limited(&doc, 10).is_empty());
    }

    #[test]
    fn conflicting_aliases_cost_one_comparison_each() {
        // 5,000 fields under one alias with different arguments: each is reported once, against
        // the first, in about 5,000 comparisons (not 12.5 million pairs).
        let mut doc = String::from("{ dog { ");
        for i in 0..5000 {
            doc.push_str(&format!("a: isAtLocation(x: {i}) "));
        }
        doc.push_str("} }");
        let found = limited(&doc, 6000);
        assert_eq!(found.len(), 4999);
        assert!(found.iter().all(|d| d.code == CODE), "{:?}", found[0]);
    }

    #[test]
    fn past_the_limit_the_document_is_too_complex() {
        // Same-named fields with different sub-selections merge, but each pair must be compared.
        let mut doc = String::from("{ ");
        for i in 0..100 {
            doc.push_str(&format!("dog {{ n{i}: name }} "));
        }
        doc.push('}');
        assert!(limited(&doc, 1_000_000).is_empty());
        let found = limited(&doc, 1000);
        assert_eq!(found.len(), 1, "{found:?}");
        let d = &found[0];
        assert_eq!(d.code, "document-too-complex");
        assert!(
            d.message
                .contains("more than 1000 field comparisons (the limit `max_field_comparisons`)"),
            "{}",
            d.message
        );
        assert!(
            d.help
                .iter()
                .any(|h| h.contains("`max_field_comparisons = 10000`")
                    && h.contains("--max-field-comparisons 10000")),
            "{:?}",
            d.help
        );
    }
}
