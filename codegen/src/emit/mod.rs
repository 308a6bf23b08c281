//! Resolved IR -> Rust tokens.
//!
//! For every operation: a unit type implementing `Operation` (and `Executable` or
//! `SubscriptionOperation`) with an inherent `request(variables)`, and a module (named by
//! [`naming`]) holding `Variables`, `Data` and the nested response types. Schema enums and input
//! objects the operations use go to a shared `types` module, named fragments to a shared
//! `fragments` module; each is generated only when used.
//!
//! Generated code names the runtime only through [`EmitOptions::crate_path`] (serde and
//! serde_json through its `__private` module), so it works when the runtime is re-exported
//! under another name. Mapped scalar types are written as given, from inside the generated
//! modules: use absolute paths (`crate::...`, `::chrono::...`, or an extern crate's name).

mod operation;
mod response;
mod schema_types;

use proc_macro2::TokenStream;
use quote::quote;

use crate::diagnostic::Diagnostic;
use crate::project::Project;
use crate::resolve::ir::{Leaf, ScalarType, TypeExpr};
use crate::resolve::naming;
use crate::resolve::ResolveOptions;

/// How code is generated: the attribute's options. Resolution's part (scalar mapping, struct
/// mode) is [`ResolveOptions`]; the rest says how the code is written.
#[derive(Clone)]
pub struct EmitOptions {
    /// Path to the runtime crate, `::typed_graphql` by default (attribute `crate = "..."`).
    pub crate_path: syn::Path,
    /// Extra derives for response, variables and input types.
    pub derives: Vec<syn::Path>,
    /// What resolution needs: scalar mapping and struct mode.
    pub resolve: ResolveOptions,
}

impl std::fmt::Debug for EmitOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use quote::ToTokens;
        let text = |t: &dyn ToTokens| t.to_token_stream().to_string();
        f.debug_struct("EmitOptions")
            .field("crate_path", &text(&self.crate_path))
            .field(
                "derives",
                &self.derives.iter().map(|d| text(d)).collect::<Vec<_>>(),
            )
            .field("resolve", &self.resolve)
            .finish()
    }
}

impl Default for EmitOptions {
    fn default() -> Self {
        EmitOptions {
            crate_path: syn::parse_quote!(::typed_graphql),
            derives: Vec::new(),
            resolve: ResolveOptions::default(),
        }
    }
}

/// Generates the items for every operation of `project.documents` (not `context`), or for
/// `options.only_operation` alone.
///
/// Errors: an unmapped custom scalar (located where it is used; the help says how to map it),
/// an `only_operation` the documents do not define (with "did you mean").
pub fn generate(project: &Project, options: &EmitOptions) -> Result<TokenStream, Vec<Diagnostic>> {
    let ir = crate::resolve::resolve(project, &options.resolve)?;
    Ok(emit(&ir, options))
}

/// Generates the items as [`generate`] does, but also when custom scalars are unmapped: those
/// are typed `serde_json::Value` and their errors returned beside the items, so the macro
/// reports them and still emits everything user code names (no follow-on errors). Fails only
/// as [`generate`] does for an unknown `only_operation`.
pub fn generate_with_errors(
    project: &Project,
    options: &EmitOptions,
) -> Result<(TokenStream, Vec<Diagnostic>), Vec<Diagnostic>> {
    let (ir, errors) = crate::resolve::resolve_with_errors(project, &options.resolve)?;
    Ok((emit(&ir, options), errors))
}

/// Minimal items for when validation failed: each operation's type with empty `Variables` and
/// `Data`, so user code naming them adds no follow-on errors next to the real `compile_error!`.
pub fn generate_fallback(project: &Project, options: &EmitOptions) -> TokenStream {
    operation::fallback(project, options)
}

/// Formats generated tokens as Rust source with prettyplease (for snapshots, `cargo expand`-like
/// output and the CLI). Tokens that are not a valid file come back unformatted. Needs the
/// `pretty` feature.
#[cfg(feature = "pretty")]
pub fn expand_to_string(tokens: &TokenStream) -> String {
    match syn::parse2::<syn::File>(tokens.clone()) {
        Ok(file) => prettyplease::unparse(&file),
        Err(_) => tokens.to_string(),
    }
}

fn emit(ir: &crate::resolve::Ir, options: &EmitOptions) -> TokenStream {
    let struct_mode = options.resolve.only_operation.is_some();
    let base = Cx::new(options);
    let shared = |cx: &Cx| {
        let types = schema_types::module(cx, &ir.enums, &ir.inputs);
        let fragments = response::fragments_module(cx, &ir.fragments);
        quote!(#types #fragments)
    };
    let mut out = TokenStream::new();
    for op in &ir.operations {
        let nested = if struct_mode {
            shared(&base.inside_operation_struct_mode())
        } else {
            TokenStream::new()
        };
        out.extend(operation::operation(&base, op, struct_mode, nested));
    }
    if !struct_mode {
        out.extend(shared(&base.in_shared_module()));
    }
    out.extend(response::tuple_limit_check(&base));
    out
}

/// Paths and options shared by every emitter, seen from one module.
#[derive(Clone)]
pub(crate) struct Cx<'a> {
    pub options: &'a EmitOptions,
    /// `#crate::__private::serde`.
    pub serde: TokenStream,
    /// The same path as a string, for `#[serde(crate = "...")]`.
    pub serde_str: String,
    /// `#crate::__private::serde_json`.
    pub json: TokenStream,
    /// Prefix (ending in `::`, or empty) naming the `types` module from here.
    pub types: TokenStream,
    /// Prefix naming the `fragments` module from here.
    pub fragments: TokenStream,
}

impl<'a> Cx<'a> {
    fn new(options: &'a EmitOptions) -> Self {
        let krate = &options.crate_path;
        let serde = quote!(#krate::__private::serde);
        Cx {
            options,
            serde_str: serde.to_string().replace(' ', ""),
            serde,
            json: quote!(#krate::__private::serde_json),
            types: quote!(super::types::),
            fragments: quote!(super::fragments::),
        }
    }

    /// Seen from an operation's module in struct mode (shared modules are its children).
    fn inside_operation_struct_mode(&self) -> Self {
        Cx {
            types: quote!(self::types::),
            fragments: quote!(self::fragments::),
            ..self.clone()
        }
    }

    /// Seen from `types` or `fragments` (siblings).
    fn in_shared_module(&self) -> Self {
        self.clone()
    }

    /// Seen from an operation module nested as in `emit` (struct mode or not).
    pub(crate) fn for_operation(&self, struct_mode: bool) -> Self {
        if struct_mode {
            self.inside_operation_struct_mode()
        } else {
            self.clone()
        }
    }

    /// The runtime's path.
    pub fn krate(&self) -> &syn::Path {
        &self.options.crate_path
    }

    /// A Rust type.
    pub fn ty(&self, ty: &TypeExpr) -> TokenStream {
        match ty {
            TypeExpr::Leaf(leaf) => match leaf {
                Leaf::Scalar(ScalarType::Rust(t)) => quote!(#t),
                Leaf::Scalar(ScalarType::Runtime(name)) => {
                    let (k, i) = (self.krate(), naming::ident(name));
                    quote!(#k::scalars::#i)
                }
                Leaf::Scalar(ScalarType::Json) => {
                    let k = self.krate();
                    quote!(#k::__private::serde_json::Value)
                }
                Leaf::Enum(n) | Leaf::Input(n) => {
                    let (p, i) = (&self.types, naming::ident(n));
                    quote!(#p #i)
                }
                Leaf::Local(n) => {
                    let i = naming::ident(n);
                    quote!(#i)
                }
                Leaf::Fragment(n) => {
                    let (p, i) = (&self.fragments, naming::ident(n));
                    quote!(#p #i)
                }
            },
            TypeExpr::Option(t) => {
                let t = self.ty(t);
                quote!(Option<#t>)
            }
            TypeExpr::Maybe(t) => {
                let (k, t) = (self.krate(), self.ty(t));
                quote!(#k::Maybe<#t>)
            }
            TypeExpr::List(t) => {
                let t = self.ty(t);
                quote!(Vec<#t>)
            }
            TypeExpr::Boxed(t) => {
                let t = self.ty(t);
                quote!(Box<#t>)
            }
        }
    }

    /// `#[serde(crate = "...")]`.
    pub fn serde_crate(&self) -> TokenStream {
        let s = &self.serde_str;
        quote!(#[serde(crate = #s)])
    }

    /// The user's extra derives.
    pub fn extra_derives(&self) -> TokenStream {
        let d = &self.options.derives;
        quote!(#(, #d)*)
    }

    /// The user's extra derives but `Serialize`, for inputs and variables, which derive it.
    pub fn extra_derives_but_serialize(&self) -> TokenStream {
        let d = self
            .options
            .derives
            .iter()
            .filter(|d| d.segments.last().is_none_or(|s| s.ident != "Serialize"));
        quote!(#(, #d)*)
    }
}

/// Doc attributes for a text (one per line, so formatters print `///` lines). Fenced code gets
/// the `text` language, so rustdoc does not run schema descriptions as doctests.
pub(crate) fn doc(text: Option<&str>) -> TokenStream {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return TokenStream::new();
    };
    let mut in_fence = false;
    let lines = text.lines().map(|line| {
        let line = line.trim_start();
        let line = if line.starts_with("```") {
            in_fence = !in_fence;
            if in_fence {
                "```text".to_owned()
            } else {
                "```".to_owned()
            }
        } else {
            line.to_owned()
        };
        format!(" {line}")
    });
    let lines: Vec<String> = lines.collect();
    let close = in_fence.then(|| quote!(#[doc = " ```"]));
    quote!(#(#[doc = #lines])* #close)
}

/// `#[deprecated = "..."]` when deprecated.
pub(crate) fn deprecated(reason: Option<&str>) -> TokenStream {
    match reason {
        Some(r) => quote!(#[deprecated = #r]),
        None => TokenStream::new(),
    }
}

/// The lints generated modules allow: generated names and unused items must not warn in a
/// `#![deny(warnings)]` crate; deprecated schema items are marked, and only the user's own
/// uses of them warn.
pub(crate) fn module_allows() -> TokenStream {
    quote! {
        #[allow(
            dead_code,
            deprecated,
            missing_docs,
            non_camel_case_types,
            non_snake_case,
            unused_qualifications,
            clippy::all,
            clippy::pedantic,
            rustdoc::all
        )]
    }
}
