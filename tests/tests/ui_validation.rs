//! trybuild UI tests of validation errors: what users see, per rule family, when an operation
//! breaks a rule of the GraphQL specification (file:line:column, the line, a caret, a help).

#[test]
fn validation_errors() {
    trybuild::TestCases::new().compile_fail("ui/validation/**/*.rs");
}
