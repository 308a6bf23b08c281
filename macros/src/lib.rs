//! The `#[graphql]` attribute macro of typed-graphql. Thin: it hands the attribute to
//! `typed_graphql_codegen::expand` and returns the tokens; all logic lives in the codegen crate,
//! where plain unit tests reach it.
//!
//! ```ignore
//! #[typed_graphql::graphql(schema = "graphql/schema.graphql", query = "graphql/todos.graphql")]
//! pub mod todos {}
//! ```
//!
//! Options:
//! - `schema = "path"` or `["a.graphql", "b.graphql"]`: the schema (SDL, AppSync dialect included).
//! - `query = "path"`, a list of paths, or an inline document: the operations.
//! - `mutations = "graphql/**/*.graphql"`: documents read only as context for the AppSync
//!   subscription checks (mutations kept in other files).
//! - `appsync = "warn" | "deny" | "allow"`: how AppSync subscription findings are reported
//!   (compiler warnings by default; `deny` for CI).
//! - `appsync_strict = true`: also warn when no known mutation triggers a subscription.
//!
//! Paths are relative to the crate's `Cargo.toml` (then to the file using the macro). Every file
//! read is tracked, so editing it rebuilds the crate. Invalid documents are compile errors that
//! name the file, line and column, show the line and suggest the fix.
//!
//! The macro runs unoptimised in debug builds; for large schemas add to your workspace:
//!
//! ```toml
//! [profile.dev.package.typed-graphql-codegen]
//! opt-level = 3
//! [profile.dev.package.graphql-parser]
//! opt-level = 3
//! [profile.dev.package.combine]
//! opt-level = 3
//! ```

use proc_macro::TokenStream;

/// Validates the operations against the schema at build time (see the crate docs).
#[proc_macro_attribute]
pub fn graphql(attr: TokenStream, item: TokenStream) -> TokenStream {
    let source_file = Some(proc_macro::Span::call_site().local_file()).flatten();
    let roots = typed_graphql_codegen::expand::Roots::from_env(source_file);
    let item2: proc_macro2::TokenStream = item.clone().into();
    // A bug in the codegen must not crash the compiler: report it as an error instead.
    match std::panic::catch_unwind(move || {
        typed_graphql_codegen::expand::expand(attr.into(), item2, &roots)
    }) {
        Ok(tokens) => tokens.into(),
        Err(_) => {
            let item: proc_macro2::TokenStream = item.into();
            quote::quote! {
                #item
                ::core::compile_error!("typed-graphql: internal error in the #[graphql] macro; please report it with the schema and document");
            }
            .into()
        }
    }
}
