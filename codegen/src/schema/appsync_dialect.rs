//! What SDL users write and graphql-parser 0.4 does not accept: AppSync's empty field sets,
//! `extend schema`, files holding only comments. Rewrites keep every byte offset unchanged.

use std::borrow::Cow;

use crate::scan::{skip_comment, skip_string};

/// SDL text made parseable by graphql-parser, positions unchanged.
pub(super) struct Prepared<'a> {
    /// The text to parse.
    pub text: Cow<'a, str>,
    /// Byte offsets of the `schema` keyword of each `extend schema { ... }`: graphql-parser sees
    /// a schema definition there, which the loader merges as an extension.
    pub schema_extensions: Vec<usize>,
    /// The file holds no definition (only whitespace and comments): nothing to parse.
    pub empty: bool,
}

/// Applies every rewrite.
pub(super) fn prepare(text: &str) -> Prepared<'_> {
    let empty = first_token(text.as_bytes(), 0).is_none();
    let text = blank_empty_field_sets(text);
    let (text, schema_extensions) = rewrite_schema_extensions(text);
    let text = unfold_comment_crlf(text);
    let text = guard_block_string_whitespace(text);
    Prepared {
        text,
        schema_extensions,
        empty,
    }
}

/// graphql-parser 0.4 panics on a block-string line made only of whitespace that includes
/// non-ASCII whitespace (U+3000, U+00A0...) when other lines are indented: it slices the line at
/// the common indentation, inside a character. Every whitespace-only line holding such a
/// character becomes ASCII spaces of the same byte length: in a block string the line stays
/// blank (only its invisible content changes); anywhere else it was not valid GraphQL anyway
/// (the lexer knows no Unicode whitespace), and is now plain whitespace. Offsets stay.
fn guard_block_string_whitespace(text: Cow<'_, str>) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let is_space_at = |i: usize| {
        text.get(i..)
            .and_then(|rest| rest.chars().next())
            .is_some_and(|c| !c.is_ascii() && c.is_whitespace())
    };
    // Every non-ASCII whitespace character starts with one of these bytes; most files have none.
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut check = |at: usize| {
        if !is_space_at(at)
            || spans
                .iter()
                .any(|(start, end)| (*start..*end).contains(&at))
        {
            return;
        }
        let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |n| n + 1);
        let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |n| at + n);
        if text
            .get(start..end)
            .is_some_and(|line| line.trim().is_empty())
        {
            spans.push((start, end));
        }
    };
    memchr::memchr3_iter(0xC2, 0xE1, 0xE2, bytes).for_each(&mut check);
    memchr::memchr_iter(0xE3, bytes).for_each(&mut check);
    if spans.is_empty() {
        return text;
    }
    let mut out = bytes.to_vec();
    for (from, to) in spans {
        for b in &mut out[from..to] {
            if !matches!(*b, b'\r' | b'\t') {
                *b = b' ';
            }
        }
    }
    // Whole characters were replaced by ASCII bytes, so the text is still UTF-8.
    Cow::Owned(
        String::from_utf8(out)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
    )
}

/// graphql-parser ends a comment at `\r` and counts a line, then counts the `\n` of the same
/// `\r\n` again, so every comment in a CRLF file shifts later lines by one. Turning each
/// comment-ending `\r` into a space keeps lines (and byte offsets) true.
fn unfold_comment_crlf(text: Cow<'_, str>) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    if memchr::memchr(b'\r', bytes).is_none() {
        return text;
    }
    let mut ends = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => i = skip_string(bytes, i),
            b'#' => {
                while i < bytes.len() && !matches!(bytes[i], b'\r' | b'\n') {
                    i += 1;
                }
                if bytes[i..].starts_with(b"\r\n") {
                    ends.push(i);
                }
            }
            _ => i += 1,
        }
    }
    if ends.is_empty() {
        return text;
    }
    let mut out = bytes.to_vec();
    for at in ends {
        out[at] = b' ';
    }
    Cow::Owned(
        String::from_utf8(out)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
    )
}

/// The index of the first byte at or after `i` that is not whitespace, a comma or in a comment.
fn first_token(bytes: &[u8], mut i: usize) -> Option<usize> {
    loop {
        match bytes.get(i)? {
            b' ' | b'\t' | b'\r' | b'\n' | b',' => i += 1,
            b'#' => i = skip_comment(bytes, i),
            // A byte-order mark is whitespace to the GraphQL lexer.
            0xEF if bytes[i..].starts_with(&[0xEF, 0xBB, 0xBF]) => i += 3,
            _ => return Some(i),
        }
    }
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The end of the name token starting at `i`.
fn name_end(bytes: &[u8], mut i: usize) -> usize {
    while bytes.get(i).copied().is_some_and(is_name_byte) {
        i += 1;
    }
    i
}

/// `extend schema { mutation: M }` becomes `       schema { mutation: M }` (recorded as an
/// extension); `extend schema @dir` without operation types is blanked whole, since schema
/// directives are not modelled.
fn rewrite_schema_extensions(text: Cow<'_, str>) -> (Cow<'_, str>, Vec<usize>) {
    let bytes = text.as_bytes();
    let candidate = memchr::memmem::find_iter(bytes, b"extend")
        .any(|i| first_token(bytes, i + 6).is_some_and(|j| bytes[j..].starts_with(b"schema")));
    if !candidate {
        return (text, Vec::new());
    }
    // Lexer-aware walk: only top-level `extend schema` counts (not strings, comments, values).
    let mut blanks: Vec<(usize, usize)> = Vec::new();
    let mut extensions = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(start) = first_token(bytes, i) {
        i = start;
        match bytes[i] {
            b'"' => i = skip_string(bytes, i),
            b'{' | b'(' | b'[' => {
                depth += 1;
                i += 1;
            }
            b'}' | b')' | b']' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            b if is_name_byte(b) => {
                let end = name_end(bytes, i);
                if depth == 0 && &bytes[i..end] == b"extend" {
                    if let Some(s) = first_token(bytes, end) {
                        let s_end = name_end(bytes, s);
                        if &bytes[s..s_end] == b"schema" {
                            let after = skip_directives(bytes, s_end);
                            if first_token(bytes, after).is_some_and(|j| bytes[j] == b'{') {
                                blanks.push((i, end));
                                extensions.push(s);
                            } else {
                                blanks.push((i, after));
                            }
                            i = after;
                            continue;
                        }
                    }
                }
                i = end;
            }
            _ => i += 1,
        }
    }
    if blanks.is_empty() {
        return (text, extensions);
    }
    let mut out = bytes.to_vec();
    for (from, to) in blanks {
        for b in &mut out[from..to] {
            // Newlines stay so line numbers do; everything else in the span is ASCII-blanked.
            if *b != b'\n' {
                *b = b' ';
            }
        }
    }
    // Multi-byte characters inside blanked directive arguments become spaces byte by byte,
    // which keeps byte offsets; lossy conversion cannot fail on pure ASCII replacements.
    let out = String::from_utf8(out)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    (Cow::Owned(out), extensions)
}

/// Skips `@name` and `@name(...)` directives starting at or after `i`.
fn skip_directives(bytes: &[u8], mut i: usize) -> usize {
    while let Some(at) = first_token(bytes, i) {
        if bytes[at] != b'@' {
            break;
        }
        i = name_end(bytes, at + 1);
        let Some(open) = first_token(bytes, i) else {
            break;
        };
        if bytes[open] != b'(' {
            continue;
        }
        let mut depth = 0usize;
        let mut j = open;
        while j < bytes.len() {
            match bytes[j] {
                b'"' => {
                    j = skip_string(bytes, j);
                    continue;
                }
                b'#' => {
                    j = skip_comment(bytes, j);
                    continue;
                }
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        j += 1;
                        break;
                    }
                }
                _ => {}
            }
            j += 1;
        }
        i = j;
    }
    i
}

/// AppSync schemas often declare `type Query {}` (no fields yet); graphql-parser 0.4 rejects an
/// empty field set. Blanks out `{` ... `}` pairs that hold only whitespace and comments and stand
/// where a field set stands (after a type header, not in a value such as `filter: F = {}`), with
/// spaces of the same length, so every position in the file stays exact.
fn blank_empty_field_sets(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    // Most schemas have no empty field set: a memchr-speed look at every `{` settles that before
    // the lexer-aware scan (which also skips strings) runs. A candidate is skipped only when the
    // byte before it shows a value or a string (`= {}`, `"{}"`); anything else gets the full scan.
    let maybe = memchr::memchr_iter(b'{', bytes).any(|i| {
        empty_after(bytes, i + 1).is_some()
            && !matches!(
                bytes[..i]
                    .iter()
                    .rev()
                    .find(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b',')),
                Some(b'=' | b':' | b'[' | b'"' | b'(')
            )
    });
    if !maybe {
        return Cow::Borrowed(text);
    }
    let mut spans = Vec::new();
    // Inside `(...)` or `[...]` a brace is always a value; outside, it is one after `=` or `:`.
    let mut nesting = 0usize;
    let mut last = 0u8;
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b' ' | b'\t' | b'\r' | b'\n' | b',' => {
                i += 1;
                continue;
            }
            b'#' => {
                i = skip_comment(bytes, i);
                continue;
            }
            b'"' => i = skip_string(bytes, i),
            b'(' | b'[' => {
                nesting += 1;
                i += 1;
            }
            b')' | b']' => {
                nesting = nesting.saturating_sub(1);
                i += 1;
            }
            b'{' => match empty_after(bytes, i + 1) {
                Some(close) if nesting == 0 && !matches!(last, b'=' | b':') => {
                    spans.push((i, close));
                    i = close + 1;
                }
                _ => i += 1,
            },
            _ => i += 1,
        }
        last = c;
    }
    if spans.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = bytes.to_vec();
    for (open, close) in spans {
        out[open] = b' ';
        out[close] = b' ';
    }
    // Only ASCII braces were replaced by ASCII spaces, so the text is still UTF-8.
    Cow::Owned(
        String::from_utf8(out)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
    )
}

/// If only whitespace, commas and comments lie between `from` and the next `}`, that `}`'s index.
fn empty_after(bytes: &[u8], mut j: usize) -> Option<usize> {
    loop {
        match bytes.get(j)? {
            b' ' | b'\t' | b'\r' | b'\n' | b',' => j += 1,
            b'#' => j = skip_comment(bytes, j),
            b'}' => return Some(j),
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{blank_empty_field_sets, prepare};

    #[test]
    fn blanks_only_empty_field_sets() {
        let text =
            "type Query {}\ntype Mutation { # none yet\n}\ntype T { a: Int }\n\"{}\" scalar S";
        let out = blank_empty_field_sets(text);
        assert_eq!(out.len(), text.len());
        assert_eq!(
            out,
            "type Query   \ntype Mutation   # none yet\n \ntype T { a: Int }\n\"{}\" scalar S"
        );
    }

    #[test]
    fn empty_object_values_are_kept() {
        for text in [
            "type Query { f(filter: F = {}): Int }",
            "type Query { f(filter: F = { a: {} }): Int }",
            "type Query { f(filter: [F] = [{} {}]): Int }",
            "type Query @key(fields: {}) { a: Int }",
            "input I { f: F = {} }",
            "type Query { f(filter: F = # none\n {}): Int }",
        ] {
            assert_eq!(blank_empty_field_sets(text), text, "{text}");
        }
        assert_eq!(
            blank_empty_field_sets("type Query @aws_api_key() {}\ninput I { f: F = {} }"),
            "type Query @aws_api_key()   \ninput I { f: F = {} }"
        );
        assert_eq!(
            blank_empty_field_sets("type Query # root\n{\n}"),
            "type Query # root\n \n "
        );
    }

    #[test]
    fn schema_extensions_become_definitions() {
        let text = "type Query { a: Int }\nextend schema @a(x: \"}\") { mutation: M }\n\"extend schema\" scalar S";
        let p = prepare(text);
        assert_eq!(p.text.len(), text.len());
        assert!(p
            .text
            .starts_with("type Query { a: Int }\n       schema @a("));
        assert_eq!(p.schema_extensions, [29]);
        assert!(p.text.ends_with("\"extend schema\" scalar S"));
        let p = prepare("extend schema @a\ntype Query { a: Int }");
        assert_eq!(p.text, "                \ntype Query { a: Int }");
        assert!(p.schema_extensions.is_empty());
        assert!(prepare("# nothing here\n\n  ").empty);
        assert!(!prepare("# a\nscalar S").empty);
    }
}
