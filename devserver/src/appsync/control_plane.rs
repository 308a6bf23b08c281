//! AppSync's control-plane `GetIntrospectionSchema`, emulated on the AppSync listener:
//! `GET /v1/apis/{apiId}/schema?format=SDL&includeDirectives=true|false`, SigV4-signed for
//! service `appsync` when IAM credentials are configured (the control plane accepts IAM only:
//! API keys and tokens are refused). Answers the devserver's own SDL ([`SCHEMA_SDL`]), with its
//! AppSync directives unless `includeDirectives=false`.
//!
//! Errors have AWS's REST-JSON shape: status, `x-amzn-ErrorType` and `{"message": ...}`.
//! `format=JSON` is not emulated (400).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::SystemTime;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::sigv4::{verify, Signed};
use crate::server::App;
use crate::SCHEMA_SDL;

/// The API id the devserver's AppSync API has on its control plane.
pub const APPSYNC_API_ID: &str = "typedgraphqldevserverapi00";

/// `GET /v1/apis/{apiId}/schema`.
pub(crate) async fn get_schema(
    State(app): State<Arc<App>>,
    Path(api_id): Path<String>,
    Query(params): Query<HashMap<String, String>>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if app.config.auth_required() {
        let Some(credentials) = &app.config.iam else {
            return aws_error(
                StatusCode::FORBIDDEN,
                "UnauthorizedException",
                "the control plane accepts IAM (SigV4) only, and this API has no IAM credentials",
            );
        };
        let request = Signed {
            method: "GET",
            path_and_query: uri.path_and_query().map_or("/", |pq| pq.as_str()),
            headers: headers
                .iter()
                .filter_map(|(name, value)| {
                    Some((name.to_string(), value.to_str().ok()?.to_owned()))
                })
                .collect(),
            body: b"",
        };
        if let Err(message) = verify(credentials, &request, SystemTime::now()) {
            return aws_error(StatusCode::FORBIDDEN, "UnauthorizedException", &message);
        }
    }
    if api_id != APPSYNC_API_ID {
        return aws_error(
            StatusCode::NOT_FOUND,
            "NotFoundException",
            &format!("GraphQL API {api_id} not found."),
        );
    }
    match params.get("format").map(String::as_str) {
        Some("SDL") => {}
        Some("JSON") => {
            return aws_error(
                StatusCode::BAD_REQUEST,
                "BadRequestException",
                "format JSON is not emulated by the devserver: ask for SDL",
            )
        }
        _ => {
            return aws_error(
                StatusCode::BAD_REQUEST,
                "BadRequestException",
                "format must be SDL or JSON",
            )
        }
    }
    let sdl = match params.get("includeDirectives").map(String::as_str) {
        Some("false") => without_aws_directives(SCHEMA_SDL),
        _ => SCHEMA_SDL.to_owned(),
    };
    (StatusCode::OK, sdl).into_response()
}

fn aws_error(status: StatusCode, error_type: &str, message: &str) -> Response {
    (
        status,
        [
            ("x-amzn-errortype", error_type),
            ("content-type", "application/json"),
        ],
        json!({ "message": message }).to_string(),
    )
        .into_response()
}

/// The SDL without `@aws_*` directives (and their arguments), as AppSync answers
/// `includeDirectives=false`.
fn without_aws_directives(sdl: &str) -> String {
    let mut out = String::with_capacity(sdl.len());
    let mut rest = sdl;
    while let Some(at) = rest.find("@aws_") {
        out.push_str(rest[..at].trim_end_matches(' '));
        let after = &rest[at + 1..];
        let name_len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        rest = &after[name_len..];
        if rest.starts_with('(') {
            // Directive arguments hold no parentheses in AppSync's directives.
            rest = rest.find(')').map_or("", |close| &rest[close + 1..]);
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives_are_stripped_with_their_arguments() {
        let sdl = "type Subscription {\n  onAdd(id: ID): Todo @aws_subscribe(mutations: [\"add\"]) @aws_api_key\n  other: Int\n}\n";
        assert_eq!(
            without_aws_directives(sdl),
            "type Subscription {\n  onAdd(id: ID): Todo\n  other: Int\n}\n"
        );
        assert!(!without_aws_directives(SCHEMA_SDL).contains("@aws_"));
    }
}
