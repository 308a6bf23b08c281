//! An operation's unit type, its trait impls and request constructor, and its module.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Cx, EmitOptions};
use crate::project::Project;
use crate::resolve::ir::Operation;
use crate::resolve::naming::{self, ident, Names};
use crate::schema::OperationType;

fn kind_tokens(cx: &Cx, kind: OperationType) -> (TokenStream, TokenStream, &'static str) {
    let krate = cx.krate();
    match kind {
        OperationType::Query => (
            quote!(#krate::OperationKind::Query),
            quote!(#krate::Executable),
            "query",
        ),
        OperationType::Mutation => (
            quote!(#krate::OperationKind::Mutation),
            quote!(#krate::Executable),
            "mutation",
        ),
        OperationType::Subscription => (
            quote!(#krate::OperationKind::Subscription),
            quote!(#krate::SubscriptionOperation),
            "subscription",
        ),
    }
}

/// The unit type (unless the user's struct is it), the impls and the module.
fn items(
    cx: &Cx,
    names: (&str, &str, &str),
    kind: OperationType,
    document: &str,
    struct_mode: bool,
    module_body: TokenStream,
) -> TokenStream {
    let (op_name, type_name, module) = names;
    let krate = cx.krate();
    let (kind_value, marker, keyword) = kind_tokens(cx, kind);
    let ty = ident(type_name);
    let module = ident(module);
    let unit = (!struct_mode).then(|| {
        let d = format!(" The `{keyword} {op_name}` operation: its types are in [`{module}`].");
        quote! {
            #[doc = #d]
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
            #[allow(dead_code)]
            pub struct #ty;
        }
    });
    let hash = crate::persisted::document_hash(document);
    let module_doc = format!(" Types of the `{keyword} {op_name}` operation.");
    let allows = super::module_allows();
    quote! {
        #unit

        impl #krate::Operation for #ty {
            type Variables = #module::Variables;
            type Data = #module::Data;
            const KIND: #krate::OperationKind = #kind_value;
            const NAME: &'static str = #op_name;
            const DOCUMENT: &'static str = #document;
            const DOCUMENT_SHA256: ::core::option::Option<&'static str> =
                ::core::option::Option::Some(#hash);
        }

        impl #marker for #ty {}

        #[allow(dead_code)]
        impl #ty {
            /// A request for this operation with these variables.
            pub fn request(variables: #module::Variables) -> #krate::Request<Self> {
                #krate::Request::new(variables)
            }
        }

        #[doc = #module_doc]
        #allows
        pub mod #module {
            #module_body
        }
    }
}

/// Everything for one resolved operation; `nested` (struct mode) are the shared modules, placed
/// inside the operation's module.
pub(super) fn operation(
    base: &Cx,
    op: &Operation,
    struct_mode: bool,
    nested: TokenStream,
) -> TokenStream {
    let cx = base.for_operation(struct_mode);
    let variables = super::schema_types::input_struct(
        &cx,
        "Variables",
        quote!(#[doc = " The operation's variables."]),
        &op.variables,
    );
    let decls = op.decls.iter().map(|d| super::response::decl(&cx, d));
    let body = quote! {
        #variables
        #(#decls)*
        #nested
    };
    items(
        &cx,
        (&op.name, &op.type_name, &op.module),
        op.kind,
        &op.document,
        struct_mode,
        body,
    )
}

/// Operation types with empty `Variables` and `Data`, for when the documents are invalid.
pub(super) fn fallback(project: &Project, options: &EmitOptions) -> TokenStream {
    use crate::syntax::ast::Definition;
    let cx = Cx::new(options);
    let serde = &cx.serde;
    let serde_crate = cx.serde_crate();
    let mut root = Names::reserving(&["types", "fragments"]);
    let mut out = TokenStream::new();
    let ops = project
        .documents
        .iter()
        .flat_map(|d| d.ast.definitions.iter())
        .filter_map(|def| match def {
            Definition::Operation(op) => Some((op.kind, op.name.as_deref())),
            Definition::Fragment(_) => None,
        });
    let mut ops: Vec<(OperationType, Option<&str>)> = ops.collect();
    // Struct mode naming no operation of the documents (reported as an error): the user's struct
    // still gets the items, as a query, so code naming them adds no follow-on errors.
    if let Some(wanted) = &options.resolve.only_operation {
        let found = ops
            .iter()
            .any(|(_, name)| name.is_some_and(|n| n == wanted || naming::type_name(n) == *wanted));
        if !found {
            ops = vec![(OperationType::Query, Some(wanted.as_str()))];
        }
    }
    for (kind, name) in ops {
        let kind_name = match kind {
            OperationType::Query => "Query",
            OperationType::Mutation => "Mutation",
            OperationType::Subscription => "Subscription",
        };
        let (type_name, module, op_name) = match &options.resolve.only_operation {
            Some(wanted) => {
                let matches = name.is_some_and(|n| n == wanted || naming::type_name(n) == *wanted);
                if !matches {
                    continue;
                }
                (
                    wanted.clone(),
                    naming::module_name(wanted),
                    name.unwrap_or(wanted).to_owned(),
                )
            }
            None => {
                let op_name = name.unwrap_or(kind_name).to_owned();
                (
                    root.claim(&naming::type_name(&op_name)),
                    root.claim(&naming::module_name(&op_name)),
                    op_name,
                )
            }
        };
        let body = quote! {
            /// Not generated: the operation is invalid (see the compile error).
            #[derive(Debug, Clone, Default, #serde::Serialize)]
            #serde_crate
            pub struct Variables {}
            /// Not generated: the operation is invalid (see the compile error).
            #[derive(Debug, Clone, #serde::Deserialize)]
            #serde_crate
            pub struct Data {}
        };
        let struct_mode = options.resolve.only_operation.is_some();
        out.extend(items(
            &cx,
            (&op_name, &type_name, &module),
            kind,
            "",
            struct_mode,
            body,
        ));
    }
    out
}
