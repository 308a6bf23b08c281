//! Build-time core of typed-graphql: loads schemas, validates operation documents against the
//! GraphQL specification, runs the AppSync subscription checks and generates Rust code.
//!
//! Data flows one way: source text -> parsed schema and documents -> validated, resolved
//! operations -> generated tokens. The proc-macro crate and the CLI are thin fronts over it.

pub mod diagnostic;
pub mod document;
pub mod schema;
pub mod source;

pub use diagnostic::{Diagnostic, Severity};
pub use schema::Schema;
pub use source::{FileId, LineCol, Location, SourceMap};
