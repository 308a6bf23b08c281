//! typed-graphql runtime (placeholder, filled in next commit).
