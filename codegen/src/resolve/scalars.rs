//! GraphQL scalars -> Rust types: built-in defaults, AWS scalars, the user's mapping, and a
//! located error for a custom scalar nobody mapped.

use indexmap::IndexMap;
use proc_macro2::TokenStream;
use quote::{quote, ToTokens};

use crate::diagnostic::Diagnostic;
use crate::emit::EmitOptions;
use crate::source::Location;

/// Maps scalars and collects one error per unmapped custom scalar.
pub(crate) struct ScalarMapper<'a> {
    options: &'a EmitOptions,
    /// Unmapped scalar -> its diagnostic (first use; later uses become secondary labels).
    errors: IndexMap<String, Diagnostic>,
}

/// The runtime type for a built-in or AWS scalar, under `typed_graphql::scalars` unless a plain
/// Rust type.
fn default_type(options: &EmitOptions, name: &str) -> Option<TokenStream> {
    let krate = &options.crate_path;
    let scalar = |ident: &str| -> TokenStream {
        let ident = syn::Ident::new(ident, proc_macro2::Span::call_site());
        quote!(#krate::scalars::#ident)
    };
    Some(match name {
        "Int" => quote!(i32),
        "Float" => quote!(f64),
        "String" => quote!(String),
        "Boolean" => quote!(bool),
        "ID" => match &options.id_type {
            Some(ty) => ty.to_token_stream(),
            None => scalar("Id"),
        },
        "AWSJSON" => scalar("AwsJson"),
        "AWSDateTime" => scalar("AwsDateTime"),
        "AWSDate" => scalar("AwsDate"),
        "AWSTime" => scalar("AwsTime"),
        "AWSTimestamp" => scalar("AwsTimestamp"),
        "AWSEmail" => scalar("AwsEmail"),
        "AWSURL" => scalar("AwsUrl"),
        "AWSPhone" => scalar("AwsPhone"),
        "AWSIPAddress" => scalar("AwsIpAddress"),
        _ => return None,
    })
}

impl<'a> ScalarMapper<'a> {
    pub(crate) fn new(options: &'a EmitOptions) -> Self {
        ScalarMapper {
            options,
            errors: IndexMap::new(),
        }
    }

    /// The Rust type of scalar `name` used at `at`. An unmapped custom scalar records an error
    /// and yields `serde_json::Value` so resolution can go on and find every other problem.
    pub(crate) fn map(&mut self, name: &str, at: Option<Location>) -> TokenStream {
        if let Some((_, ty)) = self.options.scalars.iter().find(|(n, _)| n == name) {
            return ty.to_token_stream();
        }
        if let Some(ty) = default_type(self.options, name) {
            return ty;
        }
        if let Some(module) = &self.options.scalars_module {
            let ident = syn::Ident::new(
                &crate::emit::naming::type_name(name),
                proc_macro2::Span::call_site(),
            );
            return quote!(#module::#ident);
        }
        match self.errors.get_mut(name) {
            Some(d) => {
                if let (Some(at), true) = (at, d.secondary.len() < 3) {
                    *d = d.clone().with_secondary(at, "also used here");
                }
            }
            None => {
                let d = Diagnostic::error(
                    "unmapped-scalar",
                    format!("no Rust type for the custom scalar `{name}`"),
                    at,
                )
                .with_label(format!("`{name}` used here"))
                .with_help(format!(
                    "map it in the attribute: `scalars({name} = \"path::to::RustType\")` \
                     (any type implementing serde's Serialize and Deserialize, e.g. `String`)"
                ))
                .with_help(format!(
                    "or name a module holding a type `{}` for every custom scalar: \
                     `scalars_module = \"crate::scalars\"`",
                    crate::emit::naming::type_name(name)
                ));
                self.errors.insert(name.to_owned(), d);
            }
        }
        let krate = &self.options.crate_path;
        quote!(#krate::__private::serde_json::Value)
    }

    /// The errors collected.
    pub(crate) fn into_errors(self) -> Vec<Diagnostic> {
        self.errors.into_values().collect()
    }
}
