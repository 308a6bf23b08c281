//! AppSync credentials: where they are found (headers, handshake auth object, `start`
//! authorization) and whether the configuration accepts them.

use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use serde_json::{json, Value};

use crate::config::Config;

/// The value of `name` in an auth object, compared case-insensitively (Amplify lower-cases
/// header names, botocore capitalises them).
pub(crate) fn lookup<'a>(object: &'a Value, name: &str) -> Option<&'a str> {
    object
        .as_object()?
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
        .and_then(|(_, value)| value.as_str())
}

/// Whether an auth object (handshake or `start`) carries an accepted credential.
pub(crate) fn object_accepted(config: &Config, object: Option<&Value>) -> bool {
    if !config.auth_required() {
        return true;
    }
    object.is_some_and(|object| {
        config.accepts(lookup(object, "x-api-key"), lookup(object, "authorization"))
    })
}

/// The handshake auth object: the `header` query parameter (standard base64) or a
/// `header-<base64url>` subprotocol. `Ok(None)` when there is neither.
pub(crate) fn handshake_object(
    header_param: Option<&str>,
    protocols: &str,
) -> Result<Option<Value>, String> {
    let encoded = match header_param {
        // A query decoder turns an unescaped `+` into a space; base64 has no spaces.
        Some(param) => param.replace(' ', "+"),
        None => match protocols
            .split(',')
            .map(str::trim)
            .find_map(|protocol| protocol.strip_prefix("header-"))
        {
            Some(encoded) => encoded.to_owned(),
            None => return Ok(None),
        },
    };
    decode_object(&encoded).map(Some)
}

fn decode_object(encoded: &str) -> Result<Value, String> {
    let trimmed = encoded.trim_end_matches('=');
    let bytes = if trimmed.contains(['-', '_']) {
        URL_SAFE_NO_PAD.decode(trimmed)
    } else {
        STANDARD_NO_PAD.decode(trimmed)
    }
    .map_err(|err| format!("the auth header is not base64: {err}"))?;
    let value: Value = serde_json::from_slice(&bytes)
        .map_err(|err| format!("the auth header is not JSON: {err}"))?;
    if value.is_object() {
        Ok(value)
    } else {
        Err("the auth header is not a JSON object".to_owned())
    }
}

/// AppSync's 401 body.
pub(crate) fn unauthorized_body() -> String {
    json!({"errors": [{
        "errorType": "UnauthorizedException",
        "message": "You are not authorized to make this call."
    }]})
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_placements_decode() {
        let object = json!({"host": "example.com", "x-api-key": "da2-k+y/="});
        let text = object.to_string();
        let standard = base64::engine::general_purpose::STANDARD.encode(&text);
        let url = URL_SAFE_NO_PAD.encode(&text);
        assert_eq!(
            handshake_object(Some(&standard), "").unwrap(),
            Some(object.clone())
        );
        assert_eq!(
            handshake_object(Some(&standard.replace('+', " ")), "").unwrap(),
            Some(object.clone())
        );
        let protocols = format!("graphql-ws, header-{url}");
        assert_eq!(handshake_object(None, &protocols).unwrap(), Some(object));
        assert_eq!(handshake_object(None, "graphql-ws").unwrap(), None);
        assert!(handshake_object(Some("!!"), "").is_err());
    }

    #[test]
    fn credentials_are_checked_case_insensitively() {
        let config = Config {
            api_key: Some("k1".into()),
            jwt: Some("jwt1".into()),
            ..Config::default()
        };
        assert!(object_accepted(&config, Some(&json!({"X-Api-Key": "k1"}))));
        assert!(object_accepted(
            &config,
            Some(&json!({"Authorization": "jwt1"}))
        ));
        assert!(!object_accepted(&config, Some(&json!({"x-api-key": "k2"}))));
        assert!(!object_accepted(&config, None));
        assert!(object_accepted(&Config::default(), None));
    }
}
