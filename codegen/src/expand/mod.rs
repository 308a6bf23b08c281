//! The macro's pipeline: attribute -> cached schema -> documents -> validation -> code
//! generation -> AppSync checks -> tokens. This module only orchestrates; finding and reading
//! files (`paths`, `glob`), dependency tracking (`tracking`) and turning diagnostics into
//! compiler messages (`message`) are their own modules.
//!
//! Every failure becomes a `compile_error!` spanned on the attribute argument that named the file
//! (or on the inline document), carrying the rendered diagnostic; every error of one use is
//! reported in one build. When the documents are invalid, the items are still generated as far
//! as the errors allow (see `fallback`), so user code naming them adds no follow-on errors.
//! The output depends only on the input and the files read: expanding the same use twice gives
//! the same tokens. Nothing here panics on user input.

mod glob;
mod message;
mod paths;
mod scalars;
mod tracking;

use std::sync::Arc;

use proc_macro2::{Span, TokenStream};
use quote::quote;

use crate::cache::{load_schema, SchemaError};
use crate::config::{self, Config, Level};
use crate::diagnostic::Diagnostic;
use crate::emit::{self, EmitOptions};
use crate::project::Project;
use crate::schema::Schema;
use crate::source::FileId;

pub use paths::Roots;
pub use scalars::scalar_mapping_error;

/// What the attribute is on.
enum Target {
    /// `mod name { ... }`: every operation's items go inside, after the user's own items.
    Module(syn::ItemMod),
    /// `struct Name;`: the operation named like the struct; the struct is its type.
    Struct(syn::ItemStruct),
}

/// Expands `#[graphql(attr)] item`.
pub fn expand(attr: TokenStream, item: TokenStream, roots: &Roots) -> TokenStream {
    let config = config::parse(attr);
    let target = syn::parse2::<syn::Item>(item.clone())
        .map_err(|e| e.to_compile_error())
        .and_then(target);
    let (config, target) = match (config, target) {
        (Ok(config), Ok(target)) => (config, target),
        (config, target) => {
            let config_err = config.err().map(|e| e.to_compile_error());
            let target_err = target.err();
            return quote!(#item #config_err #target_err);
        }
    };
    let only_operation = match &target {
        Target::Struct(s) => Some(s.ident.to_string()),
        Target::Module(_) => None,
    };
    let mut out = Output::default();
    run(&config, &options(&config, only_operation), roots, &mut out);
    assemble(target, out)
}

fn target(item: syn::Item) -> Result<Target, TokenStream> {
    match item {
        syn::Item::Mod(m) if m.content.is_some() => Ok(Target::Module(m)),
        syn::Item::Struct(s) => Ok(Target::Struct(s)),
        other => Err(syn::Error::new_spanned(
            other,
            "#[graphql] goes on an inline module (`pub mod todos {}`: items for every operation \
             go inside) or on a struct named like one operation (`pub struct AddTodo;`)",
        )
        .to_compile_error()),
    }
}

fn options(config: &Config, only_operation: Option<String>) -> EmitOptions {
    let defaults = EmitOptions::default();
    EmitOptions {
        crate_path: config.crate_path.clone().unwrap_or(defaults.crate_path),
        derives: config.derives.clone(),
        resolve: crate::resolve::ResolveOptions {
            scalars: config
                .scalars
                .iter()
                .map(|s| (s.name.clone(), s.ty.clone()))
                .collect(),
            scalars_module: config.scalars_module.clone(),
            id_type: config.id.clone(),
            only_operation,
        },
    }
}

fn assemble(target: Target, out: Output) -> TokenStream {
    let Output {
        errors,
        warnings,
        tracked,
        generated,
    } = out;
    let tracked = tracked.into_tokens();
    let item = match target {
        Target::Module(mut m) => {
            if let Some((_, items)) = &mut m.content {
                items.push(syn::Item::Verbatim(generated));
            }
            quote!(#m)
        }
        Target::Struct(s) => quote!(#s #generated),
    };
    quote! {
        #item
        #(#errors)*
        #(#warnings)*
        #tracked
    }
}

#[derive(Default)]
struct Output {
    errors: Vec<TokenStream>,
    warnings: Vec<TokenStream>,
    /// Files read, so cargo rebuilds when one changes.
    tracked: tracking::Tracked,
    /// The operations' items (full, or the fallback).
    generated: TokenStream,
}

impl Output {
    /// An error at `span`: a message, or a rendered diagnostic.
    fn error(&mut self, span: Span, text: &str) {
        self.errors.push(message::error(span, text));
    }
}

/// Which attribute argument each file came from, to span its diagnostics.
struct Spans {
    files: Vec<(FileId, Span)>,
    default: Span,
}

impl Spans {
    fn of(&self, d: &Diagnostic) -> Span {
        d.location
            .and_then(|l| self.files.iter().find(|(f, _)| *f == l.file))
            .map_or(self.default, |(_, s)| *s)
    }
}

fn run(config: &Config, options: &EmitOptions, roots: &Roots, out: &mut Output) {
    let schema = schema(config, roots, out);
    // Without a schema the documents are still read: their errors are reported and their
    // operations get fallback items, so a missing schema is one error, not one per use.
    let have_schema = schema.is_some();
    let Some(schema) = schema.or_else(placeholder_schema) else {
        return;
    };
    let mut project = Project::new(schema);
    if let Some(max) = config.max_field_comparisons {
        project.limits.max_field_comparisons = max;
    }
    if let Some(max) = config.max_tokens {
        project.limits.max_tokens = usize::try_from(max).unwrap_or(usize::MAX);
    }
    let mut spans = Spans {
        files: config
            .schema
            .iter()
            .enumerate()
            .map(|(i, a)| (FileId(i as u32), a.span))
            .collect(),
        default: config.query[0].span,
    };
    let mut diagnostics = documents(config, roots, &mut project, &mut spans, out);
    if have_schema {
        diagnostics.extend(project.validate());
        scalar_names(config, &project.schema, out);
    }
    let mut failed = !have_schema || !out.errors.is_empty();
    for d in diagnostics.iter().filter(|d| d.is_error()) {
        failed = true;
        out.error(spans.of(d), &d.render(&project.sources));
    }
    if failed {
        out.generated = fallback(&project, options, have_schema, &diagnostics);
        return;
    }
    match emit::generate_with_errors(&project, options) {
        Ok((tokens, errors)) => {
            out.generated = tokens;
            for d in &errors {
                out.error(spans.of(d), &d.render(&project.sources));
            }
            if !errors.is_empty() {
                return;
            }
        }
        Err(diagnostics) => {
            for d in &diagnostics {
                out.error(spans.of(d), &d.render(&project.sources));
            }
            out.generated = emit::generate_fallback(&project, options);
            return;
        }
    }
    appsync(config, &project, &spans, out);
}

/// Rules whose errors can make the generated code itself ill-formed (duplicate items or fields,
/// types containing themselves): their documents get only the minimal items.
const MINIMAL_ONLY: &[&str] = &[
    "syntax",
    "no-fragment-cycles",
    "overlapping-fields-can-be-merged",
    "unique-fragment-names",
    "unique-operation-names",
    "lone-anonymous-operation",
];

/// The items generated next to the errors of invalid documents, so that user code naming them
/// adds as few follow-on errors as possible. The code is generated as for valid documents when
/// the errors allow it (an unknown field, type or fragment is left out, an argument error does
/// not change a type), so only uses of what the errors concern can fail; otherwise each
/// operation gets minimal items (empty `Variables` and `Data`).
fn fallback(
    project: &Project,
    options: &EmitOptions,
    have_schema: bool,
    diagnostics: &[Diagnostic],
) -> TokenStream {
    let lenient = have_schema
        && diagnostics
            .iter()
            .all(|d| !d.is_error() || !MINIMAL_ONLY.contains(&d.code));
    if lenient {
        if let Ok((tokens, _)) = emit::generate_with_errors(project, options) {
            return tokens;
        }
    }
    emit::generate_fallback(project, options)
}

/// The AppSync subscription checks: warnings, errors or nothing, as `appsync = ...` says.
fn appsync(config: &Config, project: &Project, spans: &Spans, out: &mut Output) {
    if config.appsync == Level::Allow {
        return;
    }
    for d in crate::appsync::check(project, config.appsync_strict) {
        let text = d.render(&project.sources);
        match config.appsync {
            Level::Deny => out.error(spans.of(&d), &text),
            _ => out
                .warnings
                .push(message::warning(spans.of(&d), d.code, &text)),
        }
    }
}

/// The schema, from the per-process cache; `None` after reporting why not. Its files are
/// tracked by every use, cached or not: the expansion depends on them either way.
fn schema(config: &Config, roots: &Roots, out: &mut Output) -> Option<Arc<Schema>> {
    let mut files = Vec::new();
    for arg in &config.schema {
        match roots.locate(&arg.value, "schema") {
            Ok(path) => {
                let name = roots.display(&path, &arg.value);
                files.push((path, name));
            }
            Err(message) => out.error(arg.span, &message),
        }
    }
    if files.len() < config.schema.len() {
        return None;
    }
    let loaded = load_schema(&files);
    // A file that could not be read is not tracked: `include_bytes!` would fail on it too.
    let read = match &loaded {
        Err(SchemaError::Io(i, _)) => *i,
        _ => files.len(),
    };
    for ((path, _), arg) in files.iter().zip(&config.schema).take(read) {
        out.tracked.add(path.clone(), arg.span);
    }
    match loaded {
        Ok(schema) => Some(schema),
        Err(SchemaError::Io(i, err)) => {
            let arg = &config.schema[i.min(config.schema.len() - 1)];
            out.error(
                arg.span,
                &format!("cannot read schema `{}`: {err}", arg.value),
            );
            None
        }
        Err(SchemaError::Invalid {
            diagnostics,
            sources,
        }) => {
            for d in diagnostics.iter().filter(|d| d.is_error()) {
                let span = d
                    .location
                    .and_then(|l| config.schema.get(l.file.0 as usize))
                    .map_or(config.schema[0].span, |a| a.span);
                out.error(span, &d.render(&sources));
            }
            None
        }
    }
}

/// A schema with only a query root: documents are parsed against it for fallback items when
/// the real schema could not be had (they are not validated against it).
fn placeholder_schema() -> Option<Arc<Schema>> {
    static PLACEHOLDER: std::sync::OnceLock<Option<Arc<Schema>>> = std::sync::OnceLock::new();
    PLACEHOLDER
        .get_or_init(|| {
            Schema::from_sdl("type Query { _placeholder: Boolean }")
                .ok()
                .map(Arc::new)
        })
        .clone()
}

/// Reads and parses the documents and the `mutations` context documents into the project,
/// tracking each file read; returns their syntax errors.
fn documents(
    config: &Config,
    roots: &Roots,
    project: &mut Project,
    spans: &mut Spans,
    out: &mut Output,
) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut added = |result: Result<FileId, Diagnostic>, span: Span, spans: &mut Spans| match result
    {
        Ok(file) => spans.files.push((file, span)),
        Err(d) => {
            if let Some(l) = d.location {
                spans.files.push((l.file, span));
            }
            diagnostics.push(d);
        }
    };
    for arg in &config.query {
        if arg.is_inline_document() {
            let result = project.add_document("<inline query>", arg.value.clone());
            added(result, arg.span, spans);
            continue;
        }
        match roots.read(&arg.value, "query") {
            Ok((path, bytes)) => {
                let name = roots.display(&path, &arg.value);
                out.tracked.add(path, arg.span);
                added(project.add_document_bytes(name, &bytes), arg.span, spans);
            }
            Err(message) => out.error(arg.span, &message),
        }
    }
    let base = roots.manifest_dir.clone().unwrap_or_default();
    for pattern in &config.mutations {
        let paths = match glob::files(&base, &pattern.value) {
            Ok(paths) => paths,
            Err(message) => {
                out.error(pattern.span, &message);
                continue;
            }
        };
        for path in paths {
            let name = roots.display_found(&path);
            match std::fs::read_to_string(&path) {
                Ok(text) => {
                    out.tracked.add(path, pattern.span);
                    added(
                        project.add_context_document(name, text),
                        pattern.span,
                        spans,
                    );
                }
                Err(e) => out.error(pattern.span, &format!("cannot read `{name}`: {e}")),
            }
        }
    }
    diagnostics
}

/// `scalars(Name = ...)` must name a scalar of the schema.
fn scalar_names(config: &Config, schema: &Schema, out: &mut Output) {
    for mapping in &config.scalars {
        if let Some(message) = scalar_mapping_error(schema, &mapping.name) {
            out.error(mapping.span, &message);
        }
    }
}

#[cfg(test)]
mod tests;
