//! Rust types for GraphQL's `ID` and AWS AppSync's scalars: what generated code uses unless the
//! `#[graphql]` attribute maps a scalar to another type (`scalars(AWSDateTime = "...")`).
//!
//! They are thin newtypes: the value as the server sent it, with no parsing that could reject a
//! response. Convert them to richer types (chrono, url...) where you need to, or map the scalar
//! to that type in the attribute.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// GraphQL's `ID`: a string on the wire; some servers send numbers, which are accepted and kept
/// as their decimal text. Always serialised as a string.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Id(pub String);

impl Id {
    /// The ID's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The owned text.
    pub fn into_inner(self) -> String {
        self.0
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<String> for Id {
    fn from(value: String) -> Self {
        Id(value)
    }
}

impl From<&str> for Id {
    fn from(value: &str) -> Self {
        Id(value.to_owned())
    }
}

impl From<i64> for Id {
    fn from(value: i64) -> Self {
        Id(value.to_string())
    }
}

impl AsRef<str> for Id {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for Id {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Id {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl Serialize for Id {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct IdVisitor;
        impl Visitor<'_> for IdVisitor {
            type Value = Id;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an ID (a string or an integer)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Id, E> {
                Ok(Id(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Id, E> {
                Ok(Id(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Id, E> {
                Ok(Id(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Id, E> {
                Ok(Id(v.to_string()))
            }
        }
        deserializer.deserialize_any(IdVisitor)
    }
}

/// Defines a string newtype for an AWS scalar.
macro_rules! string_scalar {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            /// The value as sent.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The owned text.
            pub fn into_inner(self) -> String {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                $name(value)
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                $name(value.to_owned())
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}

string_scalar!(
    /// `AWSDateTime`: an extended ISO 8601 date-time (`2024-05-01T12:30:00.000Z`), as sent.
    AwsDateTime
);
string_scalar!(
    /// `AWSDate`: an extended ISO 8601 date (`2024-05-01`), as sent.
    AwsDate
);
string_scalar!(
    /// `AWSTime`: an extended ISO 8601 time (`12:30:00.000Z`), as sent.
    AwsTime
);
string_scalar!(
    /// `AWSEmail`: an email address, as sent.
    AwsEmail
);
string_scalar!(
    /// `AWSURL`: a URL, as sent.
    AwsUrl
);
string_scalar!(
    /// `AWSPhone`: a phone number, as sent.
    AwsPhone
);
string_scalar!(
    /// `AWSIPAddress`: an IPv4 or IPv6 address, optionally with a prefix length, as sent.
    AwsIpAddress
);

/// `AWSTimestamp`: seconds since the Unix epoch. Accepts a JSON integer (as AppSync sends it)
/// or a string of one; serialised as an integer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct AwsTimestamp(pub i64);

impl AwsTimestamp {
    /// Seconds since the Unix epoch.
    pub fn seconds(self) -> i64 {
        self.0
    }
}

impl From<i64> for AwsTimestamp {
    fn from(value: i64) -> Self {
        AwsTimestamp(value)
    }
}

impl fmt::Display for AwsTimestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl Serialize for AwsTimestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i64(self.0)
    }
}

impl<'de> Deserialize<'de> for AwsTimestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TimestampVisitor;
        impl Visitor<'_> for TimestampVisitor {
            type Value = AwsTimestamp;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an AWSTimestamp (integer seconds since the Unix epoch)")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<AwsTimestamp, E> {
                Ok(AwsTimestamp(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<AwsTimestamp, E> {
                i64::try_from(v)
                    .map(AwsTimestamp)
                    .map_err(|_| E::custom(format!("timestamp {v} is out of range")))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<AwsTimestamp, E> {
                v.trim().parse().map(AwsTimestamp).map_err(|_| {
                    E::custom(format!(
                        "expected integer seconds for AWSTimestamp, got {v:?}"
                    ))
                })
            }
        }
        deserializer.deserialize_any(TimestampVisitor)
    }
}

/// `AWSJSON`: any JSON value. AppSync sends it as a string holding JSON (`"{\"a\":1}"`), and
/// expects one back; this type decodes that string (a raw JSON value is accepted too), exposes
/// the parsed [`serde_json::Value`], and serialises as a JSON-encoded string.
///
/// A string that is not valid JSON is kept as a JSON string value, so a lenient server never
/// breaks decoding.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AwsJson(pub serde_json::Value);

impl AwsJson {
    /// The parsed value.
    pub fn value(&self) -> &serde_json::Value {
        &self.0
    }

    /// The owned parsed value.
    pub fn into_inner(self) -> serde_json::Value {
        self.0
    }

    /// Decodes the value into a type of yours.
    pub fn decode<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        T::deserialize(&self.0)
    }
}

impl From<serde_json::Value> for AwsJson {
    fn from(value: serde_json::Value) -> Self {
        AwsJson(value)
    }
}

impl fmt::Display for AwsJson {
    /// The compact JSON text, as sent.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl Serialize for AwsJson {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0.to_string())
    }
}

impl<'de> Deserialize<'de> for AwsJson {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match serde_json::Value::deserialize(deserializer)? {
            serde_json::Value::String(text) => Ok(AwsJson(
                serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)),
            )),
            raw => Ok(AwsJson(raw)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn id_accepts_strings_and_numbers_and_sends_strings() {
        let ids: Vec<Id> = serde_json::from_str(r#"["abc", 42, 18446744073709551615]"#).unwrap();
        assert_eq!(ids[0], "abc");
        assert_eq!(ids[1], "42");
        assert_eq!(ids[2].as_str(), "18446744073709551615");
        assert_eq!(serde_json::to_string(&ids[1]).unwrap(), r#""42""#);
        assert!(serde_json::from_str::<Id>("1.5").is_err());
        assert!(serde_json::from_str::<Id>("null").is_err());
    }

    #[test]
    fn aws_json_decodes_encoded_strings_and_raw_values() {
        let v: AwsJson = serde_json::from_str(r#""{\"a\":[1,2]}""#).unwrap();
        assert_eq!(v.0, json!({"a": [1, 2]}));
        let raw: AwsJson = serde_json::from_str(r#"{"a":[1,2]}"#).unwrap();
        assert_eq!(raw, v);
        let not_json: AwsJson = serde_json::from_str(r#""hello""#).unwrap();
        assert_eq!(not_json.0, json!("hello"));
        let encoded_string: AwsJson = serde_json::from_str(r#""\"hello\"""#).unwrap();
        assert_eq!(encoded_string.0, json!("hello"));
        assert_eq!(serde_json::to_value(&v).unwrap(), json!(r#"{"a":[1,2]}"#));
        #[derive(serde::Deserialize, PartialEq, Debug)]
        struct Mine {
            a: Vec<u8>,
        }
        assert_eq!(v.decode::<Mine>().unwrap(), Mine { a: vec![1, 2] });
    }

    #[test]
    fn timestamps_and_string_scalars() {
        let t: AwsTimestamp = serde_json::from_str("1714566600").unwrap();
        assert_eq!(t.seconds(), 1_714_566_600);
        let s: AwsTimestamp = serde_json::from_str(r#""1714566600""#).unwrap();
        assert_eq!(s, t);
        assert!(serde_json::from_str::<AwsTimestamp>(r#""soon""#).is_err());
        assert_eq!(serde_json::to_string(&t).unwrap(), "1714566600");
        let d: AwsDateTime = serde_json::from_str(r#""2024-05-01T12:30:00.000Z""#).unwrap();
        assert_eq!(d.as_str(), "2024-05-01T12:30:00.000Z");
        assert_eq!(
            serde_json::to_string(&d).unwrap(),
            r#""2024-05-01T12:30:00.000Z""#
        );
        assert!(serde_json::from_str::<AwsEmail>("5").is_err());
    }
}
