//! `typed-graphql manifest`: the operations of a set of documents as a persisted-query manifest,
//! each keyed by the SHA-256 of the exact document the macro's generated operation sends.

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

use serde::Serialize;
use typed_graphql_codegen::persisted::document_hash;
use typed_graphql_codegen::resolve;
use typed_graphql_codegen::resolve::ResolveOptions;
use typed_graphql_codegen::schema::OperationType;

use crate::load;

/// Arguments of `manifest`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    inputs: load::Inputs,
    /// `apollo`: Apollo's persisted query manifest (`apollo-persisted-query-manifest`, version
    /// 1). `map`: a plain `{"<sha256>": "<document>"}` object (Relay, GraphQL Yoga).
    #[arg(long, value_enum, default_value_t = Format::Apollo)]
    format: Format,
    /// Write to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// The manifest formats.
#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    /// Apollo's persisted query manifest.
    Apollo,
    /// `{hash: document}`.
    Map,
}

/// One persisted operation.
struct Entry {
    hash: String,
    name: String,
    kind: &'static str,
    document: String,
}

/// Validates the documents and writes the manifest; returns the exit code.
pub fn run(args: &Args) -> u8 {
    let project = match args.inputs.validated() {
        Ok(project) => project,
        Err(code) => return code,
    };
    // Only the documents matter here: custom scalars need no Rust type.
    let options = ResolveOptions {
        scalars_module: Some(syn::parse_quote!(scalars)),
        ..ResolveOptions::default()
    };
    let ir = match resolve::resolve(&project, &options) {
        Ok(ir) => ir,
        Err(diagnostics) => {
            for diagnostic in diagnostics.iter().filter(|d| d.is_error()) {
                eprintln!("{}", diagnostic.render(&project.sources));
            }
            return crate::INVALID;
        }
    };
    let mut seen = HashSet::new();
    let entries: Vec<Entry> = ir
        .operations
        .into_iter()
        .map(|op| Entry {
            hash: document_hash(&op.document),
            name: op.name,
            kind: match op.kind {
                OperationType::Query => "query",
                OperationType::Mutation => "mutation",
                OperationType::Subscription => "subscription",
            },
            document: op.document,
        })
        .filter(|entry| seen.insert(entry.hash.clone()))
        .collect();
    let text = match args.format {
        Format::Apollo => serde_json::to_string_pretty(&apollo(&entries)),
        Format::Map => serde_json::to_string_pretty(&map(&entries)),
    };
    let text = match text {
        Ok(text) => text + "\n",
        Err(err) => {
            eprintln!("error: cannot serialise the manifest: {err}");
            return crate::USAGE;
        }
    };
    if let Err(code) = crate::output::write(args.output.as_deref(), &text) {
        return code;
    }
    if let Some(path) = &args.output {
        eprintln!("wrote {} operation(s) to {}", entries.len(), path.display());
    }
    crate::OK
}

/// Apollo's format, its members in the order its `generate-persisted-query-manifest` writes them.
#[derive(Serialize)]
struct ApolloManifest<'a> {
    format: &'static str,
    version: u32,
    operations: Vec<ApolloOperation<'a>>,
}

#[derive(Serialize)]
struct ApolloOperation<'a> {
    id: &'a str,
    name: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    body: &'a str,
}

fn apollo(entries: &[Entry]) -> ApolloManifest<'_> {
    ApolloManifest {
        format: "apollo-persisted-query-manifest",
        version: 1,
        operations: entries
            .iter()
            .map(|e| ApolloOperation {
                id: &e.hash,
                name: &e.name,
                kind: e.kind,
                body: &e.document,
            })
            .collect(),
    }
}

/// `{hash: document}`, sorted by hash.
fn map(entries: &[Entry]) -> BTreeMap<&str, &str> {
    entries
        .iter()
        .map(|e| (e.hash.as_str(), e.document.as_str()))
        .collect()
}
