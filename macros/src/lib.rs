//! The `#[graphql]` attribute macro of typed-graphql.
//!
//! This crate is a thin front: it hands the attribute to `typed_graphql_codegen::expand` and
//! returns the tokens. Reading files, caching schemas, validation, code generation and the
//! AppSync checks all live in the codegen crate, where plain unit tests reach them. Use the
//! macro through the runtime crate: `#[typed_graphql::graphql(...)]`.
//!
//! # Two forms
//!
//! ```ignore
//! // Module mode: the items of every operation in the documents go inside the module, next to
//! // any items you wrote there.
//! #[typed_graphql::graphql(schema = "graphql/schema.graphql", query = "graphql/todos.graphql")]
//! pub mod todos {}
//!
//! // Struct mode (as with graphql_client): the operation named like the struct. The struct is
//! // the operation's type; its variables and data go in a module named after it (`add_todo`).
//! #[typed_graphql::graphql(schema = "graphql/schema.graphql", query = "graphql/todos.graphql")]
//! pub struct AddTodo;
//! ```
//!
//! # Options
//!
//! | option | value | meaning |
//! |---|---|---|
//! | `schema` | `"path"` or `["a.graphql", "b.graphql"]` | The schema: SDL (the AppSync dialect's scalars and directives included); several files form one schema. Required. |
//! | `query` | `"path"`, a list of paths, or an inline document | The operations. A value containing `{` or starting with `query`, `mutation`, `subscription` or `fragment` is a document, anything else a path. Files of one attribute form one project: a fragment in one file may be spread in another. Required. |
//! | `scalars(Name = "rust::Type", ...)` | GraphQL scalar = Rust type | The Rust type of a custom scalar (it must implement serde's `Serialize` and `Deserialize`). Use absolute paths (`crate::...`, `::chrono::...`). Naming a scalar the schema lacks is an error with "did you mean". |
//! | `scalars_module` | `"crate::scalars"` | Unmapped custom scalars resolve to a type of that module named in PascalCase (`GitObjectID` -> `GitObjectId`). |
//! | `id` | `"String"` | The Rust type of `ID` (default `typed_graphql::scalars::Id`). |
//! | `derives(PartialEq, Eq)` or `derive = "PartialEq, Eq"` | paths | Extra derives on generated variables, input and response types. |
//! | `crate` | `"::my_reexport::typed_graphql"` | Where generated code finds the runtime, when you re-export it. |
//! | `mutations` | glob, e.g. `"graphql/**/*.graphql"` | Documents read only as context for the AppSync checks (mutations kept in other files). Not generated. A pattern matching no file is an error. |
//! | `appsync` | `"warn"` (default), `"deny"`, `"allow"` | How AppSync subscription findings are reported: compiler warnings, compile errors (for CI), or not at all. |
//! | `appsync_strict` | `true` / `false` | Also warn when no known mutation triggers a subscription. |
//! | `max_field_comparisons` | a number (default 1,000,000) | How many pairs of same-named fields validation may compare before refusing a document as too complex (a compile error naming this option), so a hostile document never hangs the build. Identical repeated fields count once; real operations need far fewer. |
//! | `max_tokens` | a number (default 1,000,000) | How many tokens (names, punctuation, values) one document may have; a longer one is refused before parsing with an error naming this option. |
//!
//! A misspelled option is an error on it with the nearest option suggested.
//!
//! # Files and rebuilds
//!
//! Paths are relative to the crate's `Cargo.toml` (`CARGO_MANIFEST_DIR`), then to the file using
//! the macro. Absolute paths work and are shown relative to the crate in messages. A missing
//! file is an error on the argument that named it, saying where it was looked for.
//!
//! Every file read (schema files, documents, files matched by `mutations`) is embedded with
//! `include_bytes!` in an unnamed constant, so cargo's dependency tracking rebuilds the crate
//! when one changes. Each schema is parsed once per compiler process whatever the number of
//! `#[graphql]` uses naming it; the cache re-checks each file's modification time and length,
//! so rust-analyzer's long-lived proc-macro server never serves a stale schema. (rust-analyzer
//! itself re-expands a macro only when its call changes: after editing a `.graphql` file, touch
//! the attribute or restart the server to refresh completions.)
//!
//! # Errors
//!
//! Each problem is a `compile_error!` spanned on the `schema`/`query` argument (or the inline
//! document) whose text is the full diagnostic: `file:line:col`, the line with a caret, and a
//! `help` saying how to fix it. Every error of one attribute is reported in the same build. When
//! the documents are invalid, the items are still generated as far as the errors allow (an
//! unknown field, type or fragment is left out; the rest is as usual), so code using them adds
//! no follow-on errors: you see the real problem. Errors that would make the generated code
//! itself ill-formed (duplicate names, fragment cycles, conflicting fields, syntax errors) leave
//! each operation with minimal items (empty `Variables` and `Data`). The macro does not panic:
//! an internal failure is reported as a compile error too.
//!
//! # Warnings
//!
//! Stable Rust gives proc macros no warning API, so AppSync findings are uses of a deprecated
//! constant named like a lint (for example `appsync_subscription_selects_unreturned_fields`),
//! spanned on the `query` argument, and read
//! `warning: use of deprecated constant ...: <what, where (file:line:col), how to fix>`.
//! `appsync = "deny"` makes them errors, `appsync = "allow"` silences them (as does
//! `#[allow(deprecated)]`). Flaws of the schema file itself (such as duplicate fields in GitHub's
//! public schema) are not reported by the macro, since the crate using it cannot fix them; the
//! `typed-graphql` CLI shows them.
//!
//! # Build speed
//!
//! Cargo builds proc macros and their dependencies without optimisation in debug builds, and
//! parsing a large schema (GitHub's is 1.2 MB) unoptimised takes about ten times longer. Add to
//! your workspace's `Cargo.toml`:
//!
//! ```toml
//! [profile.dev.package.typed-graphql-codegen]
//! opt-level = 3
//! [profile.dev.package.graphql-parser]
//! opt-level = 3
//! [profile.dev.package.combine]
//! opt-level = 3
//! ```
#![warn(missing_docs)]

use proc_macro::TokenStream;

/// Validates GraphQL operations against a schema at build time and generates their typed Rust
/// items (see the [crate docs](crate) for the options).
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
