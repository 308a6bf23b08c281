//! `typed-graphql check`: validate documents as the macro does, print rustc-shaped diagnostics.

use std::collections::HashSet;
use std::path::PathBuf;

use typed_graphql_codegen::appsync;
use typed_graphql_codegen::project::Project;
use typed_graphql_codegen::Severity;

use crate::load;

/// Arguments of `check`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    inputs: load::Inputs,
    /// Fail (exit code 1) on warnings too, such as the AppSync subscription checks.
    #[arg(long)]
    deny_warnings: bool,
    /// Also print the schema's own warnings (flaws such as identical duplicate fields). The
    /// AppSync checks of the schema's `@aws_subscribe` declarations (nullable subscription
    /// fields, listed mutations that exist and return the same type, filter arguments that name
    /// fields, `@aws_subscribe` only on the subscription root) are always shown.
    #[arg(long)]
    schema_warnings: bool,
    /// Documents that only provide context (e.g. mutations kept elsewhere, for the AppSync
    /// subscription checks): parsed, not validated.
    #[arg(long, value_name = "DOCUMENT")]
    context: Vec<PathBuf>,
    /// Also warn about AppSync subscriptions that no known mutation triggers.
    #[arg(long)]
    appsync_strict: bool,
}

/// Runs the check; returns the exit code.
pub fn run(args: &Args) -> u8 {
    let (schema, schema_warnings) = match load::schema(&args.inputs.schema) {
        Ok(loaded) => loaded,
        Err(err) => {
            err.report();
            return crate::USAGE;
        }
    };
    if args.schema_warnings {
        for warning in &schema_warnings {
            eprintln!("{warning}");
        }
    } else if !schema_warnings.is_empty() {
        eprintln!(
            "note: the schema has {} warning(s); pass --schema-warnings to see them\n",
            schema_warnings.len()
        );
    }
    // Every declaration, used by the documents or not: once here rather than per subscription.
    let appsync_schema = appsync::check_schema(&schema);
    let mut project = Project::new(schema);
    let loaded = load::documents(&mut project, &args.inputs.documents, false).and_then(|mut d| {
        d.extend(load::documents(&mut project, &args.context, true)?);
        Ok(d)
    });
    let mut diagnostics = match loaded {
        Ok(diagnostics) => diagnostics,
        Err(err) => {
            err.report();
            return crate::USAGE;
        }
    };
    diagnostics.extend(project.validate());
    if !diagnostics.iter().any(|d| d.is_error()) {
        // `check` repeats the declaration checks of the subscription fields the documents use.
        let shown: HashSet<String> = appsync_schema
            .iter()
            .map(|d| d.render(&project.sources))
            .collect();
        diagnostics.extend(
            appsync::check(&project, args.appsync_strict)
                .into_iter()
                .filter(|d| !shown.contains(&d.render(&project.sources))),
        );
    }
    diagnostics.extend(appsync_schema);
    diagnostics.sort_by_key(|d| d.location.map(|l| (l.file, l.start)));
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    for diagnostic in &diagnostics {
        eprintln!("{}", diagnostic.render(&project.sources));
    }
    let files = args.inputs.documents.len();
    if errors == 0 && warnings == 0 {
        eprintln!("checked {files} document(s): no errors");
    } else {
        eprintln!("checked {files} document(s): {errors} error(s), {warnings} warning(s)");
    }
    if errors > 0 || (args.deny_warnings && warnings > 0) {
        crate::INVALID
    } else {
        crate::OK
    }
}
