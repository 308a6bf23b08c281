//! `typed-graphql expand`: print, formatted, the Rust the `#[graphql]` macro generates for
//! documents, with the attribute's options as flags.

use std::io::Write;
use std::path::PathBuf;

use typed_graphql_codegen::emit::{self, EmitOptions};
use typed_graphql_codegen::expand::scalar_mapping_error;
use typed_graphql_codegen::project::Project;
use typed_graphql_codegen::Severity;

use crate::load;

/// Arguments of `expand`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    inputs: load::Inputs,
    /// Only this operation, as the attribute on a unit struct generates it (struct mode).
    #[arg(long, value_name = "NAME")]
    operation: Option<String>,
    /// The Rust type of a custom scalar, as `scalars(Name = "Type")` (repeatable).
    #[arg(long = "scalar", value_name = "NAME=TYPE", value_parser = parse_scalar)]
    scalars: Vec<(String, String)>,
    /// Where unmapped custom scalars' types live, as `scalars_module = "..."`.
    #[arg(long, value_name = "PATH")]
    scalars_module: Option<String>,
    /// The Rust type of `ID`, as `id = "..."`.
    #[arg(long, value_name = "TYPE")]
    id: Option<String>,
    /// Extra derives on generated types, as `derives(...)` (repeatable, or comma-separated).
    #[arg(long = "derive", value_name = "PATH", value_delimiter = ',')]
    derives: Vec<String>,
    /// The runtime's path in generated code, as `crate = "..."`.
    #[arg(long = "crate", value_name = "PATH")]
    crate_path: Option<String>,
    /// Write to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

fn parse_scalar(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((name, ty)) if !name.trim().is_empty() && !ty.trim().is_empty() => {
            Ok((name.trim().to_owned(), ty.trim().to_owned()))
        }
        _ => Err(format!(
            "expected NAME=TYPE, e.g. `DateTime=::chrono::DateTime<::chrono::Utc>`, got `{text}`"
        )),
    }
}

/// Parses a flag's Rust syntax, or says which flag holds what.
fn rust<T: syn::parse::Parse>(flag: &str, text: &str) -> Result<T, String> {
    syn::parse_str(text).map_err(|e| format!("`{flag} {text}` is not valid Rust here: {e}"))
}

fn options(args: &Args) -> Result<EmitOptions, String> {
    let mut options = EmitOptions {
        only_operation: args.operation.clone(),
        ..EmitOptions::default()
    };
    for (name, ty) in &args.scalars {
        let parsed = syn::parse_str::<syn::Type>(ty)
            .map_err(|e| format!("`--scalar {name}={ty}`: `{ty}` is not a Rust type: {e}"))?;
        options.scalars.push((name.clone(), parsed));
    }
    if let Some(path) = &args.scalars_module {
        options.scalars_module = Some(rust("--scalars-module", path)?);
    }
    if let Some(ty) = &args.id {
        options.id_type = Some(rust("--id", ty)?);
    }
    for derive in args
        .derives
        .iter()
        .map(|d| d.trim())
        .filter(|d| !d.is_empty())
    {
        options.derives.push(rust("--derive", derive)?);
    }
    if let Some(path) = &args.crate_path {
        options.crate_path = rust("--crate", path)?;
    }
    Ok(options)
}

/// Validates the documents, then prints the generated code; returns the exit code.
pub fn run(args: &Args) -> u8 {
    let options = match options(args) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("error: {message}");
            return crate::USAGE;
        }
    };
    let (schema, _warnings) = match load::schema(&args.inputs.schema) {
        Ok(loaded) => loaded,
        Err(err) => {
            err.report();
            return crate::USAGE;
        }
    };
    // As the macro: a mapped scalar the schema lacks is a mistake (usually a typo).
    let unknown: Vec<String> = args
        .scalars
        .iter()
        .filter_map(|(name, _)| scalar_mapping_error(&schema, name))
        .map(|message| format!("error: `--scalar`: {message}"))
        .collect();
    if !unknown.is_empty() {
        eprintln!("{}", unknown.join("\n"));
        return crate::USAGE;
    }
    let mut project = Project::new(schema);
    let mut diagnostics = match load::documents(&mut project, &args.inputs.documents, false) {
        Ok(diagnostics) => diagnostics,
        Err(err) => {
            err.report();
            return crate::USAGE;
        }
    };
    diagnostics.extend(project.validate());
    // The macro generates nothing but fallback items for invalid documents: show the errors.
    if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        for diagnostic in diagnostics.iter().filter(|d| d.is_error()) {
            eprintln!("{}", diagnostic.render(&project.sources));
        }
        return crate::INVALID;
    }
    let tokens = match emit::generate(&project, &options) {
        Ok(tokens) => tokens,
        Err(diagnostics) => {
            for diagnostic in &diagnostics {
                eprintln!("{}", diagnostic.render(&project.sources));
            }
            return crate::INVALID;
        }
    };
    let files: Vec<String> = args
        .inputs
        .documents
        .iter()
        .map(|d| d.display().to_string())
        .collect();
    let code = format!(
        "// Generated by `typed-graphql expand` from {}: what the #[graphql] attribute\n\
         // generates for these documents.\n\n{}",
        files.join(", "),
        emit::expand_to_string(&tokens)
    );
    let written = match &args.output {
        Some(path) => {
            std::fs::write(path, code.as_bytes()).map_err(|e| (path.display().to_string(), e))
        }
        None => std::io::stdout()
            .lock()
            .write_all(code.as_bytes())
            .map_err(|e| ("standard output".to_owned(), e)),
    };
    match written {
        Ok(()) => crate::OK,
        Err((target, err)) => {
            eprintln!("error: cannot write to {target}: {err}");
            crate::USAGE
        }
    }
}
