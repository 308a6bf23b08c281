//! Build-time core of typed-graphql: loads schemas, validates operation documents against the
//! GraphQL specification, runs the AppSync subscription checks and generates Rust code.
//!
//! Data flows one way: source text -> parsed schema and documents -> validated, resolved
//! operations -> generated tokens. The proc-macro crate and the CLI are thin fronts over it.
#![warn(missing_docs)]
// Diagnostics are this crate's errors; they are built once per failure, so their size is fine.
#![allow(clippy::result_large_err)]

pub mod appsync;
pub mod cache;
pub mod config;
pub mod diagnostic;
pub mod document;
pub mod emit;
pub mod expand;
pub mod limits;
pub mod persisted;
pub mod project;
pub mod resolve;
pub mod schema;
pub mod source;
pub mod suggest;
pub mod syntax;
mod validate;

pub use diagnostic::{Diagnostic, Severity};
pub use schema::Schema;
pub use source::{FileId, LineCol, Location, SourceMap};
