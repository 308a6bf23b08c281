//! The `#[graphql]` attribute macro. Thin: parses the attribute and calls `typed_graphql_codegen`.

use proc_macro::TokenStream;

/// Generates typed operations from a schema and documents (filled in by the codegen work).
#[proc_macro_attribute]
pub fn graphql(_attr: TokenStream, item: TokenStream) -> TokenStream {
    item
}
