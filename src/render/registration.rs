//! The command table → Discord's bulk-overwrite body (`PUT /applications/{id}/commands`).

/// The registration body: a JSON array of application commands derived from [`crate::commands::COMMANDS`].
pub fn commands_json() -> serde_json::Value {
    serde_json::Value::Array(Vec::new())
}
