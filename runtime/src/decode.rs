//! Decoding response JSON into generated types, with the JSON path of any failure.

use std::fmt;

use serde::de::DeserializeOwned;

/// The response JSON did not match the generated types (a schema drift, or a server bug).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// Where it failed, e.g. `data.todos[3].priority` (`.` when at the top).
    pub path: String,
    /// What serde said.
    pub message: String,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "response does not match the operation's types at `{}`: {} \
             (is the schema the macro read the one the server runs?)",
            self.path, self.message
        )
    }
}

impl std::error::Error for DecodeError {}

/// Decodes `bytes` as `T`. Fast path first; only on failure is the input decoded again with
/// path tracking, so successful decodes pay nothing for the error's JSON path.
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, DecodeError> {
    match serde_json::from_slice(bytes) {
        Ok(value) => Ok(value),
        Err(fast) => {
            let de = &mut serde_json::Deserializer::from_slice(bytes);
            match serde_path_to_error::deserialize::<_, T>(de) {
                Err(err) => Err(DecodeError {
                    path: err.path().to_string(),
                    message: err.inner().to_string(),
                }),
                // Cannot happen for a deterministic Deserialize; report the first error as is.
                Ok(_) => Err(DecodeError {
                    path: ".".to_owned(),
                    message: fast.to_string(),
                }),
            }
        }
    }
}

/// Decodes an already-parsed JSON value as `T`, with the path of any failure.
pub fn decode_value<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, DecodeError> {
    serde_path_to_error::deserialize::<_, T>(value).map_err(|err| DecodeError {
        path: err.path().to_string(),
        message: err.inner().to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Response;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Todo {
        done: bool,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Data {
        todos: Vec<Todo>,
    }

    #[test]
    fn failure_names_the_json_path() {
        let err = decode::<Response<Data>>(br#"{"data":{"todos":[{"done":true},{"done":"yes"}]}}"#)
            .unwrap_err();
        assert_eq!(err.path, "data.todos[1].done");
        assert!(err.message.contains("invalid type"), "{}", err.message);
    }
}
