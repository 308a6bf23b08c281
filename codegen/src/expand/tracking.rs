//! Dependency tracking: the files an expansion read, named in its output so that rustc lists
//! them in the crate's dep-info and cargo rebuilds the crate when one changes.
//!
//! Stable Rust has no `proc_macro::tracked_path`; the only way to add a file to dep-info is a
//! file-including macro in the expansion. Each file gets
//!
//! ```ignore
//! const _: () = { fn _tracked() -> &'static [u8] { ::core::include_bytes!("/abs/path") } };
//! ```
//!
//! Every expansion tracks every file it read, whatever expanded before it in the process, so
//! the same input always expands to the same tokens. The bytes sit in a private function that
//! nothing calls: it is type-checked but never code-generated, and a private function's body is
//! not written to the crate's metadata. Measured with GitHub's 1.2 MB schema (rustc 1.95, dev
//! profile, a crate of 200 such items against one without): about 1 ms per item, and 89 KB of
//! metadata for all 200. An unnamed `const _: &[u8] = include_bytes!(...)` instead costs about
//! 8 ms and puts the whole file in the metadata once per item (69 MB for 50 items);
//! `include_str!` in the function costs about 7 ms per item.

use std::path::PathBuf;

use proc_macro2::{Span, TokenStream};
use quote::quote_spanned;

/// The files one expansion read, each with the span of the argument that named it.
#[derive(Default)]
pub(super) struct Tracked {
    files: Vec<(PathBuf, Span)>,
}

impl Tracked {
    /// Tracks `path`, read for the argument at `span`; a file read twice is tracked once, at
    /// its first argument.
    pub(super) fn add(&mut self, path: PathBuf, span: Span) {
        if !self.files.iter().any(|(p, _)| *p == path) {
            self.files.push((path, span));
        }
    }

    /// The tracking items, in the order the files were read.
    pub(super) fn into_tokens(self) -> TokenStream {
        self.files
            .into_iter()
            .map(|(path, span)| {
                let path = path.to_string_lossy();
                quote_spanned! {span=>
                    const _: () = {
                        fn _tracked() -> &'static [u8] {
                            ::core::include_bytes!(#path)
                        }
                    };
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_file_once_in_the_order_read() {
        let mut tracked = Tracked::default();
        for path in ["/c/schema.graphql", "/c/a.graphql", "/c/schema.graphql"] {
            tracked.add(PathBuf::from(path), Span::call_site());
        }
        let file: syn::File = syn::parse2(tracked.into_tokens()).unwrap();
        let included: Vec<String> = file
            .items
            .iter()
            .map(|item| {
                let syn::Item::Const(c) = item else {
                    panic!("not an unnamed constant");
                };
                let text = quote::quote!(#c).to_string();
                let start = text.find("include_bytes !").unwrap();
                text[start..].split('"').nth(1).unwrap().to_owned()
            })
            .collect();
        assert_eq!(included, ["/c/schema.graphql", "/c/a.graphql"]);
    }
}
