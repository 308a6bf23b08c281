//! How a rendered diagnostic becomes a compiler message: an error is a `compile_error!`, a
//! warning (stable Rust has no way for a macro to emit one) is the use of a deprecated constant
//! whose note is the diagnostic.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote_spanned};

/// A `compile_error!` at `span` whose message is `text`, a rendered diagnostic or a message.
pub(super) fn error(span: Span, text: &str) -> TokenStream {
    let message = body(text);
    quote_spanned!(span=> ::core::compile_error!(#message);)
}

/// A warning on stable Rust: a use of a deprecated constant named like the lint (`code`), whose
/// note is the rendered diagnostic `text` and says how `appsync = "deny"` or `"allow"` in the
/// attribute change it. The compiler prints it as `use of deprecated constant`, at `span`;
/// `#[allow(deprecated)]` or `#[deny(deprecated)]` around the attribute apply to it.
pub(super) fn warning(span: Span, code: &str, text: &str) -> TokenStream {
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

/// A rendered diagnostic without its `error: `/`warning: ` head: the compiler adds its own.
fn body(rendered: &str) -> String {
    let text = rendered
        .strip_prefix("error: ")
        .or_else(|| rendered.strip_prefix("warning: "))
        .unwrap_or(rendered);
    text.trim_end().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const RENDERED: &str = "warning: `onAdd` selects `done`, which `addTodo` does not return\n  \
        --> subs.graphql:1:40\n   |\n 1 | subscription OnAdd { onAddTodo { id done } }\n   \
        |                                        ^^^^\n    = help: select `done` in `addTodo`\n\n";

    #[test]
    fn an_error_is_a_compile_error_without_the_head() {
        let tokens = error(
            Span::call_site(),
            "error: no such field\n  --> a.graphql:1:2\n",
        );
        let item: syn::ItemMacro = syn::parse2(tokens).unwrap();
        assert_eq!(
            item.mac.path.segments.last().unwrap().ident,
            "compile_error"
        );
        let message: syn::LitStr = item.mac.parse_body().unwrap();
        assert_eq!(message.value(), "no such field\n  --> a.graphql:1:2");
    }

    #[test]
    fn a_warning_is_a_use_of_a_deprecated_constant_named_like_the_lint() {
        let tokens = warning(
            Span::call_site(),
            "appsync-subscription-selects-unreturned-fields",
            RENDERED,
        );
        let item: syn::ItemConst = syn::parse2(tokens).unwrap();
        let syn::Expr::Block(block) = *item.expr else {
            panic!("not a block");
        };
        let [syn::Stmt::Item(syn::Item::Const(inner)), syn::Stmt::Expr(syn::Expr::Path(used), None)] =
            &block.block.stmts[..]
        else {
            panic!("not a deprecated constant and its use");
        };
        assert_eq!(
            inner.ident,
            "appsync_subscription_selects_unreturned_fields"
        );
        assert!(used.path.is_ident(&inner.ident));
        let deprecated = inner
            .attrs
            .iter()
            .find(|a| a.path().is_ident("deprecated"))
            .unwrap();
        let syn::Meta::List(list) = &deprecated.meta else {
            panic!("deprecated without a note");
        };
        let note: syn::MetaNameValue = list.parse_args().unwrap();
        let syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(note),
            ..
        }) = note.value
        else {
            panic!("the note is not a string");
        };
        let note = note.value();
        // The head is the compiler's; the note is lined up with the diagnostic's `= help`.
        assert!(note.starts_with("`onAdd` selects `done`"), "{note}");
        assert!(
            note.ends_with(
                "    = help: select `done` in `addTodo`\n    = note: typed-graphql: set \
                 `appsync = \"deny\"` in the attribute to make this an error, `\"allow\"` to \
                 silence it"
            ),
            "{note}"
        );
    }

    #[test]
    fn without_help_lines_the_note_is_indented_by_two() {
        let tokens = warning(Span::call_site(), "x", "warning: plain");
        let text = tokens.to_string();
        assert!(
            text.contains(r#""plain\n  = note: typed-graphql"#),
            "{text}"
        );
    }
}
