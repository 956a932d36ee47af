//! Any text as `/ask question:` → the engine and both renders (a valid, mention-free reply), and
//! as `summit-bot ask --explain`. Never a panic, whatever the question.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use summit_bot::{commands, engine};
use summit_bot::request::{OptionValue, Request};

fuzz_target!(|question: &str| {
    let request = Request::new("ask").with("question", OptionValue::String(question.to_owned()));
    common::check_reply(&commands::answer(common::catalog(), &request));
    let _ = engine::ask::explain(common::facts(), question);
});
