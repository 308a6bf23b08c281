//! Lexer-aware scans of GraphQL source: finding tokens graphql-parser gives no position for
//! (arguments, type conditions), and skipping comments and strings while looking.

/// The byte offset of the name token `name` that is followed by `:` inside the first
/// parenthesised list at or after `from` (an argument or a nested object field name).
pub(crate) fn find_argument(text: &str, from: usize, name: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = from;
    let mut depth = 0i32;
    let mut opened = false;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => i = skip_comment(bytes, i),
            b'"' => i = skip_string(bytes, i),
            b'(' | b'[' | b'{' if !opened && bytes[i] != b'(' => return None,
            b'(' => {
                opened = true;
                depth += 1;
                i += 1;
            }
            b'[' | b'{' => {
                depth += 1;
                i += 1;
            }
            b')' | b']' | b'}' => {
                depth -= 1;
                if depth <= 0 {
                    return None;
                }
                i += 1;
            }
            c if is_name_start(c) => {
                let start = i;
                while i < bytes.len() && is_name_continue(bytes[i]) {
                    i += 1;
                }
                if opened && depth == 1 && &text[start..i] == name && next_is_colon(bytes, i) {
                    return Some(start);
                }
            }
            _ => i += 1,
        }
    }
    None
}

/// The byte offset of the next name token equal to `name` at or after `from`.
pub(crate) fn find_name(text: &str, from: usize, name: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => i = skip_comment(bytes, i),
            b'"' => i = skip_string(bytes, i),
            c if is_name_start(c) => {
                let start = i;
                while i < bytes.len() && is_name_continue(bytes[i]) {
                    i += 1;
                }
                if &text[start..i] == name {
                    return Some(start);
                }
            }
            _ => i += 1,
        }
    }
    None
}

fn next_is_colon(bytes: &[u8], mut i: usize) -> bool {
    while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | b'\r' | b'\n' | b',') {
        i += 1;
    }
    bytes.get(i) == Some(&b':')
}

fn is_name_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}

fn is_name_continue(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// The index of the end of the `#` comment starting at `i` (its newline, or the end).
pub(crate) fn skip_comment(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && bytes[i] != b'\n' {
        i += 1;
    }
    i
}

/// The index just past the string or block string starting at `i` (a `"`).
pub(crate) fn skip_string(bytes: &[u8], i: usize) -> usize {
    if bytes[i..].starts_with(b"\"\"\"") {
        let mut j = i + 3;
        while j < bytes.len() {
            if bytes[j..].starts_with(b"\\\"\"\"") {
                j += 4;
            } else if bytes[j..].starts_with(b"\"\"\"") {
                return j + 3;
            } else {
                j += 1;
            }
        }
        return j;
    }
    let mut j = i + 1;
    while j < bytes.len() {
        match bytes[j] {
            b'\\' => j += 2,
            b'"' | b'\n' => return j + 1,
            _ => j += 1,
        }
    }
    j
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_arguments_not_values_or_strings() {
        let text = r#"todo(note: "id: 1", id: 3, input: { id: 4 }) { id }"#;
        assert_eq!(find_argument(text, 0, "id"), Some(20));
        assert_eq!(find_argument(text, 0, "input"), Some(27));
        assert_eq!(find_argument(text, 0, "missing"), None);
        assert_eq!(find_argument("todo { id }", 0, "id"), None);
        assert_eq!(find_name("... on Todo { id }", 3, "Todo"), Some(7));
    }
}
