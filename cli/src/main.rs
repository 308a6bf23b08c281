//! `typed-graphql`: validate GraphQL documents against a schema in CI, print the Rust the macro
//! generates, and fetch a schema by introspection.

// Diagnostics are this tool's errors; their size does not matter on the error path.
#![allow(clippy::result_large_err)]

mod check;
mod expand;
mod fetch;
mod load;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Exit code when every document is valid.
const OK: u8 = 0;
/// Exit code when a document is invalid (or a warning under `--deny-warnings`).
const INVALID: u8 = 1;
/// Exit code for usage and I/O errors, including a schema that cannot be loaded.
const USAGE: u8 = 2;

#[derive(Parser)]
#[command(
    name = "typed-graphql",
    version,
    about = "Build-time GraphQL checks and code generation for typed-graphql",
    after_help = "Examples:\n  \
        typed-graphql check --schema graphql/schema.graphql graphql/*.graphql\n  \
        typed-graphql expand --schema graphql/schema.graphql graphql/todos.graphql\n  \
        typed-graphql schema fetch http://127.0.0.1:4000/graphql -o schema.graphql"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate documents against a schema, as the #[graphql] macro does at build time.
    ///
    /// The documents form one project: a fragment defined in one file may be spread in another,
    /// and names must be unique across them. Exit code: 0 when every document is valid, 1 when
    /// any is invalid, 2 on usage or I/O errors (including a schema that cannot be loaded).
    #[command(after_help = "Examples:\n  \
        typed-graphql check --schema schema.graphql queries/*.graphql\n  \
        typed-graphql check --schema introspection.json --deny-warnings subscriptions.graphql mutations.graphql")]
    Check(check::Args),
    /// Print the Rust code the #[graphql] macro generates for documents, formatted.
    ///
    /// The flags are the attribute's options. The documents are validated first: on errors
    /// they are printed as `check` prints them and the exit code is 1.
    #[command(after_help = "Examples:\n  \
        typed-graphql expand --schema graphql/schema.graphql graphql/todos.graphql\n  \
        typed-graphql expand --schema schema.graphql --operation AddTodo todos.graphql\n  \
        typed-graphql expand -s github.graphql --scalar DateTime=::chrono::DateTime<::chrono::Utc> --derive PartialEq ops.graphql -o generated.rs")]
    Expand(expand::Args),
    /// Work with schemas.
    #[command(subcommand)]
    Schema(SchemaCommand),
}

#[derive(Subcommand)]
enum SchemaCommand {
    /// Fetch a server's schema by introspection and print it as SDL (or JSON with --json).
    ///
    /// AWS AppSync: standard introspection drops directives, so `@aws_subscribe` (which the
    /// AppSync subscription checks need) and the auth directives would be lost. For an AppSync
    /// API (a standard `<api-id>.appsync-api.<region>.amazonaws.com` URL, or --api-id with
    /// --region for a custom domain) the SDL with directives comes from AppSync's control plane
    /// instead: `GetIntrospectionSchema` (`GET /v1/apis/<api-id>/schema?format=SDL&includeDirectives=true`
    /// on `appsync.<region>.amazonaws.com`, SigV4-signed for service `appsync` with
    /// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN; the IAM policy must
    /// allow `appsync:GetIntrospectionSchema`). --introspection (or --json) uses the GraphQL
    /// endpoint and its auth flags instead.
    #[command(after_help = "Examples:\n  \
        typed-graphql schema fetch http://127.0.0.1:4000/graphql -o schema.graphql\n  \
        typed-graphql schema fetch https://example.com/graphql --bearer $TOKEN --json\n  \
        typed-graphql schema fetch $AWS_GRAPHQL_API_ENDPOINT -o schema.graphql   (AppSync: control plane, directives kept)\n  \
        typed-graphql schema fetch https://api.example.com/graphql --api-id $API_ID --region eu-west-1\n  \
        typed-graphql schema fetch $AWS_GRAPHQL_API_ENDPOINT --introspection --api-key $AWS_GRAPHQL_API_KEY")]
    Fetch(fetch::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Expand(args) => expand::run(&args),
        Command::Schema(SchemaCommand::Fetch(args)) => fetch::run(&args),
    };
    ExitCode::from(code)
}
