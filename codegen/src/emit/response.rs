//! Response types: structs (decoded by a compact generated `visit_map`, or view by view when they
//! hold fragment spreads) and enums dispatched on `__typename` for interfaces and unions.
//!
//! Structs do not derive `Deserialize`: serde's derive expands to several visitors per type, and
//! checking that expansion was most of the build time of a crate with many operations. The
//! generated impl is one `visit_map` over the runtime's `__private` helpers (see the runtime's
//! `private_de` module), with serde's behaviour: unknown keys ignored, a missing nullable field
//! `None`, a missing non-null field a `missing field` error.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc, Cx};
use crate::resolve::ir::{Abstract, Decl, Field, Struct, TypeExpr};
use crate::resolve::naming::{ident, unraw};

/// The `fragments` module, when any fragment is used.
pub(super) fn fragments_module(cx: &Cx, decls: &[Decl]) -> TokenStream {
    if decls.is_empty() {
        return TokenStream::new();
    }
    let cx = Cx {
        types: quote!(super::types::),
        fragments: TokenStream::new(),
        ..cx.clone()
    };
    let items = decls.iter().map(|d| decl(&cx, d));
    let allows = super::module_allows();
    quote! {
        /// Types of the named fragments the operations use, shared by every operation.
        #allows
        pub mod fragments {
            #(#items)*
        }
    }
}

/// One response type.
pub(super) fn decl(cx: &Cx, decl: &Decl) -> TokenStream {
    match decl {
        Decl::Struct(s) => structure(cx, s),
        Decl::Abstract(a) => abstract_enum(cx, a),
    }
}

/// Whether the user's extra derives include `Serialize`: response structs then keep the serde
/// attributes (the runtime's serde, wire names), so they serialise as the server sent them.
fn serde_attrs(cx: &Cx) -> bool {
    cx.options
        .derives
        .iter()
        .any(|d| d.segments.last().is_some_and(|s| s.ident == "Serialize"))
}

/// Attributes and type of one field: public (docs, deprecation) or not.
fn field(cx: &Cx, f: &Field, public: bool) -> TokenStream {
    let docs = if public {
        doc(f.doc.as_deref())
    } else {
        TokenStream::new()
    };
    let deprecated = if public {
        super::deprecated(f.deprecated.as_deref())
    } else {
        TokenStream::new()
    };
    let rename = (public && serde_attrs(cx) && unraw(&f.rust) != f.wire).then(|| {
        let w = &f.wire;
        quote!(#[serde(rename = #w)])
    });
    let name = ident(&f.rust);
    let ty = cx.ty(&f.ty);
    let vis = public.then(|| quote!(pub));
    quote! {
        #docs #deprecated #rename
        #vis #name: #ty
    }
}

/// The most fields decoded as one tuple by the runtime's `fields`. The runtime's
/// `MAX_TUPLE_FIELDS` is the definition: a proc macro cannot read a constant of the crate its
/// output uses, so every expansion asserts that the two agree ([`tuple_limit_check`]).
const MAX_TUPLE_FIELDS: usize = 16;

/// A compile-time check that [`MAX_TUPLE_FIELDS`] is the runtime's: a macro and a runtime that
/// disagree fail the build with this message at the `#[graphql]` use, once per expansion.
pub(super) fn tuple_limit_check(cx: &Cx) -> TokenStream {
    let krate = cx.krate();
    let limit = proc_macro2::Literal::usize_unsuffixed(MAX_TUPLE_FIELDS);
    let message = format!(
        "typed-graphql-macros decodes structs of up to {MAX_TUPLE_FIELDS} fields as a tuple but the \
         runtime's __private::MAX_TUPLE_FIELDS differs: use the same version of both"
    );
    quote! {
        const _: () = assert!(#krate::__private::MAX_TUPLE_FIELDS == #limit, #message);
    }
}

/// `Deserialize` for a struct of `fields`. Up to [`MAX_TUPLE_FIELDS`] fields, one call to the
/// runtime's generic `fields`, whose tuple type rustc infers from the struct: nothing else per
/// struct to check. A missing key gives `None` to `Option` fields (`@skip`/`@include` ones
/// included) and an error to the others, as serde's derive does.
fn object_impl(cx: &Cx, name: &TokenStream, type_name: &str, fields: &[Field]) -> TokenStream {
    let serde = &cx.serde;
    let krate = cx.krate();
    let p = quote!(#krate::__private);
    let keys = fields.iter().map(|f| &f.wire);
    let slots: Vec<_> = (0..fields.len())
        .map(|i| proc_macro2::Ident::new(&format!("f{i}"), proc_macro2::Span::call_site()))
        .collect();
    if fields.len() <= MAX_TUPLE_FIELDS {
        let names = fields.iter().map(|f| ident(&f.rust));
        return quote! {
            impl<'de> #serde::Deserialize<'de> for #name {
                fn deserialize<D: #serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let (#(#slots,)*) = #p::fields(deserializer, #type_name, &[#(#keys),*])?;
                    Ok(Self { #(#names: #slots),* })
                }
            }
        };
    }
    // Larger structs: `impl Object`, the key table and a `visit_map` reading each field.
    let decls = fields.iter().zip(&slots).map(|(f, s)| {
        let ty = cx.ty(&f.ty);
        quote!(let mut #s: Option<#ty> = None;)
    });
    let arms = fields.iter().zip(&slots).enumerate().map(|(i, (f, s))| {
        let w = &f.wire;
        let i = proc_macro2::Literal::usize_unsuffixed(i);
        quote!(Some(#i) => #p::field(&mut map, &mut #s, #w)?,)
    });
    let inits = fields.iter().zip(&slots).map(|(f, s)| {
        let (n, w) = (ident(&f.rust), &f.wire);
        quote!(#n: #p::take(&map, #s, #w)?)
    });
    quote! {
        impl #p::Object for #name {
            const NAME: &'static str = #type_name;
            const KEYS: &'static [&'static str] = &[#(#keys),*];
            fn visit_map<'de, A: #serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
                #(#decls)*
                while let Some(key) = map.next_key_seed(#p::Keys::new(Self::KEYS))? {
                    match key {
                        #(#arms)*
                        _ => #p::skip(&mut map)?,
                    }
                }
                Ok(Self { #(#inits,)* })
            }
        }

        impl<'de> #serde::Deserialize<'de> for #name {
            fn deserialize<D: #serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #p::object(deserializer)
            }
        }
    }
}

fn structure(cx: &Cx, s: &Struct) -> TokenStream {
    let serde = &cx.serde;
    let extra = cx.extra_derives();
    let docs = doc(Some(&s.doc));
    let name = ident(&s.name);
    let fields = s.fields.iter().map(|f| field(cx, f, true));
    let spreads = s.spreads.iter().map(|sp| {
        let n = ident(&sp.rust);
        let (p, t) = (&cx.fragments, ident(&sp.fragment));
        let d = format!(" The fields of fragment `{}`.", sp.fragment);
        if sp.conditional {
            quote!(#[doc = #d] pub #n: Option<#p #t>)
        } else {
            quote!(#[doc = #d] pub #n: #p #t)
        }
    });
    if s.spreads.is_empty() {
        let object = object_impl(cx, &quote!(#name), &s.name, &s.fields);
        let serde_crate = serde_attrs(cx).then(|| cx.serde_crate());
        return quote! {
            #docs
            #[derive(Debug, Clone #extra)]
            #serde_crate
            pub struct #name {
                #(#fields,)*
            }
            #object
        };
    }
    // Each view (own fields, each fragment) reads the same buffered object, so keys selected
    // by several of them are read by each.
    let json = &cx.json;
    let own = (!s.fields.is_empty()).then(|| {
        let own_fields = s.fields.iter().map(|f| field(cx, f, false));
        let object = object_impl(cx, &quote!(Own), "Own", &s.fields);
        quote! {
            struct Own { #(#own_fields,)* }
            #object
            let own = <Own as #serde::Deserialize>::deserialize(&value)
                .map_err(#serde::de::Error::custom)?;
        }
    });
    let own_inits = s.fields.iter().map(|f| {
        let n = ident(&f.rust);
        quote!(#n: own.#n)
    });
    let spread_inits = s.spreads.iter().map(|sp| {
        let n = ident(&sp.rust);
        let read =
            quote!(#serde::Deserialize::deserialize(&value).map_err(#serde::de::Error::custom)?);
        match (sp.conditional, &sp.probe) {
            (false, _) => quote!(#n: #read),
            (true, Some(key)) => {
                quote!(#n: if value.get(#key).is_some() { Some(#read) } else { None })
            }
            (true, None) => quote!(#n: Some(#read)),
        }
    });
    quote! {
        #docs
        #[derive(Debug, Clone #extra)]
        pub struct #name {
            #(#fields,)*
            #(#spreads,)*
        }

        impl<'de> #serde::Deserialize<'de> for #name {
            fn deserialize<D: #serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <#json::Value as #serde::Deserialize>::deserialize(deserializer)?;
                #own
                Ok(Self { #(#own_inits,)* #(#spread_inits,)* })
            }
        }
    }
}

fn abstract_enum(cx: &Cx, a: &Abstract) -> TokenStream {
    let serde = &cx.serde;
    let json = &cx.json;
    let extra = cx.extra_derives();
    let docs = doc(Some(&a.doc));
    let name = ident(&a.name);
    let variants = a.variants.iter().map(|v| {
        let (n, t) = (ident(&v.rust), cx.ty(&TypeExpr::Leaf(v.ty.clone())));
        let d = format!(" A `{}`.", v.typename);
        quote!(#[doc = #d] #n(#t))
    });
    let arms = a.variants.iter().map(|v| {
        let (n, tn) = (ident(&v.rust), &v.typename);
        quote!(Some(#tn) => #serde::Deserialize::deserialize(&value).map(Self::#n),)
    });
    let (other, other_ty) = (ident(&a.other_rust), ident(&a.other_ty));
    quote! {
        #docs
        #[derive(Debug, Clone #extra)]
        pub enum #name {
            #(#variants,)*
            /// Any other type, including types added to the schema later.
            #other(#other_ty),
        }

        impl<'de> #serde::Deserialize<'de> for #name {
            fn deserialize<D: #serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <#json::Value as #serde::Deserialize>::deserialize(deserializer)?;
                let result = match value.get("__typename").and_then(#json::Value::as_str) {
                    #(#arms)*
                    _ => #serde::Deserialize::deserialize(&value).map(Self::#other),
                };
                result.map_err(#serde::de::Error::custom)
            }
        }
    }
}
