//! The `#[graphql(...)]` attribute: what it may say, parsed with syn.

use proc_macro2::{Span, TokenStream};
use syn::parse::Parser;
use syn::punctuated::Punctuated;
use syn::{Expr, ExprLit, Lit, Meta, Token};

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

/// The parsed attribute.
#[derive(Debug, Clone)]
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
}

/// The options the attribute accepts (for "did you mean").
pub const OPTIONS: &[&str] = &["schema", "query", "mutations", "appsync", "appsync_strict"];

impl Spanned {
    /// Whether a `query` value is an inline document rather than a path.
    pub fn is_inline_document(&self) -> bool {
        let v = self.value.trim_start();
        v.contains('{')
            || ["query", "mutation", "subscription", "fragment"]
                .iter()
                .any(|k| v.starts_with(k) && v[k.len()..].starts_with(char::is_whitespace))
    }
}

/// Parses the attribute's tokens.
pub fn parse(attr: TokenStream) -> syn::Result<Config> {
    let metas = Punctuated::<Meta, Token![,]>::parse_terminated.parse2(attr)?;
    let mut config = Config {
        schema: Vec::new(),
        query: Vec::new(),
        mutations: Vec::new(),
        appsync: Level::Warn,
        appsync_strict: false,
    };
    for meta in metas {
        let name = meta
            .path()
            .get_ident()
            .map(ToString::to_string)
            .unwrap_or_default();
        let value = match &meta {
            Meta::NameValue(nv) => &nv.value,
            other => {
                return Err(syn::Error::new_spanned(
                    other,
                    format!("expected `{name} = ...`"),
                ))
            }
        };
        match name.as_str() {
            "schema" => config.schema.extend(strings(value)?),
            "query" => config.query.extend(strings(value)?),
            "mutations" => config.mutations.extend(strings(value)?),
            "appsync" => {
                let s = string(value)?;
                config.appsync = match s.value.as_str() {
                    "warn" => Level::Warn,
                    "deny" => Level::Deny,
                    "allow" => Level::Allow,
                    _ => {
                        return Err(syn::Error::new(
                            s.span,
                            "`appsync` is one of \"warn\", \"deny\", \"allow\"",
                        ))
                    }
                }
            }
            "appsync_strict" => match value {
                Expr::Lit(ExprLit {
                    lit: Lit::Bool(b), ..
                }) => config.appsync_strict = b.value,
                other => {
                    return Err(syn::Error::new_spanned(
                        other,
                        "`appsync_strict` is `true` or `false`",
                    ))
                }
            },
            _ => {
                let mut msg = format!("unknown option `{name}`");
                if let Some(best) = crate::suggest::closest(&name, OPTIONS.iter().copied()) {
                    msg.push_str(&format!("; did you mean `{best}`?"));
                } else {
                    msg.push_str(&format!("; the options are: {}", OPTIONS.join(", ")));
                }
                return Err(syn::Error::new_spanned(meta.path(), msg));
            }
        }
    }
    if config.schema.is_empty() {
        return Err(syn::Error::new(
            Span::call_site(),
            "missing `schema = \"path/to/schema.graphql\"` (relative to the crate's Cargo.toml)",
        ));
    }
    if config.query.is_empty() {
        return Err(syn::Error::new(
            Span::call_site(),
            "missing `query = \"path/to/operations.graphql\"` (a path relative to the crate, or an inline document)",
        ));
    }
    Ok(config)
}

/// A string literal, or an array of them.
fn strings(value: &Expr) -> syn::Result<Vec<Spanned>> {
    match value {
        Expr::Array(array) => array.elems.iter().map(string).collect(),
        other => Ok(vec![string(other)?]),
    }
}

fn string(value: &Expr) -> syn::Result<Spanned> {
    match value {
        Expr::Lit(ExprLit {
            lit: Lit::Str(s), ..
        }) => Ok(Spanned {
            value: s.value(),
            span: s.span(),
        }),
        other => Err(syn::Error::new_spanned(other, "expected a string literal")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn parses_options() {
        let c = parse(quote!(
            schema = "s.graphql",
            query = ["a.graphql", "b.graphql"],
            appsync = "deny",
            appsync_strict = true
        ))
        .unwrap();
        assert_eq!(c.schema[0].value, "s.graphql");
        assert_eq!(c.query.len(), 2);
        assert_eq!(c.appsync, Level::Deny);
        assert!(c.appsync_strict);
        let err = parse(quote!(schema = "s", qeury = "q")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown option `qeury`; did you mean `query`?"
        );
        let inline = parse(quote!(schema = "s", query = "query Q { a }")).unwrap();
        assert!(inline.query[0].is_inline_document());
        assert!(!c.query[0].is_inline_document());
    }
}
