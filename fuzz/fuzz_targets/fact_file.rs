//! Fact-file bytes → `catalog::load_str`: errors are fine and must render (`Diagnostics`'
//! `Display`, with `file:line:column` and the offending line); a file that loads must answer every
//! command's example with a valid reply. Never a panic.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        common::load(text);
    }
});
