//! Discord gateway mode (`serve`): the serenity client.

use std::sync::Arc;

use crate::config::{Config, Secret};
use crate::facts::Catalog;

/// Why gateway mode stopped; the CLI maps `InvalidToken` to exit status 2.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// Missing, malformed or rejected (close code 4004) token. The message says where to get one.
    #[error("{0}")]
    InvalidToken(String),
    #[error("{0}")]
    Failed(String),
}

/// Connects to Discord, registers the commands and answers interactions until SIGINT/SIGTERM.
pub async fn serve(
    config: &Config,
    token: Secret,
    catalog: Arc<Catalog>,
) -> Result<(), ServeError> {
    let _ = (config, token, catalog);
    Err(ServeError::Failed(
        "gateway mode is not built yet".to_owned(),
    ))
}

/// `summit-bot register`: registers the command table in `guild` (or globally) unless unchanged.
/// Returns a human-readable summary of what changed.
pub async fn register(
    config: &Config,
    token: Secret,
    guild: Option<u64>,
) -> Result<String, ServeError> {
    let _ = (config, token, guild);
    Err(ServeError::Failed(
        "registration is not built yet".to_owned(),
    ))
}

/// The OAuth2 install URL for `summit-bot invite`.
pub fn invite_url(application_id: u64) -> String {
    let _ = application_id;
    String::new()
}
