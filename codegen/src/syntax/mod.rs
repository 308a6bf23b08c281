//! GraphQL source text to trees. apollo-parser reads every syntax of the current specification
//! (schema and executable descriptions, directives on variable definitions, braced unicode
//! escapes, block strings) into a lossless tree with a byte range on every node and token; this
//! module reports its syntax errors as diagnostics and lowers the tree once into owned nodes
//! that carry their [`Span`](crate::source::Span)s. Schemas and documents are both read here,
//! so positions have one source. The choice of parser is measured in `codegen/benches/PARSER.md`.

pub mod ast;
mod errors;
mod lower;
mod print;

pub(crate) use errors::{incomplete, syntax_error};
pub(crate) use lower::{description, directives, lower_document, name, span, ty, value};
pub(crate) use print::write_string_literal;

use crate::diagnostic::Diagnostic;
use crate::source::{FileId, SourceMap};

pub(crate) use apollo_parser::cst;

/// What a text is read as: errors are worded for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Grammar {
    /// An executable document: operations and fragments.
    Document,
    /// A schema file: type system definitions.
    Schema,
}

/// What one text is parsed as, and how much of it the parser reads before refusing it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ParseLimits {
    /// What the text holds.
    pub grammar: Grammar,
    /// The most tokens, as the lexer counts them (whitespace runs and comments included).
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
    lower_document(&cst).ok_or_else(|| match errors::empty_selection_set(&cst) {
        Some(at) => errors::expected_selection(sources, file, at),
        None => errors::incomplete(sources, file),
    })
}

/// A value written alone, as introspection gives default values: read inside a placeholder
/// document, so it has no place in any file (every span is empty).
pub(crate) fn parse_value(text: &str) -> Option<ast::Value> {
    let doc = format!("query($v: Int = {text}) {{ a }}");
    let tree = apollo_parser::Parser::new(&doc)
        .recursion_limit(crate::limits::MAX_NESTING)
        .token_limit(1_000_000)
        .parse();
    if tree.errors().next().is_some() {
        return None;
    }
    let ast = lower_document(&tree.document())?;
    let ast::Definition::Operation(op) = ast.definitions.into_iter().next()? else {
        return None;
    };
    let mut value = op.variable_definitions.into_iter().next()?.default_value?;
    value.unplace();
    Some(value)
}
