//! AppSync credentials: where they are found (headers, handshake auth object, `start`
//! authorization) and whether the configuration accepts them.

use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use serde_json::{json, Value};

use std::time::SystemTime;

use super::sigv4::{is_sigv4, verify, Signed};
use crate::config::Config;

/// What a credential was presented for: IAM signatures cover different synthetic requests.
pub(crate) enum Place<'a> {
    /// A real HTTP request.
    Http {
        method: &'a str,
        path_and_query: &'a str,
        body: &'a [u8],
    },
    /// The realtime handshake: `POST /graphql/connect` with body `{}`.
    Connect,
    /// A realtime `start`: `POST /graphql` with the `payload.data` string as body.
    Start { data: &'a str },
}

/// Whether the headers (HTTP headers, or the entries of an auth object) carry a credential the
/// configuration accepts: the API key in `x-api-key`; the JWT, Lambda token or a valid SigV4
/// signature in `Authorization`. `Err` says why not.
pub(crate) fn check(
    config: &Config,
    headers: Vec<(String, String)>,
    place: Place<'_>,
) -> Result<(), String> {
    if !config.auth_required() {
        return Ok(());
    }
    let find = |name: &str| {
        headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    };
    let api_key = find("x-api-key");
    let authorization = find("authorization");
    if api_key.is_some() && api_key == config.api_key.as_deref() {
        return Ok(());
    }
    let Some(authorization) = authorization else {
        return Err(match api_key {
            Some(_) => "You are not authorized to make this call. (invalid API key)".to_owned(),
            None => "Valid authorization header not provided: send x-api-key or Authorization"
                .to_owned(),
        });
    };
    if is_sigv4(authorization) {
        let Some(credentials) = &config.iam else {
            return Err(
                "You are not authorized to make this call. (IAM is not an auth mode of this API)"
                    .to_owned(),
            );
        };
        let (method, path_and_query, body) = match place {
            Place::Http {
                method,
                path_and_query,
                body,
            } => (method, path_and_query, body),
            Place::Connect => ("POST", "/graphql/connect", &b"{}"[..]),
            Place::Start { data } => ("POST", "/graphql", data.as_bytes()),
        };
        let request = Signed {
            method,
            path_and_query,
            headers,
            body,
        };
        return verify(credentials, &request, SystemTime::now());
    }
    if Some(authorization) == config.jwt.as_deref()
        || Some(authorization) == config.lambda_token.as_deref()
    {
        return Ok(());
    }
    Err("You are not authorized to make this call.".to_owned())
}

/// [`check`] for an auth object (handshake or `start`); `None` is no credential at all.
pub(crate) fn check_object(
    config: &Config,
    object: Option<&Value>,
    place: Place<'_>,
) -> Result<(), String> {
    let headers = object
        .and_then(Value::as_object)
        .map(|object| {
            object
                .iter()
                .filter_map(|(name, value)| Some((name.clone(), value.as_str()?.to_owned())))
                .collect()
        })
        .unwrap_or_default();
    check(config, headers, place)
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
pub(crate) fn unauthorized_body(message: &str) -> String {
    json!({"errors": [{
        "errorType": "UnauthorizedException",
        "message": message
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
        let accepted = |config: &Config, object: Option<&Value>| {
            check_object(config, object, Place::Connect).is_ok()
        };
        assert!(accepted(&config, Some(&json!({"X-Api-Key": "k1"}))));
        assert!(accepted(&config, Some(&json!({"Authorization": "jwt1"}))));
        assert!(!accepted(&config, Some(&json!({"x-api-key": "k2"}))));
        assert!(!accepted(
            &config,
            Some(&json!({"Authorization": "AWS4-HMAC-SHA256 x"}))
        ));
        assert!(!accepted(&config, None));
        assert!(accepted(&Config::default(), None));
    }
}
