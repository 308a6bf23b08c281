//! The `#[graphql]` attribute macro of typed-graphql.
//!
//! This crate is a thin front: it hands the attribute to `typed_graphql_codegen::expand` and
//! returns the tokens. Reading files, caching schemas, validation, code generation and the
//! AppSync checks all live in the codegen crate, where plain unit tests reach them. Use the
//! macro through the runtime crate: `#[typed_graphql::graphql(...)]`; its documentation, with
//! every option, is on the [`graphql`] attribute (shown as is in the runtime crate's docs).
#![warn(missing_docs)]

use proc_macro::TokenStream;

#[doc = include_str!("graphql.md")]
#[proc_macro_attribute]
pub fn graphql(attr: TokenStream, item: TokenStream) -> TokenStream {
    let source_file = Some(proc_macro::Span::call_site().local_file()).flatten();
    let roots = typed_graphql_codegen::expand::Roots::from_env(source_file);
    let attr2: proc_macro2::TokenStream = attr.into();
    let item2: proc_macro2::TokenStream = item.clone().into();
    // Last resort: a bug in the codegen must not crash the compiler, so a panic becomes a
    // compile error (and the user's item is kept, so its uses still resolve).
    match std::panic::catch_unwind(move || {
        typed_graphql_codegen::expand::expand(attr2, item2, &roots)
    }) {
        Ok(tokens) => tokens.into(),
        Err(panic) => {
            let detail = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            let message = format!(
                "typed-graphql: internal error in #[graphql] ({detail}); please report it with the schema and document"
            );
            let item: proc_macro2::TokenStream = item.into();
            quote::quote!(#item ::core::compile_error!(#message);).into()
        }
    }
}
