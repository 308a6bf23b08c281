//! Exact name positions. graphql-parser gives each definition the position where it starts: the
//! description of a described field or argument, the `type` keyword of a type. Diagnostics must
//! point at the name, so the loader looks it up from there.

use graphql_parser::Pos;

use crate::source::{parser_column_offset, FileId, LineCol, Location, SourceFile};

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

    /// The location of `name`, the first name token equal to it at or after `pos`; `pos` itself
    /// when the text does not show it (which only a rewritten text could cause).
    pub fn name(&self, pos: Pos, name: &str) -> Location {
        let len = name.chars().count();
        let Some(source) = self.source else {
            return Location {
                file: self.file,
                start: LineCol {
                    line: pos.line,
                    column: pos.column,
                },
                len,
            };
        };
        let line_start = source.offset(LineCol {
            line: pos.line,
            column: 1,
        });
        let line = source.line(pos.line).unwrap_or("");
        let from = parser_column_offset(line, pos.column)
            .map_or(line_start + line.len(), |i| line_start + i);
        let at = find_name(&source.text, from, name).unwrap_or(from);
        let line_head = LineCol {
            line: pos.line,
            column: 1,
        };
        Location {
            file: self.file,
            start: advance(&source.text, line_start, line_head, at),
            len,
        }
    }

    /// The location of a token of `len` characters that graphql-parser places at `pos`.
    pub fn span(&self, pos: Pos, len: usize) -> Location {
        let Some(source) = self.source else {
            return Location {
                file: self.file,
                start: LineCol {
                    line: pos.line,
                    column: pos.column,
                },
                len,
            };
        };
        let line = source.line(pos.line).unwrap_or("");
        let at = parser_column_offset(line, pos.column).map_or(line.len(), |i| i);
        Location {
            file: self.file,
            start: LineCol {
                line: pos.line,
                column: line.get(..at).map_or(1, |head| head.chars().count() + 1),
            },
            len,
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

/// The line and column of byte `to`, counted on from byte `from` at `start` (the distance is a
/// description at most, so this beats a lookup in the line index).
fn advance(text: &str, from: usize, start: LineCol, to: usize) -> LineCol {
    let Some(between) = text.get(from..to) else {
        return start;
    };
    match between.rfind('\n') {
        None => LineCol {
            line: start.line,
            column: start.column + between.chars().count(),
        },
        Some(last) => LineCol {
            line: start.line + memchr::memchr_iter(b'\n', between.as_bytes()).count(),
            column: between[last + 1..].chars().count() + 1,
        },
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
    let bytes = text.as_bytes();
    loop {
        let quote = i + memchr::memchr(b'"', bytes.get(i..)?)?;
        if !bytes[quote..].starts_with(b"\"\"\"") {
            i = quote + 1;
        } else if quote > 0 && bytes[quote - 1] == b'\\' {
            // `\"""` is an escaped delimiter inside the string.
            i = quote + 3;
        } else {
            return Some(quote + 3);
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
