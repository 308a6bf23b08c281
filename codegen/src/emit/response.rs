//! Response types: structs (derived `Deserialize`, or decoded view by view when they hold
//! fragment spreads) and enums dispatched on `__typename` for interfaces and unions.

use proc_macro2::TokenStream;
use quote::quote;

use super::naming::{ident, unraw};
use super::{doc, Cx};
use crate::resolve::ir::{Abstract, Decl, Field, Struct, TypeExpr};

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

/// Attributes and type of one field: public (docs, deprecation) or not, with serde attributes
/// or not (a struct decoded by hand has none).
fn field(cx: &Cx, f: &Field, public: bool, serde: bool) -> TokenStream {
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
    let rename = (serde && unraw(&f.rust) != f.wire).then(|| {
        let w = &f.wire;
        quote!(#[serde(rename = #w)])
    });
    let default = (serde && f.optional).then(|| quote!(#[serde(default)]));
    let name = ident(&f.rust);
    let ty = cx.ty(&f.ty);
    let vis = public.then(|| quote!(pub));
    quote! {
        #docs #deprecated #rename #default
        #vis #name: #ty
    }
}

fn structure(cx: &Cx, s: &Struct) -> TokenStream {
    let serde = &cx.serde;
    let serde_crate = cx.serde_crate();
    let extra = cx.extra_derives();
    let docs = doc(Some(&s.doc));
    let name = ident(&s.name);
    let derived = s.spreads.is_empty();
    let fields = s.fields.iter().map(|f| field(cx, f, true, derived));
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
        return quote! {
            #docs
            #[derive(Debug, Clone, #serde::Deserialize #extra)]
            #serde_crate
            pub struct #name {
                #(#fields,)*
            }
        };
    }
    // Each view (own fields, each fragment) reads the same buffered object, so keys selected
    // by several of them are read by each.
    let json = &cx.json;
    let own = (!s.fields.is_empty()).then(|| {
        let own_fields = s.fields.iter().map(|f| field(cx, f, false, true));
        quote! {
            #[derive(#serde::Deserialize)]
            #serde_crate
            struct Own { #(#own_fields,)* }
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
