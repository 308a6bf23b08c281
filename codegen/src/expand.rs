//! The macro's pipeline: attribute -> cached schema -> project -> validation -> AppSync checks
//! -> tokens. Every failure becomes a `compile_error!` spanned on the attribute argument that
//! named the file, carrying the rendered diagnostic; nothing here panics on user input.

use std::path::{Path, PathBuf};

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};

use crate::cache::{load_schema, SchemaError};
use crate::config::{self, Config, Level, Spanned};
use crate::diagnostic::Diagnostic;
use crate::project::Project;
use crate::source::FileId;

/// Where relative paths are resolved: the crate's manifest directory first, then the directory
/// of the source file that uses the macro (when the compiler tells it).
#[derive(Debug, Clone, Default)]
pub struct Roots {
    /// `CARGO_MANIFEST_DIR`.
    pub manifest_dir: Option<PathBuf>,
    /// The directory of the file the attribute is in.
    pub source_dir: Option<PathBuf>,
}

impl Roots {
    /// Roots from the environment of a macro invocation.
    pub fn from_env(source_file: Option<PathBuf>) -> Roots {
        Roots {
            manifest_dir: std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from),
            source_dir: source_file.and_then(|f| f.parent().map(Path::to_path_buf)),
        }
    }

    /// The first existing candidate for `path`, or every candidate tried.
    fn resolve(&self, path: &str) -> Result<PathBuf, Vec<PathBuf>> {
        let p = Path::new(path);
        let candidates: Vec<PathBuf> = if p.is_absolute() {
            vec![p.to_path_buf()]
        } else {
            [&self.manifest_dir, &self.source_dir]
                .into_iter()
                .flatten()
                .map(|root| root.join(p))
                .collect()
        };
        candidates
            .iter()
            .find(|c| c.is_file())
            .cloned()
            .ok_or(candidates)
    }
}

/// Expands `#[graphql(attr)] item`.
pub fn expand(attr: TokenStream, item: TokenStream, roots: &Roots) -> TokenStream {
    let config = match config::parse(attr) {
        Ok(config) => config,
        Err(err) => {
            let err = err.to_compile_error();
            return quote!(#item #err);
        }
    };
    let mut out = Output::default();
    run(&config, roots, &mut out);
    let Output {
        errors,
        warnings,
        tracked,
    } = out;
    let tracked = tracked.iter().map(|(path, span)| {
        let path = path.to_string_lossy();
        quote_spanned!(*span=> const _: &[u8] = include_bytes!(#path);)
    });
    quote! {
        #item
        #(#errors)*
        #(#warnings)*
        #(#tracked)*
    }
}

#[derive(Default)]
struct Output {
    errors: Vec<TokenStream>,
    warnings: Vec<TokenStream>,
    /// Files read, so cargo rebuilds when one changes.
    tracked: Vec<(PathBuf, Span)>,
}

impl Output {
    fn error(&mut self, span: Span, message: &str) {
        self.errors
            .push(quote_spanned!(span=> ::core::compile_error!(#message);));
    }
}

fn run(config: &Config, roots: &Roots, out: &mut Output) {
    let schema_span = config.schema[0].span;
    let mut files = Vec::new();
    for arg in &config.schema {
        match roots.resolve(&arg.value) {
            Ok(path) => {
                out.tracked.push((path.clone(), arg.span));
                files.push((path, arg.value.clone()));
            }
            Err(tried) => return out.error(arg.span, &missing("schema", &arg.value, &tried)),
        }
    }
    let schema = match load_schema(&files) {
        Ok(schema) => schema,
        Err(SchemaError::Io(i, err)) => {
            let arg = &config.schema[i];
            return out.error(
                arg.span,
                &format!("cannot read schema `{}`: {err}", arg.value),
            );
        }
        Err(SchemaError::Invalid {
            diagnostics,
            sources,
        }) => {
            for d in diagnostics.iter().filter(|d| d.is_error()) {
                let span = d
                    .location
                    .and_then(|l| config.schema.get(l.file.0 as usize))
                    .map_or(schema_span, |a| a.span);
                out.error(span, &body(&d.render(&sources)));
            }
            return;
        }
    };
    let mut project = Project::new(schema);
    // Which attribute argument each document file came from, to span its diagnostics.
    let mut spans: Vec<(FileId, Span)> = Vec::new();
    let mut diagnostics = Vec::new();
    for arg in &config.query {
        let (name, text) = if arg.is_inline_document() {
            ("<inline query>".to_owned(), arg.value.clone())
        } else {
            match read(roots, arg, "query", out) {
                Some(text) => (arg.value.clone(), text),
                None => continue,
            }
        };
        match project.add_document(name, text) {
            Ok(file) => spans.push((file, arg.span)),
            Err(d) => {
                if let Some(l) = d.location {
                    spans.push((l.file, arg.span));
                }
                diagnostics.push(d);
            }
        }
    }
    for pattern in &config.mutations {
        for path in glob_files(roots, pattern, out) {
            let base = roots.manifest_dir.as_deref().unwrap_or(Path::new(""));
            let name = path
                .strip_prefix(base)
                .unwrap_or(&path)
                .display()
                .to_string();
            match std::fs::read_to_string(&path) {
                Ok(text) => {
                    out.tracked.push((path.clone(), pattern.span));
                    match project.add_context_document(name, text) {
                        Ok(file) => spans.push((file, pattern.span)),
                        Err(d) => {
                            if let Some(l) = d.location {
                                spans.push((l.file, pattern.span));
                            }
                            diagnostics.push(d);
                        }
                    }
                }
                Err(e) => out.error(pattern.span, &format!("cannot read `{name}`: {e}")),
            }
        }
    }
    diagnostics.extend(project.validate());
    let span_of = |d: &Diagnostic| {
        d.location
            .and_then(|l| spans.iter().find(|(f, _)| *f == l.file))
            .map_or(config.query[0].span, |(_, s)| *s)
    };
    let has_errors = diagnostics.iter().any(Diagnostic::is_error);
    for d in &diagnostics {
        out.error(span_of(d), &body(&d.render(&project.sources)));
    }
    if has_errors || config.appsync == Level::Allow {
        return;
    }
    for d in crate::appsync::check(&project, config.appsync_strict) {
        let text = d.render(&project.sources);
        match config.appsync {
            Level::Deny => out.error(span_of(&d), &body(&text)),
            _ => out.warnings.push(warning(span_of(&d), d.code, &text)),
        }
    }
}

/// A rendered diagnostic without its `error: `/`warning: ` head: the compiler adds its own.
fn body(rendered: &str) -> String {
    let text = rendered
        .strip_prefix("error: ")
        .or_else(|| rendered.strip_prefix("warning: "))
        .unwrap_or(rendered);
    text.trim_end().to_owned()
}

/// A warning on stable Rust: a use of a deprecated constant named like the lint, whose note is
/// the rendered diagnostic. `appsync = "deny"` or `"allow"` in the attribute change it.
fn warning(span: Span, code: &str, text: &str) -> TokenStream {
    let name = format_ident!("{}", code.replace('-', "_"), span = span);
    let note = format!(
        "{}\n  = note: typed-graphql: set `appsync = \"deny\"` to make this an error, `\"allow\"` to silence it",
        body(text)
    );
    quote_spanned! {span=>
        const _: () = {
            #[deprecated(note = #note)]
            #[allow(non_upper_case_globals)]
            const #name: () = ();
            #name
        };
    }
}

fn read(roots: &Roots, arg: &Spanned, what: &str, out: &mut Output) -> Option<String> {
    let path = match roots.resolve(&arg.value) {
        Ok(path) => path,
        Err(tried) => {
            out.error(arg.span, &missing(what, &arg.value, &tried));
            return None;
        }
    };
    out.tracked.push((path.clone(), arg.span));
    match std::fs::read(&path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Some(text),
            Err(_) => {
                out.error(
                    arg.span,
                    &format!("`{}` is not valid UTF-8: re-save it as UTF-8", arg.value),
                );
                None
            }
        },
        Err(e) => {
            out.error(arg.span, &format!("cannot read `{}`: {e}", arg.value));
            None
        }
    }
}

fn missing(what: &str, path: &str, tried: &[PathBuf]) -> String {
    // Absolute candidates vary by machine and target dir; say where was looked instead.
    let places = match tried.len() {
        0 | 1 => "in the crate's directory",
        _ => "in the crate's directory (CARGO_MANIFEST_DIR) and next to the file using the macro",
    };
    format!(
        "{what} file `{path}` not found: looked {places}; paths are relative to the crate's Cargo.toml"
    )
}

/// Files matching a glob pattern relative to the crate, sorted.
fn glob_files(roots: &Roots, pattern: &Spanned, out: &mut Output) -> Vec<PathBuf> {
    let base = roots.manifest_dir.clone().unwrap_or_default();
    let full = base.join(&pattern.value);
    let Some(full) = full.to_str() else {
        out.error(pattern.span, "the pattern is not valid UTF-8");
        return Vec::new();
    };
    match glob::glob(full) {
        Ok(paths) => {
            let mut files: Vec<PathBuf> = paths
                .filter_map(Result::ok)
                .filter(|p| p.is_file())
                .collect();
            files.sort();
            files
        }
        Err(e) => {
            out.error(pattern.span, &format!("invalid glob pattern: {e}"));
            Vec::new()
        }
    }
}
