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

pub(crate) use errors::syntax_error;
pub(crate) use lower::{
    description, directives, lower_document, name, named_type, span, string, ty, value,
};
pub(crate) use print::write_string_literal;

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
    let text = &sources.get(file).text;
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
        .recursion_limit(200)
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
    unplace(&mut value);
    Some(value)
}

fn unplace(value: &mut ast::Value) {
    value.span = crate::source::Span::default();
    match &mut value.kind {
        ast::ValueKind::List(items) => items.iter_mut().for_each(unplace),
        ast::ValueKind::Object(fields) => fields.iter_mut().for_each(|f| {
            f.name.span = crate::source::Span::default();
            unplace(&mut f.value);
        }),
        _ => {}
    }
}
