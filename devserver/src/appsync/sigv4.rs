//! IAM auth: a SigV4 `Authorization` is checked by signing the same request again with the
//! configured secret (`aws-sigv4`, service `appsync`) and comparing signatures.
//!
//! What is signed differs by place (appsync.md §4): an HTTP request signs its real method,
//! path and body; a realtime handshake signs `POST /graphql/connect` with body `{}`; a `start`
//! signs `POST /graphql` with the exact `payload.data` string. In every case only the headers
//! named in `SignedHeaders` enter the signature, with the values the client sent.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
use aws_sigv4::sign::v4;

use crate::config::IamCredentials;

/// The SigV4 service name of AppSync.
const SERVICE: &str = "appsync";
const ALGORITHM: &str = "AWS4-HMAC-SHA256";
/// How far `x-amz-date` may be from the server's clock (AWS allows 5 minutes either way).
const MAX_SKEW: Duration = Duration::from_secs(5 * 60);

/// Whether an `Authorization` value is a SigV4 signature (the IAM mode).
pub(crate) fn is_sigv4(authorization: &str) -> bool {
    authorization.trim_start().starts_with(ALGORITHM)
}

/// The request whose signature is checked.
pub(crate) struct Signed<'a> {
    /// `POST` for the synthetic realtime requests.
    pub method: &'a str,
    /// Path and query, e.g. `/graphql` or `/graphql/connect`.
    pub path_and_query: &'a str,
    /// Every header the client sent (names in any case); `authorization` among them.
    pub headers: Vec<(String, String)>,
    pub body: &'a [u8],
}

impl Signed<'_> {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// `Ok(())` when `request` carries a valid signature by `credentials`; otherwise the message
/// AWS gives for that failure.
pub(crate) fn verify(
    credentials: &IamCredentials,
    request: &Signed<'_>,
    now: SystemTime,
) -> Result<(), String> {
    let authorization = request
        .header("authorization")
        .ok_or("Missing Authorization header")?;
    let parts = Parts::parse(authorization)?;
    let scope: Vec<&str> = parts.credential.split('/').collect();
    let [access_key_id, date, region, service, terminator] = scope[..] else {
        return Err(format!(
            "Credential should be <access key id>/<date>/<region>/<service>/aws4_request, got '{}'",
            redact_key(parts.credential)
        ));
    };
    if access_key_id != credentials.access_key_id {
        return Err("The security token included in the request is invalid.".to_owned());
    }
    if terminator != "aws4_request" {
        return Err("Credential should be scoped with a valid terminator: 'aws4_request'".into());
    }
    if service != SERVICE {
        return Err(format!(
            "Credential should be scoped to correct service: '{SERVICE}'"
        ));
    }
    if region != credentials.region {
        return Err(format!(
            "Credential should be scoped to a valid region, not '{region}'"
        ));
    }
    let signed_names: Vec<String> = parts
        .signed_headers
        .split(';')
        .map(str::to_ascii_lowercase)
        .collect();
    for required in ["host", "x-amz-date"] {
        if !signed_names.iter().any(|name| name == required) {
            return Err(format!("'{required}' must be a signed header"));
        }
    }
    let amz_date = request.header("x-amz-date").ok_or(
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
    )?;
    let signed_at = parse_amz_date(amz_date)
        .ok_or(format!("X-Amz-Date '{amz_date}' is not yyyyMMddTHHmmssZ"))?;
    if !amz_date.starts_with(date) || date.len() != 8 {
        return Err(format!(
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{date}' != '{}'",
            amz_date.get(..8).unwrap_or(amz_date)
        ));
    }
    let skew = match now.duration_since(signed_at) {
        Ok(age) => age,
        Err(ahead) => ahead.duration(),
    };
    if skew > MAX_SKEW {
        return Err(format!(
            "Signature expired or not yet current: {amz_date} is more than 5 min from the server's time"
        ));
    }
    if let Some(token) = &credentials.session_token {
        if request.header("x-amz-security-token") != Some(token.as_str()) {
            return Err("The security token included in the request is invalid.".to_owned());
        }
    }
    let expected = signature(credentials, request, &signed_names, signed_at)?;
    if !constant_time_eq(expected.as_bytes(), parts.signature.as_bytes()) {
        return Err(
            "The request signature we calculated does not match the signature you provided. \
                    Check your AWS Secret Access Key and signing method."
                .to_owned(),
        );
    }
    Ok(())
}

/// The signature of `request` over exactly the headers the client listed.
fn signature(
    credentials: &IamCredentials,
    request: &Signed<'_>,
    signed_names: &[String],
    time: SystemTime,
) -> Result<String, String> {
    let mut headers = Vec::new();
    for name in signed_names {
        let value = request.header(name).ok_or(format!(
            "the signed header '{name}' is missing from the request"
        ))?;
        headers.push((name.as_str(), value));
    }
    let host = request.header("host").unwrap_or_default();
    // The host header is given explicitly, so the scheme and authority only shape the URI.
    let url = format!("https://{host}{}", request.path_and_query);
    // No session token in the identity: when the client signed it, it is one of `headers`.
    let identity = aws_credential_types::Credentials::new(
        credentials.access_key_id.clone(),
        credentials.secret_access_key.clone(),
        None,
        None,
        "devserver",
    )
    .into();
    let mut settings = SigningSettings::default();
    // Sign whatever the client listed (the default would drop e.g. `user-agent`).
    settings.excluded_headers = None;
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(&credentials.region)
        .name(SERVICE)
        .time(time)
        .settings(settings)
        .build()
        .map_err(|err| format!("cannot sign: {err}"))?
        .into();
    let signable = SignableRequest::new(
        request.method,
        url.as_str(),
        headers.into_iter(),
        SignableBody::Bytes(request.body),
    )
    .map_err(|err| format!("the request cannot be signed: {err}"))?;
    let (_, signature) = sign(signable, &params)
        .map_err(|err| format!("the request cannot be signed: {err}"))?
        .into_parts();
    Ok(signature)
}

/// `AWS4-HMAC-SHA256 Credential=.., SignedHeaders=.., Signature=..`.
struct Parts<'a> {
    credential: &'a str,
    signed_headers: &'a str,
    signature: &'a str,
}

impl<'a> Parts<'a> {
    fn parse(authorization: &'a str) -> Result<Parts<'a>, String> {
        let rest = authorization.trim().strip_prefix(ALGORITHM).ok_or(format!(
            "the Authorization header does not start with {ALGORITHM}"
        ))?;
        let (mut credential, mut signed_headers, mut signature) = (None, None, None);
        for item in rest.split(',') {
            let Some((name, value)) = item.trim().split_once('=') else {
                continue;
            };
            match name {
                "Credential" => credential = Some(value),
                "SignedHeaders" => signed_headers = Some(value),
                "Signature" => signature = Some(value),
                _ => {}
            }
        }
        match (credential, signed_headers, signature) {
            (Some(credential), Some(signed_headers), Some(signature)) => Ok(Parts {
                credential,
                signed_headers,
                signature,
            }),
            _ => Err("Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters."
                .to_owned()),
        }
    }
}

/// Only the access key id's first four characters (`AKIA`/`ASIA`) are shown in messages.
fn redact_key(credential: &str) -> String {
    let (key, rest) = credential.split_once('/').unwrap_or((credential, ""));
    format!("{}.../{rest}", key.get(..4).unwrap_or(""))
}

/// `20261122T203000Z` as a time.
fn parse_amz_date(text: &str) -> Option<SystemTime> {
    let bytes = text.as_bytes();
    if bytes.len() != 16 || bytes[8] != b'T' || bytes[15] != b'Z' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u64> {
        let digits = text.get(range)?;
        digits
            .bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| digits.parse().ok())
            .flatten()
    };
    let (year, month, day) = (number(0..4)?, number(4..6)?, number(6..8)?);
    let (hour, minute, second) = (number(9..11)?, number(11..13)?, number(13..15)?);
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let days = days_from_civil(year, month, day)?;
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second;
    UNIX_EPOCH.checked_add(Duration::from_secs(seconds))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: u64, month: u64, day: u64) -> Option<u64> {
    let year = if month <= 2 {
        year.checked_sub(1)?
    } else {
        year
    };
    let era = year / 400;
    let year_of_era = year - era * 400;
    let month_index = (month + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    (era * 146_097 + day_of_era).checked_sub(719_468)
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn creds() -> IamCredentials {
        IamCredentials {
            access_key_id: "AKIDEXAMPLE".into(),
            secret_access_key: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY".into(),
            session_token: None,
            region: "us-east-1".into(),
        }
    }

    /// Signs like a client would, with the same crate: verification must accept it.
    fn signed(at: SystemTime, body: &[u8]) -> Vec<(String, String)> {
        let identity = aws_credential_types::Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            None,
            None,
            "test",
        )
        .into();
        let params = v4::SigningParams::builder()
            .identity(&identity)
            .region("us-east-1")
            .name("appsync")
            .time(at)
            .settings(SigningSettings::default())
            .build()
            .unwrap()
            .into();
        let fixed = [
            ("content-type", "application/json"),
            ("host", "h.example:8080"),
        ];
        let request = SignableRequest::new(
            "POST",
            "http://h.example:8080/graphql",
            fixed.iter().copied(),
            SignableBody::Bytes(body),
        )
        .unwrap();
        let (instructions, _) = sign(request, &params).unwrap().into_parts();
        let mut headers: Vec<(String, String)> = fixed
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect();
        for (name, value) in instructions.headers() {
            headers.push((name.to_string(), value.to_string()));
        }
        headers
    }

    #[test]
    fn amz_dates_parse_to_unix_time() {
        let at = parse_amz_date("20261122T203000Z").unwrap();
        assert_eq!(
            at.duration_since(UNIX_EPOCH).unwrap().as_secs(),
            1_795_379_400
        );
        assert_eq!(parse_amz_date("19700101T000000Z"), Some(UNIX_EPOCH));
        assert!(parse_amz_date("2026-11-22T20:30:00Z").is_none());
        assert!(parse_amz_date("20261322T203000Z").is_none());
    }

    #[test]
    fn a_signature_verifies_and_any_change_breaks_it() {
        let at = UNIX_EPOCH + Duration::from_secs(1_795_379_400);
        let headers = signed(at, b"{\"query\":\"{a}\"}");
        let request = |headers: Vec<(String, String)>, body: &'static [u8]| Signed {
            method: "POST",
            path_and_query: "/graphql",
            headers,
            body,
        };
        let good = request(headers.clone(), b"{\"query\":\"{a}\"}");
        assert_eq!(
            verify(&creds(), &good, at + Duration::from_secs(60)),
            Ok(())
        );

        let tampered = request(headers.clone(), b"{\"query\":\"{b}\"}");
        let err = verify(&creds(), &tampered, at).unwrap_err();
        assert!(err.contains("does not match"), "{err}");

        let late = verify(&creds(), &good, at + Duration::from_secs(600)).unwrap_err();
        assert!(late.contains("expired"), "{late}");

        let mut other = creds();
        other.secret_access_key = "another".into();
        assert!(verify(&other, &good, at)
            .unwrap_err()
            .contains("does not match"));
        other = creds();
        other.region = "eu-west-1".into();
        assert!(verify(&other, &good, at).unwrap_err().contains("region"));
        other = creds();
        other.access_key_id = "AKIDOTHER".into();
        assert!(verify(&other, &good, at)
            .unwrap_err()
            .contains("security token"));
    }
}
