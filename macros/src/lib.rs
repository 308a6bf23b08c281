//! The `#[graphql]` attribute macro. Thin: parses the attribute and calls `typed_graphql_codegen`.
