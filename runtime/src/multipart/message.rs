//! What one multipart part means in the subscription protocol: heartbeat, event, transport
//! error or end. Pure: a part in, a typed message out.

use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::content_type::parse_media_type;
use super::parser::Part;
use crate::decode::decode;
use crate::error::{excerpt, Error};
use crate::http::{starts_like_object, EXCERPT_CHARS};
use crate::maybe::Maybe;
use crate::response::{GraphQLError, GraphQLErrors, Response};

/// One part of a subscription stream, interpreted.
#[derive(Debug, PartialEq)]
pub enum Message<D> {
    /// `{}`: the server is alive.
    Heartbeat,
    /// `{"payload": {...}}`: one event (with its GraphQL errors, if any). Top-level `errors`
    /// sent next to a payload are appended to the event's errors.
    Event(Response<D>),
    /// `{"payload": null, "errors": [...]}`: the server ended the subscription with an error.
    TransportError(GraphQLErrors),
    /// `{"payload": null}`: the server ended the subscription.
    End,
}

#[derive(Deserialize)]
#[serde(bound(deserialize = "D: DeserializeOwned"))]
struct Envelope<D> {
    #[serde(default)]
    payload: Maybe<Response<D>>,
    #[serde(default, deserialize_with = "null_as_empty")]
    errors: Vec<GraphQLError>,
}

fn null_as_empty<'de, De: serde::Deserializer<'de>>(
    de: De,
) -> Result<Vec<GraphQLError>, De::Error> {
    Ok(Option::<Vec<GraphQLError>>::deserialize(de)?.unwrap_or_default())
}

/// Interprets a part of a subscription stream: heartbeat, typed event, transport error or end.
///
/// Errors: a non-JSON part content type ([`Error::MultipartFraming`]), a body that is not a
/// JSON object or not valid JSON ([`Error::Malformed`]), JSON that does not fit `D`
/// ([`Error::Decode`], with the path, e.g. `payload.data.count`).
pub fn interpret<D: DeserializeOwned>(part: &Part) -> Result<Message<D>, Error> {
    if let Some(content_type) = &part.content_type {
        let is_json = parse_media_type(content_type).is_some_and(|media| media.is_json());
        if !is_json {
            return Err(Error::MultipartFraming {
                reason: format!(
                    "a part has content type `{content_type}`, expected application/json; it \
                     began with: {}",
                    excerpt(&part.body, EXCERPT_CHARS)
                ),
            });
        }
    }
    let body = &part.body[..];
    if is_heartbeat(body) {
        return Ok(Message::Heartbeat);
    }
    let malformed = |reason: String| Error::Malformed {
        reason,
        excerpt: excerpt(body, EXCERPT_CHARS),
    };
    if !starts_like_object(body) {
        return Err(malformed(
            "a subscription part is not a JSON object".to_owned(),
        ));
    }
    let envelope = match serde_json::from_slice::<Envelope<D>>(body) {
        Ok(envelope) => envelope,
        Err(err) if err.is_data() => return Err(Error::Decode(path_error::<Envelope<D>>(body))),
        Err(err) => {
            return Err(malformed(format!(
                "a subscription part is not valid JSON ({err})"
            )))
        }
    };
    match envelope.payload {
        Maybe::Value(mut response) => {
            response.errors.extend(envelope.errors);
            Ok(Message::Event(response))
        }
        Maybe::Null if envelope.errors.is_empty() => Ok(Message::End),
        Maybe::Null => Ok(Message::TransportError(GraphQLErrors(envelope.errors))),
        // Not the subscription format: a plain GraphQL result, passed through.
        Maybe::Absent => match serde_json::from_slice::<Response<D>>(body) {
            Ok(response) if response.data.is_some() || !response.errors.is_empty() => {
                Ok(Message::Event(response))
            }
            Ok(_) => Err(malformed(
                "a subscription part has neither `payload` nor `data`/`errors`".to_owned(),
            )),
            Err(_) => Err(Error::Decode(path_error::<Response<D>>(body))),
        },
    }
}

/// The decode error with its JSON path, for a body known not to fit `T`.
fn path_error<T: DeserializeOwned>(body: &[u8]) -> crate::DecodeError {
    match decode::<T>(body) {
        Err(err) => err,
        Ok(_) => crate::DecodeError {
            path: ".".to_owned(),
            message: "the part decoded on the second attempt only".to_owned(),
        },
    }
}

/// `{}` with any whitespace.
fn is_heartbeat(body: &[u8]) -> bool {
    let mut meaningful = body.iter().filter(|b| !b.is_ascii_whitespace());
    meaningful.next() == Some(&b'{')
        && meaningful.next() == Some(&b'}')
        && meaningful.next().is_none()
}

#[cfg(test)]
mod tests {
    use bytes::Bytes;

    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Data {
        count: i32,
    }

    fn part(body: &str) -> Part {
        Part {
            content_type: Some("application/json; charset=utf-8".to_owned()),
            body: Bytes::copy_from_slice(body.as_bytes()),
        }
    }

    fn run(body: &str) -> Result<Message<Data>, Error> {
        interpret(&part(body))
    }

    #[test]
    fn heartbeat_event_end_and_transport_error() {
        assert_eq!(run(" { } ").unwrap(), Message::Heartbeat);
        match run(r#"{"payload":{"data":{"count":3}}}"#).unwrap() {
            Message::Event(r) => assert_eq!(r.data, Some(Data { count: 3 })),
            other => panic!("{other:?}"),
        }
        assert_eq!(run(r#"{"payload":null}"#).unwrap(), Message::End);
        match run(r#"{"payload":null,"errors":[{"message":"reload","extensions":{"code":"SUBSCRIPTION_SCHEMA_RELOAD"}}]}"#).unwrap() {
            Message::TransportError(errors) => assert_eq!(errors.0[0].message, "reload"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn graphql_errors_in_a_payload_stay_in_the_event_with_protocol_errors() {
        match run(r#"{"payload":{"data":null,"errors":[{"message":"boom","path":["count"]}]},"errors":[{"message":"jwt expiring"}]}"#).unwrap() {
            Message::Event(r) => {
                assert!(r.data.is_none());
                let messages: Vec<_> = r.errors.iter().map(|e| e.message.as_str()).collect();
                assert_eq!(messages, ["boom", "jwt expiring"]);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn plain_results_pass_through() {
        match run(r#"{"data":{"count":1}}"#).unwrap() {
            Message::Event(r) => assert_eq!(r.data, Some(Data { count: 1 })),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            run(r#"{"hello":1}"#),
            Err(Error::Malformed { .. })
        ));
    }

    #[test]
    fn bad_json_and_bad_types_are_typed_errors() {
        assert!(matches!(
            run(r#"{"payload":{"da"#),
            Err(Error::Malformed { .. })
        ));
        assert!(matches!(run("[]"), Err(Error::Malformed { .. })));
        match run(r#"{"payload":{"data":{"count":"three"}}}"#) {
            Err(Error::Decode(err)) => assert_eq!(err.path, "payload.data.count"),
            other => panic!("{other:?}"),
        }
        let html = Part {
            content_type: Some("text/html".to_owned()),
            body: Bytes::from_static(b"<p>hi</p>"),
        };
        assert!(matches!(
            interpret::<Data>(&html),
            Err(Error::MultipartFraming { .. })
        ));
    }
}
