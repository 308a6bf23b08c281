//! The URLs of an AppSync API: GraphQL (HTTP), realtime (WebSocket), the host that goes into
//! auth objects, and the region.
//!
//! | GraphQL endpoint | realtime URL |
//! | --- | --- |
//! | `https://<id>.appsync-api.<region>.amazonaws.com/graphql` | `wss://<id>.appsync-realtime-api.<region>.amazonaws.com/graphql` |
//! | `https://api.example.com/graphql` (custom domain) | `wss://api.example.com/graphql/realtime` |
//! | `http://127.0.0.1:4000/graphql` (local server, a custom domain) | `ws://127.0.0.1:4000/graphql/realtime` |
//!
//! An explicit realtime URL overrides the derived one.

use std::fmt;

use reqwest::Url;

use super::auth::target::Target;
use crate::http::client::display_url;

const API_LABEL: &str = "appsync-api";
const REALTIME_LABEL: &str = "appsync-realtime-api";

/// An endpoint URL that cannot be used.
#[derive(Debug, Clone, thiserror::Error)]
#[error("the AppSync URL `{url}` is not usable: {reason}")]
pub struct EndpointError {
    /// The URL (without user info or query).
    pub url: String,
    /// Why, and what to pass instead.
    pub reason: String,
}

/// The region of a standard AppSync host (`<id>.appsync-api.<region>.amazonaws.com`, the
/// realtime host, or their `.amazonaws.com.cn` forms); `None` for anything else (custom
/// domains). A port is ignored.
pub fn region_from_host(host: &str) -> Option<String> {
    let labels = standard_labels(host)?;
    Some(labels.region)
}

struct StandardHost {
    api_id: String,
    realtime: bool,
    region: String,
    suffix: String,
}

fn standard_labels(host: &str) -> Option<StandardHost> {
    let host = strip_port(host).to_ascii_lowercase();
    let labels: Vec<&str> = host.split('.').collect();
    let (head, suffix) = match labels.as_slice() {
        [id, service, region, "amazonaws", "com"] => ([*id, *service, *region], "amazonaws.com"),
        [id, service, region, "amazonaws", "com", "cn"] => {
            ([*id, *service, *region], "amazonaws.com.cn")
        }
        _ => return None,
    };
    let [id, service, region] = head;
    let id_ok = !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric());
    if !id_ok || !(service == API_LABEL || service == REALTIME_LABEL) || !is_region(region) {
        return None;
    }
    Some(StandardHost {
        api_id: id.to_owned(),
        realtime: service == REALTIME_LABEL,
        region: region.to_owned(),
        suffix: suffix.to_owned(),
    })
}

/// `eu-west-1`, `us-gov-west-1`, `cn-north-1`: letters/digits in dash-separated parts, the
/// last one a number.
fn is_region(label: &str) -> bool {
    let parts: Vec<&str> = label.split('-').collect();
    parts.len() >= 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric()))
        && parts
            .last()
            .is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit()))
}

fn strip_port(host: &str) -> &str {
    if host.starts_with('[') {
        // IPv6 literal: never a standard host; keep it whole.
        return host;
    }
    host.rsplit_once(':').map_or(host, |(name, _)| name)
}

/// The realtime URL for a GraphQL endpoint: the standard `appsync-realtime-api` host for
/// standard endpoints, `<endpoint>/realtime` with a `ws`/`wss` scheme for anything else.
pub fn realtime_url_for(graphql: &Url) -> Url {
    let mut realtime = graphql.clone();
    realtime.set_query(None);
    realtime.set_fragment(None);
    let secure = graphql.scheme() == "https";
    // Both schemes are special, so switching between them cannot fail.
    let _ = realtime.set_scheme(if secure { "wss" } else { "ws" });
    let standard = graphql
        .host_str()
        .and_then(standard_labels)
        .filter(|h| secure && !h.realtime && graphql.port().is_none())
        .filter(|_| graphql.path() == "/graphql");
    if let Some(h) = standard {
        let host = format!("{}.{REALTIME_LABEL}.{}.{}", h.api_id, h.region, h.suffix);
        // A host built from a valid host's labels is valid.
        let _ = realtime.set_host(Some(&host));
        return realtime;
    }
    let path = format!("{}/realtime", graphql.path().trim_end_matches('/'));
    realtime.set_path(&path);
    realtime
}

/// `raw` parsed, when its scheme is one of `schemes` and it has a host; else `wrong` as the
/// reason.
pub(crate) fn parse_with_host(
    raw: &str,
    schemes: &[&str],
    wrong: &str,
) -> Result<Url, EndpointError> {
    let url = Url::parse(raw).map_err(|err| EndpointError {
        url: "<unparsable URL>".to_owned(),
        reason: err.to_string(),
    })?;
    if !schemes.contains(&url.scheme()) || url.host_str().is_none() {
        return Err(EndpointError {
            url: display_url(&url),
            reason: wrong.to_owned(),
        });
    }
    Ok(url)
}

/// An AppSync API's URLs. Build it from the GraphQL endpoint; the realtime URL is derived
/// unless set explicitly.
#[derive(Clone)]
pub struct AppSyncEndpoint {
    graphql: Url,
    realtime: Url,
    host: String,
    region: Option<String>,
    api_id: Option<String>,
    custom_domain: bool,
}

impl AppSyncEndpoint {
    /// The endpoint of GraphQL URL `graphql` (`https://<id>.appsync-api.<region>.amazonaws.com/graphql`,
    /// a custom domain's `https://api.example.com/graphql`, or a local `http://` server).
    pub fn new(graphql: &str) -> Result<AppSyncEndpoint, EndpointError> {
        let url = Url::parse(graphql).map_err(|err| EndpointError {
            url: "<unparsable URL>".to_owned(),
            reason: err.to_string(),
        })?;
        let error = |reason: &str| EndpointError {
            url: display_url(&url),
            reason: reason.to_owned(),
        };
        match url.scheme() {
            "http" | "https" => {}
            "ws" | "wss" => {
                return Err(error(
                    "this is a WebSocket URL: pass the GraphQL (http/https) endpoint; the \
                     realtime URL is derived from it or set with `realtime_url`",
                ))
            }
            _ => return Err(error("expected an http or https URL")),
        }
        let target = Target::parse(graphql).map_err(|err| error(&err.to_string()))?;
        let host_labels = standard_labels(&target.host);
        if host_labels.as_ref().is_some_and(|h| h.realtime) {
            return Err(error(
                "this is the realtime host: pass the GraphQL endpoint \
                 (`https://<id>.appsync-api.<region>.amazonaws.com/graphql`)",
            ));
        }
        Ok(AppSyncEndpoint {
            realtime: realtime_url_for(&url),
            api_id: host_labels.as_ref().map(|h| h.api_id.clone()),
            region: host_labels.map(|h| h.region),
            custom_domain: standard_labels(&target.host).is_none(),
            host: target.host,
            graphql: url,
        })
    }

    /// Uses this realtime URL (`ws://` or `wss://`) instead of the derived one.
    pub fn with_realtime_url(mut self, realtime: &str) -> Result<AppSyncEndpoint, EndpointError> {
        self.realtime = parse_with_host(
            realtime,
            &["ws", "wss"],
            "the realtime URL must be a ws:// or wss:// URL with a host",
        )?;
        Ok(self)
    }

    /// The GraphQL endpoint: queries and mutations are POSTed here, and `start` messages are
    /// signed for it.
    pub fn graphql_url(&self) -> &Url {
        &self.graphql
    }

    /// The realtime WebSocket URL (without the handshake's query parameters).
    pub fn realtime_url(&self) -> &Url {
        &self.realtime
    }

    /// The URL the realtime handshake is authorized for: the GraphQL endpoint + `/connect`.
    pub fn connect_url(&self) -> String {
        let mut url = self.graphql.clone();
        let path = format!("{}/connect", url.path().trim_end_matches('/'));
        url.set_path(&path);
        url.set_query(None);
        url.set_fragment(None);
        url.to_string()
    }

    /// The host of every auth object: the GraphQL endpoint's host (never the realtime host),
    /// with its port when not the default.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The region, when the host is a standard AppSync host.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The API id (the first label of a standard host), as AppSync's control-plane API names
    /// the API; `None` for custom domains.
    pub fn api_id(&self) -> Option<&str> {
        self.api_id.as_deref()
    }

    /// Whether the endpoint is a custom domain (anything but the standard AppSync host; a
    /// local server counts as one).
    pub fn is_custom_domain(&self) -> bool {
        self.custom_domain
    }
}

impl fmt::Debug for AppSyncEndpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AppSyncEndpoint")
            .field("graphql", &display_url(&self.graphql))
            .field("realtime", &display_url(&self.realtime))
            .field("host", &self.host)
            .field("region", &self.region)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STANDARD: &str =
        "https://abcdefghijklmnopqrstuvwxyz.appsync-api.eu-west-1.amazonaws.com/graphql";

    #[test]
    fn region_comes_from_standard_hosts_only() {
        let host = "abcdefghijklmnopqrstuvwxyz.appsync-api.eu-west-1.amazonaws.com";
        assert_eq!(region_from_host(host).as_deref(), Some("eu-west-1"));
        assert_eq!(
            region_from_host("X.APPSYNC-API.US-GOV-WEST-1.AMAZONAWS.COM").as_deref(),
            Some("us-gov-west-1")
        );
        assert_eq!(
            region_from_host("abc.appsync-api.cn-north-1.amazonaws.com.cn").as_deref(),
            Some("cn-north-1")
        );
        assert_eq!(
            region_from_host("abc.appsync-realtime-api.ap-southeast-2.amazonaws.com:443")
                .as_deref(),
            Some("ap-southeast-2")
        );
        for other in [
            "api.example.com",
            "127.0.0.1:4000",
            "abc.appsync-api.amazonaws.com",
            "abc.appsync-api.eu-west.amazonaws.com",
            "abc.lambda-url.eu-west-1.on.aws",
            "abc.appsync-api.eu-west-1.amazonaws.com.evil.example",
            "[::1]:8080",
        ] {
            assert_eq!(region_from_host(other), None, "{other}");
        }
    }

    #[test]
    fn standard_endpoints_use_the_realtime_host() {
        let endpoint = AppSyncEndpoint::new(STANDARD).unwrap();
        assert_eq!(
            endpoint.realtime_url().as_str(),
            "wss://abcdefghijklmnopqrstuvwxyz.appsync-realtime-api.eu-west-1.amazonaws.com/graphql"
        );
        assert_eq!(
            endpoint.host(),
            "abcdefghijklmnopqrstuvwxyz.appsync-api.eu-west-1.amazonaws.com"
        );
        assert_eq!(endpoint.region(), Some("eu-west-1"));
        assert_eq!(endpoint.api_id(), Some("abcdefghijklmnopqrstuvwxyz"));
        assert!(!endpoint.is_custom_domain());
        assert_eq!(
            endpoint.connect_url(),
            "https://abcdefghijklmnopqrstuvwxyz.appsync-api.eu-west-1.amazonaws.com/graphql/connect"
        );
        let china =
            AppSyncEndpoint::new("https://abc.appsync-api.cn-north-1.amazonaws.com.cn/graphql")
                .unwrap();
        assert_eq!(
            china.realtime_url().as_str(),
            "wss://abc.appsync-realtime-api.cn-north-1.amazonaws.com.cn/graphql"
        );
    }

    #[test]
    fn custom_domains_append_realtime() {
        let endpoint = AppSyncEndpoint::new("https://api.example.com/graphql").unwrap();
        assert_eq!(
            endpoint.realtime_url().as_str(),
            "wss://api.example.com/graphql/realtime"
        );
        assert_eq!(endpoint.host(), "api.example.com");
        assert_eq!(endpoint.region(), None);
        assert_eq!(endpoint.api_id(), None);
        assert!(endpoint.is_custom_domain());
        assert_eq!(
            endpoint.connect_url(),
            "https://api.example.com/graphql/connect"
        );
        // A standard host on another path is treated like a custom domain.
        let odd =
            AppSyncEndpoint::new("https://abc.appsync-api.eu-west-1.amazonaws.com/v2/graphql?x=1")
                .unwrap();
        assert_eq!(
            odd.realtime_url().as_str(),
            "wss://abc.appsync-api.eu-west-1.amazonaws.com/v2/graphql/realtime"
        );
    }

    #[test]
    fn local_servers_are_custom_domains_with_ws() {
        let endpoint = AppSyncEndpoint::new("http://127.0.0.1:4000/graphql").unwrap();
        assert_eq!(
            endpoint.realtime_url().as_str(),
            "ws://127.0.0.1:4000/graphql/realtime"
        );
        assert_eq!(endpoint.host(), "127.0.0.1:4000");
        assert_eq!(
            endpoint.connect_url(),
            "http://127.0.0.1:4000/graphql/connect"
        );
        assert!(endpoint.is_custom_domain());
        let trailing = AppSyncEndpoint::new("http://localhost:9/graphql/").unwrap();
        assert_eq!(
            trailing.realtime_url().as_str(),
            "ws://localhost:9/graphql/realtime"
        );
    }

    #[test]
    fn an_explicit_realtime_url_wins() {
        let endpoint = AppSyncEndpoint::new(STANDARD)
            .unwrap()
            .with_realtime_url("wss://realtime.example.com/socket")
            .unwrap();
        assert_eq!(
            endpoint.realtime_url().as_str(),
            "wss://realtime.example.com/socket"
        );
        // The auth host stays the API's.
        assert_eq!(
            endpoint.host(),
            "abcdefghijklmnopqrstuvwxyz.appsync-api.eu-west-1.amazonaws.com"
        );
        let err = AppSyncEndpoint::new(STANDARD)
            .unwrap()
            .with_realtime_url("https://realtime.example.com/")
            .unwrap_err();
        assert!(err.reason.contains("ws://"), "{err}");
    }

    #[test]
    fn unusable_endpoints_say_what_to_pass() {
        let err =
            AppSyncEndpoint::new("wss://abc.appsync-realtime-api.eu-west-1.amazonaws.com/graphql")
                .unwrap_err();
        assert!(
            err.reason.contains("GraphQL (http/https) endpoint"),
            "{err}"
        );
        let err = AppSyncEndpoint::new(
            "https://abc.appsync-realtime-api.eu-west-1.amazonaws.com/graphql",
        )
        .unwrap_err();
        assert!(err.reason.contains("realtime host"), "{err}");
        assert!(AppSyncEndpoint::new("ftp://example.com/graphql").is_err());
        let err = AppSyncEndpoint::new("not a url").unwrap_err();
        assert!(!err.to_string().is_empty());
        let err = AppSyncEndpoint::new("ftp://user:pw@example.com/graphql").unwrap_err();
        assert!(!err.to_string().contains("pw"), "{err}");
    }

    #[test]
    fn debug_hides_user_info_and_query() {
        let endpoint =
            AppSyncEndpoint::new("https://user:hunter2@api.example.com/graphql?key=da2-x").unwrap();
        let shown = format!("{endpoint:?}");
        assert!(
            !shown.contains("hunter2") && !shown.contains("da2-x"),
            "{shown}"
        );
    }
}
