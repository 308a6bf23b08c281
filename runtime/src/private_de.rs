//! Support for the `Deserialize` impls the macro generates (not a public API).
//!
//! serde's derive expands every struct to a field enum, a field visitor, a sequence visitor and a
//! map visitor; for a crate with hundreds of response types rustc spends most of its build
//! checking that code. A generated response struct of up to [`MAX_TUPLE_FIELDS`] fields instead
//! decodes with one call, `let (f0, f1) = fields(deserializer, "Name", &["a", "b"])?`: the map
//! visitor is the generic one here, checked once, for the tuple of the field types. Larger structs
//! implement [`Object`]: one `visit_map` whose keys arrive as indexes into the struct's key table,
//! read by [`field`] and finished by [`take`].
//!
//! The behaviour is serde's derive's: unknown keys are ignored, a key twice is `duplicate field`,
//! a missing key is `None` for an `Option` and `missing field` otherwise, and the error says
//! `expected struct Name`. One difference: the derive also reads a struct from a JSON array,
//! positionally; these decoders do not (a GraphQL response never holds one where an object
//! belongs), so an array is `invalid type: sequence`. `tests/serde_twin.rs` checks the generated
//! types against derive twins on random JSON.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;

/// A response object decoded from a JSON object by a generated `visit_map`.
pub trait Object: Sized {
    /// The type's name, for `expected struct NAME` messages.
    const NAME: &'static str;
    /// The response keys, in field order: [`Keys`] reports a key as its index here.
    const KEYS: &'static [&'static str];

    /// Reads the object's entries (through [`Keys`], [`field`], [`take`]).
    fn visit_map<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// `T::deserialize`, for a generated `impl Deserialize for T`.
pub fn object<'de, T: Object, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_struct(T::NAME, T::KEYS, ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::visit_map(map)
    }
}

/// The fields of a response struct, in key-table order, as a tuple of their types: generated
/// structs of up to [`MAX_TUPLE_FIELDS`] fields decode with [`fields`] and a destructuring `let`, so the only
/// per-struct code rustc checks is that call (larger ones implement [`Object`]).
pub trait Fields<'de>: Sized {
    /// One `Option` per field: the values read so far.
    type Slots;
    /// No value read yet.
    fn empty() -> Self::Slots;
    /// Reads the value of the key at `index` of `keys` into its slot.
    fn read<A: MapAccess<'de>>(
        slots: &mut Self::Slots,
        index: usize,
        map: &mut A,
        keys: &'static [&'static str],
    ) -> Result<(), A::Error>;
    /// The values, or what a missing key means for each (see [`take`]).
    fn finish<E: de::Error>(slots: Self::Slots, keys: &'static [&'static str]) -> Result<Self, E>;
}

macro_rules! tuple_fields {
    ($($T:ident $i:tt,)*) => {
        impl<'de, $($T: Deserialize<'de>),*> Fields<'de> for ($($T,)*) {
            type Slots = ($(Option<$T>,)*);

            #[allow(clippy::unused_unit)]
            fn empty() -> Self::Slots {
                ($(None::<$T>,)*)
            }

            #[inline]
            #[allow(unused_variables)]
            fn read<A: MapAccess<'de>>(
                slots: &mut Self::Slots,
                index: usize,
                map: &mut A,
                keys: &'static [&'static str],
            ) -> Result<(), A::Error> {
                match index {
                    $($i => field(map, &mut slots.$i, keys[$i]),)*
                    _ => skip(map),
                }
            }

            #[allow(unused_variables, clippy::unused_unit)]
            fn finish<E: de::Error>(
                slots: Self::Slots,
                keys: &'static [&'static str],
            ) -> Result<Self, E> {
                Ok(($(missing_or(slots.$i, keys[$i])?,)*))
            }
        }
    };
}

/// `Fields` for every tuple up to the one of `$T $i` pairs: `[done] next, rest` implements the
/// tuple `done` and recurses with `next` added.
macro_rules! tuple_fields_upto {
    ([$($done:tt)*]) => {
        tuple_fields!($($done)*);
    };
    ([$($done:tt)*] $T:ident $i:tt $(, $rest:ident $ri:tt)*) => {
        tuple_fields!($($done)*);
        tuple_fields_upto!([$($done)* $T $i,] $($rest $ri),*);
    };
}

/// The impls and the limit come from one list, so they cannot disagree.
macro_rules! max_tuple_fields {
    ($($T:ident $i:tt),*) => {
        tuple_fields_upto!([] $($T $i),*);

        /// The most fields [`Fields`] takes; larger structs implement [`Object`]. The generated
        /// code checks at compile time that the macro's limit is this one.
        pub const MAX_TUPLE_FIELDS: usize = [$($i),*].len();
    };
}

max_tuple_fields!(
    T0 0, T1 1, T2 2, T3 3, T4 4, T5 5, T6 6, T7 7, T8 8, T9 9, T10 10, T11 11, T12 12, T13 13,
    T14 14, T15 15
);

/// Decodes a struct named `name` whose keys are `keys` as the tuple `F` of its fields' values.
pub fn fields<'de, D: Deserializer<'de>, F: Fields<'de>>(
    deserializer: D,
    name: &'static str,
    keys: &'static [&'static str],
) -> Result<F, D::Error> {
    deserializer.deserialize_struct(
        name,
        keys,
        FieldsVisitor::<F> {
            name,
            keys,
            fields: PhantomData,
        },
    )
}

struct FieldsVisitor<F> {
    name: &'static str,
    keys: &'static [&'static str],
    fields: PhantomData<F>,
}

impl<'de, F: Fields<'de>> Visitor<'de> for FieldsVisitor<F> {
    type Value = F;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", self.name)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<F, A::Error> {
        let mut slots = F::empty();
        let mut keys = Keys::new(self.keys);
        while let Some(key) = map.next_key_seed(keys)? {
            match key {
                Some(index) => {
                    keys.after(index);
                    F::read(&mut slots, index, &mut map, self.keys)?;
                }
                None => skip(&mut map)?,
            }
        }
        F::finish(slots, self.keys)
    }
}

/// The next key of a map, as its index in the table (`None`: not selected, to [`skip`]).
///
/// Servers send an object's keys in the order of the selection, which is the table's order, so
/// the key after the previous one is tried first: most keys match with one comparison.
#[derive(Clone, Copy)]
pub struct Keys {
    keys: &'static [&'static str],
    next: usize,
}

impl Keys {
    /// Keys of `keys`, the first expected first.
    #[inline]
    pub fn new(keys: &'static [&'static str]) -> Self {
        Keys { keys, next: 0 }
    }

    /// Expects the key after the one at `index` next.
    #[inline]
    pub fn after(&mut self, index: usize) {
        self.next = index + 1;
    }

    // Called once per key of every object: inlined into the caller's decoder.
    #[inline]
    fn find(self, key: &[u8]) -> Option<usize> {
        match self.keys.get(self.next) {
            Some(k) if k.as_bytes() == key => Some(self.next),
            _ => self.keys.iter().position(|k| k.as_bytes() == key),
        }
    }
}

impl<'de> DeserializeSeed<'de> for Keys {
    type Value = Option<usize>;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<usize>, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl Visitor<'_> for Keys {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("field identifier")
    }

    #[inline]
    fn visit_str<E: de::Error>(self, key: &str) -> Result<Option<usize>, E> {
        Ok(self.find(key.as_bytes()))
    }

    fn visit_bytes<E: de::Error>(self, key: &[u8]) -> Result<Option<usize>, E> {
        Ok(self.find(key))
    }
}

/// Reads the value of a selected key into its slot; the key seen before is an error.
#[inline]
pub fn field<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    key: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(key));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Skips the value of a key that is not selected.
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(drop)
}

/// The value read for `key`, or what a missing key means for `T`, as with serde's derive:
/// `None` for an `Option`, a `missing field` error otherwise. `_map` only names the error type.
pub fn take<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    _map: &A,
    slot: Option<T>,
    key: &'static str,
) -> Result<T, A::Error> {
    missing_or(slot, key)
}

fn missing_or<'de, T: Deserialize<'de>, E: de::Error>(
    slot: Option<T>,
    key: &'static str,
) -> Result<T, E> {
    match slot {
        Some(value) => Ok(value),
        None => T::deserialize(Missing(key, PhantomData)),
    }
}

/// The deserializer of a missing key: `None` to an `Option`, `missing field` to anything else.
struct Missing<E>(&'static str, PhantomData<E>);

impl<'de, E: de::Error> Deserializer<'de> for Missing<E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, E> {
        Err(E::missing_field(self.0))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_none()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit
        unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

/// A schema enum's value: `Ok(index)` into `values`, or `Err(value)` for one it does not list.
/// Borrowed keys are matched without allocating.
pub fn enum_value<'de, D: Deserializer<'de>>(
    deserializer: D,
    values: &'static [&'static str],
) -> Result<Result<usize, String>, D::Error> {
    deserializer.deserialize_str(EnumValue(values))
}

struct EnumValue(&'static [&'static str]);

impl Visitor<'_> for EnumValue {
    type Value = Result<usize, String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        Ok(match self.0.iter().position(|v| *v == value) {
            Some(i) => Ok(i),
            None => Err(value.to_owned()),
        })
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Self::Value, E> {
        Ok(match self.0.iter().position(|v| *v == value) {
            Some(i) => Ok(i),
            None => Err(value),
        })
    }

    fn visit_bytes<E: de::Error>(self, value: &[u8]) -> Result<Self::Value, E> {
        match std::str::from_utf8(value) {
            Ok(s) => self.visit_str(s),
            Err(_) => Err(de::Error::invalid_value(
                de::Unexpected::Bytes(value),
                &self,
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    struct Point {
        x: i32,
        label: Option<String>,
    }

    impl Object for Point {
        const NAME: &'static str = "Point";
        const KEYS: &'static [&'static str] = &["x", "label"];

        fn visit_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
            let mut x: Option<i32> = None;
            let mut label: Option<Option<String>> = None;
            while let Some(key) = map.next_key_seed(Keys::new(Self::KEYS))? {
                match key {
                    Some(0) => field(&mut map, &mut x, "x")?,
                    Some(1) => field(&mut map, &mut label, "label")?,
                    _ => skip(&mut map)?,
                }
            }
            Ok(Point {
                x: take(&map, x, "x")?,
                label: take(&map, label, "label")?,
            })
        }
    }

    impl<'de> Deserialize<'de> for Point {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            object(deserializer)
        }
    }

    #[test]
    fn objects_decode_as_serde_derive_would() {
        let p: Point = serde_json::from_str(r#"{"other":[1,{"a":2}],"x":3}"#).unwrap();
        assert_eq!(p, Point { x: 3, label: None });
        let p: Point = serde_json::from_str(r#"{"x":3,"label":"a\"b"}"#).unwrap();
        assert_eq!(p.label.as_deref(), Some("a\"b"));
        let p: Point = serde_json::from_value(serde_json::json!({"x": 1, "label": null})).unwrap();
        assert_eq!(p.label, None);
        let err = serde_json::from_str::<Point>(r#"{"label":"a"}"#).unwrap_err();
        assert_eq!(err.to_string(), "missing field `x` at line 1 column 13");
        let err = serde_json::from_str::<Point>(r#"{"x":1,"x":2}"#).unwrap_err();
        assert!(err.to_string().starts_with("duplicate field `x`"), "{err}");
        let err = serde_json::from_str::<Point>(r#""x""#).unwrap_err();
        assert!(err
            .to_string()
            .starts_with("invalid type: string \"x\", expected struct Point"));
    }

    #[derive(Debug, PartialEq)]
    struct Pair {
        x: i32,
        label: Option<String>,
    }

    impl<'de> Deserialize<'de> for Pair {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let (f0, f1) = fields(deserializer, "Pair", &["x", "label"])?;
            Ok(Pair { x: f0, label: f1 })
        }
    }

    #[test]
    fn tuple_fields_decode_as_serde_derive_would() {
        let p: Pair = serde_json::from_str(r#"{"other":[1,{"a":2}],"x":3}"#).unwrap();
        assert_eq!(p, Pair { x: 3, label: None });
        let p: Pair = serde_json::from_value(serde_json::json!({"label": "a", "x": 1})).unwrap();
        assert_eq!(p.label.as_deref(), Some("a"));
        let err = serde_json::from_str::<Pair>(r#"{"label":"a"}"#).unwrap_err();
        assert_eq!(err.to_string(), "missing field `x` at line 1 column 13");
        let err = serde_json::from_str::<Pair>(r#"{"x":1,"x":2}"#).unwrap_err();
        assert!(err.to_string().starts_with("duplicate field `x`"), "{err}");
        let err = serde_json::from_str::<Pair>("[1]").unwrap_err();
        assert!(err
            .to_string()
            .starts_with("invalid type: sequence, expected struct Pair"));
        let () = fields(serde_json::json!({"a": 1}), "Empty", &[]).unwrap();
    }

    #[test]
    fn the_largest_tuple_has_max_tuple_fields() {
        const KEYS: [&str; MAX_TUPLE_FIELDS] = [
            "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p",
        ];
        let json: serde_json::Map<_, _> = (0u8..)
            .zip(KEYS)
            .map(|(i, k)| (k.to_owned(), i.into()))
            .collect();
        #[rustfmt::skip]
        type Sixteen = (u8, u8, u8, u8, u8, u8, u8, u8, u8, u8, u8, u8, u8, u8, u8, u8);
        let t: Sixteen = fields(serde_json::Value::Object(json), "Wide", &KEYS).unwrap();
        assert_eq!((t.0, t.15), (0, 15));
    }

    #[test]
    fn enum_values_known_and_unknown() {
        let values = &["LOW", "HIGH"];
        let mut de = serde_json::Deserializer::from_str(r#""HIGH""#);
        assert_eq!(enum_value(&mut de, values).unwrap(), Ok(1));
        let mut de = serde_json::Deserializer::from_str(r#""NEW\u0041""#);
        assert_eq!(enum_value(&mut de, values).unwrap(), Err("NEWA".to_owned()));
        let v = serde_json::json!("LOW");
        assert_eq!(enum_value(&v, values).unwrap(), Ok(0));
        assert_eq!(enum_value(v, values).unwrap(), Ok(0));
    }
}
