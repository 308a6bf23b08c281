//! GraphQL scalars -> Rust types: built-in defaults, AWS scalars, the user's mapping, and a
//! located error for a custom scalar nobody mapped.

use indexmap::IndexMap;
use quote::{quote, ToTokens};

use super::ir::ScalarType;
use super::ResolveOptions;
use crate::diagnostic::Diagnostic;
use crate::source::Location;

/// Maps scalars and collects one error per unmapped custom scalar.
pub(crate) struct ScalarMapper<'a> {
    options: &'a ResolveOptions,
    /// Unmapped scalar -> its diagnostic (first use; later uses become secondary labels).
    errors: IndexMap<String, Diagnostic>,
}

/// The type for a built-in or AWS scalar: a plain Rust type or one of the runtime's `scalars`.
fn default_type(options: &ResolveOptions, name: &str) -> Option<ScalarType> {
    let scalar = ScalarType::Runtime;
    Some(match name {
        "Int" => ScalarType::Rust(quote!(i32)),
        "Float" => ScalarType::Rust(quote!(f64)),
        "String" => ScalarType::Rust(quote!(String)),
        "Boolean" => ScalarType::Rust(quote!(bool)),
        "ID" => match &options.id_type {
            Some(ty) => ScalarType::Rust(ty.to_token_stream()),
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
    pub(crate) fn new(options: &'a ResolveOptions) -> Self {
        ScalarMapper {
            options,
            errors: IndexMap::new(),
        }
    }

    /// The Rust type of scalar `name` used at `at`. An unmapped custom scalar records an error
    /// and yields `serde_json::Value` so resolution can go on and find every other problem.
    pub(crate) fn map(&mut self, name: &str, at: Option<Location>) -> ScalarType {
        if let Some((_, ty)) = self.options.scalars.iter().find(|(n, _)| n == name) {
            return ScalarType::Rust(ty.to_token_stream());
        }
        if let Some(ty) = default_type(self.options, name) {
            return ty;
        }
        if let Some(module) = &self.options.scalars_module {
            let ident = syn::Ident::new(
                &super::naming::type_name(name),
                proc_macro2::Span::call_site(),
            );
            return ScalarType::Rust(quote!(#module::#ident));
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
                    super::naming::type_name(name)
                ));
                self.errors.insert(name.to_owned(), d);
            }
        }
        ScalarType::Json
    }

    /// The errors collected.
    pub(crate) fn into_errors(self) -> Vec<Diagnostic> {
        self.errors.into_values().collect()
    }
}
