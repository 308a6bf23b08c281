//! Differential test against graphql-js, the reference implementation: for every case of a
//! corpus (hand-written per rule, plus generated operations and mutations of them over several
//! schemas), our verdict (valid / invalid) must equal graphql-js's.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use typed_graphql_codegen::project::Project;
use typed_graphql_codegen::schema::{Schema, TypeDef, TypeKind, TypeRef};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// graphql-js's directory, installed on demand; `None` (skip) off CI when it cannot be had.
fn graphql_js() -> Option<PathBuf> {
    let script = workspace().join("scripts/graphql-js/install.sh");
    let status = Command::new("flock")
        .arg(workspace().join(".tools.lock"))
        .arg("bash")
        .arg(&script)
        .status();
    match status {
        Ok(s) if s.success() => Some(workspace().join(".tools/graphql-js/node_modules")),
        other => {
            assert!(
                std::env::var_os("CI").is_none(),
                "graphql-js could not be installed ({other:?}): the differential test must run in CI"
            );
            eprintln!("SKIPPED: graphql-js could not be installed ({other:?}); run scripts/graphql-js/install.sh");
            None
        }
    }
}

/// A small deterministic generator (xorshift), so failures reproduce.
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
}

/// How a generated operation is broken (or not).
#[derive(Clone, Copy, PartialEq)]
enum Mutation {
    None,
    Typo,
    DropRequiredArg,
    WrongLiteral,
    UndefinedVariable,
    LeafWithSelection,
    UnknownDirective,
    DuplicateArgument,
}

const MUTATIONS: [Mutation; 8] = [
    Mutation::None,
    Mutation::Typo,
    Mutation::DropRequiredArg,
    Mutation::WrongLiteral,
    Mutation::UndefinedVariable,
    Mutation::LeafWithSelection,
    Mutation::UnknownDirective,
    Mutation::DuplicateArgument,
];

struct Gen<'a> {
    schema: &'a Schema,
    rng: Rng,
    mutation: Mutation,
    /// Whether the mutation was applied somewhere (otherwise the case is a valid one).
    applied: bool,
}

impl Gen<'_> {
    fn literal(&mut self, ty: &TypeRef, depth: usize) -> String {
        match ty {
            TypeRef::NonNull(inner) => self.literal(inner, depth),
            TypeRef::List(inner) => format!("[{}]", self.literal(inner, depth)),
            TypeRef::Named(name) => match name.as_str() {
                "Int" => "3".into(),
                "Float" => "1.5".into(),
                "String" | "AWSDateTime" | "AWSJSON" => "\"s\"".into(),
                "Boolean" => "true".into(),
                "ID" => "\"1\"".into(),
                other => match self.schema.get(other).map(|t| &t.kind) {
                    Some(TypeKind::Enum { values }) => {
                        values.keys().next().cloned().unwrap_or_default()
                    }
                    Some(TypeKind::InputObject { fields, one_of }) if depth < 3 => {
                        let parts: Vec<String> = fields
                            .values()
                            .filter(|f| {
                                if *one_of {
                                    false
                                } else {
                                    f.ty.is_non_null() && f.default_value.is_none()
                                }
                            })
                            .map(|f| format!("{}: {}", f.name, self.literal(&f.ty, depth + 1)))
                            .collect();
                        if *one_of {
                            let first = fields
                                .values()
                                .next()
                                .map(|f| format!("{}: {}", f.name, self.literal(&f.ty, depth + 1)));
                            format!("{{ {} }}", first.unwrap_or_default())
                        } else {
                            format!("{{ {} }}", parts.join(", "))
                        }
                    }
                    _ => "\"s\"".into(),
                },
            },
        }
    }

    fn maybe(&mut self, m: Mutation) -> bool {
        if self.mutation == m && !self.applied && self.rng.chance(50) {
            self.applied = true;
            true
        } else {
            false
        }
    }

    fn selection(&mut self, ty: &TypeDef, depth: usize) -> String {
        let Some(fields) = ty.fields() else {
            // A union: select through an inline fragment on a member.
            let members = self.schema.possible_types(&ty.name).to_vec();
            let member = &members[self.rng.below(members.len())];
            let inner = self
                .schema
                .get(member)
                .map(|t| self.selection(t, depth))
                .unwrap_or_default();
            return format!("__typename ... on {member} {inner}");
        };
        let names: Vec<String> = fields.keys().cloned().collect();
        let count = 1 + self.rng.below(3);
        let mut parts = Vec::new();
        for _ in 0..count {
            let name = names[self.rng.below(names.len())].clone();
            let def = &fields[&name];
            let mut args: Vec<String> = Vec::new();
            for a in def.arguments.values() {
                let required = a.ty.is_non_null() && a.default_value.is_none();
                if required && self.maybe(Mutation::DropRequiredArg) {
                    continue;
                }
                if required || self.rng.chance(30) {
                    let value = if self.maybe(Mutation::WrongLiteral) {
                        "{ nope: 1 }".to_owned()
                    } else if self.maybe(Mutation::UndefinedVariable) {
                        "$undefinedVariable".to_owned()
                    } else {
                        self.literal(&a.ty, 0)
                    };
                    args.push(format!("{}: {value}", a.name));
                    if self.maybe(Mutation::DuplicateArgument) {
                        args.push(format!("{}: {}", a.name, self.literal(&a.ty, 0)));
                    }
                }
            }
            let shown = if self.maybe(Mutation::Typo) {
                format!("{name}x")
            } else {
                name.clone()
            };
            let mut text = shown;
            if !args.is_empty() {
                text.push_str(&format!("({})", args.join(", ")));
            }
            if self.maybe(Mutation::UnknownDirective) {
                text.push_str(" @notADirective");
            }
            let child = self.schema.get(def.ty.named());
            match child {
                Some(c) if c.is_composite() => {
                    if depth < 3 {
                        let inner = self.selection(c, depth + 1);
                        text.push_str(&format!(" {{ {inner} }}"));
                    } else {
                        text.push_str(" { __typename }");
                    }
                }
                _ => {
                    if self.maybe(Mutation::LeafWithSelection) {
                        text.push_str(" { x }");
                    }
                }
            }
            // Same response key twice with different arguments would be a legitimate conflict:
            // alias each field uniquely.
            parts.push(format!("f{}: {text}", parts.len()));
        }
        parts.join(" ")
    }
}

fn generated(schema_name: &str, schema: &Schema, seed: u64, count: usize) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let Some(root) = schema.root(typed_graphql_codegen::schema::OperationType::Query) else {
        return out;
    };
    for i in 0..count {
        let mutation = MUTATIONS[i % MUTATIONS.len()];
        let mut g = Gen {
            schema,
            rng: Rng(seed.wrapping_add(i as u64 * 7919) | 1),
            mutation,
            applied: false,
        };
        let body = g.selection(root, 0);
        out.push((
            schema_name.to_owned(),
            format!("query Generated {{ {body} }}"),
        ));
    }
    out
}

#[test]
fn verdicts_agree_with_graphql_js() {
    let Some(modules) = graphql_js() else { return };
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/differential");
    let mut schemas = Vec::new();
    for name in ["pets.graphql", "todo.graphql"] {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        let schema = Schema::from_sdl(&text).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        schemas.push((name, text, Arc::new(schema)));
    }
    let mut cases: Vec<(String, String)> = std::fs::read_to_string(dir.join("cases.graphql"))
        .unwrap()
        .split("# ---")
        .map(|block| {
            let doc: Vec<&str> = block.lines().filter(|l| !l.starts_with('#')).collect();
            ("pets.graphql".to_owned(), doc.join("\n").trim().to_owned())
        })
        .filter(|(_, d)| !d.is_empty())
        .collect();
    for (i, (name, _, schema)) in schemas.iter().enumerate() {
        cases.extend(generated(name, schema, 0x9e37_79b9 + i as u64, 400));
    }
    let payload: Vec<serde_json::Value> = cases
        .iter()
        .map(|(name, doc)| {
            let sdl = &schemas.iter().find(|(n, _, _)| n == name).unwrap().1;
            serde_json::json!({ "schema": sdl, "document": doc })
        })
        .collect();
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
    let mut mismatches = Vec::new();
    let (mut valid, mut invalid) = (0, 0);
    for ((name, doc), reference) in cases.iter().zip(&verdicts) {
        let schema = schemas
            .iter()
            .find(|(n, _, _)| n == name)
            .unwrap()
            .2
            .clone();
        let mut project = Project::new(schema);
        let ours = match project.add_document("case.graphql", doc.as_str()) {
            Ok(_) => project.validate(),
            Err(d) => vec![d],
        };
        let ours_valid = ours.is_empty();
        let theirs_valid = reference["valid"].as_bool().unwrap();
        if ours_valid {
            valid += 1
        } else {
            invalid += 1
        }
        if ours_valid != theirs_valid {
            let ours: Vec<&str> = ours.iter().map(|d| d.message.as_str()).collect();
            mismatches.push(format!(
                "{name}: {doc}\n  ours: {ours:?}\n  graphql-js: {}",
                reference["errors"]
            ));
        }
    }
    eprintln!("{} cases: {valid} valid, {invalid} invalid", cases.len());
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}
