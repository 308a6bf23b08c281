//! Differential test against graphql-js 17 (17.1.0), the reference implementation: for every case of a
//! corpus, our verdict (valid / invalid) must equal graphql-js's.
//!
//! The corpus: the hand-written cases of `differential/cases.graphql`; every document of the
//! rules' unit tests (read from their source); and thousands of operations generated from four
//! schemas (the validation test schema, the pets schema, an AppSync-style todo schema and
//! GitHub's public schema) by a seeded generator, most of them broken by one mutation (a
//! renamed field, a dropped required argument, a wrong literal, an undefined variable,
//! conflicting aliases, an impossible fragment, ...). `scripts/graphql-js/judge.mjs` explains
//! the four adjustments made on graphql-js's side (AppSync's predefined scalars, GitHub's
//! duplicate field definitions and deprecated implementation fields, empty selection sets
//! parsed as the specification's grammar says).
//!
//! Needs Node.js and npm: `scripts/graphql-js/install.sh` installs graphql-js into `.tools/`.
//! When that fails, the test fails under CI and is skipped with a notice otherwise (see the
//! `typed-graphql-peers` crate).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use typed_graphql_codegen::project::Project;
use typed_graphql_codegen::schema::{OperationType, Schema, TypeDef, TypeKind, TypeRef};
use typed_graphql_codegen::SourceMap;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// graphql-js's `node_modules`, installed on demand; `None` (skip, with a notice) off CI when it
/// cannot be had.
fn graphql_js() -> Option<PathBuf> {
    typed_graphql_peers::installed("graphql-js")
        .then(|| workspace().join(".tools/graphql-js/node_modules"))
}

/// A deterministic generator (xorshift64), so every failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'t, T>(&mut self, items: &'t [T]) -> Option<&'t T> {
        if items.is_empty() {
            None
        } else {
            Some(&items[self.below(items.len())])
        }
    }
}

/// How a generated operation is broken (or not).
#[derive(Clone, Copy, PartialEq, Debug)]
enum Mutation {
    None,
    Typo,
    DropRequiredArg,
    WrongLiteral,
    UndefinedVariable,
    UnusedVariable,
    VariableWrongType,
    NullableVariable,
    LeafWithSelection,
    MissingSelection,
    UnknownDirective,
    MisplacedDirective,
    DuplicateDirective,
    DuplicateArgument,
    UnknownArgument,
    ConflictingAliases,
    DifferingArguments,
    UnusedFragment,
    ImpossibleFragment,
    UnknownFragment,
    FragmentCycle,
    UnknownType,
    OutputVariable,
    DuplicateOperation,
    AnonymousAmongMany,
    SecondRootField,
    DuplicateInputField,
    UnknownInputField,
    OtherOperationKind,
}

const MUTATIONS: [Mutation; 29] = [
    Mutation::None,
    Mutation::Typo,
    Mutation::DropRequiredArg,
    Mutation::WrongLiteral,
    Mutation::UndefinedVariable,
    Mutation::UnusedVariable,
    Mutation::VariableWrongType,
    Mutation::NullableVariable,
    Mutation::LeafWithSelection,
    Mutation::MissingSelection,
    Mutation::UnknownDirective,
    Mutation::MisplacedDirective,
    Mutation::DuplicateDirective,
    Mutation::DuplicateArgument,
    Mutation::UnknownArgument,
    Mutation::ConflictingAliases,
    Mutation::DifferingArguments,
    Mutation::UnusedFragment,
    Mutation::ImpossibleFragment,
    Mutation::UnknownFragment,
    Mutation::FragmentCycle,
    Mutation::UnknownType,
    Mutation::OutputVariable,
    Mutation::DuplicateOperation,
    Mutation::AnonymousAmongMany,
    Mutation::SecondRootField,
    Mutation::DuplicateInputField,
    Mutation::UnknownInputField,
    Mutation::OtherOperationKind,
];

struct Gen<'a> {
    schema: &'a Schema,
    rng: Rng,
    mutation: Mutation,
    /// Whether the mutation was applied (otherwise the case is an unbroken one).
    applied: bool,
    variables: Vec<String>,
    fragments: Vec<String>,
    /// Aliases are unique per document, so only mutations make response keys collide.
    aliases: usize,
}

impl Gen<'_> {
    /// Applies the mutation here, at most once per document, half of the times asked.
    fn maybe(&mut self, m: Mutation) -> bool {
        if self.mutation == m && !self.applied && self.rng.chance(50) {
            self.applied = true;
            true
        } else {
            false
        }
    }

    fn literal(&mut self, ty: &TypeRef, depth: usize) -> String {
        match ty {
            TypeRef::NonNull(inner) => self.literal(inner, depth),
            TypeRef::List(inner) => {
                if self.rng.chance(30) {
                    // A single value where a list is expected (input coercion).
                    self.literal(inner, depth)
                } else {
                    format!("[{}]", self.literal(inner, depth))
                }
            }
            TypeRef::Named(name) => match name.as_str() {
                "Int" => format!("{}", self.rng.below(100)),
                "Float" => ["1.5", "2", "-0.25e3"][self.rng.below(3)].into(),
                "Boolean" => "true".into(),
                "ID" => ["\"1\"", "42"][self.rng.below(2)].into(),
                "String" => "\"s\"".into(),
                other => match self.schema.get(other).map(|t| &t.kind) {
                    Some(TypeKind::Enum { values }) => {
                        let names: Vec<&String> = values.keys().collect();
                        self.rng
                            .pick(&names)
                            .map(|s| s.to_string())
                            .unwrap_or_default()
                    }
                    Some(TypeKind::InputObject { fields, one_of }) => {
                        let fields: Vec<_> = fields.values().cloned().collect();
                        let mut parts = Vec::new();
                        if *one_of {
                            if let Some(f) = self.rng.pick(&fields).cloned() {
                                parts.push(format!(
                                    "{}: {}",
                                    f.name,
                                    self.literal(&f.ty, depth + 1)
                                ));
                            }
                        } else {
                            for f in &fields {
                                let required = f.ty.is_non_null() && f.default_value.is_none();
                                if required || (depth < 2 && self.rng.chance(25)) {
                                    parts.push(format!(
                                        "{}: {}",
                                        f.name,
                                        self.literal(&f.ty, depth + 1)
                                    ));
                                }
                            }
                        }
                        if let Some(first) = parts.first().cloned() {
                            if self.maybe(Mutation::DuplicateInputField) {
                                parts.push(first);
                            }
                        }
                        if self.maybe(Mutation::UnknownInputField) {
                            parts.push("notAField: 1".into());
                        }
                        format!("{{ {} }}", parts.join(", "))
                    }
                    // Custom scalars (AWSDate, GitHub's URI, DateTime...) take any literal.
                    _ => "\"2020-01-01\"".into(),
                },
            },
        }
    }

    /// A literal that is wrong for `ty` (for most types).
    fn wrong_literal(&mut self, ty: &TypeRef) -> String {
        let options: &[&str] = match self.schema.get(ty.named()).map(|t| &t.kind) {
            Some(TypeKind::Enum { .. }) => &["\"LOW\"", "NOT_A_VALUE", "1"],
            Some(TypeKind::InputObject { .. }) => &["\"s\"", "{ nope: 1 }", "3"],
            _ => match ty.named() {
                "Int" => &["1.5", "\"3\"", "3000000000", "true"],
                "Float" => &["\"1.5\"", "true", "ENUM"],
                "String" => &["3", "ENUM", "false", "{ a: 1 }"],
                "Boolean" => &["\"true\"", "1", "TRUE"],
                "ID" => &["1.5", "true", "ID"],
                _ => &["null", "{ a: 1 }"],
            },
        };
        let mut out = options[self.rng.below(options.len())].to_owned();
        if ty.is_non_null() && self.rng.chance(25) {
            out = "null".into();
        }
        out
    }

    fn argument(&mut self, name: &str, ty: &TypeRef) -> String {
        if self.maybe(Mutation::WrongLiteral) {
            return format!("{name}: {}", self.wrong_literal(ty));
        }
        if self.maybe(Mutation::UndefinedVariable) {
            return format!("{name}: $undefinedVariable");
        }
        if self.rng.chance(30) {
            let var = format!("v{}", self.variables.len());
            let declared = if self.maybe(Mutation::VariableWrongType) {
                let other = if ty.named() == "String" {
                    "Boolean"
                } else {
                    "String"
                };
                other.to_owned()
            } else if self.maybe(Mutation::NullableVariable) {
                strip_non_null(ty).to_string()
            } else if self.maybe(Mutation::OutputVariable) {
                self.schema
                    .query_type
                    .clone()
                    .unwrap_or_else(|| "Query".into())
            } else if self.rng.chance(20) && !ty.is_non_null() {
                format!("{ty} = {}", self.literal(ty, 0))
            } else {
                ty.to_string()
            };
            self.variables.push(format!("${var}: {declared}"));
            return format!("{name}: ${var}");
        }
        format!("{name}: {}", self.literal(ty, 0))
    }

    fn field(
        &mut self,
        owner: &TypeDef,
        name: &str,
        depth: usize,
        alias: Option<String>,
    ) -> String {
        let Some(def) = owner.field(name).cloned() else {
            return name.to_owned();
        };
        let mut args = Vec::new();
        for a in def.arguments.values() {
            let required = a.ty.is_non_null() && a.default_value.is_none();
            if required && self.maybe(Mutation::DropRequiredArg) {
                continue;
            }
            if required || self.rng.chance(25) {
                args.push(self.argument(&a.name, &a.ty));
                if self.maybe(Mutation::DuplicateArgument) {
                    args.push(format!("{}: {}", a.name, self.literal(&a.ty, 0)));
                }
            }
        }
        if self.maybe(Mutation::UnknownArgument) {
            args.push("notAnArgument: 1".into());
        }
        let mut text = match alias {
            Some(a) => format!("{a}: "),
            None => String::new(),
        };
        text.push_str(&if self.maybe(Mutation::Typo) {
            typo(name)
        } else {
            name.to_owned()
        });
        if !args.is_empty() {
            text.push_str(&format!("({})", args.join(", ")));
        }
        if self.maybe(Mutation::UnknownDirective) {
            text.push_str(" @notADirective");
        } else if self.maybe(Mutation::DuplicateDirective) {
            text.push_str(" @include(if: true) @include(if: true)");
        } else if self.rng.chance(5) {
            text.push_str(" @skip(if: false)");
        }
        match self.schema.get(def.ty.named()) {
            Some(child) if child.is_composite() => {
                if self.maybe(Mutation::MissingSelection) {
                    return text;
                }
                let inner = if depth >= 3 {
                    "__typename".to_owned()
                } else {
                    self.selection(child, depth + 1)
                };
                text.push_str(&format!(" {{ {inner} }}"));
            }
            _ => {
                if self.maybe(Mutation::LeafWithSelection) {
                    text.push_str(" { x }");
                }
            }
        }
        text
    }

    /// A selection set's body on `ty`.
    fn selection(&mut self, ty: &TypeDef, depth: usize) -> String {
        let schema = self.schema;
        let mut parts = Vec::new();
        if let Some(fields) = ty.fields() {
            // Fields whose result can be selected without recursion trouble.
            let names: Vec<String> = fields.keys().cloned().collect();
            let count = 1 + self.rng.below(3);
            for i in 0..count {
                let Some(name) = self.rng.pick(&names).cloned() else {
                    break;
                };
                // Aliases keep legitimately different arguments apart.
                let alias = (self.rng.chance(70) || i > 0).then(|| {
                    self.aliases += 1;
                    format!("f{}", self.aliases)
                });
                parts.push(self.field(ty, &name, depth, alias));
            }
            if self.maybe(Mutation::ConflictingAliases) && names.len() > 1 {
                let (a, b) = (&names[0], &names[names.len() - 1]);
                if fields[a].arguments.values().all(|x| !x.ty.is_non_null())
                    && fields[b].arguments.values().all(|x| !x.ty.is_non_null())
                {
                    let fa = self.field(ty, a, 3, Some("same".into()));
                    let fb = self.field(ty, b, 3, Some("same".into()));
                    parts.push(fa);
                    parts.push(fb);
                }
            }
            if self.maybe(Mutation::DifferingArguments) {
                if let Some((name, def)) = fields.iter().find(|(_, f)| {
                    !f.arguments.is_empty() && f.arguments.values().all(|a| !a.ty.is_non_null())
                }) {
                    let a = &def.arguments[0];
                    let leaf = schema.get(def.ty.named()).is_some_and(|t| t.is_leaf());
                    let sel = if leaf { "" } else { " { __typename }" };
                    let (v1, v2) = (self.literal(&a.ty, 0), self.literal(&a.ty, 0));
                    parts.push(format!("{name}({}: {v1}){sel} {name}{sel}", a.name));
                    let _ = v2;
                }
            }
        } else {
            parts.push("__typename".to_owned());
        }
        // Type conditions: the possible types of an abstract type, sometimes the type itself.
        if ty.is_abstract() && depth < 3 && self.rng.chance(60) {
            let members = schema.possible_types(&ty.name).to_vec();
            if let Some(member) = self.rng.pick(&members).cloned() {
                if let Some(m) = schema.get(&member) {
                    let inner = self.selection(m, depth + 1);
                    parts.push(format!("... on {member} {{ {inner} }}"));
                }
            }
        }
        if self.maybe(Mutation::ImpossibleFragment) {
            let objects: Vec<String> = schema
                .types
                .values()
                .filter(|t| matches!(t.kind, TypeKind::Object { .. }) && !t.name.starts_with("__"))
                .filter(|t| !schema.possible_types(&ty.name).contains(&t.name) && t.name != ty.name)
                .map(|t| t.name.clone())
                .collect();
            if let Some(other) = self.rng.pick(&objects) {
                parts.push(format!("... on {other} {{ __typename }}"));
            }
        }
        if self.maybe(Mutation::UnknownType) {
            parts.push("... on NotAType { __typename }".into());
        }
        if self.maybe(Mutation::UnknownFragment) {
            parts.push("...NotAFragment".into());
        }
        if depth > 0 && depth < 3 && self.rng.chance(20) {
            // Move the selection into a named fragment.
            let name = format!("Frag{}", self.fragments.len());
            let body = parts.join(" ");
            let cycle = if self.maybe(Mutation::FragmentCycle) {
                format!(" ...{name}")
            } else {
                String::new()
            };
            self.fragments.push(format!(
                "fragment {name} on {} {{ {body}{cycle} }}",
                ty.name
            ));
            return format!("...{name}");
        }
        parts.join(" ")
    }
}

fn strip_non_null(t: &TypeRef) -> &TypeRef {
    match t {
        TypeRef::NonNull(inner) => inner,
        t => t,
    }
}

fn typo(name: &str) -> String {
    let mut chars: Vec<char> = name.chars().collect();
    if chars.len() > 3 {
        chars.swap(1, 2);
        chars.into_iter().collect()
    } else {
        format!("{name}x")
    }
}

fn generated(schema_name: &str, schema: &Schema, seed: u64, count: usize) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for i in 0..count {
        let mutation = MUTATIONS[i % MUTATIONS.len()];
        let mut g = Gen {
            schema,
            rng: Rng(seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(i as u64 * 7919)
                | 1),
            mutation,
            applied: false,
            variables: Vec::new(),
            fragments: Vec::new(),
            aliases: 0,
        };
        // Mostly queries; mutations and subscriptions where the schema has them.
        let kinds = [
            (OperationType::Query, "query"),
            (OperationType::Mutation, "mutation"),
            (OperationType::Subscription, "subscription"),
        ];
        let (mut kind, mut keyword) = kinds[if g.rng.chance(70) {
            0
        } else {
            1 + g.rng.below(2)
        }];
        if schema.root(kind).is_none() {
            (kind, keyword) = kinds[0];
        }
        if g.maybe(Mutation::OtherOperationKind) {
            // Possibly a root the schema lacks (known-operation-types).
            (kind, keyword) = kinds[1 + g.rng.below(2)];
        }
        let Some(root) = schema
            .root(kind)
            .or_else(|| schema.root(OperationType::Query))
        else {
            continue;
        };
        let body = if kind == OperationType::Subscription {
            let names: Vec<String> = root
                .fields()
                .map(|f| f.keys().cloned().collect())
                .unwrap_or_default();
            let name = g.rng.pick(&names).cloned().unwrap_or_default();
            let mut body = g.field(root, &name, 1, None);
            if g.maybe(Mutation::SecondRootField) {
                if let Some(other) = g.rng.pick(&names).cloned() {
                    body.push(' ');
                    body.push_str(&g.field(root, &other, 1, Some("second".into())));
                }
            }
            body
        } else {
            g.selection(root, 0)
        };
        if g.maybe(Mutation::UnusedVariable) {
            g.variables.push("$unused: Int".into());
        }
        let vars = if g.variables.is_empty() {
            String::new()
        } else {
            format!("({})", g.variables.join(", "))
        };
        let directive = if g.maybe(Mutation::MisplacedDirective) {
            " @include(if: true)"
        } else {
            ""
        };
        let mut doc = format!("{keyword} Generated{i}{vars}{directive} {{ {body} }}");
        for f in &g.fragments {
            doc.push('\n');
            doc.push_str(f);
        }
        if g.maybe(Mutation::UnusedFragment) {
            doc.push_str(&format!(
                "\nfragment Unused on {} {{ __typename }}",
                root.name
            ));
        }
        if g.maybe(Mutation::DuplicateOperation) {
            doc.push_str(&format!("\nquery Generated{i} {{ __typename }}"));
        }
        if g.maybe(Mutation::AnonymousAmongMany) {
            doc.push_str("\n{ __typename }");
        }
        out.push((schema_name.to_owned(), doc));
    }
    out
}

/// Blocks of `cases.graphql`, separated by `# ---` lines; a `# schema: <name>` line picks the
/// schema (the validation test schema otherwise).
fn hand_written(text: &str) -> Vec<(String, String)> {
    text.split("\n# ---")
        .filter_map(|block| {
            let schema = block
                .lines()
                .find_map(|l| l.strip_prefix("# schema: "))
                .unwrap_or("harness")
                .trim()
                .to_owned();
            let doc: Vec<&str> = block.lines().filter(|l| !l.starts_with('#')).collect();
            let doc = doc.join("\n").trim().to_owned();
            (!doc.is_empty()).then_some((schema, doc))
        })
        .collect()
}

/// The documents of the rules' unit tests: every string literal passed to `valid`, `invalid`
/// or `one` (plain literals only) in `codegen/src/validate/rules/*.rs`.
fn unit_test_documents() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/validate/rules");
    let mut out = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let Some(tests) = text.split("#[cfg(test)]").nth(1) else {
            continue;
        };
        for literal in string_literals(tests) {
            let t = literal.trim_start();
            if ["{", "query", "mutation", "subscription", "fragment"]
                .iter()
                .any(|p| t.starts_with(p))
            {
                out.push(("harness".to_owned(), literal));
            }
        }
    }
    out
}

/// Plain `"..."` literals of Rust source, unescaped (`\"`, `\\`, `\n`).
fn string_literals(src: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = src.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '/' && chars.peek() == Some(&'/') {
            for c in chars.by_ref() {
                if c == '\n' {
                    break;
                }
            }
            continue;
        }
        if c == '\'' {
            // A char literal such as '"' or '\''.
            let mut lit = String::new();
            for c in chars.by_ref() {
                lit.push(c);
                if c == '\'' && !lit.ends_with("\\'") {
                    break;
                }
                if lit.len() > 4 {
                    break;
                }
            }
            continue;
        }
        if c != '"' {
            continue;
        }
        let mut s = String::new();
        while let Some(c) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some('n') => s.push('\n'),
                    Some('\n') => {
                        while chars.peek().is_some_and(|c| c.is_whitespace()) {
                            chars.next();
                        }
                    }
                    Some(other) => s.push(other),
                    None => break,
                },
                '"' => break,
                other => s.push(other),
            }
        }
        out.push(s);
    }
    out
}

fn load(name: &str, text: &str) -> Arc<Schema> {
    let mut sources = SourceMap::new();
    sources.add(name, text);
    match Schema::load(sources) {
        Ok((schema, _warnings)) => Arc::new(schema),
        Err(e) => panic!("{name} does not load: {e:?}"),
    }
}

/// Every case of the corpus: schema texts, loaded schemas, (schema, document) cases, and how many
/// are hand-written, from unit tests and generated.
struct Corpus {
    sdl: BTreeMap<&'static str, String>,
    schemas: BTreeMap<&'static str, Arc<Schema>>,
    cases: Vec<(String, String)>,
    hand: usize,
    units: usize,
    generated: usize,
}

fn corpus() -> Corpus {
    let root = workspace();
    let read =
        |p: &str| std::fs::read_to_string(root.join(p)).unwrap_or_else(|e| panic!("{p}: {e}"));
    let sdl: BTreeMap<&str, String> = [
        ("harness", read("codegen/src/validate/test_schema.graphql")),
        ("pets", read("codegen/tests/differential/pets.graphql")),
        ("todo", read("codegen/tests/differential/todo.graphql")),
        ("github", read("fixtures/schemas/github.graphql")),
    ]
    .into_iter()
    .collect();
    let schemas: BTreeMap<&str, Arc<Schema>> = sdl.iter().map(|(n, t)| (*n, load(n, t))).collect();

    let hand = hand_written(&read("codegen/tests/differential/cases.graphql"));
    let units = unit_test_documents();
    let mut cases: Vec<(String, String)> = Vec::new();
    cases.extend(hand.iter().cloned());
    cases.extend(units.iter().cloned());
    let mut generated_count = 0;
    for (i, (name, count)) in [
        ("harness", 1200),
        ("pets", 400),
        ("todo", 1000),
        ("github", 1000),
    ]
    .into_iter()
    .enumerate()
    {
        let more = generated(name, &schemas[name], 0x9e37_79b9 + i as u64, count);
        generated_count += more.len();
        cases.extend(more);
    }
    for (schema, _) in &cases {
        assert!(
            schemas.contains_key(schema.as_str()),
            "unknown schema `{schema}`"
        );
    }

    Corpus {
        sdl,
        schemas,
        hand: hand.len(),
        units: units.len(),
        generated: generated_count,
        cases,
    }
}

#[test]
fn verdicts_agree_with_graphql_js() {
    let Some(modules) = graphql_js() else { return };
    let Corpus {
        sdl,
        schemas,
        cases,
        hand,
        units,
        generated: generated_count,
    } = corpus();
    let payload = serde_json::json!({
        "schemas": sdl,
        "cases": cases.iter().map(|(s, d)| serde_json::json!({ "schema": s, "document": d })).collect::<Vec<_>>(),
    });
    let input = std::env::temp_dir().join(format!("tg-differential-{}.json", std::process::id()));
    std::fs::write(&input, serde_json::to_vec(&payload).unwrap()).unwrap();
    let output = Command::new("node")
        .arg(workspace().join("scripts/graphql-js/judge.mjs"))
        .arg(&input)
        .arg(&modules)
        .output()
        .expect("node runs");
    std::fs::remove_file(&input).ok();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let verdicts: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(verdicts.len(), cases.len());

    // DIFFERENTIAL_DUMP=<file> writes every case with both verdicts, for inspection.
    let mut dump = String::new();
    let mut mismatches = Vec::new();
    let (mut valid, mut invalid) = (0, 0);
    for ((name, doc), reference) in cases.iter().zip(&verdicts) {
        let mut project = Project::new(schemas[name.as_str()].clone());
        let ours = match project.add_document("case.graphql", doc.as_str()) {
            Ok(_) => project.validate(),
            Err(d) => vec![d],
        };
        let ours_valid = ours.is_empty();
        if std::env::var_os("DIFFERENTIAL_DUMP").is_some() {
            let codes: Vec<&str> = ours.iter().map(|d| d.code).collect();
            dump.push_str(&format!(
                "## {name} ours={codes:?} graphql-js={}\n{doc}\n\n",
                reference["errors"]
            ));
        }
        if ours_valid {
            valid += 1
        } else {
            invalid += 1
        }
        if reference["valid"].as_bool() != Some(ours_valid) {
            let ours: Vec<String> = ours
                .iter()
                .map(|d| format!("[{}] {}", d.code, d.message))
                .collect();
            mismatches.push(format!(
                "schema {name}:\n{doc}\n  ours: {ours:?}\n  graphql-js: {} {}",
                reference["errors"],
                reference["crash"].as_str().unwrap_or("")
            ));
        }
    }
    if let Some(path) = std::env::var_os("DIFFERENTIAL_DUMP") {
        std::fs::write(path, dump).unwrap();
    }
    eprintln!(
        "{} cases ({} hand-written, {} from unit tests, {generated_count} generated): {valid} valid, {invalid} invalid, {} mismatches",
        cases.len(),
        hand,
        units,
        mismatches.len()
    );
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n\n{}",
        mismatches.len(),
        mismatches.join("\n\n")
    );
}

/// Code generation over the whole corpus, valid and invalid documents alike (the macro generates
/// best-effort items next to the errors of an invalid document): it never panics, and what it
/// generates for a valid document is well-formed Rust.
#[test]
fn generation_never_panics_and_valid_documents_give_rust() {
    let Corpus { schemas, cases, .. } = corpus();
    let mut options = typed_graphql_codegen::emit::EmitOptions::default();
    // Unmapped custom scalars (GitHub's) resolve to this module's types.
    options.resolve.scalars_module = Some(syn::parse_quote!(crate::scalars));
    let (mut generated, mut failures) = (0, Vec::new());
    for (name, doc) in &cases {
        let mut project = Project::new(schemas[name.as_str()].clone());
        if project.add_document("case.graphql", doc.as_str()).is_err() {
            continue;
        }
        let valid = project.validate().is_empty();
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            typed_graphql_codegen::emit::generate(&project, &options)
        }));
        match result {
            Err(_) => failures.push(format!("panicked on schema {name}:\n{doc}")),
            Ok(Ok(tokens)) => {
                generated += 1;
                if valid {
                    if let Err(e) = syn::parse2::<syn::File>(tokens) {
                        failures.push(format!("not Rust ({e}) for schema {name}:\n{doc}"));
                    }
                }
            }
            Ok(Err(_)) => {}
        }
    }
    eprintln!("generated code for {generated} of {} cases", cases.len());
    assert!(generated > 3000, "only {generated} cases generated");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
