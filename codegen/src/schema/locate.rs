//! Exact name positions. graphql-parser gives each definition the position where it starts: the
//! description of a described field or argument, the `type` keyword of a type. Diagnostics must
//! point at the name, so the loader looks it up from there.

use graphql_parser::Pos;

use crate::source::{FileId, LineCol, Location, SourceFile};

/// Finds names in one file.
pub(super) struct Locator<'s> {
    file: FileId,
    /// `None` for the built-ins, which have no file.
    source: Option<&'s SourceFile>,
}

impl<'s> Locator<'s> {
    /// A locator for `file` (whose text is `source`).
    pub fn new(file: FileId, source: Option<&'s SourceFile>) -> Self {
        Locator { file, source }
    }

    /// The file.
    pub fn file(&self) -> FileId {
        self.file
    }

    /// The location of `name`, the first name token equal to it at or after `pos`; `pos` itself
    /// when the text does not show it (which only a rewritten text could cause).
    pub fn name(&self, pos: Pos, name: &str) -> Location {
        let start = LineCol {
            line: pos.line,
            column: pos.column,
        };
        let fallback = Location {
            file: self.file,
            start,
            len: name.chars().count(),
        };
        let Some(source) = self.source else {
            return fallback;
        };
        let from = source.offset(start);
        match find_name(&source.text, from, name) {
            Some(at) if at == from => fallback,
            Some(at) => Location {
                start: source.line_col(at),
                ..fallback
            },
            None => fallback,
        }
    }

    /// The location of `@name` of a directive definition starting at `pos` (the `directive`
    /// keyword or its description).
    pub fn directive_name(&self, pos: Pos, name: &str) -> Location {
        let mut at = self.name(pos, name);
        if at.start.column > 1 {
            at.start.column -= 1;
            at.len += 1;
        }
        at
    }
}

/// The byte offset of the first name token equal to `name` at or after `from`, skipping strings
/// (descriptions) and comments. Searches end at the first `{`, `(` or `:` past the start, so a
/// name missing from its definition is never found in a later one.
pub(super) fn find_name(text: &str, from: usize, name: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = from;
    while let Some(&b) = bytes.get(i) {
        match b {
            b' ' | b'\t' | b'\r' | b'\n' | b',' | b'@' | b'=' | b'|' | b'&' => i += 1,
            0xEF if bytes[i..].starts_with(&[0xEF, 0xBB, 0xBF]) => i += 3,
            b'#' => {
                i = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
            }
            b'"' if bytes[i..].starts_with(b"\"\"\"") => i = skip_block_string(text, i + 3)?,
            b'"' => i = skip_string(bytes, i + 1)?,
            b'_' | b'a'..=b'z' | b'A'..=b'Z' => {
                let end = bytes[i..]
                    .iter()
                    .position(|b| !(b.is_ascii_alphanumeric() || *b == b'_'))
                    .map_or(bytes.len(), |n| i + n);
                if &text[i..end] == name {
                    return Some(i);
                }
                i = end;
            }
            _ => return None,
        }
    }
    None
}

/// Past the closing `"""` of a block string whose content starts at `i`.
fn skip_block_string(text: &str, mut i: usize) -> Option<usize> {
    loop {
        let close = i + text.get(i..)?.find("\"\"\"")?;
        // `\"""` is an escaped delimiter inside the string.
        if close > 0 && text.as_bytes()[close - 1] == b'\\' {
            i = close + 3;
        } else {
            return Some(close + 3);
        }
    }
}

/// Past the closing `"` of a string whose content starts at `i`.
fn skip_string(bytes: &[u8], mut i: usize) -> Option<usize> {
    loop {
        match bytes.get(i)? {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            b'\n' => return None,
            _ => i += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::find_name;

    #[test]
    fn finds_the_name_after_descriptions_and_keywords() {
        let text = "\"\"\"a \\\"\"\" b\"\"\"\ntype Query { x: Int }";
        assert_eq!(find_name(text, 0, "Query"), Some(20));
        assert_eq!(find_name("\"d: x\" # c x\n x: Int", 0, "x"), Some(14));
        assert_eq!(find_name("directive @foo on FIELD", 0, "foo"), Some(11));
        assert_eq!(find_name("type A { b: Int }", 0, "b"), None);
        assert_eq!(find_name("\"unterminated", 0, "b"), None);
    }
}
