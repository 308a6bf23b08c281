//! apollo-parser's errors as located diagnostics: the first error only (later ones are usually
//! consequences of it), its token kinds written as users write them.

use crate::diagnostic::Diagnostic;
use crate::source::{FileId, SourceMap, Span};

use super::ParseLimits;

/// Token kinds apollo-parser names in its messages, and how users write them.
const TOKENS: [(&str, &str); 14] = [
    ("R_PAREN", "`)`"),
    ("L_PAREN", "`(`"),
    ("R_CURLY", "`}`"),
    ("L_CURLY", "`{`"),
    ("R_BRACK", "`]`"),
    ("L_BRACK", "`[`"),
    ("COLON", "`:`"),
    ("EQ", "`=`"),
    ("AT", "`@`"),
    ("DOLLAR", "`$`"),
    ("BANG", "`!`"),
    ("SPREAD", "`...`"),
    ("PIPE", "`|`"),
    ("AMP", "`&`"),
];

/// The diagnostic for `error`, found in `file`.
pub(crate) fn syntax_error(
    sources: &SourceMap,
    file: FileId,
    error: &apollo_parser::Error,
    limits: ParseLimits,
) -> Diagnostic {
    let text = &sources.get(file).text;
    let at = error.index().min(text.len());
    let span = Span::new(at, at + error.data().len().max(1));
    let location = Some(sources.location(file, span));
    if error.is_limit() {
        return if error.message().contains("token") {
            let max = limits.max_tokens;
            Diagnostic::error(
                "document-too-complex",
                format!("document too complex: it has more than {max} tokens (the limit `max_tokens`)"),
                location,
            )
            .with_label(format!("token {} is here", max.saturating_add(1)))
            .with_help(format!(
                "split the document; or raise the limit: `max_tokens = {}` in `#[graphql(...)]`, `--max-tokens {}` for `typed-graphql check`",
                max.saturating_mul(10),
                max.saturating_mul(10)
            ))
        } else {
            let max = limits.max_nesting;
            Diagnostic::error(
                "nesting-too-deep",
                format!("the document nests more than {max} levels deep"),
                location,
            )
            .with_label("too deep here")
            .with_help("flatten the selection with fragments, or split the operation")
        };
    }
    let mut message = error.message().to_owned();
    for (kind, written) in TOKENS {
        message = message.replace(kind, written);
    }
    // `expected `)`, got }` names what was found itself; other messages do not. apollo-parser
    // capitalises grammar terms (`expected an Argument`); prose here does not.
    let message = match message.split_once(", got ") {
        Some((expected, "EOF")) => format!(
            "{}, found the end of the file",
            lowercase_outside_backticks(expected)
        ),
        Some((expected, found)) => {
            format!("{}, found `{found}`", lowercase_outside_backticks(expected))
        }
        None => {
            let message = lowercase_outside_backticks(&message);
            if error.is_eof() {
                format!("{message}, found the end of the file")
            } else if !error.data().is_empty() {
                format!("{message}, found `{}`", error.data())
            } else {
                message
            }
        }
    };
    let label = if error.is_eof() {
        "the file ends here".to_owned()
    } else {
        "unexpected here".to_owned()
    };
    Diagnostic::error("syntax", format!("syntax error: {message}"), location).with_label(label)
}

fn lowercase_outside_backticks(text: &str) -> String {
    let mut quoted = false;
    text.chars()
        .map(|c| {
            if c == '`' {
                quoted = !quoted;
            }
            if quoted {
                c
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

/// The `}` of the first empty selection set `{}`: apollo-parser accepts one, the
/// specification's grammar does not (a selection set holds at least one selection).
pub(crate) fn empty_selection_set(doc: &apollo_parser::cst::Document) -> Option<Span> {
    use apollo_parser::cst::{CstNode, SelectionSet};
    doc.syntax()
        .descendants()
        .filter_map(SelectionSet::cast)
        .find(|s| s.selections().next().is_none())
        .and_then(|s| s.r_curly_token())
        .map(|t| Span::new(t.text_range().start().into(), t.text_range().end().into()))
}

/// The diagnostic for an empty selection set, at its `}`.
pub(crate) fn expected_selection(sources: &SourceMap, file: FileId, at: Span) -> Diagnostic {
    Diagnostic::error(
        "syntax",
        "syntax error: expected a field, found `}`",
        Some(sources.location(file, at)),
    )
    .with_label("a selection set needs at least one field")
    .with_help("select a field, or remove the braces")
}

/// A tree the parser accepted without error but that misses a part lowering needs: a parser
/// bug, reported as a syntax error at the start of the file rather than a panic.
pub(crate) fn incomplete(sources: &SourceMap, file: FileId) -> Diagnostic {
    Diagnostic::error(
        "syntax",
        "syntax error: the document could not be read completely",
        Some(sources.location(file, Span::default())),
    )
    .with_help("please report this document to typed-graphql")
}
