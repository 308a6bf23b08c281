//! The pipeline end to end: files on disk in, tokens out.
use std::path::PathBuf;

use super::*;

/// A crate directory with these files, removed on drop.
struct Crate(PathBuf);

impl Crate {
    fn new(files: &[(&str, &str)]) -> Crate {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "tg-expand-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        for (name, text) in files {
            let path = dir.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        Crate(dir)
    }

    fn roots(&self) -> Roots {
        Roots {
            manifest_dir: Some(self.0.clone()),
            source_dir: None,
        }
    }

    fn expand(&self, attr: TokenStream, item: TokenStream) -> String {
        emit::expand_to_string(&expand(attr, item, &self.roots()))
    }
}

impl Drop for Crate {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.0).ok();
    }
}

const SCHEMA: &str = "scalar DateTime\n\
    type Query { todo(id: ID!): Todo todos: [Todo!]! }\n\
    type Todo { id: ID! title: String! due: DateTime }\n";

fn compile_errors(out: &str) -> Vec<String> {
    let file: syn::File = syn::parse_str(out).unwrap();
    let mut errors = Vec::new();
    for item in file.items {
        if let syn::Item::Macro(m) = item {
            if m.mac.path.segments.last().unwrap().ident == "compile_error" {
                let lit: syn::LitStr = m.mac.parse_body().unwrap();
                errors.push(lit.value());
            }
        }
    }
    errors
}

#[test]
fn module_mode_keeps_user_items_and_tracks_files() {
    let c = Crate::new(&[
        ("schema.graphql", SCHEMA),
        ("ops.graphql", "query Titles { todos { id title } }"),
    ]);
    let out = c.expand(
        quote!(schema = "schema.graphql", query = "ops.graphql"),
        quote!(
            pub mod todos {
                pub const MINE: u8 = 1;
            }
        ),
    );
    assert!(compile_errors(&out).is_empty(), "{out}");
    assert!(out.contains("pub const MINE: u8 = 1;"), "{out}");
    assert!(out.contains("pub struct Titles"), "{out}");
    for file in ["schema.graphql", "ops.graphql"] {
        let path = c.0.join(file).to_string_lossy().into_owned();
        assert!(
            out.contains(&format!("include_bytes!({path:?})")),
            "{file} not tracked: {out}"
        );
    }
}

#[test]
fn every_error_of_one_use_in_one_build_with_fallback_items() {
    let c = Crate::new(&[
        ("schema.graphql", SCHEMA),
        ("a.graphql", "query A { todos { titel } }"),
        ("b.graphql", "query B { todo { id } }"),
    ]);
    let out = c.expand(
        quote!(
            schema = "schema.graphql",
            query = ["a.graphql", "b.graphql"]
        ),
        quote!(
            mod ops {}
        ),
    );
    let errors = compile_errors(&out);
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(errors[0].contains("a.graphql:1:19"), "{}", errors[0]);
    assert!(errors[0].contains("did you mean `title`?"), "{}", errors[0]);
    assert!(errors[1].contains("b.graphql:1:11"), "{}", errors[1]);
    // Fallback items: user code naming the operations still resolves.
    assert!(
        out.contains("pub struct A;") && out.contains("pub struct B;"),
        "{out}"
    );
}

#[test]
fn missing_schema_still_gives_fallback_items() {
    let c = Crate::new(&[("ops.graphql", "query Titles { todos { id } }")]);
    let out = c.expand(
        quote!(schema = "nope.graphql", query = "ops.graphql"),
        quote!(
            mod ops {}
        ),
    );
    let errors = compile_errors(&out);
    assert_eq!(
        errors,
        ["schema file `nope.graphql` not found: looked in the crate's directory (CARGO_MANIFEST_DIR); paths are relative to the crate's Cargo.toml"]
    );
    assert!(out.contains("pub struct Titles;"), "{out}");
}

#[test]
fn unknown_scalar_mapping_suggests() {
    let c = Crate::new(&[
        ("schema.graphql", SCHEMA),
        ("ops.graphql", "query Titles { todos { id } }"),
    ]);
    let out = c.expand(
        quote!(
            schema = "schema.graphql",
            query = "ops.graphql",
            scalars(DateTim = "String", Todo = "String")
        ),
        quote!(
            mod ops {}
        ),
    );
    assert_eq!(
        compile_errors(&out),
        [
            "the schema has no scalar `DateTim`; did you mean `DateTime`?",
            "`Todo` is not a scalar in the schema: only scalars are mapped with `scalars(...)`"
        ]
    );
}

#[test]
fn wrong_item_and_bad_options_are_reported_together() {
    let out = expand(
        quote!(schema = "s.graphql", qeury = "q"),
        quote!(
            fn f() {}
        ),
        &Roots::default(),
    )
    .to_string();
    assert!(out.contains("did you mean `query`"), "{out}");
    assert!(out.contains("goes on an inline module"), "{out}");
}

#[test]
fn absolute_paths_are_shown_relative_to_the_crate() {
    let c = Crate::new(&[
        ("schema.graphql", SCHEMA),
        ("ops.graphql", "query Titles { todos { nope } }"),
    ]);
    let abs = c.0.join("ops.graphql").to_string_lossy().into_owned();
    let out = c.expand(
        quote!(schema = "schema.graphql", query = #abs),
        quote!(
            mod ops {}
        ),
    );
    let errors = compile_errors(&out);
    assert!(errors[0].contains("--> ops.graphql:1:24"), "{}", errors[0]);
}

const APPSYNC: &str = "type Todo { id: ID! title: String! done: Boolean! }\n\
    type Query { todo(id: ID!): Todo }\n\
    type Mutation { addTodo(title: String!): Todo }\n\
    type Subscription { onAddTodo: Todo @aws_subscribe(mutations: [\"addTodo\"]) }\n";

/// Names of the deprecated constants (the warnings) in an expansion.
fn warnings(out: &str) -> Vec<String> {
    out.split("#[deprecated")
        .skip(1)
        .filter_map(|rest| rest.split("const ").nth(1))
        .filter_map(|rest| rest.split(':').next())
        .map(|name| name.trim().to_owned())
        .collect()
}

#[test]
fn appsync_findings_from_mutations_context_follow_the_level() {
    let c = Crate::new(&[
        ("schema.graphql", APPSYNC),
        (
            "subs.graphql",
            "subscription OnAdd { onAddTodo { id title done } }",
        ),
        (
            "graphql/mutations/add.graphql",
            "mutation Add { addTodo(title: \"x\") { id title } }",
        ),
    ]);
    let attr = |level: &str| {
        let attr = format!(
            "schema = \"schema.graphql\", query = \"subs.graphql\", \
             mutations = \"graphql/**/*.graphql\", appsync = \"{level}\""
        );
        attr.parse::<TokenStream>().unwrap()
    };
    let warn = c.expand(
        attr("warn"),
        quote!(
            mod subs {}
        ),
    );
    assert!(compile_errors(&warn).is_empty(), "{warn}");
    assert_eq!(
        warnings(&warn),
        ["appsync_subscription_selects_unreturned_fields"],
        "{warn}"
    );
    assert!(warn.contains("graphql/mutations/add.graphql:1:"), "{warn}");
    let context = c.0.join("graphql/mutations/add.graphql");
    assert!(
        warn.contains(&format!("{:?}", context.to_string_lossy())),
        "the context document is tracked: {warn}"
    );
    // The context mutation is not generated: only the subscription's items are.
    assert!(warn.contains("pub struct OnAdd;") && !warn.contains("pub struct Add;"));

    let deny = c.expand(
        attr("deny"),
        quote!(
            mod subs {}
        ),
    );
    assert!(warnings(&deny).is_empty(), "{deny}");
    let errors = compile_errors(&deny);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("`done`"), "{}", errors[0]);

    let allow = c.expand(
        attr("allow"),
        quote!(
            mod subs {}
        ),
    );
    assert!(warnings(&allow).is_empty() && compile_errors(&allow).is_empty());
}

#[test]
fn appsync_schema_rules_cover_the_fields_the_documents_use() {
    let schema = "type Todo { id: ID! }\n\
        type Query { todo: Todo @aws_subscribe(mutations: [\"addTodo\"]) other: Todo \
        @aws_subscribe(mutations: [\"addTodo\"]) }\n\
        type Mutation { addTodo: Todo }\n\
        type Subscription { onAddTodo: Todo! @aws_subscribe(mutations: [\"addTodos\"]) }\n";
    let c = Crate::new(&[
        ("schema.graphql", schema),
        (
            "ops.graphql",
            "query Q { todo { id } }\nsubscription S { onAddTodo { id } }",
        ),
    ]);
    let out = c.expand(
        quote!(schema = "schema.graphql", query = "ops.graphql"),
        quote!(
            mod ops {}
        ),
    );
    assert!(compile_errors(&out).is_empty(), "{out}");
    // `Query.other` carries the same flaw but no document selects it: not reported.
    assert_eq!(
        warnings(&out),
        [
            "appsync_subscribe_outside_subscription_root",
            "appsync_subscription_field_non_null",
            "appsync_subscribe_unknown_mutation"
        ],
        "{out}"
    );
    assert!(out.contains("`Query.todo`"), "{out}");
    assert!(!out.contains("`Query.other`"), "{out}");
}

#[test]
fn schema_warnings_are_left_to_the_cli() {
    // An identical duplicate field (as in GitHub's schema) is a schema warning: the crate
    // using the schema cannot fix it, so the macro reports nothing.
    let c = Crate::new(&[
        (
            "schema.graphql",
            "type Query { a: Int a: Int }\nextend type Query { b: Int }",
        ),
        ("ops.graphql", "query Q { a b }"),
    ]);
    let out = c.expand(
        quote!(schema = "schema.graphql", query = "ops.graphql"),
        quote!(
            mod ops {}
        ),
    );
    assert!(compile_errors(&out).is_empty(), "{out}");
    assert!(warnings(&out).is_empty(), "{out}");
    assert!(out.contains("pub struct Q;"), "{out}");
}

#[test]
fn mutations_glob_matching_nothing_is_an_error() {
    let c = Crate::new(&[
        ("schema.graphql", SCHEMA),
        ("ops.graphql", "query Titles { todos { id } }"),
    ]);
    let out = c.expand(
        quote!(
            schema = "schema.graphql",
            query = "ops.graphql",
            mutations = "graphql/*.graphql"
        ),
        quote!(
            mod ops {}
        ),
    );
    assert_eq!(
        compile_errors(&out),
        ["`mutations = \"graphql/*.graphql\"` matches no file (the pattern is relative to the crate's Cargo.toml)"]
    );
}

#[test]
fn the_same_input_expands_the_same_whatever_expanded_before() {
    let c = Crate::new(&[
        ("schema.graphql", SCHEMA),
        ("ops.graphql", "query Titles { todos { id title } }"),
    ]);
    let expand = || {
        c.expand(
            quote!(schema = "schema.graphql", query = "ops.graphql"),
            quote!(
                pub mod todos {}
            ),
        )
    };
    let first = expand();
    assert_eq!(first, expand());
    let schema = c.0.join("schema.graphql").to_string_lossy().into_owned();
    assert!(
        first.contains(&format!("include_bytes!({schema:?})")),
        "{first}"
    );
}
