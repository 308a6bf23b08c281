//! Schema enums, input objects and variables structs.
//!
//! Enums carry a fallback variant for values a newer server may send; they serialise and
//! deserialise by their GraphQL names. Inputs serialise only, leaving out absent `Maybe` fields;
//! they get `new(required...)` (no arguments when every field may be left out), and `Default`
//! too in that case.

use proc_macro2::TokenStream;
use quote::quote;

use super::{deprecated, doc, Cx};
use crate::resolve::ir::{Enum, Input, InputField};
use crate::resolve::naming::{ident, unraw};

/// The `types` module, when any enum or input object is used.
pub(super) fn module(cx: &Cx, enums: &[Enum], inputs: &[Input]) -> TokenStream {
    if enums.is_empty() && inputs.is_empty() {
        return TokenStream::new();
    }
    let cx = Cx {
        types: TokenStream::new(),
        fragments: quote!(super::fragments::),
        ..cx.clone()
    };
    let enums = enums.iter().map(|e| enumeration(&cx, e));
    let inputs = inputs.iter().map(|i| input(&cx, i));
    let allows = super::module_allows();
    quote! {
        /// The schema's enums and input objects that the operations use.
        #allows
        pub mod types {
            #(#enums)*
            #(#inputs)*
        }
    }
}

fn enumeration(cx: &Cx, e: &Enum) -> TokenStream {
    let serde = &cx.serde;
    let name = ident(&e.name);
    let docs = doc(e.doc.as_deref());
    let other = ident(&e.other);
    let variants = e.values.iter().map(|v| {
        let d = doc(v.doc.as_deref());
        let dep = deprecated(v.deprecated.as_deref());
        let n = ident(&v.rust);
        quote!(#d #dep #n)
    });
    let to_str = e.values.iter().map(|v| {
        let (n, w) = (ident(&v.rust), &v.wire);
        quote!(Self::#n => #w,)
    });
    // Known values come back as their index in `wires` (matched without allocating); the last
    // one takes the `Ok(_)` arm, as a GraphQL enum has at least one value.
    let wires = e.values.iter().map(|v| &v.wire);
    let last = e.values.len().saturating_sub(1);
    let from_index = e.values.iter().enumerate().map(|(i, v)| {
        let n = ident(&v.rust);
        if i == last {
            quote!(Ok(_) => Self::#n,)
        } else {
            let i = proc_macro2::Literal::usize_unsuffixed(i);
            quote!(Ok(#i) => Self::#n,)
        }
    });
    let krate = cx.krate();
    // PartialEq..Hash are always derived; the user's extra derives only when not already there.
    let extra = cx.options.derives.iter().filter(|d| {
        let last = d.segments.last().map(|s| s.ident.to_string());
        !matches!(
            last.as_deref(),
            Some("Debug" | "Clone" | "PartialEq" | "Eq" | "Hash" | "Serialize" | "Deserialize")
        )
    });
    let other_doc =
        " A value this schema version does not know (the server's schema is newer), as sent.";
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash #(, #extra)*)]
        pub enum #name {
            #(#variants,)*
            #[doc = #other_doc]
            #other(String),
        }

        impl #name {
            /// The GraphQL name of the value.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    Self::#other(value) => value,
                }
            }
        }

        impl #serde::Serialize for #name {
            fn serialize<S: #serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> #serde::Deserialize<'de> for #name {
            fn deserialize<D: #serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                Ok(match #krate::__private::enum_value(deserializer, &[#(#wires),*])? {
                    #(#from_index)*
                    Err(value) => Self::#other(value),
                })
            }
        }
    }
}

/// A field of an input struct: `Maybe` fields are skipped when absent.
fn input_field(cx: &Cx, f: &InputField) -> TokenStream {
    let docs = doc(f.doc.as_deref());
    let dep = deprecated(f.deprecated.as_deref());
    let rename = (unraw(&f.rust) != f.wire).then(|| {
        let w = &f.wire;
        quote!(#[serde(rename = #w)])
    });
    let skip = f.is_optional().then(|| {
        let krate = cx.krate();
        let path = format!(
            "{}::Maybe::is_absent",
            quote!(#krate).to_string().replace(' ', "")
        );
        quote!(#[serde(skip_serializing_if = #path)])
    });
    let (n, ty) = (ident(&f.rust), cx.ty(&f.ty));
    quote!(#docs #dep #rename #skip pub #n: #ty)
}

/// A struct of inputs (an input object, or an operation's `Variables`): derive, fields and the
/// constructor.
pub(super) fn input_struct(
    cx: &Cx,
    name: &str,
    docs: TokenStream,
    fields: &[InputField],
) -> TokenStream {
    let serde = &cx.serde;
    let serde_crate = cx.serde_crate();
    let extra = cx.extra_derives_but_serialize();
    let name = ident(name);
    let all_optional = fields.iter().all(InputField::is_optional);
    let default = all_optional.then(|| quote!(, Default));
    let field_tokens = fields.iter().map(|f| input_field(cx, f));
    let constructor = {
        let required: Vec<&InputField> = fields.iter().filter(|f| !f.is_optional()).collect();
        let params = required.iter().map(|f| {
            let (n, t) = (ident(&f.rust), cx.ty(&f.ty));
            quote!(#n: #t)
        });
        let krate = cx.krate();
        let inits = fields.iter().map(|f| {
            let n = ident(&f.rust);
            if f.is_optional() {
                quote!(#n: #krate::Maybe::Absent)
            } else {
                quote!(#n)
            }
        });
        // Clippy's limit is 7 arguments: the allow only where it applies, for readable output.
        let allow = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
        quote! {
            impl #name {
                /// A value with the required fields; the others are left out (absent).
                #allow
                pub fn new(#(#params),*) -> Self {
                    Self { #(#inits,)* }
                }
            }
        }
    };
    quote! {
        #docs
        #[derive(Debug, Clone, #serde::Serialize #default #extra)]
        #serde_crate
        pub struct #name {
            #(#field_tokens,)*
        }
        #constructor
    }
}

fn input(cx: &Cx, i: &Input) -> TokenStream {
    let docs = doc(i.doc.as_deref());
    if !i.one_of {
        return input_struct(cx, &i.name, docs, &i.fields);
    }
    let serde = &cx.serde;
    let serde_crate = cx.serde_crate();
    let extra = cx.extra_derives_but_serialize();
    let name = ident(&i.name);
    let variants = i.fields.iter().map(|f| {
        let d = doc(f.doc.as_deref());
        let dep = deprecated(f.deprecated.as_deref());
        let (n, w, t) = (ident(&f.rust), &f.wire, cx.ty(&f.ty));
        quote!(#d #dep #[serde(rename = #w)] #n(#t))
    });
    quote! {
        #docs
        #[derive(Debug, Clone, #serde::Serialize #extra)]
        #serde_crate
        pub enum #name {
            #(#variants,)*
        }
    }
}
