//! trybuild pass tests: generated code compiles under `#![deny(warnings)]` in a user crate and
//! behaves as asserted (each file's `main` runs). Few files, many assertions each: every file is
//! a separate crate to build.

#[test]
fn ui_pass() {
    let t = trybuild::TestCases::new();
    t.pass("ui/pass/*.rs");
}
