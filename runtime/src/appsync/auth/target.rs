//! [`Target`]: the URL a request is authorized for, with the host AppSync expects.

use reqwest::Url;

use super::error::AuthError;
use crate::http::client::display_url;

/// A URL to authorize: what is signed and the host of the auth object.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    /// The URL as signed (user info and fragment removed).
    pub(crate) signed_url: String,
    /// `host[:port]`, the port only when it is not the scheme's default (as the HTTP `Host`
    /// header and SigV4 canonical headers have it).
    pub(crate) host: String,
}

impl Target {
    pub(crate) fn parse(raw: &str) -> Result<Target, AuthError> {
        let invalid = |url: String, reason: &str| AuthError::Url {
            url,
            reason: reason.to_owned(),
        };
        let mut url = Url::parse(raw).map_err(|err| {
            // Not a URL: show nothing of it that could be a credential.
            invalid(String::from("<unparsable URL>"), &err.to_string())
        })?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(invalid(
                display_url(&url),
                "expected an http(s) URL (the GraphQL endpoint, not the realtime one)",
            ));
        }
        let Some(host) = url.host_str() else {
            return Err(invalid(display_url(&url), "it has no host"));
        };
        let host = match url.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_owned(),
        };
        let _ = url.set_username("");
        let _ = url.set_password(None);
        url.set_fragment(None);
        Ok(Target {
            signed_url: url.to_string(),
            host,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_keeps_only_non_default_ports() {
        let t = Target::parse("https://abc.appsync-api.eu-west-1.amazonaws.com/graphql").unwrap();
        assert_eq!(t.host, "abc.appsync-api.eu-west-1.amazonaws.com");
        assert_eq!(
            t.signed_url,
            "https://abc.appsync-api.eu-west-1.amazonaws.com/graphql"
        );
        assert_eq!(
            Target::parse("https://api.example.com:443/graphql")
                .unwrap()
                .host,
            "api.example.com"
        );
        assert_eq!(
            Target::parse("http://127.0.0.1:8080/graphql/connect")
                .unwrap()
                .host,
            "127.0.0.1:8080"
        );
        assert_eq!(
            Target::parse("http://[::1]:9/graphql").unwrap().host,
            "[::1]:9"
        );
    }

    #[test]
    fn bad_urls_are_errors_without_user_info() {
        let err = Target::parse("wss://user:pw@abc.example.com/graphql").unwrap_err();
        assert!(matches!(err, AuthError::Url { .. }));
        assert!(!err.to_string().contains("pw"), "{err}");
        assert!(Target::parse("not a url").is_err());
        let t = Target::parse("https://user:pw@api.example.com/graphql#x").unwrap();
        assert_eq!(t.signed_url, "https://api.example.com/graphql");
    }
}
