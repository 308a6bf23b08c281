use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::*;
use crate::error::BoxError;

const HOST: &str = "abcdefghijklmnopqrstuvwxyz.appsync-api.eu-west-1.amazonaws.com";
const URL: &str = "https://abcdefghijklmnopqrstuvwxyz.appsync-api.eu-west-1.amazonaws.com/graphql";
const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const SESSION: &str = "IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN";

fn fixed_time() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_795_379_400) // 2026-11-22T20:30:00Z
}

fn iam(session: Option<&str>) -> AuthMode {
    AuthMode::Iam(
        IamAuth::new(AwsCredentials::new(
            "ASIAEXAMPLEKEYID",
            SECRET_KEY,
            session.map(str::to_owned),
        ))
        .clock(SigningClock::fixed(fixed_time())),
    )
}

#[tokio::test]
async fn api_key_is_sent_as_x_api_key_and_the_object_has_the_host() {
    let headers = AuthMode::api_key("da2-key")
        .authorize(URL, b"{}")
        .await
        .unwrap();
    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        vec![("x-api-key", "da2-key")]
    );
    assert_eq!(
        headers.to_json(),
        format!(r#"{{"host":"{HOST}","x-api-key":"da2-key"}}"#)
    );
    assert_eq!(headers.host(), HOST);
}

#[tokio::test]
async fn tokens_go_raw_into_authorization_for_jwt_and_lambda_modes() {
    for mode in [
        AuthMode::cognito("jwt-a"),
        AuthMode::oidc("jwt-a"),
        AuthMode::lambda("jwt-a"),
    ] {
        let headers = mode.authorize(URL, b"{}").await.unwrap();
        assert_eq!(headers.get("authorization"), Some("jwt-a"));
        assert_eq!(headers.len(), 1);
        // Lower-case names, `host` first: the same bytes whatever serde_json's features.
        assert_eq!(
            headers.to_json(),
            format!(r#"{{"host":"{HOST}","authorization":"jwt-a"}}"#)
        );
        assert_eq!(headers.kind(), mode.kind());
    }
}

#[tokio::test]
async fn a_provider_is_asked_once_per_call_and_refreshed_tokens_are_used() {
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    let mode = AuthMode::cognito(TokenSource::provider(move || {
        let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
        async move { Ok::<_, BoxError>(format!("jwt-{n}")) }
    }));
    let first = mode.authorize(URL, b"{}").await.unwrap();
    let second = mode.clone().authorize(URL, b"{}").await.unwrap();
    assert_eq!(first.get("Authorization"), Some("jwt-1"));
    assert_eq!(second.get("Authorization"), Some("jwt-2"));
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn provider_failures_and_unusable_tokens_are_typed_errors_without_the_token() {
    let failing = AuthMode::lambda(TokenSource::provider(|| async {
        Err::<String, BoxError>("session expired".into())
    }));
    match failing.authorize(URL, b"{}").await {
        Err(crate::Error::Auth(AuthError::TokenProvider { kind, source })) => {
            assert_eq!(kind, AuthKind::Lambda);
            assert_eq!(source.to_string(), "session expired");
        }
        other => panic!("expected a token provider error, got {other:?}"),
    }

    let err = AuthMode::cognito("")
        .authorize(URL, b"{}")
        .await
        .unwrap_err();
    assert!(
        matches!(err, crate::Error::Auth(AuthError::EmptyToken { .. })),
        "{err}"
    );

    let err = AuthMode::api_key("da2-leak\nme")
        .authorize(URL, b"{}")
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            crate::Error::Auth(AuthError::InvalidHeaderValue {
                header: "x-api-key",
                ..
            })
        ),
        "{err}"
    );
    assert!(!err.to_string().contains("leak"), "{err}");
    assert!(!format!("{err:?}").contains("leak"), "{err:?}");
}

#[tokio::test]
async fn iam_over_http_signs_what_aws_sdks_sign_and_nothing_else() {
    let headers = iam(Some(SESSION)).authorize(URL, b"{}").await.unwrap();
    let sent: Vec<(&str, &str)> = headers
        .iter()
        .filter(|(name, _)| *name != "authorization")
        .collect();
    assert_eq!(
        sent,
        [
            ("content-type", "application/json"),
            ("host", HOST),
            ("x-amz-date", "20261122T203000Z"),
            ("x-amz-security-token", SESSION),
        ]
    );
    let authorization = headers.get("authorization").unwrap();
    assert!(
        authorization.starts_with(
            "AWS4-HMAC-SHA256 Credential=ASIAEXAMPLEKEYID/20261122/eu-west-1/appsync/aws4_request, \
             SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature="
        ),
        "{authorization}"
    );
}

#[tokio::test]
async fn iam_for_realtime_signs_the_handshake_set_in_amplifys_order() {
    let headers = iam(Some(SESSION))
        .authorize_realtime(URL, b"{}")
        .await
        .unwrap();
    let names: Vec<&str> = headers.iter().map(|(name, _)| name).collect();
    assert_eq!(
        names,
        [
            "accept",
            "content-encoding",
            "content-type",
            "host",
            "x-amz-date",
            "x-amz-security-token",
            "authorization"
        ]
    );
    assert_eq!(
        headers.get("accept"),
        Some("application/json, text/javascript")
    );
    assert_eq!(headers.get("content-encoding"), Some("amz-1.0"));
    assert_eq!(
        headers.get("content-type"),
        Some("application/json; charset=UTF-8")
    );
    let authorization = headers.get("Authorization").unwrap();
    assert!(
        authorization.contains(
            "SignedHeaders=accept;content-encoding;content-type;host;x-amz-date;x-amz-security-token, "
        ),
        "{authorization}"
    );
    // The object carries host once, where it was signed, and keys in the headers' order.
    let object = headers.to_json();
    let expected_prefix = format!(
        r#"{{"accept":"application/json, text/javascript","content-encoding":"amz-1.0","content-type":"application/json; charset=UTF-8","host":"{HOST}","x-amz-date":"20261122T203000Z","x-amz-security-token":"{SESSION}","authorization":"AWS4-HMAC-SHA256 "#
    );
    assert!(object.starts_with(&expected_prefix), "{object}");
    assert_eq!(object.matches("\"host\"").count(), 1, "{object}");
}

#[tokio::test]
async fn iam_signatures_depend_on_body_url_and_time() {
    let mode = iam(None);
    let sig = |h: &AuthHeaders| h.get("Authorization").unwrap().to_owned();
    let a = mode.authorize(URL, b"{}").await.unwrap();
    assert!(a.get("x-amz-security-token").is_none());
    assert!(sig(&a).contains("SignedHeaders=content-type;host;x-amz-date,"));
    let again = mode.authorize(URL, b"{}").await.unwrap();
    assert_eq!(
        sig(&a),
        sig(&again),
        "same input, same clock: same signature"
    );
    let other_body = mode.authorize(URL, b"{\"query\":\"x\"}").await.unwrap();
    assert_ne!(sig(&a), sig(&other_body));
    let connect = mode
        .authorize(&format!("{URL}/connect"), b"{}")
        .await
        .unwrap();
    assert_ne!(sig(&a), sig(&connect));
    let later = AuthMode::Iam(
        IamAuth::new(AwsCredentials::new("ASIAEXAMPLEKEYID", SECRET_KEY, None))
            .clock(SigningClock::fixed(fixed_time() + Duration::from_secs(1))),
    );
    assert_ne!(sig(&a), sig(&later.authorize(URL, b"{}").await.unwrap()));
}

#[tokio::test]
async fn iam_region_comes_from_the_host_or_must_be_set_for_custom_domains() {
    let custom = "https://api.example.com/graphql";
    match iam(None).authorize(custom, b"{}").await {
        Err(crate::Error::Auth(AuthError::UnknownRegion { host })) => {
            assert_eq!(host, "api.example.com")
        }
        other => panic!("expected an unknown region error, got {other:?}"),
    }
    let AuthMode::Iam(with_region) = iam(None) else {
        unreachable!()
    };
    let headers = AuthMode::Iam(with_region.region("us-east-2"))
        .authorize(custom, b"{}")
        .await
        .unwrap();
    assert_eq!(headers.get("host"), Some("api.example.com"));
    assert!(headers
        .get("Authorization")
        .unwrap()
        .contains("/us-east-2/appsync/aws4_request"));

    let defaulted = iam(None).with_default_region("ap-south-1");
    let headers = defaulted.authorize(custom, b"{}").await.unwrap();
    assert!(headers
        .get("Authorization")
        .unwrap()
        .contains("/ap-south-1/"));
}

#[tokio::test]
async fn iam_credentials_from_a_provider_are_fetched_per_signature() {
    struct Rotating(AtomicUsize);
    impl CredentialsProvider for Rotating {
        fn credentials(&self) -> futures::future::BoxFuture<'_, Result<AwsCredentials, BoxError>> {
            let n = self.0.fetch_add(1, Ordering::SeqCst);
            Box::pin(async move { Ok(AwsCredentials::new(format!("AKID{n}"), SECRET_KEY, None)) })
        }
    }
    let mode = AuthMode::iam(IamAuth::new(CredentialsSource::provider(Rotating(
        AtomicUsize::new(0),
    ))));
    for n in 0..2 {
        let headers = mode.authorize(URL, b"{}").await.unwrap();
        assert!(headers
            .get("Authorization")
            .unwrap()
            .contains(&format!("Credential=AKID{n}/")));
    }
}

#[tokio::test]
async fn sdk_providers_plug_in() {
    let sdk = aws_credential_types::Credentials::new("AKIDSDK", SECRET_KEY, None, None, "test");
    let provider = aws_credential_types::provider::SharedCredentialsProvider::new(sdk);
    let mode = AuthMode::iam(IamAuth::new(CredentialsSource::provider(SdkCredentials(
        provider,
    ))));
    let headers = mode.authorize(URL, b"{}").await.unwrap();
    assert!(headers
        .get("Authorization")
        .unwrap()
        .contains("Credential=AKIDSDK/"));
}

#[tokio::test]
async fn environment_credentials_are_read_per_signature() {
    // The only test touching these variables.
    std::env::remove_var("AWS_ACCESS_KEY_ID");
    std::env::remove_var("AWS_SECRET_ACCESS_KEY");
    std::env::remove_var("AWS_SESSION_TOKEN");
    let mode = AuthMode::iam(IamAuth::from_env());
    match mode.authorize(URL, b"{}").await {
        Err(crate::Error::Auth(AuthError::MissingCredentials { missing })) => {
            assert_eq!(missing, "AWS_ACCESS_KEY_ID")
        }
        other => panic!("expected missing credentials, got {other:?}"),
    }
    std::env::set_var("AWS_ACCESS_KEY_ID", "AKIDENV");
    let err = mode.authorize(URL, b"{}").await.unwrap_err();
    assert!(err.to_string().contains("AWS_SECRET_ACCESS_KEY"), "{err}");
    std::env::set_var("AWS_SECRET_ACCESS_KEY", SECRET_KEY);
    std::env::set_var("AWS_SESSION_TOKEN", SESSION);
    let headers = mode.authorize(URL, b"{}").await.unwrap();
    assert!(headers
        .get("Authorization")
        .unwrap()
        .contains("Credential=AKIDENV/"));
    assert_eq!(headers.get("x-amz-security-token"), Some(SESSION));
    std::env::remove_var("AWS_ACCESS_KEY_ID");
    std::env::remove_var("AWS_SECRET_ACCESS_KEY");
    std::env::remove_var("AWS_SESSION_TOKEN");
}

#[tokio::test]
async fn secrets_never_show_in_debug_output() {
    let secrets = ["da2-topsecret", "jwt-topsecret", SECRET_KEY, SESSION];
    let modes = [
        AuthMode::api_key("da2-topsecret"),
        AuthMode::cognito("jwt-topsecret"),
        AuthMode::oidc("jwt-topsecret"),
        AuthMode::lambda("jwt-topsecret"),
        iam(Some(SESSION)),
    ];
    for mode in &modes {
        let shown = format!("{mode:?} {mode:#?}");
        for secret in secrets {
            assert!(!shown.contains(secret), "{secret} leaked: {shown}");
        }
        let headers = mode.authorize(URL, b"{}").await.unwrap();
        let shown = format!("{headers:?} {:?}", headers.to_header_map());
        for secret in secrets {
            assert!(!shown.contains(secret), "{secret} leaked: {shown}");
        }
        if let Some(signature) = headers.get("Authorization") {
            assert!(!shown.contains(signature), "signature leaked: {shown}");
        }
        assert!(shown.contains(HOST), "{shown}");
    }
    let shown = format!(
        "{:?}",
        AwsCredentials::new("AKIDVISIBLE", SECRET_KEY, Some(SESSION.into()))
    );
    assert!(
        shown.contains("AKIDVISIBLE") && !shown.contains(SECRET_KEY) && !shown.contains(SESSION)
    );
}

#[tokio::test]
async fn header_maps_mark_secrets_sensitive() {
    let headers = iam(Some(SESSION)).authorize(URL, b"{}").await.unwrap();
    let map = headers.to_header_map();
    assert_eq!(map.len(), 5);
    assert!(map["authorization"].is_sensitive());
    assert!(map["x-amz-security-token"].is_sensitive());
    assert!(!map["x-amz-date"].is_sensitive());
}

struct Counting {
    calls: Arc<AtomicUsize>,
    lifetime: Option<Duration>,
}

impl CredentialsProvider for Counting {
    fn credentials(&self) -> futures::future::BoxFuture<'_, Result<AwsCredentials, BoxError>> {
        let n = self.calls.fetch_add(1, Ordering::SeqCst);
        let lifetime = self.lifetime;
        Box::pin(async move {
            // Slow, like a metadata service: concurrent callers must not each refresh.
            tokio::time::sleep(Duration::from_millis(20)).await;
            let creds = AwsCredentials::new(format!("AKID{n}"), SECRET_KEY, None);
            Ok(match lifetime {
                Some(lifetime) => creds.with_expiry(SystemTime::now() + lifetime),
                None => creds,
            })
        })
    }
}

#[tokio::test]
async fn cached_credentials_are_reused_until_close_to_expiry() {
    let calls = Arc::new(AtomicUsize::new(0));
    let cached = CachedCredentials::new(Counting {
        calls: calls.clone(),
        lifetime: Some(Duration::from_secs(3600)),
    });
    let mode = AuthMode::iam(IamAuth::new(CredentialsSource::provider(cached)));
    let (a, b, c) = tokio::join!(
        mode.authorize(URL, b"{}"),
        mode.authorize(URL, b"{}"),
        mode.authorize(URL, b"{}")
    );
    for headers in [a, b, c] {
        assert!(headers
            .unwrap()
            .get("Authorization")
            .unwrap()
            .contains("Credential=AKID0/"));
    }
    assert_eq!(
        calls.load(Ordering::SeqCst),
        1,
        "one refresh for concurrent callers"
    );

    // Credentials that expire within the margin are fetched again every time.
    let calls = Arc::new(AtomicUsize::new(0));
    let short = CachedCredentials::new(Counting {
        calls: calls.clone(),
        lifetime: Some(Duration::from_secs(60)),
    });
    let mode = AuthMode::iam(IamAuth::new(CredentialsSource::provider(short)));
    mode.authorize(URL, b"{}").await.unwrap();
    let headers = mode.authorize(URL, b"{}").await.unwrap();
    assert!(headers
        .get("Authorization")
        .unwrap()
        .contains("Credential=AKID1/"));
    assert_eq!(calls.load(Ordering::SeqCst), 2);

    // Without an expiry they are kept.
    let calls = Arc::new(AtomicUsize::new(0));
    let forever = CachedCredentials::new(Counting {
        calls: calls.clone(),
        lifetime: None,
    })
    .refresh_before(Duration::from_secs(1));
    let mode = AuthMode::iam(IamAuth::new(CredentialsSource::provider(forever)));
    for _ in 0..3 {
        mode.authorize(URL, b"{}").await.unwrap();
    }
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}
