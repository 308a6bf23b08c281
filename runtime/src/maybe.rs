//! [`Maybe`]: a nullable input that tells *absent* from *null*.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A nullable input field or variable, in its three GraphQL states.
///
/// GraphQL gives them different meanings: an absent input keeps its default (or leaves a field
/// unchanged in an update), while an explicit `null` clears it. `Option` cannot say both, so
/// generated inputs use `Maybe` for nullable fields; generated structs skip `Absent` when they
/// serialise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Maybe<T> {
    /// Not sent at all: the server applies the default or leaves the value unchanged.
    #[default]
    Absent,
    /// Sent as `null`: the value is cleared.
    Null,
    /// Sent as this value.
    Value(T),
}

impl<T> Maybe<T> {
    /// Whether the value is absent (used by `skip_serializing_if`).
    pub fn is_absent(&self) -> bool {
        matches!(self, Maybe::Absent)
    }

    /// The value, if one was given.
    pub fn as_value(&self) -> Option<&T> {
        match self {
            Maybe::Value(v) => Some(v),
            _ => None,
        }
    }
}

impl<T> From<T> for Maybe<T> {
    fn from(value: T) -> Self {
        Maybe::Value(value)
    }
}

impl<T> From<Option<T>> for Maybe<T> {
    /// `Some(v)` is a value, `None` an explicit null.
    fn from(value: Option<T>) -> Self {
        value.map_or(Maybe::Null, Maybe::Value)
    }
}

impl<T: Serialize> Serialize for Maybe<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Maybe::Value(v) => v.serialize(serializer),
            // An absent value is skipped by the containing struct; alone it can only be null.
            Maybe::Absent | Maybe::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Maybe<T> {
    /// A present `null` is `Null`; a missing field (with `#[serde(default)]`) is `Absent`.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Option::<T>::deserialize(deserializer)?.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize, Deserialize, Default, Debug, PartialEq)]
    struct Input {
        #[serde(default, skip_serializing_if = "Maybe::is_absent")]
        title: Maybe<String>,
        #[serde(default, skip_serializing_if = "Maybe::is_absent")]
        done: Maybe<bool>,
    }

    #[test]
    fn absent_null_and_value_serialise_differently() {
        let input = Input {
            title: Maybe::Null,
            ..Default::default()
        };
        assert_eq!(serde_json::to_string(&input).unwrap(), r#"{"title":null}"#);
        let input = Input {
            title: "x".to_owned().into(),
            done: Maybe::Absent,
        };
        assert_eq!(serde_json::to_string(&input).unwrap(), r#"{"title":"x"}"#);
        let back: Input = serde_json::from_str(r#"{"title":null}"#).unwrap();
        assert_eq!(back.title, Maybe::Null);
        assert_eq!(back.done, Maybe::Absent);
    }
}
