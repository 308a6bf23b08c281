//! trybuild UI tests of what users see when a `#[graphql]` use is wrong: missing files, unknown
//! options, invalid documents (only the real error, no cascade from code naming the generated
//! items), unmapped scalars, struct mode naming no operation, and type errors in user code that
//! the generated types catch (wrong variable types, subscribing to a query, executing a
//! subscription). `ui/warnings/` shows the AppSync warnings as the compiler prints them, as
//! errors under `appsync = "deny"` and `#![deny(deprecated)]`, and a clean build when the
//! mutation selects everything the subscription does.

#[test]
fn ui_fail() {
    let t = trybuild::TestCases::new();
    t.compile_fail("ui/fail/*.rs");
    t.compile_fail("ui/warnings/*.rs");
    t.pass("ui/warnings/pass/*.rs");
}
