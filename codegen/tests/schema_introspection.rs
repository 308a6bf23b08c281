//! Introspection JSON loads into the same schema as the SDL it was produced from (by graphql-js).

use typed_graphql_codegen::schema::{Schema, TypeKind};
use typed_graphql_codegen::SourceMap;

fn load(name: &str, text: &str) -> Result<Schema, Vec<typed_graphql_codegen::Diagnostic>> {
    let mut sources = SourceMap::new();
    sources.add(name, text);
    Schema::load(sources).map(|(s, _)| s)
}

/// A comparable outline of a schema: every user type with its kind and members.
fn outline(schema: &Schema) -> Vec<String> {
    let mut out = Vec::new();
    for t in schema.types.values().filter(|t| !t.builtin) {
        match &t.kind {
            TypeKind::Object { fields, interfaces }
            | TypeKind::Interface { fields, interfaces } => {
                out.push(format!("{} implements {interfaces:?}", t.name));
                for f in fields.values() {
                    let args: Vec<String> = f
                        .arguments
                        .values()
                        .map(|a| {
                            format!(
                                "{}: {} = {:?}",
                                a.name,
                                a.ty,
                                a.default_value.as_ref().map(|v| v.to_string())
                            )
                        })
                        .collect();
                    out.push(format!(
                        "  {}({}): {} {:?}",
                        f.name,
                        args.join(", "),
                        f.ty,
                        f.deprecation
                    ));
                }
            }
            TypeKind::Union { members } => out.push(format!("union {} = {members:?}", t.name)),
            TypeKind::Enum { values } => out.push(format!(
                "enum {} {:?}",
                t.name,
                values.keys().collect::<Vec<_>>()
            )),
            TypeKind::InputObject { fields, one_of } => {
                out.push(format!("input {} oneOf={one_of}", t.name));
                for f in fields.values() {
                    out.push(format!(
                        "  {}: {} = {:?}",
                        f.name,
                        f.ty,
                        f.default_value.as_ref().map(|v| v.to_string())
                    ));
                }
            }
            TypeKind::Scalar => out.push(format!("scalar {}", t.name)),
        }
    }
    out.sort();
    out
}

#[test]
fn introspection_matches_the_sdl_it_came_from() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests");
    let sdl = std::fs::read_to_string(format!("{dir}/differential/pets.graphql")).unwrap();
    let json = std::fs::read_to_string(format!("{dir}/fixtures/pets-introspection.json")).unwrap();
    let from_sdl = load("pets.graphql", &sdl).expect("SDL loads");
    let from_json = load("pets.json", &json).expect("introspection loads");
    assert_eq!(outline(&from_json), outline(&from_sdl));
    assert_eq!(from_json.query_type.as_deref(), Some("Query"));
    assert_eq!(from_json.subscription_type.as_deref(), Some("Subscription"));
    assert_eq!(
        from_json.possible_types("Pet"),
        from_sdl.possible_types("Pet")
    );
    assert!(from_json.directives["onField"].repeatable);
    // The bare `{"__schema": ...}` form loads too.
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let bare = serde_json::to_string(&value["data"]).unwrap();
    assert_eq!(
        outline(&load("bare.json", &bare).unwrap()),
        outline(&from_sdl)
    );
}

#[test]
fn broken_introspection_is_a_located_error() {
    let err = load("s.json", "{\"__schema\": {\n  \"types\": [ }\n}").unwrap_err();
    assert!(
        err[0].message.starts_with("invalid introspection JSON"),
        "{}",
        err[0].message
    );
    assert_eq!(err[0].location.unwrap().start.line, 2);
    let err = load(
        "s.json",
        "{\"data\": {\"__schema\": null}, \"x\": \"__schema\"}",
    )
    .unwrap_err();
    assert!(
        err[0].message.contains("no `__schema`") || err[0].message.contains("invalid"),
        "{}",
        err[0].message
    );
}
