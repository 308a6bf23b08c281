//! GraphQL over HTTP: queries and mutations with reqwest.
