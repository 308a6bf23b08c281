//! IAM signatures byte for byte against an independent signer: botocore's `SigV4Auth` (AWS's
//! Python SDK core), installed by `scripts/botocore/install.sh` into `.tools/botocore-venv`.
//!
//! For each case we sign with [`AuthMode::Iam`] at a fixed time, hand botocore the same
//! request (method, URL, the headers we signed, body, region, credentials, time) and compare
//! `x-amz-date`, `x-amz-security-token` and `Authorization`; the control plane's signed `GET`
//! is compared as a local server receives it. The fixed vectors of
//! `appsync_wire_vectors.rs` are the first check (no Python needed); this one signs live. When
//! the install fails the test fails under `CI`, and otherwise prints a loud skip message.
#![cfg(feature = "appsync")]

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, UNIX_EPOCH};

use serde_json::{json, Value};
use typed_graphql::appsync::auth::{AuthMode, AwsCredentials, IamAuth, SigningClock};

mod http_support;
mod peer;

use http_support::{Reply, TestServer};
use peer::workspace_root;
use typed_graphql::appsync::control_plane::ControlPlane;

/// What botocore adds to `case` (plus its canonical request).
fn botocore_sign(case: &Value) -> Value {
    let root = workspace_root();
    let mut child = Command::new(root.join(".tools/botocore-venv/bin/python"))
        .arg(root.join("scripts/botocore/sign.py"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run scripts/botocore/sign.py");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(case.to_string().as_bytes())
        .expect("write the case");
    let output = child.wait_with_output().expect("sign.py finishes");
    assert!(
        output.status.success(),
        "sign.py failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("sign.py prints JSON")
}

struct Case {
    name: &'static str,
    /// A realtime handshake or `start` (the realtime header set) rather than an HTTP request.
    realtime: bool,
    url: &'static str,
    body: String,
    region: Option<&'static str>,
    expected_region: &'static str,
    session_token: Option<&'static str>,
    unix_secs: u64,
    amz_date: &'static str,
}

const ACCESS_KEY: &str = "AKIAIOSFODNN7EXAMPLE";
const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const SESSION: &str = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+example+token==";
const CONNECT: &str =
    "https://abcdefghijklmnopqrstuvwxyz.appsync-api.eu-west-1.amazonaws.com/graphql/connect";

fn cases() -> Vec<Case> {
    let start_data = json!({
        "query": "subscription OnAddTodo($b: ID) { onAddTodo(boardId: $b) { id title } }",
        "variables": {"b": "board-A"},
    })
    .to_string();
    let unicode = json!({
        "query": "mutation Add($t: String!) { addTodo(title: $t) { id } }",
        "variables": {"t": "héllo wörld ✓ 日本語 🚀 \"quoted\" \\ back\nslash"},
    })
    .to_string();
    let http_body = json!({
        "query": "query Todos { todos { id title done } }",
        "operationName": "Todos",
        "variables": {},
    })
    .to_string();
    vec![
        Case {
            name: "connect, long-term credentials",
            realtime: true,
            url: CONNECT,
            body: "{}".into(),
            region: None,
            expected_region: "eu-west-1",
            session_token: None,
            unix_secs: 1_795_379_400,
            amz_date: "20261122T203000Z",
        },
        Case {
            name: "connect, temporary credentials",
            realtime: true,
            url: CONNECT,
            body: "{}".into(),
            region: None,
            expected_region: "eu-west-1",
            session_token: Some(SESSION),
            unix_secs: 1_795_379_400,
            amz_date: "20261122T203000Z",
        },
        Case {
            name: "start with a subscription's data string",
            realtime: true,
            url: "https://abcdefghijklmnopqrstuvwxyz.appsync-api.eu-west-1.amazonaws.com/graphql",
            body: start_data,
            region: None,
            expected_region: "eu-west-1",
            session_token: Some(SESSION),
            unix_secs: 1_704_067_199,
            amz_date: "20231231T235959Z",
        },
        Case {
            name: "unicode body",
            realtime: false,
            url: "https://abcdefghijklmnopqrstuvwxyz.appsync-api.eu-west-1.amazonaws.com/graphql",
            body: unicode,
            region: None,
            expected_region: "eu-west-1",
            session_token: None,
            unix_secs: 1_795_379_400,
            amz_date: "20261122T203000Z",
        },
        Case {
            name: "custom domain, explicit region",
            realtime: false,
            url: "https://api.example.com/graphql",
            body: http_body.clone(),
            region: Some("us-east-2"),
            expected_region: "us-east-2",
            session_token: Some(SESSION),
            unix_secs: 1_795_379_400,
            amz_date: "20261122T203000Z",
        },
        Case {
            name: "custom domain connect",
            realtime: true,
            url: "https://api.example.com/graphql/connect",
            body: "{}".into(),
            region: Some("ap-southeast-2"),
            expected_region: "ap-southeast-2",
            session_token: None,
            unix_secs: 1_795_379_400,
            amz_date: "20261122T203000Z",
        },
        Case {
            name: "China partition host",
            realtime: false,
            url:
                "https://abcdefghijklmnopqrstuvwxyz.appsync-api.cn-north-1.amazonaws.com.cn/graphql",
            body: http_body.clone(),
            region: None,
            expected_region: "cn-north-1",
            session_token: None,
            unix_secs: 1_795_379_400,
            amz_date: "20261122T203000Z",
        },
        Case {
            name: "local server with a port",
            realtime: false,
            url: "http://127.0.0.1:8123/graphql",
            body: http_body,
            region: Some("eu-central-1"),
            expected_region: "eu-central-1",
            session_token: Some(SESSION),
            unix_secs: 1_795_379_400,
            amz_date: "20261122T203000Z",
        },
        Case {
            name: "empty body, encoded path",
            realtime: false,
            url: "https://api.example.com/my%20api/graphql",
            body: String::new(),
            region: Some("eu-west-1"),
            expected_region: "eu-west-1",
            session_token: None,
            unix_secs: 1_795_379_400,
            amz_date: "20261122T203000Z",
        },
    ]
}

#[tokio::test]
async fn signatures_match_botocore_byte_for_byte() {
    if !peer::installed("botocore") {
        return;
    }
    for case in cases() {
        let mut iam = IamAuth::new(AwsCredentials::new(
            ACCESS_KEY,
            SECRET_KEY,
            case.session_token.map(str::to_owned),
        ))
        .clock(SigningClock::fixed(
            UNIX_EPOCH + Duration::from_secs(case.unix_secs),
        ));
        if let Some(region) = case.region {
            iam = iam.region(region);
        }
        let mode = AuthMode::Iam(iam);
        let signed = if case.realtime {
            mode.authorize_realtime(case.url, case.body.as_bytes())
                .await
        } else {
            mode.authorize(case.url, case.body.as_bytes()).await
        };
        let ours = signed.unwrap_or_else(|err| panic!("{}: signing failed: {err}", case.name));

        // botocore gets the request as we would send it: our signed headers minus what the
        // signer itself adds.
        let added = ["x-amz-date", "x-amz-security-token", "authorization"];
        let given: Vec<(&str, &str)> = ours
            .iter()
            .filter(|(name, _)| !added.contains(&name.to_ascii_lowercase().as_str()))
            .collect();
        let theirs = botocore_sign(&json!({
            "method": "POST",
            "url": case.url,
            "headers": given,
            "body": case.body,
            "region": case.expected_region,
            "credentials": {
                "access_key": ACCESS_KEY,
                "secret_key": SECRET_KEY,
                "token": case.session_token,
            },
            "timestamp": case.amz_date,
        }));
        let context = format!(
            "case `{}`; botocore's canonical request:\n{}",
            case.name,
            theirs["canonical_request"].as_str().unwrap_or("?")
        );
        assert_eq!(ours.get("x-amz-date"), Some(case.amz_date), "{context}");
        assert_eq!(
            ours.get("x-amz-date"),
            theirs["X-Amz-Date"].as_str(),
            "{context}"
        );
        assert_eq!(
            ours.get("x-amz-security-token"),
            theirs["X-Amz-Security-Token"].as_str(),
            "{context}"
        );
        assert_eq!(
            ours.get("Authorization"),
            theirs["Authorization"].as_str(),
            "{context}"
        );
        let authorization = ours.get("Authorization").unwrap_or_default();
        assert!(
            authorization.contains(&format!("/{}/appsync/aws4_request", case.expected_region)),
            "{context}"
        );
    }
}

/// The control plane's `GetIntrospectionSchema` (a signed `GET` with a query string and no
/// body), as a server receives it, against botocore signing the same request.
#[tokio::test]
async fn control_plane_get_matches_botocore() {
    if !peer::installed("botocore") {
        return;
    }
    let capture =
        TestServer::start(|_| Reply::typed(200, "text/plain", "type Query { a: Int }\n")).await;
    let base = capture.url().trim_end_matches("/graphql").to_owned();
    let iam = IamAuth::new(AwsCredentials::new(
        ACCESS_KEY,
        SECRET_KEY,
        Some(SESSION.to_owned()),
    ))
    .clock(SigningClock::fixed(
        UNIX_EPOCH + Duration::from_secs(1_795_379_400),
    ));
    let sdl = ControlPlane::new("eu-west-1", iam)
        .unwrap()
        .base_url(&base)
        .unwrap()
        .introspection_schema("abcdefghijklmnopqrstuvwxyz")
        .await
        .unwrap();
    assert_eq!(sdl, "type Query { a: Int }\n");
    let request = &capture.requests()[0];
    assert_eq!(request.method, "GET");
    assert_eq!(
        request.path,
        "/v1/apis/abcdefghijklmnopqrstuvwxyz/schema?format=SDL&includeDirectives=true"
    );
    let host = base.trim_start_matches("http://");
    let theirs = botocore_sign(&json!({
        "method": "GET",
        "url": format!("{base}{}", request.path),
        "headers": [["host", host]],
        "body": "",
        "region": "eu-west-1",
        "credentials": {"access_key": ACCESS_KEY, "secret_key": SECRET_KEY, "token": SESSION},
        "timestamp": "20261122T203000Z",
    }));
    let context = format!(
        "botocore's canonical request:\n{}",
        theirs["canonical_request"].as_str().unwrap_or("?")
    );
    assert_eq!(
        request.header("x-amz-date"),
        Some("20261122T203000Z"),
        "{context}"
    );
    assert_eq!(
        request.header("x-amz-security-token"),
        Some(SESSION),
        "{context}"
    );
    assert_eq!(
        request.header("authorization"),
        theirs["Authorization"].as_str(),
        "{context}"
    );
}
