//! `typed-graphql schema fetch URL`: the schema of a running server, by introspection, as SDL
//! (or the introspection JSON), authenticating like the runtime's transports do. For AppSync,
//! the SDL with its directives from AppSync's control plane (`GetIntrospectionSchema`):
//! standard introspection drops `@aws_subscribe` and the auth directives.

use std::path::PathBuf;

use typed_graphql::appsync::auth::IamAuth;
use typed_graphql::appsync::control_plane::ControlPlane;
use typed_graphql::appsync::endpoint::AppSyncEndpoint;
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
    /// AppSync API id, for fetching through AppSync's control plane (taken from a standard
    /// `https://<api-id>.appsync-api.<region>.amazonaws.com/graphql` URL; give it for a
    /// custom domain).
    #[arg(long, value_name = "API_ID")]
    api_id: Option<String>,
    /// Base URL of AppSync's control-plane API, `https://appsync.<region>.amazonaws.com` by
    /// default (a VPC endpoint, a proxy, a local emulation).
    #[arg(long, value_name = "URL")]
    control_plane_url: Option<String>,
    /// Standard introspection through the GraphQL endpoint even for AppSync (with the
    /// GraphQL endpoint's auth: `--api-key`, `--jwt`, `--iam`). It loses AppSync's directives.
    #[arg(long)]
    introspection: bool,
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
    match appsync_api(args)? {
        Some((api_id, region)) => fetch_appsync_sdl(args, &api_id, &region).await,
        None => introspect(args).await,
    }
}

/// The AppSync API id and region to ask the control plane for, unless this fetch goes through
/// standard introspection (`--introspection`, `--json`, or not an AppSync API).
fn appsync_api(args: &Args) -> Result<Option<(String, String)>, String> {
    if args.introspection || args.json {
        return Ok(None);
    }
    let endpoint = AppSyncEndpoint::new(&args.url).ok();
    let api_id = args
        .api_id
        .clone()
        .or_else(|| endpoint.as_ref()?.api_id().map(str::to_owned));
    let Some(api_id) = api_id else {
        if args.control_plane_url.is_some() {
            return Err("--control-plane-url needs the API id: pass --api-id".to_owned());
        }
        return Ok(None);
    };
    let region = args
        .auth
        .region
        .clone()
        .or_else(|| endpoint.as_ref()?.region().map(str::to_owned))
        .ok_or("AppSync's control plane needs the API's region: pass --region")?;
    Ok(Some((api_id, region)))
}

/// `GetIntrospectionSchema` (SDL with directives), IAM-signed with the environment's AWS
/// credentials; the SDL is printed as AppSync sends it once it loads.
async fn fetch_appsync_sdl(args: &Args, api_id: &str, region: &str) -> Result<String, String> {
    let mut control_plane =
        ControlPlane::new(region, IamAuth::from_env()).map_err(|e| e.to_string())?;
    if let Some(base) = &args.control_plane_url {
        control_plane = control_plane.base_url(base).map_err(|e| e.to_string())?;
    }
    let sdl = control_plane
        .introspection_schema(api_id)
        .await
        .map_err(|e| {
            format!(
                "AppSync's control plane (GetIntrospectionSchema for API `{api_id}` in \
                 {region}) failed: {e}\nIt needs AWS credentials (AWS_ACCESS_KEY_ID, \
                 AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN) allowed \
                 appsync:GetIntrospectionSchema; --introspection fetches through the GraphQL \
                 endpoint instead, without AppSync's directives"
            )
        })?;
    let mut sources = SourceMap::new();
    sources.add(format!("GetIntrospectionSchema({api_id})"), sdl.clone());
    if let Err(diagnostics) = Schema::load(sources.clone()) {
        let rendered: Vec<String> = diagnostics.iter().map(|d| d.render(&sources)).collect();
        return Err(format!(
            "the schema AppSync returned does not load:\n{}",
            rendered.join("\n")
        ));
    }
    Ok(if sdl.ends_with('\n') { sdl } else { sdl + "\n" })
}

/// Standard introspection through the GraphQL endpoint.
async fn introspect(args: &Args) -> Result<String, String> {
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
        Ok((schema, _)) => Ok(schema.to_sdl()),
        Err(diagnostics) => {
            let rendered: Vec<String> = diagnostics.iter().map(|d| d.render(&sources)).collect();
            Err(format!(
                "the introspection result does not load:\n{}",
                rendered.join("\n")
            ))
        }
    }
}
