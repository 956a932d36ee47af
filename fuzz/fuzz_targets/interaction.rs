//! Interaction JSON bytes (as the gateway or a signed HTTP POST delivers them) →
//! `interaction::respond` against the embedded facts: an error (the HTTP endpoint's 400) or a
//! callback body within Discord's limits and free of mentions. Never a panic.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(body) = summit_bot::interaction::respond(common::catalog(), data) {
        common::check_body(&body);
    }
});
