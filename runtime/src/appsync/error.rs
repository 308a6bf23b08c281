//! [`AppSyncError`]: an `error` (or `connection_error`) frame from AppSync, with its
//! `errorType`s kept and a hint saying what to do.

use std::fmt;

use serde_json::Value;

/// One error object of an AppSync `error` / `connection_error` frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerError {
    /// `errorType`, e.g. `UnauthorizedException`, `MaxSubscriptionsReachedError`,
    /// `LimitExceededError` (sometimes namespaced: `com.amazonaws...#UnauthorizedException`).
    pub error_type: Option<String>,
    /// `message`.
    pub message: String,
    /// `errorCode`, when present.
    pub error_code: Option<i64>,
}

/// AppSync ended a subscription (or refused the connection) with an error frame.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct AppSyncError {
    /// Every error object of the frame (at least one).
    pub errors: Vec<ServerError>,
}

impl AppSyncError {
    /// Reads `payload.errors` in every shape AppSync has sent: an array of error objects, a
    /// single object, or `errorType`/`message` directly in the payload.
    pub fn from_payload(payload: Option<&Value>) -> AppSyncError {
        let one = |value: &Value| ServerError {
            error_type: value
                .get("errorType")
                .and_then(Value::as_str)
                .map(str::to_owned),
            message: value
                .get("message")
                .and_then(Value::as_str)
                .unwrap_or("(no message)")
                .to_owned(),
            error_code: value.get("errorCode").and_then(Value::as_i64),
        };
        let errors = match payload.and_then(|p| p.get("errors")) {
            Some(Value::Array(items)) => items.iter().map(one).collect(),
            Some(object @ Value::Object(_)) => vec![one(object)],
            _ => match payload {
                Some(p) if p.get("errorType").is_some() || p.get("message").is_some() => {
                    vec![one(p)]
                }
                _ => Vec::new(),
            },
        };
        let errors = if errors.is_empty() {
            vec![ServerError {
                error_type: None,
                message: "AppSync sent an error without details".to_owned(),
                error_code: None,
            }]
        } else {
            errors
        };
        AppSyncError { errors }
    }

    /// The first `errorType`, if any.
    pub fn error_type(&self) -> Option<&str> {
        self.errors.iter().find_map(|e| e.error_type.as_deref())
    }

    /// Whether any error type contains `name` (namespaced forms included).
    pub fn has_type(&self, name: &str) -> bool {
        self.errors
            .iter()
            .any(|e| e.error_type.as_deref().is_some_and(|t| t.contains(name)))
    }

    /// Whether trying again later may succeed (throttling), as opposed to errors that need a
    /// change first (credentials, the document, the subscription limit).
    pub fn is_retryable(&self) -> bool {
        let fatal_code = self
            .errors
            .iter()
            .any(|e| matches!(e.error_code, Some(400 | 401 | 403)));
        !fatal_code
            && !self.has_type("Unauthorized")
            && !self.has_type("BadRequest")
            && !self.has_type("MaxSubscriptionsReached")
            && !self.has_type("DuplicatedOperation")
            && !self.has_type("UnsupportedOperation")
            && !self.has_type("Validation")
    }

    /// What to do about it.
    pub fn hint(&self) -> &'static str {
        if self.has_type("Unauthorized") {
            "the credentials were refused: check the auth mode and refresh the token or keys"
        } else if self.has_type("MaxSubscriptionsReached") {
            "too many subscriptions on one connection (AppSync allows 100): drop unused \
             subscriptions or use a second client"
        } else if self.has_type("LimitExceeded") {
            "AppSync throttled the request: subscribe again after a delay"
        } else if self.has_type("DuplicatedOperation") {
            "a subscription id was reused while live: this is a client bug, please report it"
        } else if self.has_type("UnsupportedOperation") {
            "only subscriptions run over the realtime connection: execute queries and \
             mutations over HTTP"
        } else if self.has_type("Validation") || self.has_type("BadRequest") {
            "the subscription document or its variables do not match the API's schema"
        } else {
            "see AppSync's message"
        }
    }
}

impl fmt::Display for AppSyncError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AppSync reported ")?;
        for (i, e) in self.errors.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            match &e.error_type {
                Some(t) => write!(f, "{t}: {}", e.message)?,
                None => f.write_str(&e.message)?,
            }
        }
        write!(f, " ({})", self.hint())
    }
}
