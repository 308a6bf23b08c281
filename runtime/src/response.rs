//! GraphQL responses: typed `data` (possibly partial) and the `errors` that came with it.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A JSON object, as GraphQL `extensions` are.
pub type JsonMap = serde_json::Map<String, serde_json::Value>;

/// A GraphQL response: `data` may be partial when `errors` is not empty. Errors are never dropped.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "D: Deserialize<'de>"))]
pub struct Response<D> {
    /// The data; `None` when the server sent `null` or nothing (a request error).
    #[serde(default = "none")]
    pub data: Option<D>,
    /// The errors; empty on full success.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub errors: Vec<GraphQLError>,
    /// The response's `extensions`, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extensions: Option<JsonMap>,
}

fn none<D>() -> Option<D> {
    None
}

fn null_as_empty<'de, De: serde::Deserializer<'de>>(
    de: De,
) -> Result<Vec<GraphQLError>, De::Error> {
    Ok(Option::<Vec<GraphQLError>>::deserialize(de)?.unwrap_or_default())
}

impl<D> Response<D> {
    /// The data when the server reported no error; otherwise the errors (with the partial data
    /// dropped: use the fields directly to keep it).
    pub fn into_result(self) -> Result<D, GraphQLErrors> {
        match (self.data, self.errors.is_empty()) {
            (Some(data), true) => Ok(data),
            (_, _) => Err(GraphQLErrors(self.errors)),
        }
    }

    /// Whether the response carries errors.
    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }
}

/// A location in the request document that an error refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorLocation {
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
}

/// One segment of an error's `path`: a field name (or alias) or a list index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum PathSegment {
    /// A field's response key.
    Field(String),
    /// A list index.
    Index(u64),
}

impl fmt::Display for PathSegment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PathSegment::Field(name) => f.write_str(name),
            PathSegment::Index(i) => write!(f, "{i}"),
        }
    }
}

/// A GraphQL error as servers send it: message, locations, path and extensions, all kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GraphQLError {
    /// What went wrong, as the server said it.
    pub message: String,
    /// Where in the request document.
    #[serde(default, deserialize_with = "null_as_default")]
    pub locations: Vec<ErrorLocation>,
    /// Which response field it concerns.
    #[serde(default, deserialize_with = "null_as_default")]
    pub path: Vec<PathSegment>,
    /// Server-specific details (codes, classification).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extensions: Option<JsonMap>,
    /// Other members some servers add at the top level (AppSync's `errorType`, `errorInfo`).
    #[serde(flatten)]
    pub other: JsonMap,
}

fn null_as_default<'de, De, T>(de: De) -> Result<T, De::Error>
where
    De: serde::Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(de)?.unwrap_or_default())
}

impl GraphQLError {
    /// For a non-null error on a subscription event: the field (`onAddTodo.done`) that the
    /// triggering mutation most likely did not select. AppSync builds subscription events from
    /// the mutation's response as the mutating client selected it, so an unselected non-null
    /// field fails the event.
    ///
    /// Recognises AppSync's wording ("Cannot return null for non-nullable type: 'Boolean'
    /// within parent 'Todo' (/onAddTodo/done)") and graphql-js's, used by the AppSync simulator
    /// and Amplify's mock ("Cannot return null for non-nullable field Todo.done.", the field's
    /// place in the error's `path`).
    pub fn appsync_unselected_field(&self) -> Option<String> {
        if let Some(rest) = self
            .message
            .strip_prefix("Cannot return null for non-nullable type:")
        {
            let path = rest.rsplit_once('(')?.1.strip_suffix(')')?.trim();
            let dotted: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
            return (!dotted.is_empty()).then(|| dotted.join("."));
        }
        let field = self
            .message
            .strip_prefix("Cannot return null for non-nullable field ")?
            .trim_end_matches('.');
        Some(if self.path.is_empty() {
            // No path: the message's `Type.field` is all there is.
            field.to_owned()
        } else {
            self.path_string()
        })
        .filter(|named| !named.is_empty())
    }

    /// The path as `a.b.0.c`, or empty.
    pub fn path_string(&self) -> String {
        let parts: Vec<String> = self.path.iter().map(ToString::to_string).collect();
        parts.join(".")
    }
}

impl fmt::Display for GraphQLError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if !self.path.is_empty() {
            write!(f, " (at {})", self.path_string())?;
        }
        if let Some(loc) = self.locations.first() {
            write!(f, " [{}:{}]", loc.line, loc.column)?;
        }
        if let Some(field) = self.appsync_unselected_field() {
            write!(
                f,
                " (AppSync sends subscribers only what the triggering mutation selected: the \
                 mutation probably does not select `{field}`; add it to the mutation's selection \
                 set, or let typed-graphql's build-time AppSync check find it)"
            )?;
        }
        Ok(())
    }
}

/// The errors of a response, as one error value.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GraphQLErrors(pub Vec<GraphQLError>);

impl fmt::Display for GraphQLErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.as_slice() {
            [] => f.write_str("the server returned no data and no error"),
            [one] => write!(f, "{one}"),
            [first, rest @ ..] => write!(f, "{first} (and {} more)", rest.len()),
        }
    }
}

impl std::error::Error for GraphQLErrors {}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Data {
        a: Option<i32>,
    }

    #[test]
    fn partial_data_keeps_errors() {
        let r: Response<Data> = serde_json::from_str(
            r#"{"data":{"a":null},"errors":[{"message":"boom","path":["a",0],"locations":[{"line":1,"column":3}],"extensions":{"code":"X"}}]}"#,
        )
        .unwrap();
        assert_eq!(r.data, Some(Data { a: None }));
        assert_eq!(r.errors[0].to_string(), "boom (at a.0) [1:3]");
        assert_eq!(r.errors[0].extensions.as_ref().unwrap()["code"], "X");
        assert!(r.into_result().is_err());
    }

    #[test]
    fn appsync_null_errors_name_the_unselected_field() {
        let r: Response<serde_json::Value> = serde_json::from_str(
            r#"{"data":{"onAddTodo":null},"errors":[{"message":"Cannot return null for non-nullable type: 'Boolean' within parent 'Todo' (/onAddTodo/done)","path":["onAddTodo","done"]}]}"#,
        )
        .unwrap();
        let e = &r.errors[0];
        assert_eq!(
            e.appsync_unselected_field().as_deref(),
            Some("onAddTodo.done")
        );
        let shown = e.to_string();
        assert!(
            shown.contains("the mutation probably does not select `onAddTodo.done`"),
            "{shown}"
        );
        // graphql-js (the AppSync simulator, Amplify mock): the place is in `path`.
        let r: Response<serde_json::Value> = serde_json::from_str(
            r#"{"errors":[{"message":"Cannot return null for non-nullable field Todo.done.","locations":[{"line":1,"column":40}],"path":["onAddTodo","done"]}],"data":{"onAddTodo":null}}"#,
        )
        .unwrap();
        let e = &r.errors[0];
        assert_eq!(
            e.appsync_unselected_field().as_deref(),
            Some("onAddTodo.done")
        );
        assert!(
            e.to_string()
                .contains("the mutation probably does not select `onAddTodo.done`"),
            "{e}"
        );
        let r: Response<serde_json::Value> = serde_json::from_str(
            r#"{"errors":[{"message":"Cannot return null for non-nullable field Todo.done."}]}"#,
        )
        .unwrap();
        assert_eq!(
            r.errors[0].appsync_unselected_field().as_deref(),
            Some("Todo.done")
        );
        let other = GraphQLError {
            message: "boom".into(),
            locations: vec![],
            path: vec![],
            extensions: None,
            other: JsonMap::new(),
        };
        assert_eq!(other.appsync_unselected_field(), None);
    }

    #[test]
    fn null_members_are_tolerated() {
        let r: Response<Data> =
            serde_json::from_str(r#"{"data":null,"errors":[{"message":"m","path":null,"locations":null,"errorType":"Unauthorized"}]}"#)
                .unwrap();
        assert!(r.data.is_none());
        assert_eq!(r.errors[0].other["errorType"], "Unauthorized");
    }
}
