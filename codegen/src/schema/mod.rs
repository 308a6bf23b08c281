//! Schema loading: SDL (AppSync dialect included) and introspection JSON, merged and checked.

mod meta;
pub mod model;

pub use model::*;
