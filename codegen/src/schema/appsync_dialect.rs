//! What AppSync accepts and graphql-parser does not.

use std::borrow::Cow;

use crate::scan::{skip_comment, skip_string};

/// AppSync schemas often declare `type Query {}` (no fields yet); graphql-parser 0.4 rejects an
/// empty field set. Blanks out `{` ... `}` pairs that hold only whitespace and comments, with
/// spaces of the same length, so every position in the file stays exact.
pub(super) fn blank_empty_field_sets(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => i = skip_comment(bytes, i),
            b'"' => i = skip_string(bytes, i),
            b'{' => {
                let mut j = i + 1;
                loop {
                    match bytes.get(j) {
                        Some(b' ' | b'\t' | b'\r' | b'\n' | b',') => j += 1,
                        Some(b'#') => j = skip_comment(bytes, j),
                        _ => break,
                    }
                }
                if bytes.get(j) == Some(&b'}') {
                    spans.push((i, j));
                    i = j + 1;
                } else {
                    i += 1;
                }
            }
            _ => i += 1,
        }
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

#[cfg(test)]
mod tests {
    use super::blank_empty_field_sets;

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
}
