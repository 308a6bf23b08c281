//! `typed-graphql`: validate GraphQL documents against a schema in CI, print the Rust the macro
//! generates, and fetch a schema by introspection.

// Diagnostics are this tool's errors; their size does not matter on the error path.
#![allow(clippy::result_large_err)]

mod check;
mod expand;
mod fetch;
mod load;
mod sdl;

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
        typed-graphql schema fetch http://127.0.0.1:4000/graphql -o schema.graphql\n\n\
        Exit codes: 0 success, 1 the documents are invalid or the server failed, 2 usage or I/O \
        errors; each command's --help says which of its outcomes gives which."
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
    /// and names must be unique across them.
    #[command(after_help = "Examples:\n  \
        typed-graphql check --schema schema.graphql queries/*.graphql\n  \
        typed-graphql check --schema introspection.json --deny-warnings subscriptions.graphql mutations.graphql\n\n\
        Exit codes:\n  \
        0  every document is valid\n  \
        1  a document is invalid (or has a warning, with --deny-warnings)\n  \
        2  usage or I/O errors: a file cannot be read, the schema cannot be loaded")]
    Check(check::Args),
    /// Print the Rust code the #[graphql] macro generates for documents, formatted.
    ///
    /// The flags are the attribute's options. The documents are validated first: on errors
    /// they are printed as `check` prints them.
    #[command(after_help = "Examples:\n  \
        typed-graphql expand --schema graphql/schema.graphql graphql/todos.graphql\n  \
        typed-graphql expand --schema schema.graphql --operation AddTodo todos.graphql\n  \
        typed-graphql expand -s github.graphql --scalar 'DateTime=::chrono::DateTime<::chrono::Utc>' --derive PartialEq ops.graphql -o generated.rs\n\n\
        Exit codes:\n  \
        0  the code was written\n  \
        1  a document is invalid, or --operation names no operation (nothing is written)\n  \
        2  usage or I/O errors: a file cannot be read or written, the schema cannot be loaded, a \
        flag's value is not valid Rust, --scalar names no scalar of the schema")]
    Expand(expand::Args),
    /// Work with schemas.
    #[command(subcommand)]
    Schema(SchemaCommand),
}

#[derive(Subcommand)]
enum SchemaCommand {
    /// Fetch a server's schema by introspection and print it as SDL (or JSON with --json).
    #[command(after_help = "Examples:\n  \
        typed-graphql schema fetch http://127.0.0.1:4000/graphql -o schema.graphql\n  \
        typed-graphql schema fetch https://example.com/graphql --bearer $TOKEN --json\n  \
        typed-graphql schema fetch \"$AWS_GRAPHQL_API_ENDPOINT\" --api-key \"$AWS_GRAPHQL_API_KEY\"\n  \
        typed-graphql schema fetch \"$AWS_GRAPHQL_API_ENDPOINT\" --iam\n\n\
        Exit codes:\n  \
        0  the schema was written\n  \
        1  the fetch failed: a malformed -H header, missing --iam credentials, no connection, \
        an HTTP or auth error, the server refused introspection, or its answer is not a schema\n  \
        2  usage or I/O errors: unknown or missing flags, the output file cannot be written")]
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
