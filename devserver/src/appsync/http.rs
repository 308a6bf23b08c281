//! AppSync HTTP: `POST /graphql` with auth; mutations publish their results to subscriptions.

use std::sync::atomic::Ordering;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::header::COOKIE;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use serde_json::{json, Value};

use super::auth::{check, unauthorized_body, Place};
use super::model::model;
use super::publish::mutation_results;
use crate::graphql_http::{is_request_error, json_response, response_json};
use crate::operation::session_from_cookies;
use crate::schema::Session;
use crate::server::App;

const JSON: &str = "application/json";

/// `POST /graphql` on the AppSync listener.
pub(crate) async fn post(
    State(app): State<Arc<App>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    app.stats.appsync_requests.fetch_add(1, Ordering::SeqCst);
    let header_pairs: Vec<(String, String)> = headers
        .iter()
        .filter_map(|(name, value)| Some((name.to_string(), value.to_str().ok()?.to_owned())))
        .collect();
    let seen = header_pairs
        .iter()
        .map(|(name, value)| (name.clone(), Value::String(value.clone())))
        .collect::<serde_json::Map<_, _>>();
    *app.stats
        .last_appsync_http_headers
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(Value::Object(seen));
    let place = Place::Http {
        method: method.as_str(),
        path_and_query: uri.path_and_query().map_or("/graphql", |pq| pq.as_str()),
        body: &body,
    };
    if let Err(message) = check(&app.config, header_pairs, place) {
        app.stats.appsync_rejected.fetch_add(1, Ordering::SeqCst);
        let body = unauthorized_body(&message);
        return json_response(StatusCode::UNAUTHORIZED, JSON, body, None);
    }
    let request: async_graphql::Request = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(err) => {
            let body = json!({"errors": [{
                "errorType": "MalformedHttpRequestException",
                "message": format!("the body is not a GraphQL request: {err}")
            }]});
            return json_response(StatusCode::BAD_REQUEST, JSON, body.to_string(), None);
        }
    };
    let document = async_graphql::parser::parse_query(&request.query).ok();
    let operation_name = request.operation_name.clone();
    let session = session_from_cookies(
        headers
            .get_all(COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok()),
    );
    let response = app.schema.execute(request.data(Session(session))).await;
    if is_request_error(&response) {
        let errors: Vec<_> = response
            .errors
            .iter()
            .map(|error| {
                let mut error = serde_json::to_value(error).unwrap_or_default();
                error["errorType"] = json!("ValidationError");
                error
            })
            .collect();
        let body = json!({ "data": null, "errors": errors }).to_string();
        return json_response(StatusCode::OK, JSON, body, None);
    }
    let json = response_json(&response);
    if let (Some(document), Some(data)) = (&document, json.get("data")) {
        for published in mutation_results(model(), document, operation_name.as_deref(), data) {
            app.hub.publish(published);
        }
    }
    json_response(
        StatusCode::OK,
        JSON,
        json.to_string(),
        Some(&response.http_headers),
    )
}
