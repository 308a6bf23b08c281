//! apollo-parser's errors as located diagnostics: the first error only (later ones are usually
//! consequences of it), its token kinds written as users write them.

use crate::diagnostic::Diagnostic;
use crate::source::{FileId, SourceMap, Span};

use super::{Grammar, ParseLimits};

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
        return limit_reached(error, limits, location);
    }
    let mut message = error.message().to_owned();
    for (kind, written) in TOKENS {
        message = message.replace(kind, written);
    }
    // `expected `)`, got }` names what was found itself; other messages take the token.
    let (expected, found) = match message.split_once(", got ") {
        Some((expected, found)) => (expected.to_owned(), found.to_owned()),
        None => (message, error.data().to_owned()),
    };
    let found_name = Some(found.as_str())
        .filter(|f| f.starts_with(|c: char| c == '_' || c.is_ascii_alphabetic()));
    let found = if error.is_eof() || found == "EOF" {
        "the end of the file".to_owned()
    } else if found.contains('\n') {
        // A token spanning lines (an unterminated string runs to the end of the file) is not
        // worth quoting.
        String::new()
    } else if found.is_empty() {
        String::new()
    } else {
        format!("`{found}`")
    };
    let mut label = if error.is_eof() {
        "the file ends here"
    } else {
        "unexpected here"
    }
    .to_owned();
    let mut help = None;
    let expected = match (expected.as_str(), found_name) {
        // The grammar refuses these names as enum values; say why.
        ("invalid Enum Value", Some(literal @ ("true" | "false" | "null"))) => {
            label = "reserved word".to_owned();
            help = Some(format!("use `{}`", literal.to_uppercase()));
            return Diagnostic::error(
                "syntax",
                format!("an enum cannot have the value `{literal}`: it would read as the literal `{literal}`"),
                location,
            )
            .with_label(label)
            .with_help(help.unwrap_or_default());
        }
        // After a field's name (and arguments) a name can only mean a missing `:`.
        ("expected a type", Some(_)) if limits.grammar == Grammar::Schema => "expected `:`".to_owned(),
        ("expected definition" | "expected a definition" | "expected a StringValue, Name or OperationDefinition", _) => {
            match limits.grammar {
                Grammar::Schema => "expected a definition (`type`, `interface`, `union`, `enum`, `input`, `scalar`, `directive`, `schema` or `extend`)".to_owned(),
                Grammar::Document => {
                    help = Some("a document holds operations (`query`, `mutation`, `subscription`, `{`) and fragments".to_owned());
                    "expected an operation or a fragment".to_owned()
                }
            }
        }
        // apollo-parser capitalises grammar terms (`expected an Argument`); prose here does not.
        (other, _) => lowercase_outside_backticks(other),
    };
    let message = if found.is_empty() {
        format!("syntax error: {expected}")
    } else {
        format!("syntax error: {expected}, found {found}")
    };
    let location = location.map(|mut l| {
        if found.is_empty() {
            l.len = 1;
        }
        l
    });
    let d = Diagnostic::error("syntax", message, location).with_label(label);
    match help {
        Some(help) => d.with_help(help),
        None => d,
    }
}

/// The diagnostic for a token or nesting limit reached, naming the limit and how to raise it.
fn limit_reached(
    error: &apollo_parser::Error,
    limits: ParseLimits,
    location: Option<crate::source::Location>,
) -> Diagnostic {
    let tokens = error.message().contains("token");
    match (limits.grammar, tokens) {
        (Grammar::Document, true) => {
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
        }
        (Grammar::Document, false) => Diagnostic::error(
            "nesting-too-deep",
            format!(
                "the document nests more than {} levels deep",
                limits.max_nesting
            ),
            location,
        )
        .with_label("too deep here")
        .with_help("flatten the selection with fragments, or split the operation"),
        (Grammar::Schema, true) => Diagnostic::error(
            "document-too-complex",
            format!(
                "schema too large: it has more than {} tokens",
                limits.max_tokens
            ),
            location,
        )
        .with_label(format!(
            "token {} is here",
            limits.max_tokens.saturating_add(1)
        ))
        .with_help("split the schema into several files"),
        (Grammar::Schema, false) => Diagnostic::error(
            "nesting-too-deep",
            format!(
                "the schema nests types or values more than {} levels deep",
                limits.max_nesting
            ),
            location,
        )
        .with_label("too deep here")
        .with_help("look for an unclosed `[` or `{`"),
    }
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
