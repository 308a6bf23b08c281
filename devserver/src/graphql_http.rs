//! Endpoint 1: GraphQL over HTTP (POST JSON), multipart subscriptions, and a proxy's 502 page.

use std::collections::HashMap;
use std::sync::atomic::Ordering;
use std::sync::Arc;

use async_graphql::parser::types::OperationType;
use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::header::{ACCEPT, ALLOW, CONTENT_TYPE, COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::operation::{kind_of, session_from_cookies};
use crate::schema::Session;
use crate::server::App;

const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";
const JSON: &str = "application/json";

/// The page a reverse proxy shows when the server behind it is down.
const BAD_GATEWAY_HTML: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n\
<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

/// `/graphql/proxy-error`: always a proxy's 502 HTML page.
pub(crate) async fn proxy_error() -> Response {
    bad_gateway()
}

fn bad_gateway() -> Response {
    (
        StatusCode::BAD_GATEWAY,
        [(CONTENT_TYPE, "text/html")],
        BAD_GATEWAY_HTML,
    )
        .into_response()
}

/// `GET /graphql?query=..&operationName=..&variables=<JSON>&extensions=<JSON>` (GraphQL over
/// HTTP; `query` may be left out when `extensions` carries a persisted query's hash): queries
/// only, a mutation is refused with 405 as the spec requires.
pub(crate) async fn get(
    State(app): State<Arc<App>>,
    Query(params): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let json = |name: &str| {
        params
            .get(name)
            .map(|text| serde_json::from_str::<serde_json::Value>(text))
            .transpose()
            .map_err(|err| format!("the `{name}` parameter is not JSON: {err}"))
    };
    let request = match (params.get("query"), json("extensions")) {
        (_, Err(err)) => Err(err),
        (None, Ok(None)) => Err(
            "GET needs a `query` parameter, or `extensions` with a persisted query's hash (and \
             optional `operationName`, `variables` as JSON)"
                .to_owned(),
        ),
        (query, Ok(extensions)) => {
            let mut request = async_graphql::Request::new(query.cloned().unwrap_or_default());
            request.operation_name = params.get("operationName").cloned();
            if let Some(serde_json::Value::Object(extensions)) = extensions {
                for (name, value) in extensions {
                    let value = async_graphql::Value::from_json(value).unwrap_or_default();
                    request.extensions.insert(name, value);
                }
            }
            match json("variables") {
                Ok(None) => Ok(request),
                Ok(Some(variables)) => {
                    Ok(request.variables(async_graphql::Variables::from_json(variables)))
                }
                Err(err) => Err(err),
            }
        }
    };
    answer(app, headers, request, true).await
}

/// `POST /graphql`.
pub(crate) async fn post(State(app): State<Arc<App>>, headers: HeaderMap, body: Bytes) -> Response {
    let request = serde_json::from_slice(&body).map_err(|err| {
        format!("the body is not a GraphQL request (JSON with a `query` string): {err}")
    });
    answer(app, headers, request, false).await
}

async fn answer(
    app: Arc<App>,
    headers: HeaderMap,
    request: Result<async_graphql::Request, String>,
    is_get: bool,
) -> Response {
    app.stats.graphql_requests.fetch_add(1, Ordering::SeqCst);
    if app.faults.proxy_error() {
        return bad_gateway();
    }
    let accept = header_text(&headers, ACCEPT);
    let media = if accept.contains(GRAPHQL_RESPONSE) || accept.is_empty() {
        GRAPHQL_RESPONSE
    } else {
        JSON
    };
    let request = match request {
        Ok(request) => request,
        Err(message) => {
            let body = json!({"errors": [{ "message": message }]});
            return json_response(StatusCode::BAD_REQUEST, media, body.to_string(), None);
        }
    };
    let document = async_graphql::parser::parse_query(&request.query).ok();
    let operation_name = request.operation_name.clone();
    let kind = kind_of(&request.query, request.operation_name.as_deref());
    if is_get && kind == Some(OperationType::Mutation) {
        let body = json!({"errors": [{"message": "mutations cannot be sent with GET; use POST"}]});
        let mut response = json_response(
            StatusCode::METHOD_NOT_ALLOWED,
            media,
            body.to_string(),
            None,
        );
        response
            .headers_mut()
            .insert(ALLOW, HeaderValue::from_static("GET, POST"));
        return response;
    }
    let session = session_from_cookies(
        headers
            .get_all(COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok()),
    );
    let request = request.data(Session(session));

    if kind == Some(OperationType::Subscription) {
        if accept.contains("multipart/mixed") {
            return crate::multipart::respond(app, request);
        }
        // Apollo Router's answer to a subscription without the multipart Accept.
        let body = json!({"errors": [{
            "message": "subscriptions over HTTP need the header `Accept: multipart/mixed;subscriptionSpec=\"1.0\"` (multipart subscription protocol)",
            "extensions": {"code": "SUBSCRIPTION_BAD_HEADER"}
        }]});
        return json_response(StatusCode::NOT_ACCEPTABLE, media, body.to_string(), None);
    }
    let response = app.schema.execute(request).await;
    let request_error = is_request_error(&response);
    let status = if request_error && media == GRAPHQL_RESPONSE {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let body = if request_error {
        // No `data` key at all: the request was not executed.
        json!({ "errors": response.errors }).to_string()
    } else {
        let json = response_json(&response);
        // Mutations here reach AppSync realtime subscribers too, with AppSync's semantics.
        if let (Some(document), Some(data)) = (&document, json.get("data")) {
            let model = crate::appsync::model();
            for published in
                crate::appsync::mutation_results(model, document, operation_name.as_deref(), data)
            {
                app.hub.publish(published);
            }
        }
        json.to_string()
    };
    json_response(status, media, body, Some(&response.http_headers))
}

/// A request error (the document does not parse or validate, variables do not coerce): no data
/// and only errors without a path, which execution errors always have.
pub(crate) fn is_request_error(response: &async_graphql::Response) -> bool {
    response.data == async_graphql::Value::Null
        && !response.errors.is_empty()
        && response.errors.iter().all(|error| error.path.is_empty())
}

/// The response as JSON, with `null` where a nullable field failed: async-graphql leaves such
/// fields out of `data`, but the spec (and clients decoding partial data) want them present.
pub(crate) fn response_json(response: &async_graphql::Response) -> serde_json::Value {
    let mut json = match serde_json::to_value(response) {
        Ok(json) => json,
        Err(err) => {
            return serde_json::from_str(&internal_error(&err)).unwrap_or_default();
        }
    };
    if let Some(data) = json.get_mut("data") {
        for error in &response.errors {
            null_at(data, &error.path);
        }
    }
    json
}

fn null_at(data: &mut serde_json::Value, path: &[async_graphql::PathSegment]) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut node = data;
    for segment in parents {
        let next = match segment {
            async_graphql::PathSegment::Field(name) => node.get_mut(name.as_str()),
            async_graphql::PathSegment::Index(index) => node.get_mut(*index),
        };
        match next {
            Some(next) => node = next,
            None => return,
        }
    }
    if let (async_graphql::PathSegment::Field(name), Some(object)) = (last, node.as_object_mut()) {
        object
            .entry(name.clone())
            .or_insert(serde_json::Value::Null);
    }
}

pub(crate) fn internal_error(err: &serde_json::Error) -> String {
    json!({"errors": [{"message": format!("the devserver could not serialise its answer: {err}")}]})
        .to_string()
}

pub(crate) fn json_response(
    status: StatusCode,
    media: &'static str,
    body: String,
    extra: Option<&HeaderMap>,
) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(media));
    if let Some(extra) = extra {
        for (name, value) in extra {
            response.headers_mut().append(name, value.clone());
        }
    }
    response
}

pub(crate) fn header_text(headers: &HeaderMap, name: axum::http::HeaderName) -> String {
    headers
        .get_all(name)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .collect::<Vec<_>>()
        .join(", ")
}
