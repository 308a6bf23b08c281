//! Introspection JSON -> model: `{"data": {"__schema": ...}}` or `{"__schema": ...}`, as the
//! standard introspection query returns it, so users can start from a downloaded schema.

use indexmap::IndexMap;
use serde::Deserialize;

use super::collect::Collected;
use super::model::*;
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, LineCol, Location};

#[derive(Deserialize)]
struct Envelope {
    data: Option<Data>,
    #[serde(rename = "__schema")]
    schema: Option<IntroSchema>,
}

#[derive(Deserialize)]
struct Data {
    #[serde(rename = "__schema")]
    schema: IntroSchema,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct IntroSchema {
    query_type: Option<Named>,
    mutation_type: Option<Named>,
    subscription_type: Option<Named>,
    types: Vec<IntroType>,
    #[serde(default)]
    directives: Vec<IntroDirective>,
}

#[derive(Deserialize)]
struct Named {
    name: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct IntroType {
    kind: String,
    name: String,
    description: Option<String>,
    fields: Option<Vec<IntroField>>,
    input_fields: Option<Vec<IntroInputValue>>,
    interfaces: Option<Vec<IntroTypeRef>>,
    enum_values: Option<Vec<IntroEnumValue>>,
    possible_types: Option<Vec<IntroTypeRef>>,
    #[serde(default)]
    is_one_of: Option<bool>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct IntroField {
    name: String,
    description: Option<String>,
    #[serde(default)]
    args: Vec<IntroInputValue>,
    #[serde(rename = "type")]
    ty: IntroTypeRef,
    #[serde(default)]
    is_deprecated: bool,
    deprecation_reason: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct IntroInputValue {
    name: String,
    description: Option<String>,
    #[serde(rename = "type")]
    ty: IntroTypeRef,
    default_value: Option<String>,
    #[serde(default)]
    is_deprecated: bool,
    deprecation_reason: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct IntroEnumValue {
    name: String,
    description: Option<String>,
    #[serde(default)]
    is_deprecated: bool,
    deprecation_reason: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct IntroTypeRef {
    kind: String,
    name: Option<String>,
    of_type: Option<Box<IntroTypeRef>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct IntroDirective {
    name: String,
    description: Option<String>,
    locations: Vec<String>,
    #[serde(default)]
    args: Vec<IntroInputValue>,
    #[serde(default)]
    is_repeatable: bool,
}

/// Whether a file's text is introspection JSON rather than SDL.
pub(super) fn is_json(text: &str) -> bool {
    text.trim_start().starts_with('{') && text.contains("__schema")
}

/// Collects the definitions of one introspection result.
pub(super) fn collect(file: FileId, text: &str, out: &mut Collected) {
    let schema = match serde_json::from_str::<Envelope>(text) {
        Ok(Envelope {
            data: Some(Data { schema }),
            ..
        })
        | Ok(Envelope {
            schema: Some(schema),
            ..
        }) => schema,
        Ok(_) => {
            out.diagnostics.push(
                Diagnostic::error(
                    "schema-introspection",
                    "the JSON has no `__schema` (expected `{\"data\": {\"__schema\": ...}}` or `{\"__schema\": ...}`)",
                    Some(at(file, 1, 1)),
                )
                .with_help("save the result of the standard introspection query, or use `typed-graphql schema fetch`"),
            );
            return;
        }
        Err(e) => {
            out.diagnostics.push(
                Diagnostic::error(
                    "schema-introspection",
                    format!("invalid introspection JSON: {e}"),
                    Some(at(file, e.line().max(1), e.column().max(1))),
                )
                .with_label("here"),
            );
            return;
        }
    };
    let mut bad = Vec::new();
    for t in &schema.types {
        if t.name.starts_with("__") || BUILTIN_SCALARS.contains(&t.name.as_str()) {
            continue; // the built-ins are added by the loader
        }
        match convert_type(t, &mut bad) {
            Some(def) => {
                out.types.insert(def.name.clone(), def);
            }
            None => bad.push(format!(
                "type `{}` has the unknown kind `{}`",
                t.name, t.kind
            )),
        }
    }
    for d in &schema.directives {
        if matches!(
            d.name.as_str(),
            "skip" | "include" | "deprecated" | "specifiedBy" | "oneOf"
        ) {
            continue;
        }
        let def = DirectiveDef {
            name: d.name.clone(),
            description: d.description.clone(),
            arguments: inputs(&d.args, &mut bad),
            repeatable: d.is_repeatable,
            locations: d
                .locations
                .iter()
                .filter_map(|l| DirectiveLocation::from_name(l))
                .collect(),
            builtin: false,
            location: None,
        };
        out.directives.insert(def.name.clone(), def);
    }
    out.has_schema_definition = true;
    for (slot, root) in [
        &schema.query_type,
        &schema.mutation_type,
        &schema.subscription_type,
    ]
    .into_iter()
    .enumerate()
    {
        out.roots[slot] = root.as_ref().map(|r| (r.name.clone(), None));
    }
    for problem in bad {
        out.diagnostics.push(Diagnostic::error(
            "schema-introspection",
            format!("invalid introspection result: {problem}"),
            Some(at(file, 1, 1)),
        ));
    }
}

const BUILTIN_SCALARS: [&str; 5] = ["Int", "Float", "String", "Boolean", "ID"];

fn at(file: FileId, line: usize, column: usize) -> Location {
    Location {
        file,
        start: LineCol { line, column },
        len: 1,
    }
}

fn convert_type(t: &IntroType, bad: &mut Vec<String>) -> Option<TypeDef> {
    let names = |refs: &Option<Vec<IntroTypeRef>>| -> Vec<String> {
        refs.iter()
            .flatten()
            .filter_map(|r| r.name.clone())
            .collect()
    };
    let kind = match t.kind.as_str() {
        "SCALAR" => TypeKind::Scalar,
        "OBJECT" | "INTERFACE" => {
            let mut fields = IndexMap::new();
            for f in t.fields.iter().flatten() {
                let Some(ty) = type_ref(&f.ty) else {
                    bad.push(format!(
                        "field `{}.{}` has a malformed type",
                        t.name, f.name
                    ));
                    continue;
                };
                fields.insert(
                    f.name.clone(),
                    FieldDef {
                        name: f.name.clone(),
                        description: f.description.clone(),
                        arguments: inputs(&f.args, bad),
                        ty,
                        deprecation: deprecation(f.is_deprecated, &f.deprecation_reason),
                        directives: Vec::new(),
                        location: None,
                    },
                );
            }
            let interfaces = names(&t.interfaces);
            if t.kind == "OBJECT" {
                TypeKind::Object { fields, interfaces }
            } else {
                TypeKind::Interface { fields, interfaces }
            }
        }
        "UNION" => TypeKind::Union {
            members: names(&t.possible_types),
        },
        "ENUM" => TypeKind::Enum {
            values: t
                .enum_values
                .iter()
                .flatten()
                .map(|v| {
                    (
                        v.name.clone(),
                        EnumValueDef {
                            name: v.name.clone(),
                            description: v.description.clone(),
                            deprecation: deprecation(v.is_deprecated, &v.deprecation_reason),
                            directives: Vec::new(),
                            location: None,
                        },
                    )
                })
                .collect(),
        },
        "INPUT_OBJECT" => TypeKind::InputObject {
            fields: inputs(t.input_fields.as_deref().unwrap_or(&[]), bad),
            one_of: t.is_one_of.unwrap_or(false),
        },
        _ => return None,
    };
    Some(TypeDef {
        name: t.name.clone(),
        description: t.description.clone(),
        kind,
        directives: Vec::new(),
        builtin: false,
        location: None,
        member_locations: Vec::new(),
    })
}

fn inputs(values: &[IntroInputValue], bad: &mut Vec<String>) -> IndexMap<String, InputValueDef> {
    let mut out = IndexMap::new();
    for v in values {
        let Some(ty) = type_ref(&v.ty) else {
            bad.push(format!("input value `{}` has a malformed type", v.name));
            continue;
        };
        let default_value = match &v.default_value {
            Some(text) => match parse_value(text) {
                Some(value) => Some(value),
                None => {
                    bad.push(format!(
                        "default value `{text}` of `{}` does not parse",
                        v.name
                    ));
                    None
                }
            },
            None => None,
        };
        out.insert(
            v.name.clone(),
            InputValueDef {
                name: v.name.clone(),
                description: v.description.clone(),
                ty,
                default_value,
                deprecation: deprecation(v.is_deprecated, &v.deprecation_reason),
                directives: Vec::new(),
                location: None,
            },
        );
    }
    out
}

/// Introspection gives default values as GraphQL literals.
fn parse_value(text: &str) -> Option<ConstValue> {
    crate::syntax::parse_value(text)
}

fn type_ref(r: &IntroTypeRef) -> Option<TypeRef> {
    match r.kind.as_str() {
        "NON_NULL" => Some(TypeRef::NonNull(Box::new(type_ref(r.of_type.as_deref()?)?))),
        "LIST" => Some(TypeRef::List(Box::new(type_ref(r.of_type.as_deref()?)?))),
        _ => Some(TypeRef::Named(r.name.clone()?)),
    }
}

fn deprecation(is: bool, reason: &Option<String>) -> Option<String> {
    is.then(|| {
        reason
            .clone()
            .unwrap_or_else(|| "No longer supported".to_owned())
    })
}
