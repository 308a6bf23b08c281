//! Reading the response `Content-Type`: media type, parameters, and the multipart boundary.

/// A media type with its parameters: names and type lower-cased, values unquoted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MediaType {
    /// `type/subtype`, lower-case.
    pub essence: String,
    /// `(name, value)` pairs.
    pub params: Vec<(String, String)>,
}

impl MediaType {
    /// The value of parameter `name` (lower-case).
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Whether this is JSON: `application/json`, `application/graphql-response+json`, any `+json`.
    pub fn is_json(&self) -> bool {
        self.essence == "application/json" || self.essence.ends_with("+json")
    }

    /// Whether this is `multipart/mixed`.
    pub fn is_multipart_mixed(&self) -> bool {
        self.essence == "multipart/mixed"
    }
}

/// Parses the first media type of a header value. Servers sometimes list several in one value
/// (strawberry: `multipart/mixed;boundary=graphql;subscriptionSpec=1.0,application/json`);
/// a comma inside a quoted parameter does not split.
pub(crate) fn parse_media_type(value: &str) -> Option<MediaType> {
    let bytes = value.as_bytes();
    let mut pos = 0;
    let essence_end = bytes
        .iter()
        .position(|b| *b == b';' || *b == b',')
        .unwrap_or(bytes.len());
    let essence = value[..essence_end].trim().to_ascii_lowercase();
    if essence.is_empty() || !essence.contains('/') {
        return None;
    }
    pos += essence_end;
    let mut params = Vec::new();
    while pos < bytes.len() && bytes[pos] == b';' {
        pos += 1;
        let name_end = bytes[pos..]
            .iter()
            .position(|b| matches!(b, b'=' | b';' | b','))
            .map_or(bytes.len(), |i| pos + i);
        let name = value[pos..name_end].trim().to_ascii_lowercase();
        pos = name_end;
        if pos >= bytes.len() || bytes[pos] != b'=' {
            continue;
        }
        pos += 1;
        while pos < bytes.len() && bytes[pos] == b' ' {
            pos += 1;
        }
        let param_value = if bytes.get(pos) == Some(&b'"') {
            let (text, next) = quoted_string(value, pos + 1);
            pos = next;
            text
        } else {
            let end = bytes[pos..]
                .iter()
                .position(|b| *b == b';' || *b == b',')
                .map_or(bytes.len(), |i| pos + i);
            let text = value[pos..end].trim().to_owned();
            pos = end;
            text
        };
        // Skip anything between a quoted value and the next separator.
        while pos < bytes.len() && bytes[pos] != b';' && bytes[pos] != b',' {
            pos += 1;
        }
        if !name.is_empty() {
            params.push((name, param_value));
        }
    }
    Some(MediaType { essence, params })
}

/// A quoted-string starting after its opening quote: its text (escapes resolved) and the
/// position after the closing quote.
fn quoted_string(value: &str, start: usize) -> (String, usize) {
    let mut text = String::new();
    let mut chars = value[start..].char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return (text, start + i + 1),
            '\\' => {
                if let Some((_, escaped)) = chars.next() {
                    text.push(escaped);
                }
            }
            other => text.push(other),
        }
    }
    (text, value.len())
}

/// The boundary of a `multipart/mixed` content type: its `boundary` parameter, or `graphql`
/// (the subscription protocol's) when it has none. `None` when the type is not multipart/mixed.
pub fn boundary_from_content_type(content_type: &str) -> Option<String> {
    let media = parse_media_type(content_type)?;
    if !media.is_multipart_mixed() {
        return None;
    }
    Some(
        media
            .param("boundary")
            .filter(|b| !b.is_empty())
            .unwrap_or("graphql")
            .to_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn router_strawberry_and_custom_boundaries() {
        for (header, boundary) in [
            (
                r#"multipart/mixed;boundary="graphql";subscriptionSpec=1.0"#,
                "graphql",
            ),
            (
                "multipart/mixed;boundary=graphql;subscriptionSpec=1.0,application/json",
                "graphql",
            ),
            ("Multipart/Mixed; BOUNDARY=xyz-123", "xyz-123"),
            (r#"multipart/mixed; boundary="a,b;c\"d""#, r#"a,b;c"d"#),
            ("multipart/mixed", "graphql"),
            ("multipart/mixed; boundary=\"-\"", "-"),
            (
                "multipart/mixed; subscriptionSpec=\"1.0\" ; boundary = zz",
                "zz",
            ),
        ] {
            assert_eq!(
                boundary_from_content_type(header).as_deref(),
                Some(boundary),
                "{header}"
            );
        }
    }

    #[test]
    fn other_types_have_no_boundary() {
        assert_eq!(
            boundary_from_content_type("application/json; charset=utf-8"),
            None
        );
        assert_eq!(boundary_from_content_type("text/event-stream"), None);
        assert_eq!(boundary_from_content_type(""), None);
        assert_eq!(boundary_from_content_type("garbage"), None);
    }

    #[test]
    fn json_types() {
        for json in [
            "application/json",
            "application/graphql-response+json; charset=utf-8",
        ] {
            assert!(parse_media_type(json).unwrap().is_json(), "{json}");
        }
        assert!(!parse_media_type("text/html").unwrap().is_json());
    }
}
