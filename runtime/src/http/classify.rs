//! Turning an HTTP answer (status, content type, body) into a typed GraphQL result.
//!
//! Pure: no IO, so every branch is unit-tested without a server.
//!
//! The rules (GraphQL-over-HTTP, with what real servers do):
//! - 2xx: the body must be a GraphQL response (a JSON object with `data` and/or `errors`);
//!   partial data and errors are both kept in the [`Response`]. Not JSON, or JSON that is not a
//!   GraphQL response -> [`Error::Malformed`]; JSON that does not fit the types ->
//!   [`Error::Decode`] with the JSON path.
//! - non-2xx with a GraphQL body: when it carries `data` the [`Response`] is returned (the data
//!   is kept, its errors too); otherwise its errors -> [`Error::GraphQL`].
//! - non-2xx without a GraphQL body (a proxy's HTML page) -> [`Error::Status`].

use serde::de::{DeserializeOwned, IgnoredAny};

use crate::decode::decode;
use crate::error::{excerpt, Error};
use crate::response::{GraphQLErrors, Response};

/// How many characters of a body error messages quote.
pub(crate) const EXCERPT_CHARS: usize = 200;

/// Interprets an HTTP answer as a GraphQL response for data type `D`.
pub(crate) fn classify<D: DeserializeOwned>(
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
) -> Result<Response<D>, Error> {
    if (200..300).contains(&status) {
        classify_success(content_type, body)
    } else {
        classify_failure(status, content_type, body)
    }
}

fn classify_success<D: DeserializeOwned>(
    content_type: Option<&str>,
    body: &[u8],
) -> Result<Response<D>, Error> {
    let malformed = |reason: String| Error::Malformed {
        reason,
        excerpt: excerpt(body, EXCERPT_CHARS),
    };
    if !starts_like_object(body) {
        return Err(malformed(format!(
            "expected a JSON object, got {}",
            describe_content(content_type, body)
        )));
    }
    match serde_json::from_slice::<Response<D>>(body) {
        Ok(response) if response.data.is_none() && response.errors.is_empty() => Err(malformed(
            "a JSON object with neither `data` nor `errors`".to_owned(),
        )),
        Ok(response) => Ok(response),
        Err(err) if err.is_data() => {
            // Valid JSON of the wrong shape: decode again with path tracking for the message.
            match decode::<Response<D>>(body) {
                Err(decode_error) => Err(Error::Decode(decode_error)),
                Ok(response) => Ok(response),
            }
        }
        Err(err) => Err(malformed(format!(
            "invalid JSON ({err}) in a {} body",
            content_type.unwrap_or("untyped")
        ))),
    }
}

fn classify_failure<D: DeserializeOwned>(
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
) -> Result<Response<D>, Error> {
    let status_error = || Error::Status {
        status,
        content_type: content_type.unwrap_or("unknown").to_owned(),
        excerpt: excerpt(body, EXCERPT_CHARS),
    };
    if !starts_like_object(body) {
        return Err(status_error());
    }
    match serde_json::from_slice::<Response<D>>(body) {
        Ok(response) if response.data.is_some() => Ok(response),
        Ok(response) if !response.errors.is_empty() => {
            Err(Error::GraphQL(GraphQLErrors(response.errors)))
        }
        Ok(_) => Err(status_error()),
        // The data did not fit the types (or is garbage): the errors still say why it failed.
        Err(_) => match serde_json::from_slice::<Response<IgnoredAny>>(body) {
            Ok(response) if !response.errors.is_empty() => {
                Err(Error::GraphQL(GraphQLErrors(response.errors)))
            }
            _ => Err(status_error()),
        },
    }
}

/// Whether the first non-whitespace byte opens a JSON object.
pub(crate) fn starts_like_object(body: &[u8]) -> bool {
    body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
}

fn describe_content(content_type: Option<&str>, body: &[u8]) -> String {
    let kind = content_type.unwrap_or("no content type");
    if body.iter().all(u8::is_ascii_whitespace) {
        format!("an empty body ({kind})")
    } else {
        format!("a {kind} body")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize, PartialEq)]
    struct Todo {
        id: String,
        done: bool,
    }

    #[derive(Debug, serde::Deserialize, PartialEq)]
    struct Data {
        todos: Vec<Todo>,
    }

    const JSON: Option<&str> = Some("application/graphql-response+json; charset=utf-8");

    #[test]
    fn success_keeps_partial_data_and_errors() {
        let body = br#"{"data":{"todos":[{"id":"1","done":true}]},"errors":[{"message":"slow","path":["todos",1]}]}"#;
        let response = classify::<Data>(200, JSON, body).unwrap();
        assert_eq!(response.data.unwrap().todos[0].id, "1");
        assert_eq!(response.errors[0].path_string(), "todos.1");
    }

    #[test]
    fn success_with_only_errors_is_a_response_without_data() {
        let body = br#"{"data":null,"errors":[{"message":"denied"}]}"#;
        let response = classify::<Data>(200, JSON, body).unwrap();
        assert!(response.data.is_none());
        assert_eq!(response.errors[0].message, "denied");
    }

    #[test]
    fn wrong_types_name_the_json_path() {
        let body = br#"{"data":{"todos":[{"id":"1","done":true},{"id":"2","done":"no"}]}}"#;
        match classify::<Data>(200, JSON, body) {
            Err(Error::Decode(err)) => assert_eq!(err.path, "data.todos[1].done"),
            other => panic!("expected a decode error, got {other:?}"),
        }
    }

    #[test]
    fn success_with_html_is_malformed() {
        let body = b"<html><body>Welcome to nginx</body></html>";
        match classify::<Data>(200, Some("text/html"), body) {
            Err(Error::Malformed { reason, excerpt }) => {
                assert!(reason.contains("text/html"), "{reason}");
                assert!(excerpt.starts_with("<html>"), "{excerpt}");
            }
            other => panic!("expected malformed, got {other:?}"),
        }
    }

    #[test]
    fn success_with_truncated_json_is_malformed_not_decode() {
        match classify::<Data>(200, JSON, br#"{"data":{"todos":[{"id""#) {
            Err(Error::Malformed { reason, .. }) => assert!(reason.contains("invalid JSON")),
            other => panic!("expected malformed, got {other:?}"),
        }
    }

    #[test]
    fn success_with_a_json_object_that_is_no_graphql_response_is_malformed() {
        match classify::<Data>(200, JSON, br#"{"status":"ok"}"#) {
            Err(Error::Malformed { reason, .. }) => assert!(reason.contains("neither")),
            other => panic!("expected malformed, got {other:?}"),
        }
        assert!(matches!(
            classify::<Data>(200, JSON, b"[1,2]"),
            Err(Error::Malformed { .. })
        ));
        assert!(matches!(
            classify::<Data>(204, None, b""),
            Err(Error::Malformed { .. })
        ));
    }

    #[test]
    fn failure_with_graphql_errors_gives_them() {
        let body = br#"{"errors":[{"message":"Cannot query field \"nope\" on type \"Query\".","locations":[{"line":1,"column":3}]}]}"#;
        match classify::<Data>(400, JSON, body) {
            Err(Error::GraphQL(errors)) => {
                assert_eq!(errors.0.len(), 1);
                assert!(errors.to_string().contains("nope"));
            }
            other => panic!("expected GraphQL errors, got {other:?}"),
        }
    }

    #[test]
    fn failure_with_data_keeps_the_response() {
        let body = br#"{"data":{"todos":[]},"errors":[{"message":"partial"}]}"#;
        let response = classify::<Data>(500, JSON, body).unwrap();
        assert_eq!(response.data, Some(Data { todos: vec![] }));
        assert_eq!(response.errors[0].message, "partial");
    }

    #[test]
    fn failure_with_errors_and_mistyped_data_still_gives_the_errors() {
        let body = br#"{"data":{"todos":"oops"},"errors":[{"message":"bad"}]}"#;
        match classify::<Data>(500, JSON, body) {
            Err(Error::GraphQL(errors)) => assert_eq!(errors.0[0].message, "bad"),
            other => panic!("expected GraphQL errors, got {other:?}"),
        }
    }

    #[test]
    fn failure_with_html_is_a_status_error_with_an_excerpt() {
        let body = b"<html>\n<head><title>502 Bad Gateway</title></head></html>";
        match classify::<Data>(502, Some("text/html"), body) {
            Err(Error::Status {
                status,
                content_type,
                excerpt,
            }) => {
                assert_eq!(status, 502);
                assert_eq!(content_type, "text/html");
                assert!(excerpt.contains("502 Bad Gateway"), "{excerpt}");
                assert!(!excerpt.contains('\n'));
            }
            other => panic!("expected a status error, got {other:?}"),
        }
    }

    #[test]
    fn failure_with_non_graphql_json_is_a_status_error() {
        assert!(matches!(
            classify::<Data>(
                401,
                Some("application/json"),
                br#"{"message":"Unauthorized"}"#
            ),
            Err(Error::Status { status: 401, .. })
        ));
    }
}
