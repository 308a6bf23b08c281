//! GraphQL text for values and types: the one printer of literals, used by the operation
//! documents `resolve` sends and the SDL `schema::print` writes.

use std::fmt::{self, Write};

use super::ast::{Value, ValueKind};

/// Appends `text` as a GraphQL string literal (quoted, escaped; block strings become plain
/// ones).
pub(crate) fn write_string_literal(out: &mut impl Write, text: &str) -> fmt::Result {
    out.write_char('"')?;
    for c in text.chars() {
        match c {
            '"' => out.write_str("\\\"")?,
            '\\' => out.write_str("\\\\")?,
            '\n' => out.write_str("\\n")?,
            '\r' => out.write_str("\\r")?,
            '\t' => out.write_str("\\t")?,
            c if (c as u32) < 0x20 => write!(out, "\\u{:04X}", c as u32)?,
            c => out.write_char(c)?,
        }
    }
    out.write_char('"')
}

/// Compact GraphQL: `[1, 2]`, `{ a: 1, b: "x" }`, floats with a fraction or exponent.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ValueKind::Variable(v) => write!(f, "${v}"),
            ValueKind::Int(n) => f.write_str(&n.0),
            // Debug keeps `2.0` a float (Display would print the int `2`).
            ValueKind::Float(x) => write!(f, "{x:?}"),
            ValueKind::String(s) => write_string_literal(f, s),
            ValueKind::Boolean(b) => write!(f, "{b}"),
            ValueKind::Null => f.write_str("null"),
            ValueKind::Enum(e) => f.write_str(e),
            ValueKind::List(items) => {
                f.write_char('[')?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_char(']')
            }
            ValueKind::Object(fields) => {
                f.write_char('{')?;
                for (i, field) in fields.iter().enumerate() {
                    if i > 0 {
                        f.write_char(',')?;
                    }
                    write!(f, " {}: {}", field.name, field.value)?;
                }
                f.write_str(if fields.is_empty() { "}" } else { " }" })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::ast::{Number, ObjectField, Value, ValueKind};
    use crate::syntax::ast::Name;

    #[test]
    fn values_print_as_graphql() {
        let v = |kind| Value::unplaced(kind);
        let list = v(ValueKind::List(vec![
            v(ValueKind::Int(Number("12345678901234567890".into()))),
            v(ValueKind::Float(2.0)),
            v(ValueKind::String("a\"\n\u{1}".into())),
        ]));
        assert_eq!(
            list.to_string(),
            r#"[12345678901234567890, 2.0, "a\"\n\u0001"]"#
        );
        let name = Name {
            value: "b".into(),
            span: Default::default(),
        };
        let obj = v(ValueKind::Object(vec![ObjectField {
            name,
            value: v(ValueKind::Variable("x".into())),
        }]));
        assert_eq!(obj.to_string(), "{ b: $x }");
    }
}
