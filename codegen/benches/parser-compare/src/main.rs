//! Parses the same inputs with graphql-parser 0.4, cynic-parser and apollo-parser and prints
//! Markdown: parse times (median of repeated runs), which syntax of the current specification
//! each accepts, which nodes carry positions, and the error message each gives for broken input.
//!
//! `cargo run [--release] -- <repo root>`; `run.sh` runs both builds and the compile-time timing.
use std::time::{Duration, Instant};

struct Input {
    name: &'static str,
    schemas: Vec<String>,
    documents: Vec<String>,
}

fn load(root: &str) -> Vec<Input> {
    let read = |p: &str| std::fs::read_to_string(format!("{root}/{p}")).expect(p);
    let cases = read("codegen/tests/differential/cases.graphql");
    let documents: Vec<String> = cases
        .split("\n# ---\n")
        .map(|d| {
            d.lines()
                .filter(|l| !l.starts_with('#'))
                .collect::<Vec<_>>()
                .join("\n")
        })
        .filter(|d| !d.trim().is_empty())
        .collect();
    vec![
        Input {
            name: "GitHub's schema (fixtures/schemas/github.graphql, 1.2 MB)",
            schemas: vec![read("fixtures/schemas/github.graphql")],
            documents: vec![],
        },
        Input {
            name: "differential corpus (pets + todo schemas, every case document)",
            schemas: vec![
                read("codegen/tests/differential/pets.graphql"),
                read("codegen/tests/differential/todo.graphql"),
            ],
            documents,
        },
    ]
}

/// One candidate: parse a schema, parse a document, each returning Ok or the error text.
struct Parser {
    name: &'static str,
    schema: fn(&str) -> Result<(), String>,
    document: fn(&str) -> Result<(), String>,
}

fn parsers() -> Vec<Parser> {
    let mut out = Vec::new();
    #[cfg(feature = "graphql-parser")]
    out.push(Parser {
        name: "graphql-parser 0.4",
        schema: |s| {
            graphql_parser::parse_schema::<&str>(s)
                .map(drop)
                .map_err(|e| e.to_string())
        },
        document: |s| {
            graphql_parser::parse_query::<&str>(s)
                .map(drop)
                .map_err(|e| e.to_string())
        },
    });
    #[cfg(feature = "cynic-parser")]
    out.push(Parser {
        name: "cynic-parser 0.11",
        schema: |s| match cynic_parser::parse_type_system_document(s) {
            Ok(_) => Ok(()),
            Err(e) => Err(format!("{e} at {:?}", e.span().map(|s| s.start))),
        },
        document: |s| match cynic_parser::parse_executable_document(s) {
            Ok(_) => Ok(()),
            Err(e) => Err(format!("{e} at {:?}", e.span().map(|s| s.start))),
        },
    });
    #[cfg(feature = "apollo-parser")]
    out.push(Parser {
        name: "apollo-parser 0.8",
        schema: apollo,
        document: apollo,
    });
    #[cfg(feature = "apollo-parser-09")]
    out.push(Parser {
        name: "apollo-parser 0.9.0-beta.2",
        schema: apollo_09,
        document: apollo_09,
    });
    out
}

/// apollo-parser's two versions have one API: a document's errors, joined.
macro_rules! apollo_parse {
    ($name:ident, $feature:literal, $krate:ident) => {
        #[cfg(feature = $feature)]
        fn $name(s: &str) -> Result<(), String> {
            let tree = $krate::Parser::new(s).parse();
            let errors: Vec<String> = tree
                .errors()
                .map(|e| format!("{} at {}", e.message(), e.index()))
                .collect();
            if errors.is_empty() {
                Ok(())
            } else {
                Err(errors.join("; "))
            }
        }
    };
}
apollo_parse!(apollo, "apollo-parser", apollo_parser);
apollo_parse!(apollo_09, "apollo-parser-09", apollo_parser_09);

fn median(mut f: impl FnMut(), runs: usize) -> Duration {
    f(); // warm up
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

const NEW_SYNTAX: &[(&str, bool, &str)] = &[
    (
        "schema description",
        true,
        "\"\"\"The API\"\"\"\nschema { query: Query }\ntype Query { a: Int }",
    ),
    (
        "directive on a variable definition",
        false,
        "query Q($a: Int @tag(name: \"x\")) { a }",
    ),
    ("braced unicode escape", false, "{ a(s: \"\\u{1F600}\") }"),
    (
        "description on an operation",
        false,
        "\"Loads a\" query Q { a }",
    ),
    (
        "description on a fragment",
        false,
        "\"User bits\" fragment F on User { id }",
    ),
    (
        "block string argument",
        false,
        "{ a(s: \"\"\"\n  multi\n  line\"\"\") }",
    ),
];

const BROKEN: &[&str] = &[
    "query {\n  todos {\n    id(\n  }\n}",
    "query Q($a: Int = ) { a }",
    "{ a(s: \"unterminated) }",
    "{ a ",
];

fn main() {
    let root = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../../..".to_owned());
    let inputs = load(&root);
    let parsers = parsers();
    let profile = if cfg!(debug_assertions) {
        "unoptimised (dev, opt-level 0)"
    } else {
        "release"
    };

    println!("### Parse time, {profile} build (median of 21 runs)\n");
    print!("| input |");
    for p in &parsers {
        print!(" {} |", p.name);
    }
    println!("\n| --- |{}", " --- |".repeat(parsers.len()));
    for input in &inputs {
        print!("| {} |", input.name);
        let mut base = None;
        for p in &parsers {
            let mut failed = 0;
            let t = median(
                || {
                    failed = 0;
                    for s in &input.schemas {
                        failed += (p.schema)(s).is_err() as usize;
                    }
                    for d in &input.documents {
                        failed += (p.document)(d).is_err() as usize;
                    }
                },
                21,
            );
            let base = *base.get_or_insert(t);
            let ratio = t.as_secs_f64() / base.as_secs_f64();
            let refused = if failed > 0 {
                format!(", {failed} refused")
            } else {
                String::new()
            };
            print!(" {:.2} ms ({ratio:.2}x{refused}) |", t.as_secs_f64() * 1e3);
        }
        println!();
    }
    if !cfg!(debug_assertions) {
        return;
    }

    println!("\n### The current specification's syntax (accepted?)\n");
    print!("| syntax |");
    for p in &parsers {
        print!(" {} |", p.name);
    }
    println!("\n| --- |{}", " --- |".repeat(parsers.len()));
    for (what, schema, text) in NEW_SYNTAX {
        print!(
            "| {what}: `{}` |",
            text.replace('\n', "\\n").replace('|', "\\|")
        );
        for p in &parsers {
            let r = if *schema {
                (p.schema)(text)
            } else {
                (p.document)(text)
            };
            print!(" {} |", if r.is_ok() { "yes" } else { "**no**" });
        }
        println!();
    }

    println!("\n### Error messages\n");
    for text in BROKEN {
        println!("`{}`\n", text.replace('\n', "\\n"));
        for p in &parsers {
            let msg = (p.document)(text)
                .err()
                .unwrap_or_else(|| "(accepted)".into());
            println!("- {}: `{}`", p.name, msg.replace('\n', " / "));
        }
        println!();
    }
    positions();
}

/// Shows, for the document below, the span each parser gives the nested value `$a` and the
/// directive on the variable definition (graphql-parser has neither).
fn positions() {
    let text = "query Q($a: Int = 1) { f(x: {y: [1, $a]}) @skip(if: true) }";
    println!("### Positions\n\nIn `{text}`, the span of the nested value `$a` (bytes):\n");
    #[cfg(feature = "graphql-parser")]
    println!("- graphql-parser 0.4: no position below a field (fields, fragments, operations, directives, variable definitions carry a line:column start; arguments, values and object fields none)");
    #[cfg(feature = "cynic-parser")]
    {
        use cynic_parser::executable::{ExecutableDefinition, Selection};
        let doc = cynic_parser::parse_executable_document(text).unwrap();
        let Some(ExecutableDefinition::Operation(op)) = doc.definitions().next() else {
            unreachable!()
        };
        let Some(Selection::Field(f)) = op.selection_set().next() else {
            unreachable!()
        };
        let arg = f.arguments().next().unwrap();
        let obj = arg.value();
        let y = obj.as_object().unwrap().fields().next().unwrap().value();
        let item = y.as_list().unwrap().items().nth(1).unwrap();
        let span = item.span();
        println!(
            "- cynic-parser 0.11: {}..{} = `{}` (every node: names, arguments, values, object fields, directives, variable definitions, types; byte spans)",
            span.start, span.end, &text[span.start..span.end]
        );
    }
    #[cfg(feature = "apollo-parser")]
    {
        use apollo_parser::{cst::CstNode, SyntaxKind};
        let tree = apollo_parser::Parser::new(text).parse();
        let node = tree
            .document()
            .syntax()
            .descendants()
            .filter(|n| n.kind() == SyntaxKind::VARIABLE)
            .last()
            .unwrap();
        let r = node.text_range();
        let (s, e) = (usize::from(r.start()), usize::from(r.end()));
        println!(
            "- apollo-parser 0.8: {s}..{e} = `{}` (a lossless syntax tree: every node and token, byte ranges)",
            &text[s..e]
        );
    }
}
