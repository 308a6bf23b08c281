//! The response types the macro generates decode without serde's derive (`private_de`, for build
//! speed). This property test holds them to serde's derive: random JSON, mostly shaped like the
//! selection but with fields missing, null, of the wrong type, repeated, unknown or reordered,
//! goes into the generated `Data` and into a `#[derive(Deserialize)]` twin of it, and both must
//! give the same value, or the same error (message, line and column) at the same JSON path.
//!
//! `Root` has more fields than `MAX_TUPLE_FIELDS` (the `Object` decoder); `Data`, `RootItems`,
//! `RootBest` and `MaybeRoot` have fewer (the tuple decoder). Aliases, lists of lists, nullable and
//! non-null fields and an enum are all selected. Enum and `ID` values are the generated leaf types
//! in both: they are not decoded by `private_de`.

use proptest::prelude::*;
use serde_json::{json, Value};

#[typed_graphql::graphql(
    schema = "tests/serde_twin/schema.graphql",
    query = "tests/serde_twin/ops.graphql"
)]
mod generated {}

/// What serde's derive makes of the same selection: same type and field names, so that the
/// `Debug` output of equal values is equal.
#[allow(dead_code)] // the fields are compared through `Debug`
mod twin {
    use serde::Deserialize;

    use super::generated::types::Color;
    use typed_graphql::scalars::Id;

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Data {
        pub root: Root,
        pub maybe_root: Option<MaybeRoot>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Root {
        pub name: String,
        pub nick: Option<String>,
        pub count: i32,
        pub ratio: Option<f64>,
        pub flag: bool,
        pub color: Color,
        pub maybe_color: Option<Color>,
        pub tags: Vec<String>,
        pub scores: Option<Vec<Option<i32>>>,
        pub grid: Option<Vec<Option<Vec<i32>>>>,
        pub items: Vec<RootItems>,
        pub best: Option<RootBest>,
        pub a: Option<i32>,
        pub bee: Option<i32>,
        pub c: Option<String>,
        pub d: Option<bool>,
        pub e: Option<f64>,
        pub again: i32,
    }

    #[derive(Debug, Deserialize)]
    pub struct RootItems {
        pub id: Id,
        pub label: Option<String>,
        pub n: Option<i32>,
        pub color: Option<Color>,
    }

    #[derive(Debug, Deserialize)]
    pub struct RootBest {
        pub ident: Id,
        pub label: Option<String>,
    }

    #[derive(Debug, Deserialize)]
    pub struct MaybeRoot {
        pub name: String,
        pub tags: Vec<String>,
        pub best: Option<MaybeRootBest>,
    }

    #[derive(Debug, Deserialize)]
    pub struct MaybeRootBest {
        pub n: Option<i32>,
    }
}

type Generated = <generated::Twin as typed_graphql::Operation>::Data;

/// JSON text as a tree, so that an object can hold a key twice (a `Value` cannot).
#[derive(Debug, Clone)]
enum Json {
    Leaf(Value),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    fn write(&self, out: &mut String) {
        match self {
            Json::Leaf(v) => out.push_str(&v.to_string()),
            Json::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Json::Object(entries) => {
                out.push('{');
                for (i, (key, value)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&Value::from(key.as_str()).to_string());
                    out.push(':');
                    value.write(out);
                }
                out.push('}');
            }
        }
    }
}

/// The shape a field's value should have.
#[derive(Debug, Clone)]
enum Shape {
    Str,
    Int,
    Float,
    Bool,
    Color,
    Id,
    List(Box<Shape>),
    Object(Vec<(&'static str, Shape)>),
}

fn list(shape: Shape) -> Shape {
    Shape::List(Box::new(shape))
}

fn data_shape() -> Shape {
    use Shape::*;
    let item = Object(vec![
        ("id", Id),
        ("label", Str),
        ("n", Int),
        ("color", Color),
    ]);
    let best = Object(vec![("ident", Id), ("label", Str)]);
    let root = Object(vec![
        ("name", Str),
        ("nick", Str),
        ("count", Int),
        ("ratio", Float),
        ("flag", Bool),
        ("color", Color),
        ("maybeColor", Color),
        ("tags", list(Str)),
        ("scores", list(Int)),
        ("grid", list(list(Int))),
        ("items", list(item)),
        ("best", best),
        ("a", Int),
        ("bee", Int),
        ("c", Str),
        ("d", Bool),
        ("e", Float),
        ("again", Int),
    ]);
    let maybe_root = Object(vec![
        ("name", Str),
        ("tags", list(Str)),
        ("best", Object(vec![("n", Int)])),
    ]);
    Object(vec![("root", root), ("maybeRoot", maybe_root)])
}

/// Any JSON scalar, an empty array or an empty object: the wrong type for most fields.
fn stray() -> impl Strategy<Value = Json> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        (-1e6f64..1e6).prop_map(Value::from),
        "[a-zA-Z]{0,6}".prop_map(Value::from),
        Just(json!([])),
        Just(json!({})),
    ]
    .prop_map(Json::Leaf)
}

/// A value of `shape`, usually right: sometimes null, sometimes a stray value, and objects with
/// keys missing, repeated, unknown or out of order.
fn value(shape: Shape, depth: u32) -> BoxedStrategy<Json> {
    let right = match shape {
        Shape::Str => "[a-z\"\\\\é]{0,5}"
            .prop_map(|s| Json::Leaf(s.into()))
            .boxed(),
        Shape::Int => prop_oneof![
            20 => (-100i64..100).prop_map(Value::from),
            1 => Just(Value::from(i64::from(i32::MAX) + 1)),
            1 => Just(Value::from(1.5)),
        ]
        .prop_map(Json::Leaf)
        .boxed(),
        Shape::Float => prop_oneof![
            (-1e3f64..1e3).prop_map(Value::from),
            any::<i32>().prop_map(Value::from)
        ]
        .prop_map(Json::Leaf)
        .boxed(),
        Shape::Bool => any::<bool>().prop_map(|b| Json::Leaf(b.into())).boxed(),
        Shape::Color => prop_oneof![Just("RED"), Just("GREEN"), Just("BLUE"), Just("PURPLE")]
            .prop_map(|s| Json::Leaf(s.into()))
            .boxed(),
        Shape::Id => prop_oneof![
            "[a-z0-9]{1,4}".prop_map(Value::from),
            (0i64..1000).prop_map(Value::from)
        ]
        .prop_map(Json::Leaf)
        .boxed(),
        Shape::List(item) => prop::collection::vec(value(*item, depth + 1), 0..3)
            .prop_map(Json::Array)
            .boxed(),
        Shape::Object(fields) => object(fields, depth),
    };
    if depth == 0 {
        return right;
    }
    prop_oneof![40 => right, 1 => Just(Json::Leaf(Value::Null)), 1 => stray()].boxed()
}

fn object(fields: Vec<(&'static str, Shape)>, depth: u32) -> BoxedStrategy<Json> {
    let n = fields.len();
    let entries: Vec<_> = fields
        .into_iter()
        .map(|(key, shape)| {
            // Mostly present; a missing key is `None` or `missing field`.
            prop::option::weighted(0.98, value(shape, depth + 1)).prop_map(move |v| (key, v))
        })
        .collect();
    (
        entries,
        prop::option::weighted(0.2, ("[a-z]{1,3}", stray())),
        prop::option::weighted(0.05, 0..n),
        prop::option::weighted(0.2, any::<prop::sample::Index>()),
    )
        .prop_map(|(entries, unknown, repeat, rotate)| {
            let mut out: Vec<(String, Json)> = entries
                .into_iter()
                .filter_map(|(k, v)| v.map(|v| (k.to_owned(), v)))
                .collect();
            if let Some(i) = repeat.filter(|&i| i < out.len()) {
                let again = out[i].clone();
                out.push(again);
            }
            if let Some((key, v)) = unknown {
                out.push((key, v));
            }
            if let Some(at) = rotate.filter(|_| !out.is_empty()) {
                let at = at.index(out.len());
                out.rotate_left(at);
            }
            Json::Object(out)
        })
        .boxed()
}

/// Value or error of one decoding: `Debug` of the value, or the error's path and message.
fn outcome<T: std::fmt::Debug>(result: Result<T, typed_graphql::DecodeError>) -> String {
    match result {
        Ok(v) => format!("ok {v:?}"),
        Err(e) => format!("error at {}: {}", e.path, e.message),
    }
}

/// The one documented difference (see `private_de`): serde's derive also reads a struct from a
/// JSON array, positionally, where the generated decoders (GraphQL never sends one) say
/// `invalid type: sequence`. The generator puts only empty arrays where objects belong, for which
/// the derive says `invalid length 0, expected struct NAME with N elements` at the same place.
fn as_generated_reports(derived: String) -> String {
    let Some((head, rest)) = derived.split_once("invalid length 0, expected struct ") else {
        return derived;
    };
    let (name, rest) = rest.split_once(" with ").expect("a struct's field count");
    let (_, position) = rest.split_once(" element").expect("a struct's field count");
    let position = position.strip_prefix('s').unwrap_or(position);
    format!("{head}invalid type: sequence, expected struct {name}{position}")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, ..ProptestConfig::default() })]

    #[test]
    fn generated_types_decode_as_serde_derive(json in value(data_shape(), 0)) {
        let mut text = String::new();
        json.write(&mut text);
        // From bytes (what the transports do), with the path of a failure.
        let generated = outcome(typed_graphql::decode::<Generated>(text.as_bytes()));
        let derived = as_generated_reports(outcome(typed_graphql::decode::<twin::Data>(text.as_bytes())));
        prop_assert_eq!(&generated, &derived, "from bytes: {}", text);
        // From a parsed `Value` (what fragment views and `__typename` dispatch decode from).
        if let Ok(value) = serde_json::from_str::<Value>(&text) {
            let generated = outcome(typed_graphql::decode_value::<Generated>(value.clone()));
            let derived = as_generated_reports(outcome(typed_graphql::decode_value::<twin::Data>(value)));
            prop_assert_eq!(&generated, &derived, "from a Value: {}", text);
        }
    }
}

/// The generator reaches both outcomes and the interesting errors, so the property is not
/// vacuously about one of them.
#[test]
fn the_generated_json_covers_values_and_each_error_kind() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    let mut runner = TestRunner::deterministic();
    let strategy = value(data_shape(), 0);
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..2_000 {
        let mut text = String::new();
        strategy
            .new_tree(&mut runner)
            .expect("a value")
            .current()
            .write(&mut text);
        let kind = match typed_graphql::decode::<Generated>(text.as_bytes()) {
            Ok(_) => "ok",
            Err(e) if e.message.starts_with("missing field") => "missing field",
            Err(e) if e.message.starts_with("duplicate field") => "duplicate field",
            Err(e) if e.message.starts_with("invalid type") => "invalid type",
            Err(e) if e.message.starts_with("invalid value") => "invalid value",
            Err(_) => "other",
        };
        seen.insert(kind);
    }
    for kind in [
        "ok",
        "missing field",
        "duplicate field",
        "invalid type",
        "invalid value",
    ] {
        assert!(seen.contains(kind), "no case gave {kind:?}: {seen:?}");
    }
}
