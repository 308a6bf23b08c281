//! The macro's pipeline: attribute -> cached schema -> project -> validation -> code generation
//! -> AppSync checks -> tokens.
//!
//! Every failure becomes a `compile_error!` spanned on the attribute argument that named the file
//! (or on the inline document), carrying the rendered diagnostic; every error of one use is
//! reported in one build. When the documents are invalid, the items are still generated as far
//! as the errors allow (see `fallback`), so user code naming them adds no follow-on errors.
//! Nothing here panics on user input.

use std::path::{Path, PathBuf};

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};

use crate::cache::{load_schema, SchemaError};
use crate::config::{self, Config, Level, Spanned};
use crate::diagnostic::Diagnostic;
use crate::emit::{self, EmitOptions};
use crate::project::Project;
use crate::schema::{Schema, TypeKind};
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
            source_dir: source_file
                .and_then(|f| f.parent().map(Path::to_path_buf))
                .filter(|d| !d.as_os_str().is_empty()),
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

    /// How a file is named in messages: relative to the crate when it is inside it.
    fn display(&self, path: &Path, as_written: &str) -> String {
        if !Path::new(as_written).is_absolute() {
            return as_written.to_owned();
        }
        self.manifest_dir
            .as_deref()
            .and_then(|base| path.strip_prefix(base).ok())
            .map_or_else(|| as_written.to_owned(), |p| p.display().to_string())
    }
}

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
    let tracked = tracked.iter().map(|(path, span)| {
        let path = path.to_string_lossy();
        quote_spanned!(*span=> const _: &[u8] = ::core::include_bytes!(#path);)
    });
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
        #(#tracked)*
    }
}

#[derive(Default)]
struct Output {
    errors: Vec<TokenStream>,
    warnings: Vec<TokenStream>,
    /// Files read, so cargo rebuilds when one changes.
    tracked: Vec<(PathBuf, Span)>,
    /// The operations' items (full, or the fallback).
    generated: TokenStream,
}

impl Output {
    fn error(&mut self, span: Span, message: &str) {
        self.errors
            .push(quote_spanned!(span=> ::core::compile_error!(#message);));
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
        out.error(spans.of(d), &body(&d.render(&project.sources)));
    }
    if failed {
        out.generated = fallback(&project, options, have_schema, &diagnostics);
        return;
    }
    match emit::generate_with_errors(&project, options) {
        Ok((tokens, errors)) => {
            out.generated = tokens;
            for d in &errors {
                out.error(spans.of(d), &body(&d.render(&project.sources)));
            }
            if !errors.is_empty() {
                return;
            }
        }
        Err(diagnostics) => {
            for d in &diagnostics {
                out.error(spans.of(d), &body(&d.render(&project.sources)));
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
            Level::Deny => out.error(spans.of(&d), &body(&text)),
            _ => out.warnings.push(warning(spans.of(&d), d.code, &text)),
        }
    }
}

/// The schema, from the per-process cache; `None` after reporting why not.
fn schema(config: &Config, roots: &Roots, out: &mut Output) -> Option<std::sync::Arc<Schema>> {
    let mut files = Vec::new();
    for arg in &config.schema {
        match roots.resolve(&arg.value) {
            Ok(path) => {
                if first_use_in_process(&path) {
                    out.tracked.push((path.clone(), arg.span));
                }
                let name = roots.display(&path, &arg.value);
                files.push((path, name));
            }
            Err(tried) => out.error(arg.span, &missing("schema", &arg.value, &tried)),
        }
    }
    if files.len() < config.schema.len() {
        return None;
    }
    match load_schema(&files) {
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
                out.error(span, &body(&d.render(&sources)));
            }
            None
        }
    }
}

/// Whether no earlier `#[graphql]` use in this compiler process tracked this schema file.
///
/// One `include_bytes!` per crate is enough for cargo's dependency info (rustc compiles one
/// crate per process and expands every use on every build), and embedding GitHub's 1.2 MB
/// schema once per use costs about 4 ms each. rust-analyzer's long-lived server does not read
/// dependency info; its freshness comes from the schema cache's modification-time checks.
fn first_use_in_process(path: &Path) -> bool {
    static TRACKED: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());
    let mut tracked = TRACKED.lock().unwrap_or_else(|e| e.into_inner());
    if tracked.iter().any(|p| p == path) {
        return false;
    }
    tracked.push(path.to_path_buf());
    true
}

/// A schema with only a query root: documents are parsed against it for fallback items when
/// the real schema could not be had (they are not validated against it).
fn placeholder_schema() -> Option<std::sync::Arc<Schema>> {
    static PLACEHOLDER: std::sync::OnceLock<Option<std::sync::Arc<Schema>>> =
        std::sync::OnceLock::new();
    PLACEHOLDER
        .get_or_init(|| {
            Schema::from_sdl("type Query { _placeholder: Boolean }")
                .ok()
                .map(std::sync::Arc::new)
        })
        .clone()
}

/// Reads and parses the documents and the `mutations` context documents into the project;
/// returns their syntax errors.
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
        } else if let Some((path, bytes)) = read(roots, arg, "query", out) {
            let name = roots.display(&path, &arg.value);
            added(project.add_document_bytes(name, &bytes), arg.span, spans);
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

/// Why `name` cannot be mapped to a Rust type (`scalars(Name = ...)`, the CLI's `--scalar`):
/// the schema has no such type (with the nearest scalar suggested) or it is not a scalar.
pub fn scalar_mapping_error(schema: &Schema, name: &str) -> Option<String> {
    match schema.get(name).map(|t| &t.kind) {
        Some(TypeKind::Scalar) => None,
        Some(_) => Some(format!(
            "`{name}` is not a scalar in the schema: only scalars are mapped with `scalars(...)`"
        )),
        None => {
            let custom = schema
                .types
                .values()
                .filter(|t| matches!(t.kind, TypeKind::Scalar))
                .map(|t| t.name.as_str());
            let mut m = format!("the schema has no scalar `{name}`");
            if let Some(best) = crate::suggest::closest(name, custom) {
                m.push_str(&format!("; did you mean `{best}`?"));
            }
            Some(m)
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
    let body = body(text);
    // Line the added note up with the diagnostic's own `= help`/`= note` lines.
    let indent = body
        .lines()
        .rev()
        .find_map(|l| l.find("= ").filter(|&i| l[..i].trim().is_empty()))
        .unwrap_or(2);
    let note = format!(
        "{body}\n{:indent$}= note: typed-graphql: set `appsync = \"deny\"` in the attribute to make this an error, `\"allow\"` to silence it",
        ""
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

/// A document file's bytes and absolute path (tracked), or `None` after reporting why not.
fn read(roots: &Roots, arg: &Spanned, what: &str, out: &mut Output) -> Option<(PathBuf, Vec<u8>)> {
    let path = match roots.resolve(&arg.value) {
        Ok(path) => path,
        Err(tried) => {
            out.error(arg.span, &missing(what, &arg.value, &tried));
            return None;
        }
    };
    out.tracked.push((path.clone(), arg.span));
    match std::fs::read(&path) {
        Ok(bytes) => Some((path, bytes)),
        Err(e) => {
            out.error(arg.span, &format!("cannot read `{}`: {e}", arg.value));
            None
        }
    }
}

fn missing(what: &str, path: &str, tried: &[PathBuf]) -> String {
    // Absolute candidates vary by machine and target dir; say where was looked instead.
    let places = if Path::new(path).is_absolute() {
        "(an absolute path)"
    } else if tried.len() > 1 {
        "in the crate's directory (CARGO_MANIFEST_DIR) and next to the file using the macro"
    } else {
        "in the crate's directory (CARGO_MANIFEST_DIR)"
    };
    format!(
        "{what} file `{path}` not found: looked {places}; paths are relative to the crate's Cargo.toml"
    )
}

/// Files matching a glob pattern relative to the crate, sorted. A pattern matching nothing is
/// an error: it is almost always a typo.
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
            if files.is_empty() {
                out.error(
                    pattern.span,
                    &format!(
                        "`mutations = \"{}\"` matches no file (the pattern is relative to the crate's Cargo.toml)",
                        pattern.value
                    ),
                );
            }
            files
        }
        Err(e) => {
            out.error(pattern.span, &format!("invalid glob pattern: {e}"));
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A crate directory with these files, removed on drop.
    struct Crate(PathBuf);

    impl Crate {
        fn new(files: &[(&str, &str)]) -> Crate {
            use std::sync::atomic::{AtomicUsize, Ordering};
            static N: AtomicUsize = AtomicUsize::new(0);
            let dir = std::env::temp_dir().join(format!(
                "tg-expand-{}-{}",
                std::process::id(),
                N.fetch_add(1, Ordering::Relaxed)
            ));
            for (name, text) in files {
                let path = dir.join(name);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, text).unwrap();
            }
            Crate(dir)
        }

        fn roots(&self) -> Roots {
            Roots {
                manifest_dir: Some(self.0.clone()),
                source_dir: None,
            }
        }

        fn expand(&self, attr: TokenStream, item: TokenStream) -> String {
            emit::expand_to_string(&expand(attr, item, &self.roots()))
        }
    }

    impl Drop for Crate {
        fn drop(&mut self) {
            std::fs::remove_dir_all(&self.0).ok();
        }
    }

    const SCHEMA: &str = "scalar DateTime\n\
        type Query { todo(id: ID!): Todo todos: [Todo!]! }\n\
        type Todo { id: ID! title: String! due: DateTime }\n";

    fn compile_errors(out: &str) -> Vec<String> {
        let file: syn::File = syn::parse_str(out).unwrap();
        let mut errors = Vec::new();
        for item in file.items {
            if let syn::Item::Macro(m) = item {
                if m.mac.path.segments.last().unwrap().ident == "compile_error" {
                    let lit: syn::LitStr = m.mac.parse_body().unwrap();
                    errors.push(lit.value());
                }
            }
        }
        errors
    }

    #[test]
    fn module_mode_keeps_user_items_and_tracks_files() {
        let c = Crate::new(&[
            ("schema.graphql", SCHEMA),
            ("ops.graphql", "query Titles { todos { id title } }"),
        ]);
        let out = c.expand(
            quote!(schema = "schema.graphql", query = "ops.graphql"),
            quote!(
                pub mod todos {
                    pub const MINE: u8 = 1;
                }
            ),
        );
        assert!(compile_errors(&out).is_empty(), "{out}");
        assert!(out.contains("pub const MINE: u8 = 1;"), "{out}");
        assert!(out.contains("pub struct Titles"), "{out}");
        for file in ["schema.graphql", "ops.graphql"] {
            let path = c.0.join(file).to_string_lossy().into_owned();
            assert!(
                out.contains(&format!("include_bytes!({path:?})")),
                "{file} not tracked: {out}"
            );
        }
    }

    #[test]
    fn every_error_of_one_use_in_one_build_with_fallback_items() {
        let c = Crate::new(&[
            ("schema.graphql", SCHEMA),
            ("a.graphql", "query A { todos { titel } }"),
            ("b.graphql", "query B { todo { id } }"),
        ]);
        let out = c.expand(
            quote!(
                schema = "schema.graphql",
                query = ["a.graphql", "b.graphql"]
            ),
            quote!(
                mod ops {}
            ),
        );
        let errors = compile_errors(&out);
        assert_eq!(errors.len(), 2, "{errors:#?}");
        assert!(errors[0].contains("a.graphql:1:19"), "{}", errors[0]);
        assert!(errors[0].contains("did you mean `title`?"), "{}", errors[0]);
        assert!(errors[1].contains("b.graphql:1:11"), "{}", errors[1]);
        // Fallback items: user code naming the operations still resolves.
        assert!(
            out.contains("pub struct A;") && out.contains("pub struct B;"),
            "{out}"
        );
    }

    #[test]
    fn missing_schema_still_gives_fallback_items() {
        let c = Crate::new(&[("ops.graphql", "query Titles { todos { id } }")]);
        let out = c.expand(
            quote!(schema = "nope.graphql", query = "ops.graphql"),
            quote!(
                mod ops {}
            ),
        );
        let errors = compile_errors(&out);
        assert_eq!(
            errors,
            ["schema file `nope.graphql` not found: looked in the crate's directory (CARGO_MANIFEST_DIR); paths are relative to the crate's Cargo.toml"]
        );
        assert!(out.contains("pub struct Titles;"), "{out}");
    }

    #[test]
    fn unknown_scalar_mapping_suggests() {
        let c = Crate::new(&[
            ("schema.graphql", SCHEMA),
            ("ops.graphql", "query Titles { todos { id } }"),
        ]);
        let out = c.expand(
            quote!(
                schema = "schema.graphql",
                query = "ops.graphql",
                scalars(DateTim = "String", Todo = "String")
            ),
            quote!(
                mod ops {}
            ),
        );
        assert_eq!(
            compile_errors(&out),
            [
                "the schema has no scalar `DateTim`; did you mean `DateTime`?",
                "`Todo` is not a scalar in the schema: only scalars are mapped with `scalars(...)`"
            ]
        );
    }

    #[test]
    fn wrong_item_and_bad_options_are_reported_together() {
        let out = expand(
            quote!(schema = "s.graphql", qeury = "q"),
            quote!(
                fn f() {}
            ),
            &Roots::default(),
        )
        .to_string();
        assert!(out.contains("did you mean `query`"), "{out}");
        assert!(out.contains("goes on an inline module"), "{out}");
    }

    #[test]
    fn absolute_paths_are_shown_relative_to_the_crate() {
        let c = Crate::new(&[
            ("schema.graphql", SCHEMA),
            ("ops.graphql", "query Titles { todos { nope } }"),
        ]);
        let abs = c.0.join("ops.graphql").to_string_lossy().into_owned();
        let out = c.expand(
            quote!(schema = "schema.graphql", query = #abs),
            quote!(
                mod ops {}
            ),
        );
        let errors = compile_errors(&out);
        assert!(errors[0].contains("--> ops.graphql:1:24"), "{}", errors[0]);
    }

    const APPSYNC: &str = "type Todo { id: ID! title: String! done: Boolean! }\n\
        type Query { todo(id: ID!): Todo }\n\
        type Mutation { addTodo(title: String!): Todo }\n\
        type Subscription { onAddTodo: Todo @aws_subscribe(mutations: [\"addTodo\"]) }\n";

    /// Names of the deprecated constants (the warnings) in an expansion.
    fn warnings(out: &str) -> Vec<String> {
        out.split("#[deprecated")
            .skip(1)
            .filter_map(|rest| rest.split("const ").nth(1))
            .filter_map(|rest| rest.split(':').next())
            .map(|name| name.trim().to_owned())
            .collect()
    }

    #[test]
    fn appsync_findings_from_mutations_context_follow_the_level() {
        let c = Crate::new(&[
            ("schema.graphql", APPSYNC),
            (
                "subs.graphql",
                "subscription OnAdd { onAddTodo { id title done } }",
            ),
            (
                "graphql/mutations/add.graphql",
                "mutation Add { addTodo(title: \"x\") { id title } }",
            ),
        ]);
        let attr = |level: &str| {
            let attr = format!(
                "schema = \"schema.graphql\", query = \"subs.graphql\", \
                 mutations = \"graphql/**/*.graphql\", appsync = \"{level}\""
            );
            attr.parse::<TokenStream>().unwrap()
        };
        let warn = c.expand(
            attr("warn"),
            quote!(
                mod subs {}
            ),
        );
        assert!(compile_errors(&warn).is_empty(), "{warn}");
        assert_eq!(
            warnings(&warn),
            ["appsync_subscription_selects_unreturned_fields"],
            "{warn}"
        );
        assert!(warn.contains("graphql/mutations/add.graphql:1:"), "{warn}");
        let context = c.0.join("graphql/mutations/add.graphql");
        assert!(
            warn.contains(&format!("{:?}", context.to_string_lossy())),
            "the context document is tracked: {warn}"
        );
        // The context mutation is not generated: only the subscription's items are.
        assert!(warn.contains("pub struct OnAdd;") && !warn.contains("pub struct Add;"));

        let deny = c.expand(
            attr("deny"),
            quote!(
                mod subs {}
            ),
        );
        assert!(warnings(&deny).is_empty(), "{deny}");
        let errors = compile_errors(&deny);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].contains("`done`"), "{}", errors[0]);

        let allow = c.expand(
            attr("allow"),
            quote!(
                mod subs {}
            ),
        );
        assert!(warnings(&allow).is_empty() && compile_errors(&allow).is_empty());
    }

    #[test]
    fn appsync_schema_rules_cover_the_fields_the_documents_use() {
        let schema = "type Todo { id: ID! }\n\
            type Query { todo: Todo @aws_subscribe(mutations: [\"addTodo\"]) other: Todo \
            @aws_subscribe(mutations: [\"addTodo\"]) }\n\
            type Mutation { addTodo: Todo }\n\
            type Subscription { onAddTodo: Todo! @aws_subscribe(mutations: [\"addTodos\"]) }\n";
        let c = Crate::new(&[
            ("schema.graphql", schema),
            (
                "ops.graphql",
                "query Q { todo { id } }\nsubscription S { onAddTodo { id } }",
            ),
        ]);
        let out = c.expand(
            quote!(schema = "schema.graphql", query = "ops.graphql"),
            quote!(
                mod ops {}
            ),
        );
        assert!(compile_errors(&out).is_empty(), "{out}");
        // `Query.other` carries the same flaw but no document selects it: not reported.
        assert_eq!(
            warnings(&out),
            [
                "appsync_subscribe_outside_subscription_root",
                "appsync_subscription_field_non_null",
                "appsync_subscribe_unknown_mutation"
            ],
            "{out}"
        );
        assert!(out.contains("`Query.todo`"), "{out}");
        assert!(!out.contains("`Query.other`"), "{out}");
    }

    #[test]
    fn schema_warnings_are_left_to_the_cli() {
        // An identical duplicate field (as in GitHub's schema) is a schema warning: the crate
        // using the schema cannot fix it, so the macro reports nothing.
        let c = Crate::new(&[
            (
                "schema.graphql",
                "type Query { a: Int a: Int }\nextend type Query { b: Int }",
            ),
            ("ops.graphql", "query Q { a b }"),
        ]);
        let out = c.expand(
            quote!(schema = "schema.graphql", query = "ops.graphql"),
            quote!(
                mod ops {}
            ),
        );
        assert!(compile_errors(&out).is_empty(), "{out}");
        assert!(warnings(&out).is_empty(), "{out}");
        assert!(out.contains("pub struct Q;"), "{out}");
    }

    #[test]
    fn mutations_glob_matching_nothing_is_an_error() {
        let c = Crate::new(&[
            ("schema.graphql", SCHEMA),
            ("ops.graphql", "query Titles { todos { id } }"),
        ]);
        let out = c.expand(
            quote!(
                schema = "schema.graphql",
                query = "ops.graphql",
                mutations = "graphql/*.graphql"
            ),
            quote!(
                mod ops {}
            ),
        );
        assert_eq!(
            compile_errors(&out),
            ["`mutations = \"graphql/*.graphql\"` matches no file (the pattern is relative to the crate's Cargo.toml)"]
        );
    }
}
