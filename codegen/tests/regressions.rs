//! Hostile and degenerate documents: each gets a located diagnostic (or validates) without
//! panicking, overflowing the stack or taking unbounded time. Crashes found by the fuzz
//! targets (`codegen/fuzz`) are added here.

use std::sync::Arc;

use typed_graphql_codegen::project::{Project, MAX_NESTING};
use typed_graphql_codegen::{Diagnostic, Schema};

const SCHEMA: &str = include_str!("../src/validate/test_schema.graphql");

fn project() -> Project {
    Project::new(Arc::new(Schema::from_sdl(SCHEMA).expect("schema loads")))
}

/// Every diagnostic for `doc`, each rendered (rendering must not panic either).
fn check(doc: &[u8]) -> Vec<Diagnostic> {
    let mut p = project();
    let ds = match p.add_document_bytes("doc.graphql", doc) {
        Ok(_) => p.validate(),
        Err(d) => vec![d],
    };
    for d in &ds {
        assert!(!d.render(&p.sources).is_empty());
    }
    ds
}

fn codes(ds: &[Diagnostic]) -> Vec<&'static str> {
    ds.iter().map(|d| d.code).collect()
}

#[test]
fn ten_thousand_nested_selections_are_refused_before_parsing() {
    let doc = format!("{}{}", "{ dog ".repeat(10_000), "}".repeat(10_000));
    let ds = check(doc.as_bytes());
    assert_eq!(codes(&ds), ["nesting-too-deep"]);
    let loc = ds[0].location.expect("located");
    // At the level past the limit: its `{` or the field inside it.
    assert_eq!(loc.start.line, 1);
    assert!(
        (6 * MAX_NESTING + 1..=6 * MAX_NESTING + 6).contains(&loc.start.column),
        "{loc:?}"
    );
}

#[test]
fn nesting_up_to_the_limit_parses_and_validates() {
    // `mother` nests as deep as the limit allows: valid, and walked without overflow.
    let depth = MAX_NESTING - 2;
    let doc = format!(
        "{{ dog {}{{ name }}{} }}",
        "{ mother ".repeat(depth - 1),
        " }".repeat(depth - 1)
    );
    let ds = check(doc.as_bytes());
    assert_eq!(codes(&ds), Vec::<&str>::new(), "{ds:?}");
}

#[test]
fn deeply_nested_lists_in_values() {
    let doc = format!(
        "{{ anyArg(arg: {}1{}) }}",
        "[".repeat(MAX_NESTING - 2),
        "]".repeat(MAX_NESTING - 2)
    );
    assert!(check(doc.as_bytes()).is_empty());
    let doc = format!(
        "{{ anyArg(arg: {}1{}) }}",
        "[".repeat(5_000),
        "]".repeat(5_000)
    );
    assert_eq!(codes(&check(doc.as_bytes())), ["nesting-too-deep"]);
}

#[test]
fn braces_inside_strings_and_comments_do_not_count_as_nesting() {
    let noise = "{".repeat(10_000);
    let doc = format!(
        "# {noise}\n{{ dog {{ name(surname: false) }} anyArg(arg: \"{noise}\") b: anyArg(arg: \"\"\"{noise}\"\"\") }}"
    );
    assert!(check(doc.as_bytes()).is_empty());
}

#[test]
fn unterminated_strings_are_syntax_errors() {
    for doc in [
        "{ anyArg(arg: \"unterminated) }",
        "{ anyArg(arg: \"\"\"unterminated) }",
        "{ anyArg(arg: \"line\nbreak\") }",
        "{ anyArg(arg: \"\\",
        "\"",
        "\"\"\"",
    ] {
        let ds = check(doc.as_bytes());
        assert_eq!(codes(&ds), ["syntax"], "{doc:?}");
    }
}

#[test]
fn malformed_utf8_is_a_located_error() {
    let mut doc = b"{ dog {\n  name \xff\xfe }".to_vec();
    let ds = check(&doc);
    assert_eq!(codes(&ds), ["invalid-utf8"]);
    let loc = ds[0].location.expect("located");
    assert_eq!((loc.start.line, loc.start.column), (2, 8));
    // A truncated multi-byte character at the very end.
    doc = "{ dog { name } } # é".as_bytes().to_vec();
    doc.pop();
    assert_eq!(codes(&check(&doc)), ["invalid-utf8"]);
}

#[test]
fn empty_and_blank_files() {
    for doc in ["", "   \n\t", "# only a comment", "\u{feff}"] {
        let ds = check(doc.as_bytes());
        assert_eq!(codes(&ds), ["syntax"], "{doc:?}");
        assert!(ds[0].location.is_some() || doc.is_empty(), "{doc:?}");
    }
}

#[test]
fn huge_documents_stay_linear() {
    // 20,000 operations and as many fragments: every rule's work is linear or cached.
    let mut doc = String::new();
    for i in 0..20_000 {
        doc.push_str(&format!(
            "query Q{i}($x: Int) {{ dog {{ ...F{i} isAtLocation(x: $x) }} }}\nfragment F{i} on Dog {{ name nickname mother {{ name }} }}\n"
        ));
    }
    assert!(check(doc.as_bytes()).is_empty());
}

#[test]
fn long_fragment_chains_do_not_overflow() {
    let n = 20_000;
    let mut doc = String::from("{ dog { ...F0 } }\n");
    for i in 0..n {
        doc.push_str(&format!(
            "fragment F{i} on Dog {{ mother {{ ...F{} }} }}\n",
            i + 1
        ));
    }
    doc.push_str(&format!("fragment F{n} on Dog {{ name }}\n"));
    assert!(check(doc.as_bytes()).is_empty());
    // Two such chains selected under one response key are compared level by level.
    let mut doc = String::from("{ dog { ...A0 ...B0 } }\n");
    for i in 0..n {
        doc.push_str(&format!(
            "fragment A{i} on Dog {{ mother {{ ...A{} }} }}\n",
            i + 1
        ));
        doc.push_str(&format!(
            "fragment B{i} on Dog {{ mother {{ ...B{} }} }}\n",
            i + 1
        ));
    }
    doc.push_str(&format!(
        "fragment A{n} on Dog {{ x: name }}\nfragment B{n} on Dog {{ x: nickname }}\n"
    ));
    check(doc.as_bytes());
    // A cycle through the whole chain is found, once.
    let mut doc = String::from("{ dog { ...F0 } }\n");
    for i in 0..n {
        doc.push_str(&format!("fragment F{i} on Dog {{ ...F{} }}\n", i + 1));
    }
    doc.push_str(&format!("fragment F{n} on Dog {{ ...F0 }}\n"));
    assert_eq!(codes(&check(doc.as_bytes())), ["no-fragment-cycles"]);
}

#[test]
fn introspection_fragments_spread_everywhere_stay_bounded() {
    // Each fragment spreads the next twice: 2^40 paths, searched within a budget.
    let mut doc = String::from("{ __schema { types { ...T0 } } }\n");
    for i in 0..40 {
        doc.push_str(&format!(
            "fragment T{i} on __Type {{ ofType {{ ...T{} }} ofType {{ ...T{} }} }}\n",
            i + 1,
            i + 1
        ));
    }
    doc.push_str("fragment T40 on __Type { name }\n");
    assert!(check(doc.as_bytes()).is_empty());
}

#[test]
fn integers_beyond_64_bits_are_values_not_panics() {
    // An integer literal has no size limit in the syntax: a Float takes it, as graphql-js
    // agrees; an Int does not.
    let ds = check(b"{ complicatedArgs { floatArgField(floatArg: 99999999999999999999) } }");
    assert!(ds.is_empty(), "{ds:?}");
    let ds = check(b"{ complicatedArgs { intArgField(intArg: 99999999999999999999) } }");
    assert_eq!(codes(&ds), ["values-of-correct-type"]);
}

#[test]
fn schema_definitions_in_a_document_are_named() {
    let ds = check(b"{ dog { name } }\n\"doc\"\ntype Extra { a: Int }");
    assert_eq!(codes(&ds), ["executable-definitions"]);
    assert_eq!(ds[0].location.unwrap().start.line, 3);
}

#[test]
fn odd_but_valid_tokens() {
    let doc = "\u{feff}query Q($a: Int = -0, $b: Float = -1.5e-3) , { dog { isAtLocation(x: $a) } complicatedArgs { floatArgField(floatArg: $b) } }";
    assert!(check(doc.as_bytes()).is_empty());
    // Tabs and unicode before an error keep columns in characters.
    let ds = check("{\tanyArg(arg: \"ü\") dog { nam } }".as_bytes());
    let loc = ds[0].location.unwrap();
    assert_eq!((loc.start.column, loc.len), (26, 3));
}
