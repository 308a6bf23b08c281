//! What AWS AppSync accepts and apollo-parser does not: empty field sets (`type Query {}`,
//! which AppSync schemas often declare before they have fields) and files holding no
//! definition (only comments). The rewrite keeps every byte offset, so spans still point into the file.
//!
//! The scan uses apollo-parser's own lexer, so strings, block strings and comments are skipped
//! exactly as the parser skips them.

use std::borrow::Cow;

use apollo_parser::{Lexer, TokenKind};

/// The text to parse, positions unchanged; `None` when the file holds no definition (only
/// whitespace and comments), which apollo-parser refuses as an empty document.
pub(super) fn prepare(text: &str) -> Option<Cow<'_, str>> {
    let mut tokens = significant(text).peekable();
    tokens.peek()?;
    if !may_have_empty_braces(text.as_bytes()) {
        return Some(Cow::Borrowed(text));
    }
    Some(blank_empty_field_sets(text, tokens))
}

/// The tokens of `text` that are not whitespace, commas or comments; `None` for a lexing error
/// (which the parser reports), so a file whose only content is an unterminated string is not
/// taken for an empty one.
fn significant(text: &str) -> impl Iterator<Item = Option<apollo_parser::Token<'_>>> {
    Lexer::new(text).map(Result::ok).filter(|t| {
        !t.as_ref().is_some_and(|t| {
            matches!(
                t.kind(),
                TokenKind::Whitespace | TokenKind::Comment | TokenKind::Comma | TokenKind::Eof
            )
        })
    })
}

/// Whether some `{` is followed by `}` or a comment after only whitespace and commas: a cheap
/// look (memchr speed) that spares most schemas the lexer pass.
fn may_have_empty_braces(bytes: &[u8]) -> bool {
    memchr::memchr_iter(b'{', bytes).any(|i| {
        matches!(
            bytes[i + 1..]
                .iter()
                .find(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b',')),
            Some(b'}' | b'#')
        )
    })
}

/// Blanks the `{` and `}` of each empty field set (spaces of the same length), leaving a type
/// without fields, which the parser accepts. A field set is a `{` at the top level (not inside
/// arguments, a list or another block) after a name or a `)` (the type's name, an interface, a
/// directive): an empty object value (`filter: F = {}`) is never one.
fn blank_empty_field_sets<'t>(
    text: &'t str,
    tokens: impl Iterator<Item = Option<apollo_parser::Token<'t>>>,
) -> Cow<'t, str> {
    let mut spans = Vec::new();
    let mut depth = 0usize;
    let mut previous = TokenKind::Eof;
    // A `{` that opens a field set, while nothing has followed it yet.
    let mut open: Option<usize> = None;
    for token in tokens {
        let Some(token) = token else {
            open = None;
            continue;
        };
        let kind = token.kind();
        match kind {
            TokenKind::LCurly => {
                open = (depth == 0 && matches!(previous, TokenKind::Name | TokenKind::RParen))
                    .then(|| token.index());
                depth += 1;
            }
            TokenKind::RCurly => {
                depth = depth.saturating_sub(1);
                if let Some(start) = open.take() {
                    spans.push((start, token.index()));
                }
            }
            TokenKind::LParen | TokenKind::LBracket => {
                open = None;
                depth += 1;
            }
            TokenKind::RParen | TokenKind::RBracket => {
                open = None;
                depth = depth.saturating_sub(1);
            }
            _ => open = None,
        }
        previous = kind;
    }
    if spans.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = text.as_bytes().to_vec();
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
    use super::prepare;

    fn rewritten(text: &str) -> String {
        prepare(text).expect("has definitions").into_owned()
    }

    /// Whether apollo-parser reads `text` without error.
    fn parses(text: &str) -> bool {
        apollo_parser::Parser::new(text)
            .parse()
            .errors()
            .next()
            .is_none()
    }

    #[test]
    fn empty_field_sets_are_still_needed_and_blanked() {
        // apollo-parser refuses them; once it does not, this rewrite can go.
        for text in [
            "type Query {}",
            "interface I {}",
            "input I {}",
            "enum E {}",
            "type Query @aws_iam {}",
        ] {
            assert!(!parses(text), "{text}");
            assert!(parses(&rewritten(text)), "{text}");
        }
        let text =
            "type Query {}\ntype Mutation { # none yet\n}\ntype T { a: Int }\n\"{}\" scalar S";
        let out = rewritten(text);
        assert_eq!(out.len(), text.len());
        assert_eq!(
            out,
            "type Query   \ntype Mutation   # none yet\n \ntype T { a: Int }\n\"{}\" scalar S"
        );
        assert_eq!(
            rewritten("type Query # root\n{\n}"),
            "type Query # root\n \n "
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
            "\"\"\"{}\"\"\" type Query { a: Int } # {}",
        ] {
            assert_eq!(rewritten(text), text, "{text}");
        }
        assert_eq!(
            rewritten("type Query @aws_api_key() {}\ninput I { f: F = {} }"),
            "type Query @aws_api_key()   \ninput I { f: F = {} }"
        );
    }

    #[test]
    fn files_without_definitions_are_still_needed_and_skipped() {
        // apollo-parser refuses an empty document; a schema file may hold nothing yet.
        for text in ["# nothing here\n\n  ", "", "\u{feff}, # c"] {
            assert!(!parses(text), "{text:?}");
            assert!(prepare(text).is_none(), "{text:?}");
        }
        assert!(prepare("# a\nscalar S").is_some());
        assert!(prepare("# a\n\"unterminated").is_some());
    }
}
