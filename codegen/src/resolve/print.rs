//! The document an operation sends: the operation and exactly the fragments it uses
//! (transitively), compact (single spaces, no comments), with `__typename` added to every
//! selection set whose response type dispatches on it.

use std::fmt::Write;

use indexmap::IndexSet;

use super::{Cx, Directive, OpDef, SelectionSet};
use crate::schema::OperationType;

use crate::syntax::ast::{Argument, Selection, Type, Value};

/// The operation's document (named `name` if it was anonymous) and the fragments it uses.
pub(super) fn document(cx: &Cx, op: &OpDef, name: &str, root: &str) -> (String, IndexSet<String>) {
    let mut p = Printer {
        cx,
        out: String::new(),
        used: IndexSet::new(),
    };
    p.out.push_str(match op.kind {
        OperationType::Query => "query ",
        OperationType::Mutation => "mutation ",
        OperationType::Subscription => "subscription ",
    });
    p.out.push_str(name);
    if !op.variables.is_empty() {
        p.out.push('(');
        for (i, v) in op.variables.iter().enumerate() {
            if i > 0 {
                p.out.push_str(", ");
            }
            p.out.push('$');
            p.out.push_str(&v.name);
            p.out.push_str(": ");
            p.ty(&v.var_type);
            if let Some(d) = &v.default_value {
                p.out.push_str(" = ");
                p.value(d);
            }
            p.directives(&v.directives);
        }
        p.out.push(')');
    }
    p.directives(op.directives);
    p.out.push(' ');
    p.set(op.selection_set, root);
    let mut i = 0;
    while i < p.used.len() {
        let name = p.used[i].clone();
        i += 1;
        let Some(frag) = cx.fragments.get(name.as_str()).copied() else {
            continue;
        };
        p.out.push_str(" fragment ");
        p.out.push_str(&name);
        p.out.push_str(" on ");
        p.out.push_str(frag.on());
        p.directives(&frag.def.directives);
        p.out.push(' ');
        p.set(&frag.def.selection_set, frag.on());
    }
    (p.out, p.used)
}

struct Printer<'a, 'c> {
    cx: &'c Cx<'a>,
    out: String,
    used: IndexSet<String>,
}

impl Printer<'_, '_> {
    fn set(&mut self, set: &SelectionSet, parent: &str) {
        self.out.push('{');
        if self.needs_typename(set, parent) {
            self.out.push_str(" __typename");
        }
        self.items(set, parent);
        self.out.push_str(" }");
    }

    fn items(&mut self, set: &SelectionSet, scope: &str) {
        for item in &set.items {
            self.out.push(' ');
            match item {
                Selection::Field(f) => {
                    if let Some(alias) = &f.alias {
                        self.out.push_str(alias);
                        self.out.push_str(": ");
                    }
                    self.out.push_str(&f.name);
                    self.arguments(&f.arguments);
                    self.directives(&f.directives);
                    if !f.selection_set.items.is_empty() {
                        let child = self
                            .cx
                            .schema
                            .field(scope, &f.name)
                            .map(|d| d.ty.named().to_owned())
                            .unwrap_or_default();
                        self.out.push(' ');
                        self.set(&f.selection_set, &child);
                    }
                }
                Selection::InlineFragment(i) => {
                    self.out.push_str("...");
                    let on = match &i.type_condition {
                        Some(t) => {
                            self.out.push_str(" on ");
                            self.out.push_str(t);
                            t.as_str()
                        }
                        None => scope,
                    };
                    self.directives(&i.directives);
                    self.out.push_str(" {");
                    self.items(&i.selection_set, on);
                    self.out.push_str(" }");
                }
                Selection::FragmentSpread(s) => {
                    self.out.push_str("...");
                    self.out.push_str(&s.fragment_name);
                    self.directives(&s.directives);
                    self.used.insert(s.fragment_name.value.clone());
                }
            }
        }
    }

    /// Whether the response type of this selection dispatches on `__typename` (some part of it
    /// applies to only some of the types `parent` may have) and the user did not select it.
    fn needs_typename(&self, set: &SelectionSet, parent: &str) -> bool {
        let abstract_ = self.cx.schema.get(parent).is_some_and(|t| t.is_abstract());
        let selected = set.items.iter().any(
            |i| matches!(i, Selection::Field(f) if f.name == "__typename" && f.alias.is_none()),
        );
        abstract_ && !selected && self.narrower(set, parent)
    }

    fn narrower(&self, set: &SelectionSet, parent: &str) -> bool {
        set.items.iter().any(|item| match item {
            Selection::Field(_) => false,
            Selection::InlineFragment(i) => match &i.type_condition {
                Some(t) if !self.cx.applies_to_all(parent, t) => true,
                _ => self.narrower(&i.selection_set, parent),
            },
            Selection::FragmentSpread(s) => self
                .cx
                .fragments
                .get(s.fragment_name.as_str())
                .is_some_and(|f| !self.cx.applies_to_all(parent, f.on())),
        })
    }

    fn arguments(&mut self, args: &[Argument]) {
        if args.is_empty() {
            return;
        }
        self.out.push('(');
        for (i, arg) in args.iter().enumerate() {
            if i > 0 {
                self.out.push_str(", ");
            }
            self.out.push_str(&arg.name);
            self.out.push_str(": ");
            self.value(&arg.value);
        }
        self.out.push(')');
    }

    fn directives(&mut self, directives: &[Directive]) {
        for d in directives {
            self.out.push_str(" @");
            self.out.push_str(&d.name);
            self.arguments(&d.arguments);
        }
    }

    fn ty(&mut self, ty: &Type) {
        // Writing to a String cannot fail.
        let _ = write!(self.out, "{ty}");
    }

    fn value(&mut self, value: &Value) {
        let _ = write!(self.out, "{value}");
    }
}
