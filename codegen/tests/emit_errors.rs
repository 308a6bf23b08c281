//! What generation refuses, and how it names things that would collide.

use std::sync::Arc;

use typed_graphql_codegen::emit::{self, EmitOptions};
use typed_graphql_codegen::project::Project;
use typed_graphql_codegen::resolve::ResolveOptions;
use typed_graphql_codegen::Schema;

const SCHEMA: &str = r#"
scalar DateTime
scalar GitObjectID
type Commit { oid: GitObjectID! at: DateTime type: String self: Int }
type Query { commit: Commit commits: [Commit!]! todo: Int Todo: Int }
"#;

fn unchecked(doc: &str) -> Project {
    let mut p = Project::new(Arc::new(Schema::from_sdl(SCHEMA).expect("schema")));
    p.add_document("ops.graphql", doc).expect("parses");
    p
}

fn project(doc: &str) -> Project {
    let p = unchecked(doc);
    let errors: Vec<String> = p.validate().iter().map(|d| d.render(&p.sources)).collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    p
}

#[test]
fn unmapped_custom_scalars_are_located_with_the_fix() {
    let p = project("query A { commit { oid at } }\nquery B { commits { at } }");
    let errors = emit::generate(&p, &EmitOptions::default()).unwrap_err();
    assert_eq!(errors.len(), 2, "one error per scalar");
    let oid = &errors[0];
    assert_eq!(oid.code, "unmapped-scalar");
    let rendered = oid.render(&p.sources);
    assert!(rendered.contains("ops.graphql:1:20"), "{rendered}");
    assert!(rendered.contains("scalars(GitObjectID = \""), "{rendered}");
    assert!(rendered.contains("scalars_module"), "{rendered}");
    let at = errors[1].render(&p.sources);
    assert!(at.contains("custom scalar `DateTime`"), "{at}");
    assert_eq!(
        errors[1].secondary.len(),
        1,
        "later uses are shown too: {at}"
    );
    // Mapped, or found in a module: no error.
    let options = EmitOptions {
        resolve: ResolveOptions {
            scalars: vec![("GitObjectID".into(), syn::parse_quote!(String))],
            scalars_module: Some(syn::parse_quote!(crate::scalars)),
            ..ResolveOptions::default()
        },
        ..EmitOptions::default()
    };
    let code = emit::expand_to_string(&emit::generate(&p, &options).expect("generates"));
    assert!(code.contains("pub oid: String"), "{code}");
    assert!(
        code.contains("pub at: Option<crate::scalars::DateTime>"),
        "{code}"
    );
}

#[test]
fn struct_mode_names_an_existing_operation() {
    let p = project("query CommitInfo { commit { type } }");
    let options = EmitOptions {
        resolve: ResolveOptions {
            only_operation: Some("CommitInf".into()),
            ..ResolveOptions::default()
        },
        ..EmitOptions::default()
    };
    let errors = emit::generate(&p, &options).unwrap_err();
    assert_eq!(errors[0].code, "unknown-operation");
    assert!(errors[0].help[0].contains("did you mean `CommitInfo`?"));
    let options = EmitOptions {
        resolve: ResolveOptions {
            only_operation: Some("CommitInfo".into()),
            ..ResolveOptions::default()
        },
        ..EmitOptions::default()
    };
    let code = emit::expand_to_string(&emit::generate(&p, &options).expect("generates"));
    assert!(
        !code.contains("pub struct CommitInfo;"),
        "the user's struct is the type"
    );
    assert!(code.contains("impl ::typed_graphql::Operation for CommitInfo"));
}

#[test]
fn names_never_collide() {
    let p = project(
        "query todo { todo }\nquery Todo { Todo }\nquery types { commit { type self } }\n\
         query Data { data: commit { oid } }",
    );
    let options = EmitOptions {
        resolve: ResolveOptions {
            scalars: vec![
                ("GitObjectID".into(), syn::parse_quote!(String)),
                ("DateTime".into(), syn::parse_quote!(String)),
            ],
            ..ResolveOptions::default()
        },
        ..EmitOptions::default()
    };
    let tokens = emit::generate(&p, &options).expect("generates");
    let code = emit::expand_to_string(&tokens);
    syn::parse2::<syn::File>(tokens).expect("valid Rust");
    for expected in [
        "pub struct Todo;",
        "pub mod todo {",
        "pub struct Todo2;",
        "pub mod todo2 {",
        "pub struct Types;",
        "pub mod types2 {",
        "pub r#type: Option<String>",
        "pub self_: Option<i32>",
        "&[\"type\", \"self\"]",
        "pub struct Data2 {",
        "const NAME: &'static str = \"todo\";",
    ] {
        assert!(code.contains(expected), "missing `{expected}` in:\n{code}");
    }
}

#[test]
fn fallback_declares_the_operation_types() {
    // Invalid (a mutation the schema does not have): the types still name-check.
    let p = unchecked("query A { todo }\nmutation { __typename }");
    let code = emit::expand_to_string(&emit::generate_fallback(&p, &EmitOptions::default()));
    assert!(code.contains("pub struct A;"), "{code}");
    assert!(code.contains("pub mod a {"), "{code}");
    assert!(
        code.contains("impl ::typed_graphql::Executable for Mutation"),
        "{code}"
    );
    assert!(code.contains("pub struct Variables {}"), "{code}");
}

#[test]
fn struct_mode_unknown_operation_still_gets_fallback_items() {
    let p = project("query CommitInfo { commit { type } }");
    let options = EmitOptions {
        resolve: ResolveOptions {
            only_operation: Some("CommitInf".into()),
            ..ResolveOptions::default()
        },
        ..EmitOptions::default()
    };
    let code = emit::expand_to_string(&emit::generate_fallback(&p, &options));
    assert!(
        code.contains("impl ::typed_graphql::Operation for CommitInf"),
        "{code}"
    );
    assert!(code.contains("impl ::typed_graphql::Executable for CommitInf"));
    assert!(code.contains("pub mod commit_inf {"), "{code}");
    assert!(
        !code.contains("pub struct CommitInf;"),
        "the user's struct is the type"
    );
}

#[test]
fn derived_serialize_on_responses_keeps_wire_names() {
    let p = project("query CommitInfo { commit { self type } }");
    let options = EmitOptions {
        derives: vec![syn::parse_quote!(serde::Serialize)],
        ..EmitOptions::default()
    };
    let code = emit::expand_to_string(&emit::generate(&p, &options).expect("generates"));
    assert!(code.contains("#[serde(rename = \"self\")]"), "{code}");
    assert!(code.contains("#[serde(crate = \"::typed_graphql::__private::serde\")]"));
    // Without it, response types carry no serde attributes.
    let code = emit::expand_to_string(&emit::generate(&p, &EmitOptions::default()).unwrap());
    assert!(!code.contains("#[serde(rename"), "{code}");
}
