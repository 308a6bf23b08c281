//! `typed-graphql`: validate GraphQL documents against a schema in CI, print the Rust the macro
//! generates, and fetch a schema by introspection.

// Diagnostics are this tool's errors; their size does not matter on the error path.
#![allow(clippy::result_large_err)]

mod auth;
mod check;
mod expand;
mod fetch;
mod load;
mod manifest;
mod output;
mod run;

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
        typed-graphql manifest --schema graphql/schema.graphql graphql/*.graphql -o manifest.json\n  \
        typed-graphql run http://127.0.0.1:4000/graphql graphql/todo.graphql -V '{\"id\": \"t1\"}'\n  \
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
    /// Write the operations of documents as a persisted-query manifest.
    ///
    /// Each operation is keyed by the SHA-256 of the exact document its generated type sends
    /// (the same value as its DOCUMENT_SHA256), so a server loaded with the manifest accepts
    /// the client's persisted queries and trusted documents. The documents are validated
    /// first.
    #[command(after_help = "Examples:\n  \
        typed-graphql manifest --schema schema.graphql graphql/*.graphql -o persisted-query-manifest.json\n  \
        typed-graphql manifest --schema schema.graphql --format map graphql/*.graphql -o persisted-documents.json\n\n\
        Exit codes:\n  \
        0  the manifest was written\n  \
        1  a document is invalid (nothing is written)\n  \
        2  usage or I/O errors: a file cannot be read or written, the schema cannot be loaded")]
    Manifest(manifest::Args),
    /// Execute an operation from a file against an endpoint and print the response as JSON.
    ///
    /// A query or mutation prints its response (data and errors); a subscription prints each
    /// event as one JSON line as it arrives, until the server ends it or Ctrl-C. With --schema
    /// the operation is validated first and not sent when invalid. Auth flags are those of
    /// `schema fetch`.
    #[command(after_help = "Examples:\n  \
        typed-graphql run http://127.0.0.1:4000/graphql todo.graphql -V '{\"id\": \"t1\"}'\n  \
        typed-graphql run https://api.example.com/graphql ops.graphql --operation AddTodo -V @vars.json --bearer $TOKEN\n  \
        typed-graphql run http://127.0.0.1:4000/graphql on-add-todo.graphql --schema schema.graphql\n  \
        typed-graphql run http://127.0.0.1:4000/graphql countdown.graphql --transport graphql-transport-ws\n  \
        typed-graphql run $AWS_GRAPHQL_API_ENDPOINT on-add-todo.graphql --api-key $AWS_GRAPHQL_API_KEY\n\n\
        Exit codes:\n  \
        0  the response (every event of a subscription) has no errors; also after Ctrl-C\n  \
        1  the response or an event has GraphQL errors, or --schema finds the operation invalid\n  \
        2  usage, I/O or transport errors: bad flags or variables, unreadable files, no \
        connection, an answer that is not GraphQL")]
    Run(run::Args),
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
        typed-graphql schema fetch https://example.com/graphql --bearer \"$TOKEN\" --json\n  \
        typed-graphql schema fetch \"$AWS_GRAPHQL_API_ENDPOINT\" -o schema.graphql   (AppSync: control plane, directives kept)\n  \
        typed-graphql schema fetch https://api.example.com/graphql --api-id \"$API_ID\" --region eu-west-1\n  \
        typed-graphql schema fetch \"$AWS_GRAPHQL_API_ENDPOINT\" --introspection --api-key \"$AWS_GRAPHQL_API_KEY\"\n\n\
        Exit codes:\n  \
        0  the schema was written\n  \
        1  the fetch failed: a malformed -H header, missing --iam credentials, no connection, \
        an HTTP or auth error, AppSync's control plane refused, the server refused introspection, \
        or its answer is not a schema\n  \
        2  usage or I/O errors: unknown or missing flags, the output file cannot be written")]
    Fetch(fetch::Args),
}

/// A single-threaded async runtime for the commands that talk to servers; on failure the error
/// is printed and the exit code returned.
pub fn async_runtime() -> Result<tokio::runtime::Runtime, u8> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| {
            eprintln!("error: cannot start the async runtime: {e}");
            USAGE
        })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Expand(args) => expand::run(&args),
        Command::Manifest(args) => manifest::run(&args),
        Command::Run(args) => run::run(&args),
        Command::Schema(SchemaCommand::Fetch(args)) => fetch::run(&args),
    };
    ExitCode::from(code)
}
