//! `typed-graphql schema fetch URL`: the schema of a running server, by introspection, as SDL
//! (or the introspection JSON), authenticating like the runtime's transports do.

use std::path::PathBuf;

use typed_graphql::http::{Bytes, HttpClient};
use typed_graphql_codegen::{Schema, SourceMap};

/// Arguments of `schema fetch`.
#[derive(clap::Args)]
pub struct Args {
    /// The GraphQL endpoint (AppSync: `https://<id>.appsync-api.<region>.amazonaws.com/graphql`).
    url: String,
    /// Write the introspection JSON instead of SDL.
    #[arg(long)]
    json: bool,
    /// Write to this file instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
    #[command(flatten)]
    auth: crate::auth::Connection,
}

/// The standard introspection query (graphql-js's, with descriptions and repeatable directives).
const INTROSPECTION: &str = r#"query IntrospectionQuery {
  __schema {
    queryType { name } mutationType { name } subscriptionType { name }
    types { ...FullType }
    directives { name description locations isRepeatable args { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description
  fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
  inputFields { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type {
  kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name
  ofType { kind name ofType { kind name ofType { kind name } } } } } } }
}"#;

/// Runs the fetch; returns the exit code.
pub fn run(args: &Args) -> u8 {
    let runtime = match crate::async_runtime() {
        Ok(runtime) => runtime,
        Err(code) => return code,
    };
    match runtime.block_on(fetch(args)) {
        Ok(text) => match &args.output {
            Some(path) => match std::fs::write(path, text) {
                Ok(()) => {
                    eprintln!("wrote {}", path.display());
                    crate::OK
                }
                Err(e) => {
                    eprintln!("error: cannot write `{}`: {e}", path.display());
                    crate::USAGE
                }
            },
            None => {
                print!("{text}");
                crate::OK
            }
        },
        Err(message) => {
            eprintln!("error: {message}");
            crate::INVALID
        }
    }
}

async fn fetch(args: &Args) -> Result<String, String> {
    let body = serde_json::to_vec(&serde_json::json!({
        "query": INTROSPECTION,
        "operationName": "IntrospectionQuery",
        "variables": {},
    }))
    .map_err(|e| e.to_string())?;
    let mut headers = args.auth.header_map()?;
    let auth = args.auth.appsync();
    if let Some(auth) = auth {
        let signed = auth
            .authorize(&args.url, &body)
            .await
            .map_err(crate::auth::auth_error)?;
        for (name, value) in signed.to_header_map().iter() {
            headers.insert(name.clone(), value.clone());
        }
    }
    let client = HttpClient::new(args.url.as_str()).map_err(|e| e.to_string())?;
    let response = client
        .execute_raw::<serde_json::Value>(Bytes::from(body), headers)
        .await
        .map_err(|e| crate::auth::with_causes(&e))?;
    if !response.errors.is_empty() {
        let messages: Vec<String> = response.errors.iter().map(ToString::to_string).collect();
        return Err(format!(
            "the server refused introspection: {}",
            messages.join("; ")
        ));
    }
    let data = response
        .data
        .ok_or("the server returned no data for the introspection query")?;
    let json = serde_json::to_string_pretty(&serde_json::json!({ "data": data }))
        .map_err(|e| e.to_string())?;
    if args.json {
        return Ok(json + "\n");
    }
    let mut sources = SourceMap::new();
    sources.add(args.url.clone(), json);
    match Schema::load(sources.clone()) {
        Ok((schema, _)) => Ok(crate::sdl::print(&schema)),
        Err(diagnostics) => {
            let rendered: Vec<String> = diagnostics.iter().map(|d| d.render(&sources)).collect();
            Err(format!(
                "the introspection result does not load:\n{}",
                rendered.join("\n")
            ))
        }
    }
}
