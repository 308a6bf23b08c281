//! [`Payload`]: one event's GraphQL response as raw JSON, a slice of the frame it came in.

use std::ops::Range;

use serde::de::DeserializeOwned;
use tokio_tungstenite::tungstenite::Utf8Bytes;

use crate::decode::DecodeError;

/// An event's payload: the frame's text (moved from the socket, reference-counted, never
/// copied) and where the payload sits in it. The codec parsed the frame once to find it;
/// [`decode`](Payload::decode) parses only this slice, straight into the typed response.
#[derive(Clone, PartialEq, Eq)]
pub struct Payload {
    frame: Utf8Bytes,
    range: Range<usize>,
}

impl std::fmt::Debug for Payload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Payload").field(&self.json()).finish()
    }
}

impl Payload {
    /// The payload `json` found inside `frame` (a sub-slice of it); `None` when it is not one.
    pub(crate) fn within(frame: Utf8Bytes, json: &str) -> Option<Payload> {
        let start = (json.as_ptr() as usize).checked_sub(frame.as_str().as_ptr() as usize)?;
        let range = start..start.checked_add(json.len())?;
        frame.as_str().get(range.clone())?;
        Some(Payload { frame, range })
    }

    /// The payload's JSON text.
    pub fn json(&self) -> &str {
        // `within` checked the range is on char boundaries of this very text.
        self.frame.as_str().get(self.range.clone()).unwrap_or("")
    }

    /// Decodes the payload as `T` (with the JSON path of a mismatch).
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T, DecodeError> {
        crate::decode::decode(self.json().as_bytes())
    }
}

impl From<String> for Payload {
    fn from(json: String) -> Payload {
        let range = 0..json.len();
        Payload {
            frame: Utf8Bytes::from(json),
            range,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_payload_is_the_slice_of_its_frame() {
        let frame = Utf8Bytes::from(r#"{"id":"1","payload":{"data":{"n":1}}}"#.to_owned());
        let text = frame.as_str();
        let start = text.find("{\"data").unwrap();
        let json = &text[start..text.len() - 1];
        let payload = Payload::within(frame.clone(), json).unwrap();
        assert_eq!(payload.json(), r#"{"data":{"n":1}}"#);
        let other = "elsewhere".to_owned();
        assert!(Payload::within(frame, &other).is_none());
    }
}
