//! Interaction JSON (from the gateway or the HTTP endpoint) → engine → interaction response JSON.
//! Both Discord transports call [`respond`], so their replies are byte for byte the same.

use crate::facts::Catalog;

/// Why an interaction body could not be answered; the HTTP endpoint maps this to 400.
#[derive(Debug, thiserror::Error)]
pub enum InteractionError {
    #[error("malformed interaction: {0}")]
    Malformed(String),
}

/// Answers one interaction body with the serialized callback body (`{"type":..,"data":..}`).
pub fn respond(catalog: &Catalog, body: &[u8]) -> Result<Vec<u8>, InteractionError> {
    let _ = (catalog, body);
    Err(InteractionError::Malformed("not built yet".to_owned()))
}
