//! An [`InteractionResponse`] as the bytes both Discord transports send: `serde_json` over the
//! derived `Serialize` impls, the same code the console's `--json`, the gateway and the tests use.
//!
//! A hand-written writer (strings scanned 16 bytes at a time) stood here until December 2026,
//! from when serialization was a fifth of an interaction's cost. Measured again before it went,
//! with callgrind on the 17 real responses of `examples/json_cost.rs` (each command's example,
//! two second pages, a not-found): 8.3k instructions a response for the writer, 25k for
//! serde_json, 756k for the whole answer (engine, layout, JSON). The 17k saved were 2% of an
//! answer, a few microseconds against a 3 s deadline, so it is plain serde again.

use super::discord::InteractionResponse;

impl InteractionResponse<'_> {
    /// The response as compact JSON.
    pub fn to_json(&self) -> Vec<u8> {
        // Serializing these types cannot fail: every map key is a string and no impl refuses.
        serde_json::to_vec(self).unwrap_or_default()
    }
}
