//! `typed-graphql schema fetch URL`: the schema of a running server, by introspection, as SDL
//! (or the introspection JSON), authenticating like the runtime's transports do.

use std::path::PathBuf;

use typed_graphql::appsync::auth::{AuthError, AuthMode, IamAuth};
use typed_graphql::http::header::{HeaderMap, HeaderName, HeaderValue};
use typed_graphql::http::{Bytes, HttpClient};
use typed_graphql::Error;
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
    /// Extra header, `Name: value` (repeatable).
    #[arg(long = "header", short = 'H', value_name = "NAME: VALUE")]
    headers: Vec<String>,
    /// `Authorization: Bearer <TOKEN>`.
    #[arg(long, value_name = "TOKEN")]
    bearer: Option<String>,
    /// AppSync API key (`x-api-key`).
    #[arg(
        long,
        value_name = "KEY",
        env = "AWS_GRAPHQL_API_KEY",
        hide_env_values = true
    )]
    api_key: Option<String>,
    /// AppSync Cognito user pools / OIDC token (sent raw in `Authorization`).
    #[arg(long, value_name = "JWT")]
    jwt: Option<String>,
    /// AppSync IAM: sign with SigV4, credentials from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY
    /// and AWS_SESSION_TOKEN.
    #[arg(long)]
    iam: bool,
    /// Region for `--iam` when the URL does not tell it (custom domains).
    #[arg(long)]
    region: Option<String>,
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

/// An auth error in the CLI's terms: the flags and variables to set, not library calls.
fn auth_error(err: Error) -> String {
    match err {
        Error::Auth(AuthError::MissingCredentials { missing }) => format!(
            "`--iam` needs AWS credentials and {missing} is not set: export AWS_ACCESS_KEY_ID and \
             AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials)"
        ),
        Error::Auth(AuthError::UnknownRegion { host }) => format!(
            "`--iam` cannot tell the AWS region from host `{host}` (not \
             `<api-id>.appsync-api.<region>.amazonaws.com`): pass it with `--region <REGION>`"
        ),
        Error::Auth(AuthError::EmptyToken { kind }) => {
            format!("the {kind} credential is empty: pass a non-empty `--api-key` or `--jwt`")
        }
        other => with_causes(&other),
    }
}

/// An error's message followed by its causes' (`could not connect ...: error sending request:
/// ...: Connection refused`), each said once.
fn with_causes(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        let part = cause.to_string();
        if !text.contains(&part) {
            text.push_str(": ");
            text.push_str(&part);
        }
        source = cause.source();
    }
    text
}

/// Runs the fetch; returns the exit code.
pub fn run(args: &Args) -> u8 {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return crate::USAGE;
        }
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
    let mut headers = HeaderMap::new();
    for h in &args.headers {
        let (name, value) = h
            .split_once(':')
            .ok_or_else(|| format!("header `{h}` is not `Name: value`"))?;
        let name = HeaderName::from_bytes(name.trim().as_bytes())
            .map_err(|e| format!("header `{}`: {e}", name.trim()))?;
        let value =
            HeaderValue::from_str(value.trim()).map_err(|e| format!("header `{name}`: {e}"))?;
        headers.insert(name, value);
    }
    if let Some(token) = &args.bearer {
        let value = HeaderValue::from_str(&format!("Bearer {token}")).map_err(|e| e.to_string())?;
        headers.insert("authorization", value);
    }
    let auth = if args.iam {
        let mut iam = IamAuth::from_env();
        if let Some(region) = &args.region {
            iam = iam.region(region.clone());
        }
        Some(AuthMode::iam(iam))
    } else if let Some(jwt) = &args.jwt {
        Some(AuthMode::cognito(jwt.clone()))
    } else {
        args.api_key
            .as_ref()
            .map(|key| AuthMode::api_key(key.clone()))
    };
    if let Some(auth) = auth {
        let signed = auth.authorize(&args.url, &body).await.map_err(auth_error)?;
        for (name, value) in signed.to_header_map().iter() {
            headers.insert(name.clone(), value.clone());
        }
    }
    let client = HttpClient::new(args.url.as_str()).map_err(|e| e.to_string())?;
    let response = client
        .execute_raw::<serde_json::Value>(Bytes::from(body), headers)
        .await
        .map_err(|e| with_causes(&e))?;
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
