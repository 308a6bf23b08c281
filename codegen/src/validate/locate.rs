//! Finding value tokens in the source: graphql-parser gives no position for arguments' values,
//! list items or object fields, so a small lexer-aware scan walks from the nearest known
//! position (the field or directive, the variable definition) to the exact token. Only run
//! when a diagnostic is reported, so valid documents never pay for it.

use graphql_parser::Pos;

use crate::scan::{find_argument, skip_comment, skip_string};

/// Where a value tree starts.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Anchor<'a> {
    /// The value of argument `name` of the field or directive written at `pos`.
    Argument { pos: Pos, name: &'a str },
    /// The default value of the variable definition written at `pos`.
    Default { pos: Pos },
}

impl Anchor<'_> {
    /// The known position the scan starts from.
    pub fn pos(&self) -> Pos {
        match self {
            Anchor::Argument { pos, .. } | Anchor::Default { pos } => *pos,
        }
    }
}

/// One step from a list or input object value to a value inside it.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Seg<'a> {
    /// The n-th item of a list.
    Item(usize),
    /// The value of an input object's field.
    Field(&'a str),
}

/// The byte span of the value at `path` below `anchor`, scanning from byte `from` (the
/// anchor's position).
pub(crate) fn value(
    text: &str,
    from: usize,
    anchor: Anchor,
    path: &[Seg],
) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut start = match anchor {
        Anchor::Argument { name, .. } => {
            let at = find_argument(text, from, name)?;
            let colon = skip_ignored(bytes, at + name.len());
            (bytes.get(colon) == Some(&b':')).then_some(())?;
            skip_ignored(bytes, colon + 1)
        }
        Anchor::Default { .. } => {
            let eq = find_byte(bytes, from, b'=', b')')?;
            skip_ignored(bytes, eq + 1)
        }
    };
    for seg in path {
        start = match *seg {
            Seg::Item(n) => list_item(bytes, start, n)?,
            Seg::Field(name) => object_field(text, start, name)?.1,
        };
    }
    Some((start, skip_value(bytes, start)))
}

/// The `name:` keys of the input object value starting at `start` (a `{`), with their byte
/// offsets, in source order, duplicates included.
pub(crate) fn object_keys(text: &str, start: usize) -> Vec<(usize, &str)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    if bytes.get(start) != Some(&b'{') {
        return out;
    }
    let mut i = skip_ignored(bytes, start + 1);
    while i < bytes.len() && bytes[i] != b'}' {
        let name_end = name_end(bytes, i);
        if name_end == i {
            break;
        }
        out.push((i, &text[i..name_end]));
        let colon = skip_ignored(bytes, name_end);
        if bytes.get(colon) != Some(&b':') {
            break;
        }
        let v = skip_ignored(bytes, colon + 1);
        i = skip_ignored(bytes, skip_value(bytes, v));
    }
    out
}

/// The offsets of the last `name:` key (graphql-parser keeps the last of duplicates) and its
/// value in the input object starting at `start`.
fn object_field(text: &str, start: usize, name: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut found = None;
    for (at, key) in object_keys(text, start) {
        if key == name {
            let colon = skip_ignored(bytes, at + key.len());
            found = Some((at, skip_ignored(bytes, colon + 1)));
        }
    }
    found
}

fn list_item(bytes: &[u8], start: usize, n: usize) -> Option<usize> {
    if bytes.get(start) != Some(&b'[') {
        return None;
    }
    let mut i = skip_ignored(bytes, start + 1);
    for _ in 0..n {
        if i >= bytes.len() || bytes[i] == b']' {
            return None;
        }
        i = skip_ignored(bytes, skip_value(bytes, i));
    }
    (i < bytes.len() && bytes[i] != b']').then_some(i)
}

/// The first `target` byte at or after `from` outside strings and comments, unless `stop` (or
/// the end) comes first.
fn find_byte(bytes: &[u8], mut i: usize, target: u8, stop: u8) -> Option<usize> {
    while i < bytes.len() {
        match bytes[i] {
            c if c == target => return Some(i),
            c if c == stop => return None,
            b'#' => i = skip_comment(bytes, i),
            b'"' => i = skip_string(bytes, i),
            _ => i += 1,
        }
    }
    None
}

/// Past whitespace, commas, comments and byte order marks.
pub(crate) fn skip_ignored(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() {
        match bytes[i] {
            b' ' | b'\t' | b'\r' | b'\n' | b',' => i += 1,
            b'#' => i = skip_comment(bytes, i),
            0xEF if bytes[i..].starts_with(&[0xEF, 0xBB, 0xBF]) => i += 3,
            _ => break,
        }
    }
    i
}

fn name_end(bytes: &[u8], mut i: usize) -> usize {
    if i < bytes.len() && (bytes[i].is_ascii_alphabetic() || bytes[i] == b'_') {
        while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
            i += 1;
        }
    }
    i
}

/// Past the value starting at `i` (a whole list or object with everything inside).
fn skip_value(bytes: &[u8], i: usize) -> usize {
    match bytes.get(i) {
        None => i,
        Some(b'"') => skip_string(bytes, i),
        Some(b'$') => name_end(bytes, i + 1),
        Some(b'[' | b'{') => {
            let mut depth = 0usize;
            let mut j = i;
            while j < bytes.len() {
                match bytes[j] {
                    b'[' | b'{' => {
                        depth += 1;
                        j += 1;
                    }
                    b']' | b'}' => {
                        depth -= 1;
                        j += 1;
                        if depth == 0 {
                            return j;
                        }
                    }
                    b'"' => j = skip_string(bytes, j),
                    b'#' => j = skip_comment(bytes, j),
                    _ => j += 1,
                }
            }
            j
        }
        Some(b'-' | b'0'..=b'9') => {
            let mut j = i + 1;
            while j < bytes.len()
                && matches!(bytes[j], b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-')
            {
                j += 1;
            }
            j
        }
        Some(_) => name_end(bytes, i).max(i + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span<'t>(text: &'t str, anchor: Anchor, path: &[Seg]) -> &'t str {
        let (s, e) = value(text, 0, anchor, path).expect("found");
        &text[s..e]
    }

    #[test]
    fn finds_values_below_arguments() {
        let text = r#"f(a: "x, y", b: [1, {c: 2, d: [true "s"]}, 3], c: { c: 1 c: TWO })"#;
        let arg = |name| Anchor::Argument {
            pos: Pos { line: 1, column: 1 },
            name,
        };
        assert_eq!(span(text, arg("a"), &[]), r#""x, y""#);
        assert_eq!(span(text, arg("b"), &[Seg::Item(2)]), "3");
        assert_eq!(
            span(
                text,
                arg("b"),
                &[Seg::Item(1), Seg::Field("d"), Seg::Item(1)]
            ),
            r#""s""#
        );
        // The last of duplicate keys, as graphql-parser keeps it.
        assert_eq!(span(text, arg("c"), &[Seg::Field("c")]), "TWO");
        assert!(value(text, 0, arg("b"), &[Seg::Item(3)]).is_none());
    }

    #[test]
    fn finds_default_values_and_keys() {
        let text = "query Q($a: [In] = [{x: 1, # c\n y: 2, x: 3}]) { f }";
        let d = Anchor::Default {
            pos: Pos { line: 1, column: 9 },
        };
        assert_eq!(span(text, d, &[Seg::Item(0), Seg::Field("y")]), "2");
        let (start, _) = value(text, 8, d, &[Seg::Item(0)]).unwrap();
        let keys: Vec<&str> = object_keys(text, start)
            .into_iter()
            .map(|(_, k)| k)
            .collect();
        assert_eq!(keys, ["x", "y", "x"]);
    }
}
