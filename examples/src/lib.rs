//! Shared setup for the examples: the in-process devserver by default, a real endpoint from environment variables.
#![warn(missing_docs)]

use typed_graphql_devserver::DevServer;

/// Where an example sends its operations.
pub enum Target {
    /// The in-process devserver (default); kept alive as long as this value lives.
    Local(DevServer),
    /// A real AppSync API named by `AWS_GRAPHQL_API_ENDPOINT`.
    Remote {
        /// The AppSync GraphQL HTTP endpoint.
        endpoint: String,
        /// `AWS_GRAPHQL_API_KEY` when set (API key mode); IAM from the standard AWS_* variables otherwise.
        api_key: Option<String>,
    },
}

impl Target {
    /// Picks the target: `AWS_GRAPHQL_API_ENDPOINT` when set, else starts the devserver on 127.0.0.1.
    pub async fn from_env() -> std::io::Result<Target> {
        match std::env::var("AWS_GRAPHQL_API_ENDPOINT") {
            Ok(endpoint) if !endpoint.is_empty() => Ok(Target::Remote {
                endpoint,
                api_key: std::env::var("AWS_GRAPHQL_API_KEY")
                    .ok()
                    .filter(|k| !k.is_empty()),
            }),
            _ => Ok(Target::Local(DevServer::start().await?)),
        }
    }

    /// One line naming the mode, without any secret.
    pub fn mode_line(&self) -> String {
        match self {
            Target::Local(server) => {
                format!("mode: in-process devserver at {}", server.graphql_url())
            }
            Target::Remote {
                endpoint,
                api_key: Some(_),
            } => format!("mode: AppSync {endpoint} (API key)"),
            Target::Remote {
                endpoint,
                api_key: None,
            } => format!("mode: AppSync {endpoint} (IAM)"),
        }
    }
}
