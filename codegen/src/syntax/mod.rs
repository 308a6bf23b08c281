//! GraphQL source text to trees. apollo-parser reads every syntax of the current specification
//! (schema and executable descriptions, directives on variable definitions, braced unicode
//! escapes, block strings) into a lossless tree with a byte range on every node and token; this
//! module reports its syntax errors as diagnostics and lowers the tree once into owned nodes
//! that carry their [`Span`](crate::source::Span)s. Schemas and documents are both read here,
//! so positions have one source. The choice of parser is measured in `codegen/benches/PARSER.md`.

pub mod ast;
mod errors;
mod lower;

pub(crate) use errors::{incomplete, syntax_error};
pub(crate) use lower::{description, directives, lower_document, name, span, string, ty, value};

use crate::diagnostic::Diagnostic;
use crate::source::{FileId, SourceMap};

pub(crate) use apollo_parser::cst;

/// How much of one text the parser reads before refusing it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ParseLimits {
    /// The most tokens (comments and whitespace excluded).
    pub max_tokens: usize,
    /// The deepest nesting of selection sets, values and types.
    pub max_nesting: usize,
}

/// The parsed tree of `file`, or the diagnostic for its first syntax error (or limit reached).
pub(crate) fn parse(
    sources: &SourceMap,
    file: FileId,
    limits: ParseLimits,
) -> Result<cst::Document, Diagnostic> {
    parse_text(sources, file, &sources.get(file).text, limits)
}

/// Like [`parse`], for `text`: a rewrite of `file`'s text that keeps every byte offset (the
/// AppSync dialect's), so errors and spans still point into `file`.
pub(crate) fn parse_text(
    sources: &SourceMap,
    file: FileId,
    text: &str,
    limits: ParseLimits,
) -> Result<cst::Document, Diagnostic> {
    let tree = apollo_parser::Parser::new(text)
        .token_limit(limits.max_tokens)
        .recursion_limit(limits.max_nesting)
        .parse();
    match tree.errors().next() {
        None => Ok(tree.document()),
        Some(first) => Err(syntax_error(sources, file, first, limits)),
    }
}

/// Parses and lowers an executable document (operations and fragments).
pub(crate) fn parse_executable(
    sources: &SourceMap,
    file: FileId,
    limits: ParseLimits,
) -> Result<ast::Document, Diagnostic> {
    let cst = parse(sources, file, limits)?;
    lower_document(&cst).ok_or_else(|| errors::incomplete(sources, file))
}
