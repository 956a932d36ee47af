//! Any text as the message "Check with summit facts" is used on: the claim splitter, `/ask` on
//! each claim and both renders (a valid, private, mention-free reply). Never a panic.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use summit_bot::commands::check::COMMAND;
use summit_bot::engine::check::Target;

fuzz_target!(|content: &str| {
    let target = Target {
        content,
        embeds: content.len() % 2,
        attachments: 0,
    };
    let reply = (COMMAND.run)(common::catalog(), &target);
    assert!(reply.is_ephemeral(), "a check is always private");
    common::check_reply(&reply);
});
