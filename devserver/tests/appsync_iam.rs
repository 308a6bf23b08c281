//! IAM (SigV4) on the AppSync emulation: requests signed the way clients sign them (with
//! `aws-sigv4`, independently of the server's code path) are accepted; a tampered body, a
//! wrong secret, a stale date or a missing session token are refused — over HTTP, in the
//! realtime handshake (both placements) and per `start`.

use std::time::{Duration, SystemTime};

use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
use aws_sigv4::sign::v4;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde_json::{json, Map, Value};
use typed_graphql_devserver::{Config, DevServer, IamCredentials};

mod support;
use support::*;

const AKID: &str = "AKIDEXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const REGION: &str = "eu-west-1";

fn iam_config() -> Config {
    Config {
        iam: Some(IamCredentials::new(AKID, SECRET, REGION)),
        ..Config::default()
    }
}

/// A client's signature: `method url` with `headers` (host included) and `body`, by
/// `secret`, at `time`; returns the headers to send (given ones plus x-amz-date,
/// x-amz-security-token, authorization).
fn signed_headers(
    secret: &str,
    token: Option<&str>,
    time: SystemTime,
    url: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Vec<(String, String)> {
    let identity =
        aws_credential_types::Credentials::new(AKID, secret, token.map(str::to_owned), None, "t")
            .into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(REGION)
        .name("appsync")
        .time(time)
        .settings(SigningSettings::default())
        .build()
        .unwrap()
        .into();
    let request = SignableRequest::new(
        "POST",
        url,
        headers.iter().copied(),
        SignableBody::Bytes(body),
    )
    .unwrap();
    let (instructions, _) = sign(request, &params).unwrap().into_parts();
    let mut out: Vec<(String, String)> = headers
        .iter()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect();
    for (name, value) in instructions.headers() {
        out.push((name.to_string(), value.to_string()));
    }
    out
}

/// The realtime auth object of appsync.md §4: the three fixed headers, host, and the
/// signature of `POST https://H{path}` over `body`.
fn realtime_object(
    server: &DevServer,
    secret: &str,
    token: Option<&str>,
    path: &str,
    body: &str,
) -> Value {
    let host = server.appsync_addr().to_string();
    let fixed = [
        ("accept", "application/json, text/javascript"),
        ("content-encoding", "amz-1.0"),
        ("content-type", "application/json; charset=UTF-8"),
        ("host", host.as_str()),
    ];
    let url = format!("https://{host}{path}");
    let headers = signed_headers(
        secret,
        token,
        SystemTime::now(),
        &url,
        &fixed,
        body.as_bytes(),
    );
    let mut object = Map::new();
    for (name, value) in headers {
        // botocore capitalises `Authorization`; the server compares names case-insensitively.
        let name = if name == "authorization" {
            "Authorization".to_owned()
        } else {
            name
        };
        object.insert(name, Value::String(value));
    }
    Value::Object(object)
}

async fn post_signed(server: &DevServer, headers: &[(String, String)], body: &str) -> (u16, Value) {
    let mut request = reqwest::Client::new()
        .post(server.appsync_url())
        .body(body.to_owned());
    for (name, value) in headers {
        if name != "host" {
            request = request.header(name, value);
        }
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

fn http_headers(
    server: &DevServer,
    secret: &str,
    time: SystemTime,
    body: &str,
) -> Vec<(String, String)> {
    let host = server.appsync_addr().to_string();
    signed_headers(
        secret,
        None,
        time,
        &server.appsync_url(),
        &[("content-type", "application/json"), ("host", &host)],
        body.as_bytes(),
    )
}

#[tokio::test]
async fn http_accepts_a_correct_signature_and_refuses_tampering() {
    let server = DevServer::start_with(iam_config()).await.unwrap();
    let body = json!({"query": "{ todo(id: \"t1\") { title } }"}).to_string();
    let headers = http_headers(&server, SECRET, SystemTime::now(), &body);
    assert!(headers
        .iter()
        .any(|(name, value)| name == "authorization" && value.starts_with("AWS4-HMAC-SHA256")));

    let (status, answer) = post_signed(&server, &headers, &body).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer, json!({"data": {"todo": {"title": "Buy milk"}}}));
    let seen = server.stats().last_appsync_http_headers().unwrap();
    assert!(seen["authorization"]
        .as_str()
        .unwrap()
        .starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"));
    assert_eq!(seen["host"], server.appsync_addr().to_string());

    // Same headers, another body: the payload hash no longer matches.
    let tampered = body.replace("t1", "t2");
    let (status, answer) = post_signed(&server, &headers, &tampered).await;
    assert_eq!(status, 401);
    assert_eq!(answer["errors"][0]["errorType"], "UnauthorizedException");
    let message = answer["errors"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("signature we calculated does not match"),
        "{message}"
    );
    assert!(!message.contains(SECRET));

    let wrong_secret = http_headers(&server, "not-the-secret", SystemTime::now(), &body);
    assert_eq!(post_signed(&server, &wrong_secret, &body).await.0, 401);

    let stale = http_headers(
        &server,
        SECRET,
        SystemTime::now() - Duration::from_secs(3600),
        &body,
    );
    let (status, answer) = post_signed(&server, &stale, &body).await;
    assert_eq!(status, 401);
    assert!(answer["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("expired"));

    // A SigV4 header on an API without IAM is refused, not ignored.
    let keyed_only = DevServer::start_with(keyed()).await.unwrap();
    let headers = http_headers(&keyed_only, SECRET, SystemTime::now(), &body);
    assert_eq!(post_signed(&keyed_only, &headers, &body).await.0, 401);
    assert_eq!(server.stats().appsync_rejected(), 3);
}

#[tokio::test]
async fn temporary_credentials_need_their_session_token() {
    let server = DevServer::start_with(Config {
        iam: Some(IamCredentials::new(AKID, SECRET, REGION).with_session_token("FQoG-token")),
        ..Config::default()
    })
    .await
    .unwrap();
    let object = realtime_object(
        &server,
        SECRET,
        Some("FQoG-token"),
        "/graphql/connect",
        "{}",
    );
    assert_eq!(object["x-amz-security-token"], "FQoG-token");
    let mut socket = connect_query(&server, &object).await;
    assert_eq!(init(&mut socket).await["type"], "connection_ack");

    let unsigned_token = realtime_object(&server, SECRET, None, "/graphql/connect", "{}");
    let mut socket = connect_query(&server, &unsigned_token).await;
    let refusal = init(&mut socket).await;
    assert_eq!(refusal["type"], "connection_error");
    assert!(refusal["payload"]["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("security token"));
}

#[tokio::test]
async fn the_realtime_handshake_verifies_the_connect_signature_in_both_placements() {
    let server = DevServer::start_with(iam_config()).await.unwrap();
    let object = realtime_object(&server, SECRET, None, "/graphql/connect", "{}");

    let mut socket = connect_query(&server, &object).await;
    assert_eq!(init(&mut socket).await["type"], "connection_ack");

    let protocols = format!(
        "graphql-ws, header-{}",
        URL_SAFE_NO_PAD.encode(object.to_string())
    );
    let mut socket = connect_with(server.appsync_realtime_url(), &protocols).await;
    assert_eq!(init(&mut socket).await["type"], "connection_ack");
    assert_eq!(server.stats().last_handshake_auth(), Some(object));

    // Signed for the GraphQL endpoint instead of `/connect`: refused.
    let wrong_url = realtime_object(&server, SECRET, None, "/graphql", "{}");
    let mut socket = connect_query(&server, &wrong_url).await;
    let refusal = init(&mut socket).await;
    assert_eq!(refusal["type"], "connection_error");
    assert_eq!(
        refusal["payload"]["errors"][0]["errorType"],
        "com.amazonaws.deepdish.graphql.auth#UnauthorizedException"
    );
    assert_eq!(next_json(&mut socket).await, json!({"closed": true}));

    let wrong_secret = realtime_object(&server, "nope", None, "/graphql/connect", "{}");
    let mut socket = connect_query(&server, &wrong_secret).await;
    assert_eq!(init(&mut socket).await["type"], "connection_error");
}

#[tokio::test]
async fn each_start_is_verified_against_the_exact_data_string() {
    let server = DevServer::start_with(iam_config()).await.unwrap();
    let connect = realtime_object(&server, SECRET, None, "/graphql/connect", "{}");
    let mut socket = connect_query(&server, &connect).await;
    init(&mut socket).await;

    let data = json!({"query": ON_ADD, "variables": {"b": "b1"}}).to_string();
    let authorization = realtime_object(&server, SECRET, None, "/graphql", &data);
    let message = |id: &str, data: &str| {
        json!({"id": id, "type": "start", "payload": {
            "data": data, "extensions": {"authorization": authorization}
        }})
    };
    send(&mut socket, message("good", &data)).await;
    assert_eq!(
        next_message(&mut socket).await,
        json!({"type": "start_ack", "id": "good"})
    );

    // The signature covered `b1`; the client sends `b2`.
    let altered = data.replace("b1", "b2");
    send(&mut socket, message("bad", &altered)).await;
    let refusal = next_message(&mut socket).await;
    assert_eq!(refusal["type"], "error");
    assert_eq!(refusal["id"], "bad");
    assert_eq!(
        refusal["payload"]["errors"][0]["errorType"],
        "UnauthorizedException"
    );
    assert_eq!(server.stats().active_subscriptions(), 1);
}

#[tokio::test]
async fn jwt_and_lambda_tokens_work_per_start_on_one_socket() {
    let server = DevServer::start_with(keyed()).await.unwrap();
    let object = auth(&server);
    let mut socket = connect_query(&server, &object).await;
    init(&mut socket).await;
    let host = server.appsync_addr().to_string();
    let jwt = json!({"host": host, "Authorization": "eyJ.jwt.sig"});
    let lambda = json!({"host": host, "Authorization": "lambda-allow"});
    let wrong = json!({"host": host, "Authorization": "lambda-deny"});
    assert_eq!(
        start(&mut socket, "1", ON_ADD, json!({}), &jwt).await["type"],
        "start_ack"
    );
    assert_eq!(server.stats().last_start_authorization(), Some(jwt));
    assert_eq!(
        start(&mut socket, "2", ON_ADD, json!({}), &lambda).await["type"],
        "start_ack"
    );
    let refusal = start(&mut socket, "3", ON_ADD, json!({}), &wrong).await;
    assert_eq!(refusal["type"], "error");
    assert_eq!(
        refusal["payload"]["errors"][0]["errorType"],
        "UnauthorizedException"
    );
    assert_eq!(server.stats().active_subscriptions(), 2);
}

#[tokio::test]
async fn secrets_stay_out_of_debug_output() {
    let config = Config {
        api_key: Some("da2-secret-key".into()),
        jwt: Some("eyJ-secret".into()),
        iam: Some(IamCredentials::new(AKID, SECRET, REGION).with_session_token("tok-secret")),
        ..Config::default()
    };
    let server = DevServer::start_with(config).await.unwrap();
    let object = json!({"host": "h", "x-api-key": "da2-secret-key"});
    let mut socket = connect_query(&server, &object).await;
    init(&mut socket).await;
    let shown = format!("{server:?} {:?} {:?}", server.stats(), server.config());
    for secret in ["da2-secret-key", "eyJ-secret", SECRET, "tok-secret", AKID] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    assert!(shown.contains("AKID..."), "{shown}");
}
