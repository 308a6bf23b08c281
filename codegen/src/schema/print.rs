//! Printing a loaded schema as SDL, the inverse of the loaders (the CLI's `schema fetch` writes
//! an introspected schema this way): what [`Schema::from_sdl`] reads back to the same schema.

use std::fmt::Write;

use indexmap::IndexMap;

use super::{AppliedDirective, FieldDef, InputValueDef, Schema, TypeDef, TypeKind};
use crate::syntax::ast::{Value, ValueKind};

impl Schema {
    /// The schema as SDL: user types and directives in definition order, built-ins left out.
    pub fn to_sdl(&self) -> String {
        print(self)
    }
}

fn print(schema: &Schema) -> String {
    let mut out = String::new();
    let default_roots = [
        (schema.query_type.as_deref(), "Query"),
        (schema.mutation_type.as_deref(), "Mutation"),
        (schema.subscription_type.as_deref(), "Subscription"),
    ]
    .iter()
    .all(|(name, default)| name.is_none_or(|n| n == *default));
    if !default_roots {
        out.push_str("schema {\n");
        for (op, name) in [
            ("query", &schema.query_type),
            ("mutation", &schema.mutation_type),
            ("subscription", &schema.subscription_type),
        ] {
            if let Some(name) = name {
                let _ = writeln!(out, "  {op}: {name}");
            }
        }
        out.push_str("}\n\n");
    }
    for d in schema.directives.values().filter(|d| !d.builtin) {
        description(&mut out, &d.description, "");
        let repeatable = if d.repeatable { " repeatable" } else { "" };
        let locations: Vec<&str> = d.locations.iter().map(|l| l.as_str()).collect();
        let _ = writeln!(
            out,
            "directive @{}{}{repeatable} on {}\n",
            d.name,
            arguments(d.arguments.values()),
            locations.join(" | ")
        );
    }
    for t in schema.types.values().filter(|t| !t.builtin) {
        type_def(&mut out, t);
        out.push('\n');
    }
    out
}

fn type_def(out: &mut String, t: &TypeDef) {
    description(out, &t.description, "");
    let dirs = directives(&t.directives);
    match &t.kind {
        TypeKind::Scalar => {
            let _ = writeln!(out, "scalar {}{dirs}", t.name);
        }
        TypeKind::Object { fields, interfaces } => {
            fielded(out, "type", t, fields, interfaces, &dirs);
        }
        TypeKind::Interface { fields, interfaces } => {
            fielded(out, "interface", t, fields, interfaces, &dirs);
        }
        TypeKind::Union { members } => {
            let _ = writeln!(out, "union {}{dirs} = {}", t.name, members.join(" | "));
        }
        TypeKind::Enum { values } => {
            let _ = writeln!(out, "enum {}{dirs} {{", t.name);
            for v in values.values() {
                description(out, &v.description, "  ");
                let _ = writeln!(out, "  {}{}", v.name, deprecated(&v.deprecation));
            }
            out.push_str("}\n");
        }
        TypeKind::InputObject { fields, one_of } => {
            let one_of = if *one_of && !dirs.contains("@oneOf") {
                " @oneOf"
            } else {
                ""
            };
            let _ = writeln!(out, "input {}{one_of}{dirs} {{", t.name);
            for f in fields.values() {
                description(out, &f.description, "  ");
                let _ = writeln!(out, "  {}", input_value(f));
            }
            out.push_str("}\n");
        }
    }
}

/// An object or interface type: `keyword Name implements A & B @dirs { fields }`.
fn fielded(
    out: &mut String,
    keyword: &str,
    t: &TypeDef,
    fields: &IndexMap<String, FieldDef>,
    interfaces: &[String],
    dirs: &str,
) {
    let implements = if interfaces.is_empty() {
        String::new()
    } else {
        format!(" implements {}", interfaces.join(" & "))
    };
    let _ = writeln!(out, "{keyword} {}{implements}{dirs} {{", t.name);
    for f in fields.values() {
        description(out, &f.description, "  ");
        let _ = writeln!(
            out,
            "  {}{}: {}{}{}",
            f.name,
            arguments(f.arguments.values()),
            f.ty,
            deprecated(&f.deprecation),
            directives(&f.directives)
        );
    }
    out.push_str("}\n");
}

fn input_value(v: &InputValueDef) -> String {
    let default = v
        .default_value
        .as_ref()
        .map(|d| format!(" = {d}"))
        .unwrap_or_default();
    format!(
        "{}: {}{default}{}{}",
        v.name,
        v.ty,
        deprecated(&v.deprecation),
        directives(&v.directives)
    )
}

fn arguments<'a>(args: impl Iterator<Item = &'a InputValueDef>) -> String {
    let args: Vec<String> = args.map(input_value).collect();
    if args.is_empty() {
        String::new()
    } else {
        format!("({})", args.join(", "))
    }
}

fn deprecated(reason: &Option<String>) -> String {
    match reason.as_deref() {
        None => String::new(),
        Some("No longer supported") => " @deprecated".to_owned(),
        Some(reason) => format!(" @deprecated(reason: {})", string(reason)),
    }
}

fn directives(dirs: &[AppliedDirective]) -> String {
    dirs.iter()
        .filter(|d| d.name != "deprecated")
        .map(|d| {
            if d.arguments.is_empty() {
                format!(" @{}", d.name)
            } else {
                let args: Vec<String> = d
                    .arguments
                    .iter()
                    .map(|(k, v)| format!("{k}: {v}"))
                    .collect();
                format!(" @{}({})", d.name, args.join(", "))
            }
        })
        .collect()
}

fn description(out: &mut String, text: &Option<String>, indent: &str) {
    if let Some(text) = text {
        let _ = writeln!(out, "{indent}{}", string(text));
    }
}

/// A GraphQL string literal (JSON's escapes are GraphQL's).
fn string(text: &str) -> String {
    let mut out = String::new();
    write_string_literal(&mut out, text);
    out
}

/// Appends `text` as a GraphQL string literal (quoted, escaped; block strings become plain
/// ones). The one writer of string literals: SDL here, operation documents in `resolve`.
pub(crate) fn write_string_literal(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Appends `value` as GraphQL writes it (floats keep a `.` or an exponent, so they read back as
/// floats). The one writer of values: SDL defaults and directive arguments here.
pub(crate) fn write_value(out: &mut String, value: &ValueKind) {
    match value {
        ValueKind::Variable(name) => {
            out.push('$');
            out.push_str(name);
        }
        ValueKind::Int(n) => out.push_str(&n.0),
        // `{:?}` writes `1.0` and `1e100` where `{}` writes `1` and a hundred digits.
        ValueKind::Float(f) => {
            let _ = write!(out, "{f:?}");
        }
        ValueKind::String(s) => write_string_literal(out, s),
        ValueKind::Boolean(b) => {
            let _ = write!(out, "{b}");
        }
        ValueKind::Null => out.push_str("null"),
        ValueKind::Enum(name) => out.push_str(name),
        ValueKind::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_value(out, &item.kind);
            }
            out.push(']');
        }
        ValueKind::Object(fields) => {
            out.push('{');
            for (i, field) in fields.iter().enumerate() {
                out.push_str(if i > 0 { ", " } else { " " });
                out.push_str(&field.name);
                out.push_str(": ");
                write_value(out, &field.value.kind);
            }
            out.push_str(if fields.is_empty() { "}" } else { " }" });
        }
    }
}

/// A value as GraphQL writes it: `[1, 2]`, `{ a: "x" }`, `1.5`.
impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut out = String::new();
        write_value(&mut out, &self.kind);
        f.write_str(&out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printed_sdl_loads_back_to_the_same_schema() {
        let sdl = r#"
            "A todo" type Todo implements Node { id: ID! title(upper: Boolean = false): String! old: Int @deprecated(reason: "gone") }
            interface Node { id: ID! }
            enum Priority { LOW HIGH @deprecated }
            input AddTodoInput @oneOf { title: String tags: [String!] }
            union Result = Todo
            scalar DateTime
            directive @cached(ttl: Int = 60) repeatable on FIELD | QUERY
            type Query { todo(id: ID!): Todo search: [Result] }
            type Subscription { onTodo: Todo @aws_subscribe(mutations: ["addTodo"]) }
        "#;
        let first = Schema::from_sdl(sdl).unwrap();
        let printed = first.to_sdl();
        let second = Schema::from_sdl(&printed).unwrap_or_else(|e| panic!("{printed}\n{e:?}"));
        assert_eq!(second.to_sdl(), printed);
        assert!(
            printed.contains("title(upper: Boolean = false): String!"),
            "{printed}"
        );
        assert!(
            printed.contains("@aws_subscribe(mutations: [\"addTodo\"])"),
            "{printed}"
        );
        assert!(
            printed.contains("\"A todo\"\ntype Todo implements Node {"),
            "{printed}"
        );
        assert!(
            printed.contains("interface Node {\n  id: ID!\n}"),
            "{printed}"
        );
    }
}
