//! The interop tests' peers (installed and started one way for the whole workspace): see the
//! `typed-graphql-peers` crate.

pub use typed_graphql_peers::*;
