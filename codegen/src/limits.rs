//! Bounds on the work one document may cause: parsing (tokens, nesting) and validation (field
//! comparisons). The macro takes them from `#[graphql(...)]`, the CLI from its flags.

/// Deeper nesting than this (selection sets, lists, objects, types: each a recursion of the
/// parser and of every later stage) is refused while parsing, with a located error that says so.
/// graphql-js has no such limit, so a document nested deeper than this is the one kind of valid
/// document typed-graphql refuses.
pub const MAX_NESTING: usize = 50;

/// Bounds on the work validation may do, so a hostile document ends in a clear error instead
/// of a hung build. The macro takes them from `#[graphql(...)]`, the CLI from its flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// How many pairs of same-named fields the overlapping-fields rule may compare (nested
    /// sub-selections and fragments included) before the document is refused as too complex.
    /// Repeated identical fields count once. Default [`Limits::DEFAULT_FIELD_COMPARISONS`].
    pub max_field_comparisons: u64,
    /// How many tokens one document may have, counted as the lexer reads them: names,
    /// punctuation, numbers, strings, and also each run of whitespace, commas and each comment
    /// (so about twice graphql-js's `maxTokens` for the same text). The parser stops at the
    /// first token past it.
    /// Default [`Limits::DEFAULT_TOKENS`].
    pub max_tokens: usize,
}

impl Limits {
    /// The default of [`Limits::max_tokens`]: a document of about 7 MB of plain fields, some
    /// hundred times GitHub-sized operations, parsed and validated in about a second.
    pub const DEFAULT_TOKENS: usize = 2_000_000;
    /// The default of [`Limits::max_field_comparisons`]: about half a second of work in a
    /// release build, some hundred times what GitHub-sized operations need.
    pub const DEFAULT_FIELD_COMPARISONS: u64 = 1_000_000;
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_field_comparisons: Limits::DEFAULT_FIELD_COMPARISONS,
            max_tokens: Limits::DEFAULT_TOKENS,
        }
    }
}
