//! Discord gateway mode (`serve`): the serenity client.

use std::sync::Arc;

use crate::config::{Config, Secret};
use crate::facts::Catalog;

/// Connects to Discord, registers the commands and answers interactions until SIGINT/SIGTERM.
pub async fn serve(config: &Config, token: Secret, catalog: Arc<Catalog>) -> Result<(), String> {
    let _ = (config, token, catalog);
    Err("gateway mode is not built yet".to_owned())
}
