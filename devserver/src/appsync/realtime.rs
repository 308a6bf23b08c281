//! AppSync realtime.
use axum::response::{IntoResponse, Response};
pub(crate) async fn upgrade() -> Response {
    axum::http::StatusCode::NOT_IMPLEMENTED.into_response()
}
