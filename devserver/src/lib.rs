//! Local GraphQL dev server for typed-graphql tests and examples.
