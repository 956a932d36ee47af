//! A console line in Discord's syntax (`/pledges by:uk page:2`) → `Request::parse_slash`; a line
//! that parses is answered and rendered to text and to every Discord body, which must be within
//! Discord's limits and free of mentions. Never a panic.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use summit_bot::{commands, request::Request};

fuzz_target!(|line: &str| {
    if let Ok(request) = Request::parse_slash(line) {
        common::check_reply(&commands::answer(common::catalog(), &request));
    }
});
