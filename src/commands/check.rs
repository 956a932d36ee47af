//! "Check with summit facts": a message (context-menu) command. Right-click a message → Apps; the
//! message's claims are checked against the facts by `engine::check`, privately.

use super::MessageCommandSpec;
use crate::engine::check;

pub const COMMAND: MessageCommandSpec = MessageCommandSpec {
    name: "Check with summit facts",
    description: "Checks up to three claims of a message against the cited facts, privately",
    run: check::answer,
};
