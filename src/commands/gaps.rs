//! `/gaps` (admins only): what the facts are missing, from the recorded refusals and 👎. It reads
//! the feedback files, so the Discord door answers it when a state folder is set
//! (`crate::interaction`); this handler answers everywhere else, where nothing is recorded.

use super::{CommandSpec, Outcome};
use crate::engine::Call;
use crate::reply::Reply;

pub const COMMAND: CommandSpec = CommandSpec {
    name: "gaps",
    description: "The questions the facts could not answer and the answers voted 👎 (admins only)",
    options: &[],
    example_template: "/gaps",
    admin: true,
    run,
};

fn run(_: &Call<'_>) -> Outcome {
    Ok(off())
}

/// The polite answer where no feedback is recorded.
pub fn off() -> Reply {
    let mut reply = Reply::new(
        crate::reply::ReplyKind::NotFound,
        "Feedback is not recorded here",
        "This bot keeps no feedback: its state folder is off. Set `[state] dir` in the \
         configuration (or `--state-dir`) and restart it; `summit-bot serve` records to a \
         default folder unless told `off`. The README's \"Feedback and gaps\" says what is kept.",
    );
    reply.private = true;
    reply
}

/// The answer when recording is on but nothing has been written yet.
pub fn nothing_yet() -> Reply {
    let mut reply = Reply::new(
        crate::reply::ReplyKind::NotFound,
        "Nothing recorded yet",
        "No question has been refused and no answer voted on since feedback recording began.",
    );
    reply.private = true;
    reply
}
