//! AppSync HTTP.
use axum::response::{IntoResponse, Response};
pub(crate) async fn post() -> Response {
    axum::http::StatusCode::NOT_IMPLEMENTED.into_response()
}
