//! The `#[graphql(...)]` attribute: what it may say, parsed with syn.
//!
//! Parsing reports every mistake in the attribute at once (combined `syn::Error`s), each spanned
//! on the option or value at fault, and never stops at the first.

use proc_macro2::{Span, TokenStream};
use syn::parse::Parser;
use syn::punctuated::Punctuated;
use syn::{Expr, ExprLit, Lit, LitStr, Meta, Token};

/// A string argument and where it was written (diagnostics are spanned on it).
#[derive(Debug, Clone)]
pub struct Spanned {
    /// The value.
    pub value: String,
    /// Its span in the attribute.
    pub span: Span,
}

/// How AppSync warnings are reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Level {
    /// Compiler warnings (the default).
    #[default]
    Warn,
    /// Compile errors: for CI.
    Deny,
    /// Not reported.
    Allow,
}

/// A `scalars(Name = "rust::Type")` entry.
#[derive(Clone)]
pub struct ScalarMapping {
    /// The GraphQL scalar's name.
    pub name: String,
    /// Where the name is written (an unknown scalar is reported there).
    pub span: Span,
    /// The Rust type, spanned on the string literal.
    pub ty: syn::Type,
}

impl std::fmt::Debug for ScalarMapping {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use quote::ToTokens;
        f.debug_struct("ScalarMapping")
            .field("name", &self.name)
            .field("ty", &self.ty.to_token_stream().to_string())
            .finish()
    }
}

/// The parsed attribute.
#[derive(Clone, Default)]
pub struct Config {
    /// Schema files (SDL or introspection JSON), relative to the crate.
    pub schema: Vec<Spanned>,
    /// Document files, or inline documents.
    pub query: Vec<Spanned>,
    /// Glob patterns of documents used only as context for the AppSync checks.
    pub mutations: Vec<Spanned>,
    /// How AppSync warnings are reported.
    pub appsync: Level,
    /// Warn when no known mutation triggers a subscription.
    pub appsync_strict: bool,
    /// `scalars(Name = "Type", ...)`.
    pub scalars: Vec<ScalarMapping>,
    /// `scalars_module = "crate::scalars"`: where unmapped custom scalars' types live.
    pub scalars_module: Option<syn::Path>,
    /// `id = "String"`: the Rust type of `ID`.
    pub id: Option<syn::Type>,
    /// `derives(PartialEq, Eq)` or `derive = "PartialEq, Eq"`: extra derives.
    pub derives: Vec<syn::Path>,
    /// `crate = "::my_reexport::typed_graphql"`: the runtime's path.
    pub crate_path: Option<syn::Path>,
    /// `max_field_comparisons = 5_000_000`: validation's work limit (see
    /// [`Limits`](crate::limits::Limits)); `None` keeps the default.
    pub max_field_comparisons: Option<u64>,
    /// `max_tokens = 5_000_000`: the most tokens one document may have; `None` keeps the
    /// default.
    pub max_tokens: Option<u64>,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use quote::ToTokens;
        let text = |t: &dyn ToTokens| t.to_token_stream().to_string();
        f.debug_struct("Config")
            .field("schema", &self.schema)
            .field("query", &self.query)
            .field("mutations", &self.mutations)
            .field("appsync", &self.appsync)
            .field("appsync_strict", &self.appsync_strict)
            .field("scalars", &self.scalars)
            .field(
                "scalars_module",
                &self.scalars_module.as_ref().map(|p| text(p)),
            )
            .field("id", &self.id.as_ref().map(|t| text(t)))
            .field(
                "derives",
                &self.derives.iter().map(|d| text(d)).collect::<Vec<_>>(),
            )
            .field("crate_path", &self.crate_path.as_ref().map(|p| text(p)))
            .field("max_field_comparisons", &self.max_field_comparisons)
            .field("max_tokens", &self.max_tokens)
            .finish()
    }
}

/// The options the attribute accepts (for "did you mean").
pub const OPTIONS: &[&str] = &[
    "schema",
    "query",
    "mutations",
    "appsync",
    "appsync_strict",
    "scalars",
    "scalars_module",
    "id",
    "derives",
    "derive",
    "crate",
    "max_field_comparisons",
    "max_tokens",
];

impl Spanned {
    /// Whether a `query` value is an inline document rather than a path: it has a selection set
    /// or starts with an operation or fragment keyword.
    pub fn is_inline_document(&self) -> bool {
        let v = self.value.trim_start();
        v.contains('{')
            || ["query", "mutation", "subscription", "fragment"]
                .iter()
                .any(|k| v.starts_with(k) && v[k.len()..].starts_with(char::is_whitespace))
    }
}

/// Collects errors so one build reports every mistake in the attribute.
#[derive(Default)]
struct Errors(Option<syn::Error>);

impl Errors {
    fn push(&mut self, err: syn::Error) {
        match &mut self.0 {
            Some(all) => all.combine(err),
            None => self.0 = Some(err),
        }
    }

    fn ok<T>(&mut self, result: syn::Result<T>) -> Option<T> {
        result.map_err(|e| self.push(e)).ok()
    }
}

/// Parses the attribute's tokens.
pub fn parse(attr: TokenStream) -> syn::Result<Config> {
    let metas = Punctuated::<Meta, Token![,]>::parse_terminated.parse2(attr)?;
    let mut config = Config::default();
    let mut errors = Errors::default();
    let mut seen: Vec<String> = Vec::new();
    let mut meant: Vec<&str> = Vec::new();
    for meta in metas {
        let name = meta
            .path()
            .get_ident()
            .map(ToString::to_string)
            .unwrap_or_else(|| quote::ToTokens::to_token_stream(meta.path()).to_string());
        if !OPTIONS.contains(&name.as_str()) {
            let (err, suggested) = unknown_option(&name, &meta);
            errors.push(err);
            // `qeury = ...` is reported once, not again as a missing `query`.
            meant.extend(suggested);
            continue;
        }
        // Lists merge (`scalars(...)` twice is fine); a second single value is a mistake.
        let repeatable = matches!(name.as_str(), "scalars" | "derives" | "derive");
        if !repeatable && seen.contains(&name) {
            errors.push(syn::Error::new_spanned(
                meta.path(),
                format!("`{name}` is given twice; give it once (a list `[\"a\", \"b\"]` where several are allowed)"),
            ));
            continue;
        }
        seen.push(name.clone());
        if let Err(e) = option(&mut config, &name, &meta) {
            errors.push(e);
        }
    }
    if !seen.iter().any(|s| s == "schema") && !meant.contains(&"schema") {
        errors.push(syn::Error::new(
            Span::call_site(),
            "missing `schema = \"path/to/schema.graphql\"` (relative to the crate's Cargo.toml)",
        ));
    }
    if !seen.iter().any(|s| s == "query") && !meant.contains(&"query") {
        errors.push(syn::Error::new(
            Span::call_site(),
            "missing `query = \"path/to/operations.graphql\"` (a path relative to the crate's Cargo.toml, or an inline document)",
        ));
    }
    match errors.0 {
        Some(err) => Err(err),
        None => Ok(config),
    }
}

/// The error for an unknown option, and the option it probably meant.
fn unknown_option(name: &str, meta: &Meta) -> (syn::Error, Option<&'static str>) {
    let mut msg = format!("unknown option `{name}`");
    let best = crate::suggest::closest(name, OPTIONS.iter().copied());
    match best {
        Some(best) => msg.push_str(&format!("; did you mean `{best}`?")),
        None => msg.push_str(&format!("; the options are: {}", OPTIONS.join(", "))),
    }
    (syn::Error::new_spanned(meta.path(), msg), best)
}

/// Reads one known option into `config`.
fn option(config: &mut Config, name: &str, meta: &Meta) -> syn::Result<()> {
    match name {
        "scalars" => {
            let list = list(
                meta,
                name,
                "scalars(DateTime = \"chrono::DateTime<chrono::Utc>\")",
            )?;
            let entries = list.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated)?;
            let mut errors = Errors::default();
            for entry in entries {
                if let Some(mapping) = errors.ok(scalar_mapping(&entry)) {
                    config.scalars.push(mapping);
                }
            }
            return errors.0.map_or(Ok(()), Err);
        }
        "derives" => {
            let list = list(meta, name, "derives(PartialEq, Eq)")?;
            let paths =
                list.parse_args_with(Punctuated::<syn::Path, Token![,]>::parse_terminated)?;
            config.derives.extend(paths);
            return Ok(());
        }
        "appsync_strict" => {
            config.appsync_strict = match meta {
                Meta::Path(_) => true,
                Meta::NameValue(syn::MetaNameValue {
                    value:
                        Expr::Lit(ExprLit {
                            lit: Lit::Bool(b), ..
                        }),
                    ..
                }) => b.value,
                other => {
                    return Err(syn::Error::new_spanned(
                        other,
                        "expected `appsync_strict = true` or `appsync_strict = false`",
                    ))
                }
            };
            return Ok(());
        }
        _ => {}
    }
    let value = match meta {
        Meta::NameValue(nv) => &nv.value,
        Meta::List(list) if name == "derive" => {
            // `derive(PartialEq)`, as on a struct: the list form is `derives`.
            let tokens = list
                .tokens
                .to_string()
                .replace(" ,", ",")
                .replace(" :: ", "::");
            return Err(syn::Error::new_spanned(
                meta,
                format!(
                    "`derive` takes a string: `derive = \"{tokens}\"`; did you mean `derives({tokens})`?"
                ),
            ));
        }
        other => {
            return Err(syn::Error::new_spanned(
                other,
                format!("expected `{name} = \"...\"`"),
            ))
        }
    };
    match name {
        "schema" => config.schema.extend(strings(value)?),
        "query" => config.query.extend(strings(value)?),
        "mutations" => config.mutations.extend(strings(value)?),
        "appsync" => {
            let s = lit_str(value)?;
            config.appsync = match s.value().as_str() {
                "warn" => Level::Warn,
                "deny" => Level::Deny,
                "allow" => Level::Allow,
                _ => {
                    return Err(syn::Error::new(
                        s.span(),
                        "`appsync` is one of \"warn\" (the default), \"deny\", \"allow\"",
                    ))
                }
            }
        }
        "scalars_module" => {
            config.scalars_module = Some(parse_lit(value, "a module path like \"crate::scalars\"")?)
        }
        "id" => config.id = Some(parse_lit(value, "a Rust type like \"String\"")?),
        "max_field_comparisons" => config.max_field_comparisons = Some(number(value, name)?),
        "max_tokens" => config.max_tokens = Some(number(value, name)?),
        "crate" => {
            config.crate_path = Some(parse_lit(
                value,
                "a path like \"::my_crate::typed_graphql\"",
            )?)
        }
        "derive" => {
            let s = lit_str(value)?;
            let paths = s
                .parse_with(Punctuated::<syn::Path, Token![,]>::parse_terminated)
                .map_err(|_| {
                    syn::Error::new(s.span(), "expected derive paths like \"PartialEq, Eq\"")
                })?;
            config.derives.extend(paths);
        }
        _ => unreachable_option(name)?,
    }
    Ok(())
}

/// Every name in [`OPTIONS`] is handled above; a forgotten one is reported, not a panic.
fn unreachable_option(name: &str) -> syn::Result<()> {
    Err(syn::Error::new(
        Span::call_site(),
        format!("typed-graphql: option `{name}` is not implemented"),
    ))
}

/// A limit's value: an integer literal.
fn number(value: &Expr, name: &str) -> syn::Result<u64> {
    match value {
        Expr::Lit(ExprLit {
            lit: Lit::Int(n), ..
        }) => n.base10_parse(),
        other => Err(syn::Error::new_spanned(
            other,
            format!("expected a number: `{name} = 5_000_000`"),
        )),
    }
}

fn list<'a>(meta: &'a Meta, name: &str, example: &str) -> syn::Result<&'a syn::MetaList> {
    match meta {
        Meta::List(list) => Ok(list),
        other => Err(syn::Error::new_spanned(
            other,
            format!("`{name}` takes a list: `{example}`"),
        )),
    }
}

fn scalar_mapping(entry: &Meta) -> syn::Result<ScalarMapping> {
    let example =
        "expected `Name = \"rust::Type\"`, e.g. `DateTime = \"chrono::DateTime<chrono::Utc>\"`";
    let Meta::NameValue(nv) = entry else {
        return Err(syn::Error::new_spanned(entry, example));
    };
    let Some(ident) = nv.path.get_ident() else {
        return Err(syn::Error::new_spanned(&nv.path, example));
    };
    let ty = parse_lit(
        &nv.value,
        "a Rust type in a string, like \"chrono::DateTime<chrono::Utc>\"",
    )?;
    Ok(ScalarMapping {
        name: ident.to_string(),
        span: ident.span(),
        ty,
    })
}

/// A string literal holding Rust syntax, parsed with its tokens spanned on the literal.
fn parse_lit<T: syn::parse::Parse>(value: &Expr, what: &str) -> syn::Result<T> {
    let s = lit_str(value)?;
    s.parse::<T>()
        .map_err(|e| syn::Error::new(s.span(), format!("expected {what}: {e}")))
}

/// A string literal, or an array of them.
fn strings(value: &Expr) -> syn::Result<Vec<Spanned>> {
    let one = |e: &Expr| {
        lit_str(e).map(|s| Spanned {
            value: s.value(),
            span: s.span(),
        })
    };
    match value {
        Expr::Array(array) if array.elems.is_empty() => Err(syn::Error::new_spanned(
            array,
            "the list is empty: name at least one file",
        )),
        Expr::Array(array) => array.elems.iter().map(one).collect(),
        other => Ok(vec![one(other)?]),
    }
}

fn lit_str(value: &Expr) -> syn::Result<&LitStr> {
    match value {
        Expr::Lit(ExprLit {
            lit: Lit::Str(s), ..
        }) => Ok(s),
        other => Err(syn::Error::new_spanned(other, "expected a string literal")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::{quote, ToTokens};

    fn err(tokens: TokenStream) -> Vec<String> {
        parse(tokens)
            .unwrap_err()
            .into_iter()
            .map(|e| e.to_string())
            .collect()
    }

    #[test]
    fn parses_every_option() {
        let c = parse(quote!(
            schema = ["a.graphql", "b.graphql"],
            query = "q.graphql",
            mutations = "graphql/**/*.graphql",
            appsync = "deny",
            appsync_strict = true,
            scalars(DateTime = "chrono::DateTime<chrono::Utc>", URI = "String"),
            scalars_module = "crate::scalars",
            id = "String",
            derives(PartialEq, Eq),
            derive = "Hash, serde::Serialize",
            crate = "::my_reexport::typed_graphql",
        ))
        .unwrap();
        assert_eq!(c.schema.len(), 2);
        assert_eq!(c.query[0].value, "q.graphql");
        assert_eq!(c.mutations[0].value, "graphql/**/*.graphql");
        assert_eq!(c.appsync, Level::Deny);
        assert!(c.appsync_strict);
        let scalars: Vec<(String, String)> = c
            .scalars
            .iter()
            .map(|s| (s.name.clone(), s.ty.to_token_stream().to_string()))
            .collect();
        assert_eq!(
            scalars,
            [
                (
                    "DateTime".to_owned(),
                    "chrono :: DateTime < chrono :: Utc >".to_owned()
                ),
                ("URI".to_owned(), "String".to_owned())
            ]
        );
        let text = |t: &dyn ToTokens| t.to_token_stream().to_string();
        assert_eq!(text(c.scalars_module.as_ref().unwrap()), "crate :: scalars");
        assert_eq!(text(c.id.as_ref().unwrap()), "String");
        let derives: Vec<String> = c.derives.iter().map(|d| text(d)).collect();
        assert_eq!(derives, ["PartialEq", "Eq", "Hash", "serde :: Serialize"]);
        assert_eq!(
            text(c.crate_path.as_ref().unwrap()),
            ":: my_reexport :: typed_graphql"
        );
    }

    #[test]
    fn defaults() {
        let c = parse(quote!(schema = "s.graphql", query = "q.graphql")).unwrap();
        assert_eq!(c.appsync, Level::Warn);
        assert!(!c.appsync_strict);
        assert!(c.scalars.is_empty() && c.derives.is_empty());
        assert!(c.crate_path.is_none() && c.id.is_none() && c.scalars_module.is_none());
    }

    #[test]
    fn unknown_option_suggests() {
        assert_eq!(
            err(quote!(schema = "s", qeury = "q")),
            ["unknown option `qeury`; did you mean `query`?"]
        );
        assert_eq!(
            err(quote!(schema = "s", query = "q", scalar(X = "String"))),
            ["unknown option `scalar`; did you mean `scalars`?"]
        );
        // The list form of a string option: the list option of the same meaning is named.
        assert_eq!(
            err(quote!(schema = "s", query = "q", derive(PartialEq, serde::Serialize))),
            ["`derive` takes a string: `derive = \"PartialEq, serde::Serialize\"`; did you mean `derives(PartialEq, serde::Serialize)`?"]
        );
    }

    #[test]
    fn reports_every_mistake_at_once() {
        let errors = err(quote!(
            schema = "s",
            query = "q",
            appsync = "loud",
            id = "not a type!",
            scalars(DateTime = 5),
            qeury = "x"
        ));
        assert_eq!(errors.len(), 4, "{errors:?}");
        assert!(errors[0].contains("\"warn\""), "{errors:?}");
        assert!(errors[1].starts_with("expected a Rust type"), "{errors:?}");
        assert_eq!(errors[2], "expected a string literal");
        assert!(errors[3].contains("did you mean `query`"), "{errors:?}");
    }

    #[test]
    fn missing_and_duplicate_options() {
        assert_eq!(
            err(quote!(query = "q")),
            ["missing `schema = \"path/to/schema.graphql\"` (relative to the crate's Cargo.toml)"]
        );
        let dup = err(quote!(schema = "s", query = "q", query = "r"));
        assert!(dup[0].starts_with("`query` is given twice"), "{dup:?}");
        let empty = err(quote!(schema = [], query = "q"));
        assert!(empty[0].contains("empty"), "{empty:?}");
    }

    #[test]
    fn tells_inline_documents_from_paths() {
        let s = |v: &str| Spanned {
            value: v.to_owned(),
            span: Span::call_site(),
        };
        assert!(s("query Q { a }").is_inline_document());
        assert!(s("{ a }").is_inline_document());
        assert!(s("fragment F on T { a }").is_inline_document());
        assert!(s("\n  subscription S { a }").is_inline_document());
        assert!(!s("graphql/queries.graphql").is_inline_document());
        assert!(!s("query.graphql").is_inline_document());
        assert!(!s("mutations/add.graphql").is_inline_document());
    }

    #[test]
    fn limits_are_numbers() {
        let c = parse(quote!(
            schema = "s",
            query = "q",
            max_tokens = 5_000,
            max_field_comparisons = 7
        ))
        .expect("parses");
        assert_eq!(
            (c.max_tokens, c.max_field_comparisons),
            (Some(5000), Some(7))
        );
        assert_eq!(
            err(quote!(schema = "s", query = "q", max_tokens = "many")),
            ["expected a number: `max_tokens = 5_000_000`"]
        );
    }
}
